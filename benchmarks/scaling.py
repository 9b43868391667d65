"""Scaling: the same articles coded by one process (with the embedder's
default threads, and with one thread), by two local worker processes (as
they run now, coding the next batch while the writer stores one, and as
they ran before, waiting for the writer), and by a two-worker Dask
LocalCluster, in alternating rounds.

    .venv/bin/python benchmarks/scaling.py [--articles N] [--repeats R] [--json FILE] [CORPUS.jsonl]

Every engine is warmed up first (model loaded in each of its processes), so
the figures are steady-state throughput, as on a long job; the Dask cluster
is started, warmed up and closed within each of its rounds, since an idle
cluster's heartbeats would slow the other engines' rounds; each round
writes to a fresh DuckDB file and JSONL file as `communique code` does.
Reports articles/second per engine (median of R rounds), the speed-up over
one process, and the CPU seconds each engine's processes spent per article
(the writer's and every worker's): on a shared machine the wall-clock ratio
depends on what else runs, while CPU time per article does much less, and it
is what sizes a cluster (docs/scaling.md). For the engines with workers it
also reports the share of the run's time the workers spent coding (the rest
they waited): near 100% means the writer never holds them up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from itertools import islice
from pathlib import Path

import torch
from machine import load_average, machine_details  # benchmarks/machine.py, beside this script

from communique.ingest.options import IngestOptions
from communique.pipeline import default_pipeline
from communique.run import run
from communique.run.batch import BATCH_SIZE
from communique.run.dask_runner import DaskCoder, local_cluster
from communique.run.engines import DASK_PARTITION_ARTICLES
from communique.run.parallel import LocalParallelCoder
from communique.store import EventDatabase, JsonlWriter

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc-news-2004-2005.jsonl"


def _write_input(corpus: Path, count: int, target: Path) -> int:
    lines = list(islice((line for line in corpus.open(encoding="utf-8") if line.strip()), count))
    target.write_text("".join(lines), encoding="utf-8")
    return len(lines)


class WriteThenCode:
    """The local engine as it was before it overlapped coding and writing:
    a batch is coded, then written, and only then is the next one sent."""

    def __init__(self, coder: LocalParallelCoder) -> None:
        self.coder = coder

    def __call__(self, articles):
        return self.coder(articles)

    @property
    def cpu(self) -> dict:
        return self.coder.cpu

    @property
    def busy_seconds(self) -> float:
        return self.coder.busy_seconds


# Worker process -> the CPU seconds it had reported by the end of its last run.
CPU_REPORTED: dict = {}


def _timed_run(path: Path, folder: Path, **options) -> tuple[float, float, int, float | None]:
    """Wall seconds, CPU seconds of the writer and the workers, events, and
    the share of the run's time the workers spent coding (None: no workers)."""
    coder = options.get("coder")
    busy_before = coder.busy_seconds if coder is not None else 0.0
    # Near-duplicates off: the same articles are coded round after round.
    with EventDatabase(folder / "run.duckdb") as db, JsonlWriter(folder / "events.jsonl") as out:
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = run([str(path)], out=out, database=db, ingest=IngestOptions(near_duplicate_threshold=0.0), **options)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if coder is None:
        return wall, cpu, summary.events, None
    # A worker reports its CPU time since it started: what it spent in this
    # run is what it reports now less what it reported after its last run.
    workers_cpu = {pid: seconds for pid, seconds in coder.cpu.items() if pid != os.getpid()}
    cpu += sum(seconds - CPU_REPORTED.get(pid, 0.0) for pid, seconds in workers_cpu.items())
    CPU_REPORTED.update(workers_cpu)
    workers = len([pid for pid in coder.cpu if pid != os.getpid()]) or 1
    return wall, cpu, summary.events, (coder.busy_seconds - busy_before) / (workers * wall)


def _threads(count: int, options: dict) -> dict:
    """Sets this process's torch threads before its run; the options unchanged."""
    torch.set_num_threads(count)
    return options


