"""The store's figures: dyad query latency, database size per 1,000
events, and exports of a large database.

    .venv/bin/python benchmarks/store_benchmark.py --db bbc.duckdb --dyad GBR USA
    .venv/bin/python benchmarks/store_benchmark.py --synthetic 100000

With --db, times (median of --repeats runs, after one warm-up) the
clusters of one dyad over the whole database and its monthly series, and
reports the file's size per 1,000 events. With --synthetic N, builds a
database of N generated events (varied countries, types and days, eight
events per article, written in the runner's batches), clusters it, and
times the export of every format.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from communique.dedup import recluster
from communique.export import export
from communique.model import Actor, Article, ArticleResult, Event, EventDate, Modality, Span, event_id
from communique.query import EventFilter, dyad_series, query_events
from communique.store import EventDatabase

COUNTRIES = ["USA", "GBR", "FRA", "DEU", "CHN", "RUS", "IND", "PAK", "AFG", "IRN", "ISR", "TUR", "JPN", "KOR"]
TYPES = [("CONSULT", "040", 1, 1.0), ("AGREE", "030", 1, 4.0), ("ACCUSE", "112", 3, -2.0), ("ASSAULT", "190", 4, -10.0)]
EVENTS_PER_ARTICLE = 8


def _median_ms(action, repeats: int) -> float:
    action()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_database(path: str, source: str, target: str, repeats: int) -> None:
    with EventDatabase(path) as db:
        db.con.execute("CHECKPOINT")
        events, clusters = db.count("events"), db.count("clusters")
        spec = EventFilter(source=source, target=target, limit=None)
        rows = len(query_events(db, spec))
        query_ms = _median_ms(lambda: query_events(db, spec), repeats)
        series_ms = _median_ms(lambda: dyad_series(db, source, target, by="month"), repeats)
    size = os.path.getsize(path)
    print(f"{path}: {events} events, {clusters} clusters, {size / 1e6:.1f} MB")
    print(f"size per 1,000 events: {size / events * 1000 / 1e6:.2f} MB (articles' full text included)")
    print(f"query {source}->{target}: {rows} clusters in {query_ms:.1f} ms (median of {repeats})")
    print(f"dyad {source}-{target} by month: {series_ms:.1f} ms (median of {repeats})")


def _synthetic_results(count: int, seed: int = 7):
    rng = random.Random(seed)
    start = dt.date(2020, 1, 1)
    for number in range(0, count, EVENTS_PER_ARTICLE):
        article_id = f"s{number // EVENTS_PER_ARTICLE:07d}"
        published = start + dt.timedelta(days=rng.randrange(1500))
        article = Article(
            article_id, f"generated article {article_id}", published=published, source=f"outlet{number % 40}"
        )
        events = []
        for index in range(min(EVENTS_PER_ARTICLE, count - number)):
            a, b = rng.sample(COUNTRIES, 2)
            kind, cameo, quad, goldstein = rng.choice(TYPES)
            trigger = Span("verb", index * 10, index * 10 + 4)
            day = published - dt.timedelta(days=rng.randrange(3))
            events.append(
                Event(
                    id=event_id(article_id, index, trigger, cameo),
                    article_id=article_id,
                    sentence_index=index,
                    event_type=kind,
                    cameo_code=cameo,
                    quad_class=quad,
                    goldstein=goldstein,
                    source=(Actor(a, name=a, country=a, sector="GOV"),),
                    target=(Actor(b, name=b, country=b, sector="GOV"),),
                    trigger=trigger,
                    evidence=f"{a} and {b}, sentence {index}.",
                    modality=Modality(),
                    date=EventDate(day.isoformat(), "day", "on a day"),
                    location=None,
                    speaker=None,
                    confidence=0.8,
                )
            )
        yield ArticleResult(article, tuple(events))


def measure_synthetic(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.duckdb"
        started = time.perf_counter()
        with EventDatabase(path) as db:
            batch: list[ArticleResult] = []
            for result in _synthetic_results(count):
                batch.append(result)
                if len(batch) == 64:
                    db.write(batch)
                    batch = []
            db.write(batch)
            written = time.perf_counter() - started
            started = time.perf_counter()
            clusters = recluster(db)
            clustered = time.perf_counter() - started
            db.con.execute("CHECKPOINT")
            print(f"{db.count('events')} events written in {written:.1f} s; {clusters} clusters in {clustered:.1f} s")
            print(f"size per 1,000 events: {os.path.getsize(path) / db.count('events') * 1000 / 1e6:.2f} MB")
            for fmt, suffix in (
                ("parquet", "parquet"),
                ("csv", "csv"),
                ("jsonl", "jsonl"),
                ("plover", "plover.jsonl"),
                ("gdelt", "tsv"),
            ):
                out = Path(folder) / f"events.{suffix}"
                started = time.perf_counter()
                rows = export(db, fmt, out)  # type: ignore[arg-type]
                took = time.perf_counter() - started
                print(f"export {fmt}: {rows} rows in {took:.1f} s, {out.stat().st_size / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a database to time queries on")
    parser.add_argument("--dyad", nargs=2, metavar=("SOURCE", "TARGET"), default=["GBR", "USA"])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--synthetic", type=int, metavar="N", help="build and export a database of N events")
    args = parser.parse_args()
    if args.db:
        measure_database(args.db, args.dyad[0], args.dyad[1], args.repeats)
    if args.synthetic:
        measure_synthetic(args.synthetic)


if __name__ == "__main__":
    main()
