"""Throughput of the pipeline against spaCy alone, in one process.

    .venv/bin/python benchmarks/throughput.py [--articles N] [--repeats R] [CORPUS.jsonl]

Parses the same articles with the same model and `nlp.pipe` batch size
(spaCy alone: the floor for this design), then codes them with the full
pipeline (parse, detect, resolve); reports words/second, articles/second
and the ratio, as the median of R runs. Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from itertools import islice
from pathlib import Path

from communique.ingest import read_inputs
from communique.model import Article
from communique.nlp import model_description
from communique.pipeline import NLP_BATCH_SIZE, default_pipeline

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc-news-2004-2005.jsonl"


def _articles(path: Path, count: int) -> list[Article]:
    items = (a for a in read_inputs([str(path)]) if isinstance(a, Article))
    return list(islice(items, count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    articles = _articles(args.corpus, args.articles)
    words = sum(len(a.text.split()) for a in articles)
    pipeline = default_pipeline()
    pipeline.code(articles[0])  # load everything before timing
    if pipeline.classifier is not None:
        pipeline.classifier.classify(["The embedder loads on first use."])

    spacy_times, pipeline_times = [], []
    events = 0
    for _ in range(args.repeats):
        started = time.perf_counter()
        for _doc in pipeline.nlp.pipe((a.text for a in articles), batch_size=NLP_BATCH_SIZE):
            pass
        spacy_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        events = sum(len(r.events) for r in pipeline.code_many(articles))
        pipeline_times.append(time.perf_counter() - started)

    spacy_s, pipeline_s = statistics.median(spacy_times), statistics.median(pipeline_times)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, model {model_description(pipeline.nlp)}")
    print(f"articles: {len(articles)}  words: {words:,}  events: {events}  repeats: {args.repeats} (median)")
    for label, seconds in (("spaCy alone:  ", spacy_s), ("full pipeline:", pipeline_s)):
        rate = f"{words / seconds:8,.0f} words/s  {len(articles) / seconds:6.1f} articles/s"
        print(f"{label} {seconds:6.1f} s  {rate}")
    print(f"pipeline / spaCy-alone throughput: {spacy_s / pipeline_s:.2f}")


if __name__ == "__main__":
    main()