def _dask_round(path: Path, warm: Path, folder: Path) -> tuple[float, float, int, float | None]:
    """One timed Dask run on a LocalCluster of two workers started (and warmed
    up) for it and closed after it: an idle cluster's heartbeats cost about
    8% of a core, which would otherwise slow every other engine's rounds."""
    from distributed import Client

    cluster = local_cluster(2)  # as `communique code --engine dask` starts it
    with cluster, Client(cluster) as client:
        (folder / "warm").mkdir()
        options = {"batch_size": DASK_PARTITION_ARTICLES}
        _timed_run(warm, folder / "warm", coder=DaskCoder(folder / "warm" / "parts", client=client), **options)
        return _timed_run(path, folder, coder=DaskCoder(folder / "parts", client=client), **options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    args = parser.parse_args()
    machine = machine_details()

    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        path = scratch_dir / "input.jsonl"
        count = _write_input(args.corpus, args.articles, path)
        warm = scratch_dir / "warm.jsonl"
        _write_input(args.corpus, BATCH_SIZE, warm)

        pipeline = default_pipeline()
        with LocalParallelCoder(2) as local:
            default_threads = torch.get_num_threads()
            engines = {
                # The embedder's thread pool as torch sets it, then one thread (as each worker runs it).
                "1 process": lambda folder: _threads(default_threads, {"pipeline": pipeline}),
                "1 process, 1 thread": lambda folder: _threads(1, {"pipeline": pipeline}),
                "2 local workers, write then code": lambda folder: {"coder": WriteThenCode(local)},
                "2 local workers": lambda folder: {"coder": local},
                "dask, 2 workers": None,  # a cluster of its own per round: see _dask_round
            }
            for name, options in engines.items():  # warm-up: every process loads the model
                if options is None:
                    continue
                folder = scratch_dir / f"warm-{name}"
                folder.mkdir()
                _timed_run(warm, folder, **options(folder))
            rounds = []
            for number in range(args.repeats):
                round_ = {"load_average": load_average()}
                for name, options in engines.items():
                    folder = scratch_dir / f"round{number}-{name}"
                    folder.mkdir()
                    if options is None:
                        seconds, cpu, events, busy = _dask_round(path, warm, folder)
                    else:
                        seconds, cpu, events, busy = _timed_run(path, folder, **options(folder))
                    round_[name] = seconds
                    round_[f"{name} cpu"] = cpu
                    if busy is not None:
                        round_[f"{name} workers busy"] = busy
                    round_["events"] = events
                rounds.append(round_)
                print(f"round {number + 1}: " + ", ".join(f"{n} {round_[n]:.1f} s" for n in engines), flush=True)

    seconds = {name: statistics.median(r[name] for r in rounds) for name in engines}
    speedups = {name: statistics.median(r["1 process"] / r[name] for r in rounds) for name in engines}
    cpu = {name: statistics.median(r[f"{name} cpu"] for r in rounds) for name in engines}
    busy = {
        name: statistics.median(r[f"{name} workers busy"] for r in rounds)
        for name in engines
        if f"{name} workers busy" in rounds[0]
    }
    print(f"machine: {machine['cpu']}, {machine['cores']} cores; articles: {count}; repeats: {args.repeats} (median)")
    print(f"load average per round: {', '.join(r['load_average'] for r in rounds)}")
    for name in engines:
        workers_busy = f"  workers busy {busy[name]:.0%} of the time" if name in busy else ""
        print(
            f"  {name:32s} {seconds[name]:6.1f} s  {count / seconds[name]:5.2f} articles/s  x{speedups[name]:.2f}  "
            f"{cpu[name] / count:.2f} CPU s/article{workers_busy}"
        )
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "machine": machine,
            "articles": count,
            "repeats": args.repeats,
            "seconds_median": seconds,
            "articles_per_second": {name: count / s for name, s in seconds.items()},
            "speedup_over_one_process_median": speedups,
            "cpu_seconds_per_article_median": {name: c / count for name, c in cpu.items()},
            "workers_busy_share_median": busy,
            "rounds": rounds,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
