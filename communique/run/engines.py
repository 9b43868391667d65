"""Choosing the engine that codes a run's batches (`communique code
--engine local|dask --workers N --scheduler ADDRESS`)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from communique.errors import InputError
from communique.run.batch import BATCH_SIZE
from communique.run.dask_runner import DaskCoder
from communique.run.parallel import LocalParallelCoder, PipelineSpec, default_workers
from communique.store.parquet_dataset import is_dataset_target

ENGINES = ("local", "dask")
# The Dask engine's batches (its partitions): big enough to give every
# worker a slice worth sending, small enough to lose little when killed.
DASK_PARTITION_ARTICLES = 256


def batch_size_for(engine: str) -> int:
    return DASK_PARTITION_ARTICLES if engine == "dask" else BATCH_SIZE


def partition_dir_for(db: str | None, out: str | None) -> Path | None:
    """Where the Dask engine keeps finished partitions by default: beside
    the database, else beside the events file, or in a Parquet dataset's
    `_partitions` folder (readers of DIR/events/*.parquet do not see it).
    None when events go to standard output and there is no database."""
    if db is None and is_dataset_target(out):
        return Path(out) / "_partitions"
    target = db or (out if out not in (None, "-") else None)
    return Path(f"{target}.partitions") if target else None


def open_coder(
    engine: str,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    partition_dir: Path | None = None,
    actor_files: Sequence[str] = (),
) -> AbstractContextManager[LocalParallelCoder | DaskCoder | None]:
    """The coder for `run(coder=...)`, as a context manager that stops its
    workers; None means: code in this process."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be at least 1, not {workers}")
    spec = PipelineSpec(tuple(str(Path(p).resolve()) for p in actor_files))
    if spec.actor_files:
        _check_actor_files(spec)
    if engine == "dask":
        if partition_dir is None:
            raise InputError("--engine dask needs --db, --out FILE or --partitions DIR to keep finished partitions")
        return DaskCoder(partition_dir, workers=workers, scheduler=scheduler, spec=spec)
    if scheduler is not None:
        raise InputError("--scheduler needs --engine dask")
    count = workers or default_workers()
    return LocalParallelCoder(count, spec) if count > 1 else nullcontext()


def _check_actor_files(spec: PipelineSpec) -> None:
    """A bad dictionary file is reported here, by file and line, before any
    worker starts (a worker's error would reach the user second-hand)."""
    from communique.coding.ontology import default_ontology
    from communique.resolve.dictionary import load_actor_dictionary

    sectors = set(default_ontology().sectors)
    load_actor_dictionary(sectors_known=sectors, extra_files=[Path(p) for p in spec.actor_files])


def describe_engine(coder: LocalParallelCoder | DaskCoder) -> str:
    """The summary line about the engine: its processes, their peak memory,
    and for Dask how many partitions were coded or resumed."""
    peak = f"peak memory per worker: {max(coder.peaks.values()):,.0f} MB" if coder.peaks else "no worker started"
    if isinstance(coder, DaskCoder):
        return (
            f"dask partitions coded: {coder.coded}  resumed from {coder.partition_dir}: {coder.resumed}  "
            f"workers that coded: {len(coder.peaks)}  {peak}"
        )
    return f"worker processes: {coder.workers}  {peak}"
