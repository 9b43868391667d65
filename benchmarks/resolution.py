"""What date and place resolution cost.

    .venv/bin/python benchmarks/resolution.py [--articles N] [--repeats R] [CORPUS.jsonl]

Reports, as the median of R runs:
- the gazetteer's build time in a fresh process (imports included);
- one place-name lookup and one resolution in context, in microseconds;
- per article, over N real articles coded by the full pipeline, the time
  spent resolving actors, finding and resolving date expressions, and
  places (the article's place context, each event's location), and each
  one's share of the pipeline's time.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

from communique.ingest import read_inputs
from communique.model import Article
from communique.pipeline import default_pipeline
from communique.resolve import dates as dates_module
from communique.resolve.places import PlaceResolver

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc-news-2004-2005.jsonl"
LOAD_SCRIPT = (
    "import time; t = time.perf_counter(); "
    "from communique.resolve.gazetteer import GeoNamesGazetteer; GeoNamesGazetteer.from_packages(); "
    "print(time.perf_counter() - t)"
)


class Stopwatch:
    """Wraps functions so the time spent in them adds up (outermost calls
    only: actor resolution calls itself for appositions)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._depth = 0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._depth += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self.seconds += time.perf_counter() - started

        return timed


def _load_seconds() -> float:
    out = subprocess.run([sys.executable, "-c", LOAD_SCRIPT], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    loads = [_load_seconds() for _ in range(args.repeats)]

    pipeline = default_pipeline()
    places = pipeline.places
    names = ["Tripoli", "Kabul", "Georgia", "Tianjin", "Xinjiang", "Gorazde", "Paris", "Punjab", "Springfield"]
    lookups, resolutions = [], []
    for _ in range(args.repeats):
        started = time.perf_counter()
        for _ in range(2000):
            for name in names:
                places.gazetteer.matches(name)
        lookups.append((time.perf_counter() - started) / (2000 * len(names)) * 1e6)
        started = time.perf_counter()
        for _ in range(2000):
            for name in names:
                places.place(name)
        resolutions.append((time.perf_counter() - started) / (2000 * len(names)) * 1e6)

    articles = [a for a in islice(read_inputs([str(args.corpus)]), args.articles) if isinstance(a, Article)]
    pipeline.code(articles[0])  # load everything before timing
    if pipeline.classifier is not None:
        pipeline.classifier.classify(["The embedder loads on first use."])

    date_watch, place_watch, actor_watch = Stopwatch(), Stopwatch(), Stopwatch()
    resolver = pipeline.actor_resolver
    resolver.resolve = actor_watch.wrap(type(resolver).resolve.__get__(resolver))
    # The pipeline module imported these names; wrap them where it calls them.
    import communique.pipeline as pipeline_module

    pipeline_module.date_expressions = date_watch.wrap(dates_module.date_expressions)
    pipeline_module.event_date = date_watch.wrap(dates_module.event_date)
    places.article_context = place_watch.wrap(PlaceResolver.article_context.__get__(places))
    places.event_location = place_watch.wrap(PlaceResolver.event_location.__get__(places))

    totals, date_shares, place_shares, date_ms, place_ms = [], [], [], [], []
    actor_shares, actor_ms = [], []
    for _ in range(args.repeats):
        date_watch.seconds = place_watch.seconds = actor_watch.seconds = 0.0
        started = time.perf_counter()
        events = sum(len(r.events) for r in pipeline.code_many(articles))
        total = time.perf_counter() - started
        totals.append(total)
        date_shares.append(date_watch.seconds / total)
        place_shares.append(place_watch.seconds / total)
        date_ms.append(date_watch.seconds / len(articles) * 1000)
        place_ms.append(place_watch.seconds / len(articles) * 1000)
        actor_shares.append(actor_watch.seconds / total)
        actor_ms.append(actor_watch.seconds / len(articles) * 1000)

    median = statistics.median
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; repeats: {args.repeats} (median)")
    print(f"gazetteer build in a fresh process: {median(loads):.2f} s")
    print(f"place-name lookup: {median(lookups):.1f} µs; resolution of a name: {median(resolutions):.1f} µs")
    print(f"articles: {len(articles)}  events: {events}  pipeline: {median(totals):.1f} s")
    print(f"actors: {median(actor_ms):.2f} ms per article ({median(actor_shares):.1%} of pipeline time)")
    print(f"dates:  {median(date_ms):.2f} ms per article ({median(date_shares):.1%} of pipeline time)")
    print(f"places: {median(place_ms):.2f} ms per article ({median(place_shares):.1%} of pipeline time)")


if __name__ == "__main__":
    main()
