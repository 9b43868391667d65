"""Peak memory of each process as the input grows: is it flat?

    .venv/bin/python benchmarks/memory.py [--sizes 500,2225,11125] [--workers 2] [--json FILE] [CORPUS.jsonl]

For each size, codes that many articles of the corpus into a fresh DuckDB
database and JSONL file with the local parallel engine, as `communique
code` does, and reports the peak resident memory (ru_maxrss) of the writer
process and of every worker process, and the resident memory of each
process every `--every` articles (the curve: flat, or growing?). Each size
runs in a fresh interpreter so that one size's peak does not hide the next
one's.

Past the corpus's end (2,225 articles) the corpus is repeated: each copy
gets a new id (`ID-copy1`...) and the near-duplicate check is off, so every
copy is coded again, as new articles would be. The copies bring no new
words, so the curve past the corpus measures what grows per article coded
(a leak would show), not what grows with the vocabulary (the first 2,225
articles show that).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine_details  # benchmarks/machine.py, beside this script

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc-news-2004-2005.jsonl"


def write_input(corpus: Path, size: int, target: Path) -> None:
    """The first `size` articles of the corpus, repeated with new ids past its end."""
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    with target.open("w", encoding="utf-8") as handle:
        for number in range(size):
            record = dict(records[number % len(records)])
            if number >= len(records):
                record["id"] = f"{record.get('id', 'article')}-copy{number // len(records)}"
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def resident_mb(pid: int) -> float | None:
    """A process's resident memory now (VmRSS), in MB; None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def measure(path: Path, workers: int, repeated: bool, every: int) -> dict:
    """Runs in the child interpreter: one coding run, its peaks and its curve."""
    import os

    from communique.ingest.options import IngestOptions
    from communique.run import run
    from communique.run.parallel import LocalParallelCoder, peak_rss_mb
    from communique.store import EventDatabase, JsonlWriter

    ingest = IngestOptions(near_duplicate_threshold=0.0) if repeated else IngestOptions()
    curve: list[dict] = []

    def sample(summary) -> None:
        if curve and summary.read - curve[-1]["articles"] < every:
            return
        pids = sorted(pid for pid in coder.peaks if pid != os.getpid())
        point = {
            "articles": summary.read,
            "writer_rss_mb": round(resident_mb(os.getpid()) or 0),
            "worker_rss_mb": [round(resident_mb(pid) or 0) for pid in pids],
        }
        curve.append(point)
        print(json.dumps(point), file=sys.stderr, flush=True)  # shown as the run goes

    with (
        tempfile.TemporaryDirectory() as folder,
        LocalParallelCoder(workers) as coder,
        EventDatabase(Path(folder) / "run.duckdb") as database,
        JsonlWriter(Path(folder) / "events.jsonl") as out,
    ):
        summary = run([str(path)], out=out, database=database, coder=coder, ingest=ingest, progress=sample)
        writer_peak = peak_rss_mb()
        worker_peaks = sorted(peak for pid, peak in coder.peaks.items())
    return {
        "coded": summary.coded,
        "events": summary.events,
        "seconds": round(summary.seconds, 1),
        "writer_peak_rss_mb": round(writer_peak),
        "worker_peak_rss_mb": [round(p) for p in worker_peaks],
        "curve": curve,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="500,2225,11125", help="comma-separated article counts")
    parser.add_argument("--every", type=int, default=500, help="sample resident memory every N articles")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--repeated", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(args.child, args.workers, args.repeated, args.every)))
        return

    machine = machine_details()
    corpus_size = sum(1 for line in args.corpus.open(encoding="utf-8") if line.strip())
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"input-{size}.jsonl"
            write_input(args.corpus, size, path)
            command = [sys.executable, __file__, "--child", str(path), "--workers", str(args.workers)]
            command += ["--every", str(args.every)]
            if size > corpus_size:
                command.append("--repeated")
            load = Path("/proc/loadavg").read_text().split()[:3]
            started = time.perf_counter()
            output = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True).stdout
            row = {"articles": size, "load_before": " ".join(load), **json.loads(output.splitlines()[-1])}
            row["wall_seconds"] = round(time.perf_counter() - started, 1)
        rows.append(row)
        print(
            f"{size:6d} articles: writer {row['writer_peak_rss_mb']} MB, workers {row['worker_peak_rss_mb']} MB, "
            f"{row['coded']} coded, {row['events']} events, {row['seconds']} s (load before: {row['load_before']})",
            flush=True,
        )
        if args.json is not None:  # after every size: a long run's first sizes are kept if it is stopped
            args.json.parent.mkdir(parents=True, exist_ok=True)
            report = {"machine": machine, "workers": args.workers, "runs": rows}
            args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
