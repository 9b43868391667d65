"""The local parallel engine: worker processes on this machine code the
parts of each batch; this process reads, counts and writes.

Each worker loads the pipeline once (`worker_pipeline` is cached per
process) and codes a contiguous slice of the batch; the slices come back in
input order, so the writer sees exactly what a single process would have
produced. `communique code` uses one worker per core by default.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from types import TracebackType

from communique.errors import CommuniqueError
from communique.model import Article, ArticleResult, Reject
from communique.pipeline import Pipeline, default_pipeline
from communique.run.batch import BATCH_SIZE, code_batch
from communique.run.threads import one_thread_each

# A batch smaller than a full one is coded in this process while no worker
# has started: the input is that small, and starting workers (each loads the
# model: seconds) would cost more than it saves.
MIN_PARALLEL_ARTICLES = BATCH_SIZE
# Each batch is cut into this many slices per worker, handed out as workers
# come free: a worker that drew long articles does not keep the others
# waiting for the next batch.
SLICES_PER_WORKER = 4


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class PipelineSpec:
    """What a worker needs to build the same pipeline as the caller: it is
    sent to the workers, so it holds paths, not loaded data."""

    actor_files: tuple[str, ...] = ()

    def load(self) -> Pipeline:
        if not self.actor_files:
            return default_pipeline()
        return Pipeline.load(actor_files=[Path(p) for p in self.actor_files])


@dataclass(frozen=True)
class CodedPart:
    """A worker's answer for one slice of a batch."""

    results: list[ArticleResult]
    rejects: list[Reject]
    pid: int
    peak_rss_mb: float
    cpu_seconds: float  # the worker's CPU time so far (all its threads)
    busy_seconds: float  # wall-clock time this slice took to code


@lru_cache(maxsize=4)
def worker_pipeline(spec: PipelineSpec) -> Pipeline:
    """The pipeline of this worker process, loaded on its first task."""
    _one_torch_thread()
    _heap_for_large_allocations()
    return spec.load()


# glibc's mallopt parameter for the size above which malloc maps memory
# instead of taking it from the heap, and the largest value it accepts on
# 64-bit Linux (32 MiB).
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024


def _heap_for_large_allocations() -> None:
    """A Dask nanny starts its workers with MALLOC_TRIM_THRESHOLD_ set, which
    freezes glibc's mmap threshold at 128 KiB: every array the parser
    allocates above that is mapped and unmapped again, and a run took 22%
    longer (docs/scaling.md). Raising the threshold puts them back on the
    heap, whoever started the worker."""
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
    except (OSError, AttributeError):  # not glibc: nothing to restore
        return


def _one_torch_thread() -> None:
    """Workers share the cores: the sentence embedder's own thread pool
    would make each of them fight the others for every core."""
    import torch

    torch.set_num_threads(1)


def _worker_died() -> CommuniqueError:
    return CommuniqueError(
        "a worker process died (out of memory?); the batches before it are written, "
        "re-run to code the rest, or use fewer --workers"
    )


def code_part(articles: list[Article], spec: PipelineSpec) -> CodedPart:
    """Runs in a worker: code a slice, rejecting (not raising on) an article that fails."""
    started = time.perf_counter()
    results, rejects = code_batch(worker_pipeline(spec), articles)
    busy = time.perf_counter() - started
    return CodedPart(results, rejects, os.getpid(), peak_rss_mb(), time.process_time(), busy)


def split_by_length(articles: Sequence[Article], parts: int) -> list[list[Article]]:
    """Contiguous slices, in order, with about the same amount of text each
    (parse time follows length), none empty."""
    parts = max(1, min(parts, len(articles)))
    total = sum(len(a.text) for a in articles)
    slices: list[list[Article]] = []
    current: list[Article] = []
    done = 0
    for index, article in enumerate(articles):
        current.append(article)
        done += len(article.text)
        left_articles = len(articles) - index - 1
        left_slices = parts - len(slices) - 1
        if left_slices == 0:
            continue
        if done >= total * (len(slices) + 1) / parts or left_articles == left_slices:
            slices.append(current)
            current = []
    if current:
        slices.append(current)
    return slices


class LocalParallelCoder:
    """A `BatchCoder` (communique/run/batch.py) over worker processes."""

    def __init__(
        self, workers: int, spec: PipelineSpec | None = None, *, min_parallel: int = MIN_PARALLEL_ARTICLES
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self.min_parallel = min_parallel
        self.spec = spec or PipelineSpec()
        self._pool: ProcessPoolExecutor | None = None
        # Peak RSS (MB) and CPU seconds so far of each process that coded something, by process id.
        self.peaks: dict[int, float] = {}
        self.cpu: dict[int, float] = {}
        # Wall-clock seconds the workers spent coding, all together: against
        # workers x the run's time, the share of it they were not waiting.
        self.busy_seconds = 0.0

    def __call__(self, articles: list[Article]) -> tuple[list[ArticleResult], list[Reject]]:
        return self.submit(articles)()

    def submit(self, articles: list[Article]) -> Callable[[], tuple[list[ArticleResult], list[Reject]]]:
        """Hands the batch's slices to the workers and returns at once; the
        function returned waits for them (`AsyncBatchCoder`, batch.py)."""
        if self._pool is None and (self.workers == 1 or len(articles) < self.min_parallel):
            results, rejects = code_batch(self.spec.load(), articles)
            self.peaks[os.getpid()] = peak_rss_mb()
            self.cpu[os.getpid()] = time.process_time()
            return lambda: (results, rejects)
        pool = self._start()
        parts = split_by_length(articles, self.workers * SLICES_PER_WORKER)
        try:
            futures = [pool.submit(code_part, part, self.spec) for part in parts]
        except BrokenProcessPool as exc:
            raise _worker_died() from exc
        return partial(self._collect, futures)

    def _collect(self, futures: list[Future[CodedPart]]) -> tuple[list[ArticleResult], list[Reject]]:
        try:
            coded = [future.result() for future in futures]
        except BrokenProcessPool as exc:
            # Nothing of this batch was written: a re-run codes it again.
            raise _worker_died() from exc
        results: list[ArticleResult] = []
        rejects: list[Reject] = []
        for part in coded:
            results.extend(part.results)
            rejects.extend(part.rejects)
            self.peaks[part.pid] = max(self.peaks.get(part.pid, 0.0), part.peak_rss_mb)
            self.cpu[part.pid] = max(self.cpu.get(part.pid, 0.0), part.cpu_seconds)
            self.busy_seconds += part.busy_seconds
        return results, rejects

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: a forked copy of a process holding DuckDB and
            # torch threads can deadlock.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=one_thread_each)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalParallelCoder:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
