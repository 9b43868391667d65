"""Throughput of the pipeline against spaCy alone, in one process, and
each stage's share of the time.

    .venv/bin/python benchmarks/throughput.py [--articles N] [--repeats R] [--json FILE] [CORPUS.jsonl]

In each of R rounds, over the same articles: spaCy alone (the same model
and `nlp.pipe` batch size, the floor for this design), then the full
pipeline with every stage timed, then ingest (reading the JSONL) and storage
(writing results to a DuckDB file and a JSONL file). Reports words/second,
articles/second, the ratio pipeline/spaCy-alone (medians of R rounds) and
each stage's share of the pipeline's time. Stage timers wrap the pipeline's
methods in this script only; they cost a few microseconds a call.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from machine import load_average, machine_details  # benchmarks/machine.py, beside this script

import communique.pipeline as pipeline_module
from communique.ingest import read_inputs
from communique.model import Article
from communique.nlp import model_description
from communique.pipeline import NLP_BATCH_SIZE, Pipeline, default_pipeline
from communique.store import EventDatabase, JsonlWriter

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc-news-2004-2005.jsonl"
# The stages inside Pipeline.events, in the order they run; none calls another.
STAGES = {
    "places in the article": ("places", "article_context"),
    "home country": (None, "_home_country"),
    "event detection (lexicon)": ("detector", "detect"),
    "sentence classifier": (None, "_classified"),
    "date expressions": ("module", "date_expressions"),
    "assembly (actors, dates, places)": (None, "_assemble"),
    "remembering entities": (None, "_remember_entities"),
}


def _articles(path: Path, count: int) -> list[Article]:
    items = (a for a in read_inputs([str(path)]) if isinstance(a, Article))
    return list(islice(items, count))


def _timed(function: Callable, totals: dict[str, float], name: str) -> Callable:
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - started

    return wrapper


def instrument(pipeline: Pipeline, totals: dict[str, float]) -> None:
    """Times each stage (and `events` as a whole: the rest of the pipeline's time is the parse)."""
    for name, (owner, attribute) in STAGES.items():
        if owner == "module":
            setattr(pipeline_module, attribute, _timed(getattr(pipeline_module, attribute), totals, name))
            continue
        target = pipeline if owner is None else getattr(pipeline, owner)
        setattr(target, attribute, _timed(getattr(target, attribute), totals, name))
    pipeline.events = _timed(pipeline.events, totals, "events")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    parser.add_argument(
        "--torch-threads", type=int, default=None, help="threads for the sentence embedder (default: torch's own)"
    )
    args = parser.parse_args()
    if args.torch_threads is not None:
        import torch

        torch.set_num_threads(args.torch_threads)

    machine = machine_details()
    started = time.perf_counter()
    articles = _articles(args.corpus, args.articles)
    words = sum(len(a.text.split()) for a in articles)
    pipeline = default_pipeline()
    pipeline.code(articles[0])  # load everything before timing
    if pipeline.classifier is not None:
        pipeline.classifier.classify(["The embedder loads on first use."])
    totals: dict[str, float] = defaultdict(float)
    instrument(pipeline, totals)

    rounds: list[dict[str, float]] = []
    events = 0
    for _ in range(args.repeats):
        round_: dict[str, float] = {"load_average": load_average()}
        clock = time.perf_counter()
        for _doc in pipeline.nlp.pipe((a.text for a in articles), batch_size=NLP_BATCH_SIZE):
            pass
        round_["spacy"] = time.perf_counter() - clock
        totals.clear()
        clock = time.perf_counter()
        results = list(pipeline.code_many(articles))
        round_["pipeline"] = time.perf_counter() - clock
        events = sum(len(r.events) for r in results)
        stages = {name: totals[name] for name in STAGES}
        stages["parse (nlp.pipe)"] = round_["pipeline"] - totals["events"]
        stages["other per-article work"] = totals["events"] - sum(totals[name] for name in STAGES)
        round_["stages"] = stages
        clock = time.perf_counter()
        _articles(args.corpus, args.articles)
        round_["ingest"] = time.perf_counter() - clock
        with tempfile.TemporaryDirectory() as folder:
            clock = time.perf_counter()
            with EventDatabase(Path(folder) / "t.duckdb") as db, JsonlWriter(Path(folder) / "t.jsonl") as out:
                for start in range(0, len(results), 64):
                    db.write(results[start : start + 64])
                for result in results:
                    for event in result.events:
                        out.write(event.to_dict())
            round_["storage"] = time.perf_counter() - clock
        rounds.append(round_)

    def median(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    spacy_s, pipeline_s = median("spacy"), median("pipeline")
    stage_names = list(rounds[0]["stages"])
    stage_s = {name: statistics.median(r["stages"][name] for r in rounds) for name in stage_names}
    everything = pipeline_s + median("ingest") + median("storage")
    print(f"machine: {machine['cpu']}, {machine['cores']} cores, Python {machine['python']}")
    print(f"model: {model_description(pipeline.nlp)}")
    print(f"articles: {len(articles)}  words: {words:,}  events: {events}  repeats: {args.repeats} (median)")
    print(f"torch threads: {args.torch_threads or 'default'}")
    print(f"load average per round: {', '.join(r['load_average'] for r in rounds)}")
    for label, seconds in (("spaCy alone:  ", spacy_s), ("full pipeline:", pipeline_s)):
        rate = f"{words / seconds:8,.0f} words/s  {len(articles) / seconds:6.1f} articles/s"
        print(f"{label} {seconds:6.1f} s  {rate}")
    print(f"pipeline / spaCy-alone throughput: {spacy_s / pipeline_s:.2f}")
    print("share of ingest + pipeline + storage time:")
    shares = {"ingest (read JSONL)": median("ingest"), **stage_s, "storage (DuckDB + JSONL)": median("storage")}
    for name, seconds in shares.items():
        print(f"  {name:34s} {seconds:7.2f} s  {100 * seconds / everything:5.1f}%")
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "machine": machine,
            "articles": len(articles),
            "words": words,
            "events": events,
            "repeats": args.repeats,
            "torch_threads": args.torch_threads,
            "seconds_median": {"spacy_alone": spacy_s, "pipeline": pipeline_s, **shares},
            "ratio_pipeline_to_spacy": spacy_s / pipeline_s,
            "articles_per_second": {"spacy_alone": len(articles) / spacy_s, "pipeline": len(articles) / pipeline_s},
            "words_per_second": {"spacy_alone": words / spacy_s, "pipeline": words / pipeline_s},
            "rounds": rounds,
            "wall_seconds": time.perf_counter() - started,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
