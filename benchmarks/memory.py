"""Peak memory of each process as the input grows: is it flat?

    .venv/bin/python benchmarks/memory.py [--sizes 500,2225] [--workers 2] [--json FILE] [CORPUS.jsonl]

For each size, codes that many articles of the corpus (the corpus repeated,
with new ids and the near-duplicate check off, past its end) into a fresh
DuckDB database and JSONL file with the local parallel engine, as
`communique code` does, and reports the peak resident memory (ru_maxrss) of
the writer process and of every worker process. Each size runs in a fresh
interpreter so that one size's peak does not hide the next one's.
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


def measure(path: Path, workers: int, repeated: bool) -> dict:
    """Runs in the child interpreter: one coding run, its peaks."""
    from communique.ingest.options import IngestOptions
    from communique.run import run
    from communique.run.parallel import LocalParallelCoder, peak_rss_mb
    from communique.store import EventDatabase, JsonlWriter

    ingest = IngestOptions(near_duplicate_threshold=0.0) if repeated else IngestOptions()
    with (
        tempfile.TemporaryDirectory() as folder,
        LocalParallelCoder(workers) as coder,
        EventDatabase(Path(folder) / "run.duckdb") as database,
        JsonlWriter(Path(folder) / "events.jsonl") as out,
    ):
        summary = run([str(path)], out=out, database=database, coder=coder, ingest=ingest)
        writer_peak = peak_rss_mb()
        worker_peaks = sorted(peak for pid, peak in coder.peaks.items())
    return {
        "coded": summary.coded,
        "events": summary.events,
        "seconds": round(summary.seconds, 1),
        "writer_peak_rss_mb": round(writer_peak),
        "worker_peak_rss_mb": [round(p) for p in worker_peaks],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="500,2225", help="comma-separated article counts")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--repeated", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(args.child, args.workers, args.repeated)))
        return

    machine = machine_details()
    corpus_size = sum(1 for line in args.corpus.open(encoding="utf-8") if line.strip())
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"input-{size}.jsonl"
            write_input(args.corpus, size, path)
            command = [sys.executable, __file__, "--child", str(path), "--workers", str(args.workers)]
            if size > corpus_size:
                command.append("--repeated")
            load = Path("/proc/loadavg").read_text().split()[:3]
            started = time.perf_counter()
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            row = {"articles": size, "load_before": " ".join(load), **json.loads(output.splitlines()[-1])}
            row["wall_seconds"] = round(time.perf_counter() - started, 1)
        rows.append(row)
        print(
            f"{size:6d} articles: writer {row['writer_peak_rss_mb']} MB, workers {row['worker_peak_rss_mb']} MB, "
            f"{row['coded']} coded, {row['events']} events, {row['seconds']} s (load before: {row['load_before']})",
            flush=True,
        )
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"machine": machine, "workers": args.workers, "runs": rows}, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
