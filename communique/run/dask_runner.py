"""The Dask engine: a Dask cluster codes the partitions, this process writes.

`communique code --engine dask` starts a `distributed.LocalCluster` (one
single-threaded worker process per core, or `--workers N`), or joins an
existing cluster at `--scheduler ADDRESS`. Each batch of the run is a
partition: it is split into a few tasks per worker, each worker codes its
slice with a pipeline it loaded once, and the slices come back as Arrow
tables. The partition is saved as a Parquet file before the writer stores
it, so:

- a re-run of an interrupted job loads finished partitions from their files
  and codes only the rest;
- a worker that dies mid-task has its task re-run by the scheduler on
  another worker; nothing is written until the whole partition is back, and
  each partition is written once, so no article is lost or duplicated.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import pyarrow as pa

from communique.model import Article, ArticleResult, Reject
from communique.run import partitions
from communique.run.batch import code_batch
from communique.run.parallel import (
    SLICES_PER_WORKER,
    PipelineSpec,
    default_workers,
    peak_rss_mb,
    split_by_length,
    worker_pipeline,
)
from communique.run.threads import ONE_THREAD_VARIABLES

if TYPE_CHECKING:
    from distributed import LocalCluster


# The environment of each local worker process. Dask's default also sets
# MALLOC_TRIM_THRESHOLD_, which turns off glibc's adaptive malloc thresholds:
# every large allocation of the parser becomes an mmap and munmap, and a run
# took 22% longer (docs/scaling.md). One thread each for the numerical
# libraries, as the local engine's workers run (communique/run/threads.py).
WORKER_ENVIRONMENT = {name: "1" for name in ONE_THREAD_VARIABLES}


def local_cluster(workers: int | None = None) -> LocalCluster:
    """A `distributed.LocalCluster` of single-threaded worker processes,
    one per core unless `workers` says otherwise."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.nanny.pre-spawn-environ": WORKER_ENVIRONMENT}):
        return LocalCluster(
            n_workers=workers or default_workers(),
            threads_per_worker=1,  # the pipeline is CPU-bound Python: processes, not threads
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )


def code_part_arrow(articles: list[Article], spec: PipelineSpec, offset: int) -> pa.Table:
    """Runs on a Dask worker: one slice of a partition, as an Arrow table
    whose metadata says which process coded it and its peak memory."""
    started = time.perf_counter()
    results, rejects = code_batch(worker_pipeline(spec), articles)
    table = partitions.encode(articles, results, rejects, offset=offset)
    metadata = {
        "busy_seconds": f"{time.perf_counter() - started:.3f}",
        "pid": str(os.getpid()),
        "peak_rss_mb": f"{peak_rss_mb():.1f}",
        "cpu_seconds": f"{time.process_time():.3f}",
    }
    return table.replace_schema_metadata(metadata)


class DaskCoder:
    """A `BatchCoder` (communique/run/batch.py) on a Dask cluster."""

    def __init__(
        self,
        partition_dir: Path,
        *,
        workers: int | None = None,
        scheduler: str | None = None,
        spec: PipelineSpec | None = None,
        client: object | None = None,
    ) -> None:
        from distributed import Client

        self.partition_dir = Path(partition_dir)
        self.spec = spec or PipelineSpec()
        self._cluster = None
        if client is not None:  # a caller's own client (tests, notebooks): not closed here
            self.client = client
            self._owns_client = False
        elif scheduler is not None:
            self.client = Client(scheduler)
            self._owns_client = True
        else:
            self._cluster = local_cluster(workers)
            self.client = Client(self._cluster)
            self._owns_client = True
        self.resumed = 0  # partitions loaded from their files
        self.coded = 0  # partitions coded by this run
        self.peaks: dict[str, float] = {}  # worker process -> peak RSS (MB)
        self.cpu: dict[str, float] = {}  # worker process -> its CPU seconds so far
        self.busy_seconds = 0.0  # wall-clock seconds the workers spent coding, all together

    def __call__(self, articles: list[Article]) -> tuple[list[ArticleResult], list[Reject]]:
        return self.submit(articles)()

    def submit(self, articles: list[Article]) -> Callable[[], tuple[list[ArticleResult], list[Reject]]]:
        """Sends the partition's tasks and returns at once; the function
        returned waits for them, saves the partition and decodes it
        (`AsyncBatchCoder`, communique/run/batch.py). A finished partition
        is loaded from its file instead."""
        path = self.partition_dir / f"{partitions.partition_key(articles, repr(self.spec))}.parquet"
        if path.exists():
            self.resumed += 1
            return lambda: partitions.decode(partitions.load(path), articles)
        workers = max(len(self.client.scheduler_info()["workers"]), 1)
        slices = split_by_length(articles, workers * SLICES_PER_WORKER)
        offsets = [sum(len(s) for s in slices[:i]) for i in range(len(slices))]
        futures = self._submit(slices, offsets)
        return partial(self._collect, futures, articles, path)

    def _collect(self, futures: list, articles: list[Article], path: Path) -> tuple[list[ArticleResult], list[Reject]]:
        tables: list[pa.Table] = self.client.gather(futures)
        for table in tables:
            meta = table.schema.metadata or {}
            if b"pid" in meta:
                pid = meta[b"pid"].decode()
                self.peaks[pid] = float(meta[b"peak_rss_mb"])
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), float(meta[b"cpu_seconds"]))
                self.busy_seconds += float(meta[b"busy_seconds"])
        table = pa.concat_tables([t.replace_schema_metadata(None) for t in tables])
        partitions.save(table, path)
        self.coded += 1
        return partitions.decode(table, articles)

    def _submit(self, slices: list[list[Article]], offsets: list[int]) -> list:
        """One task per slice; the scheduler re-runs a task whose worker died."""
        return self.client.map(code_part_arrow, slices, [self.spec] * len(slices), offsets, pure=False)

    def close(self) -> None:
        if self._owns_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskCoder:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
