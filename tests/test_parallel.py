"""The local parallel engine: slices of a batch coded in worker processes
give exactly what one process gives; coded partitions survive Arrow and
Parquet unchanged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from communique.ingest.options import IngestOptions
from communique.model import Article, ArticleResult, Reject
from communique.run import partitions, run
from communique.run.parallel import LocalParallelCoder, split_by_length
from communique.run.threads import ONE_THREAD_VARIABLES
from communique.store import EventDatabase, JsonlWriter
from tests.conftest import EXAMPLES


def _article(number: int, words: int) -> Article:
    return Article(id=f"a{number}", text=" ".join(["word"] * words), origin="hand", line=number)


def test_slices_keep_order_and_balance_text():
    articles = [_article(i, w) for i, w in enumerate([10, 10, 10, 10, 40, 40, 10, 10])]
    slices = split_by_length(articles, 2)
    assert [a for s in slices for a in s] == articles  # contiguous, in input order
    sizes = [sum(len(a.text) for a in s) for s in slices]
    assert len(slices) == 2 and max(sizes) / min(sizes) < 1.5


def test_more_workers_than_articles_gives_one_slice_each():
    articles = [_article(i, 5) for i in range(3)]
    assert split_by_length(articles, 8) == [[a] for a in articles]
    assert split_by_length(articles[:1], 2) == [articles[:1]]


def test_a_long_article_first_still_leaves_every_slice_something():
    articles = [_article(0, 1000), *(_article(i, 1) for i in range(1, 4))]
    slices = split_by_length(articles, 4)
    assert [len(s) for s in slices] == [1, 1, 1, 1]


def test_partition_key_follows_text_and_settings():
    articles = [_article(1, 3), _article(2, 4)]
    key = partitions.partition_key(articles)
    assert key == partitions.partition_key(list(articles))
    changed = [articles[0], Article(id="a2", text="other words", origin="hand", line=2)]
    assert partitions.partition_key(changed) != key
    assert partitions.partition_key(articles, "actors=x.csv") != key


@pytest.mark.slow
def test_coded_partition_round_trips_through_parquet(pipeline, seed_article, tmp_path):
    empty = Article(id="quiet", text="Nothing political happened here today.", origin="hand", line=2)
    failed = Article(id="bad", text="Text that failed.", origin="hand", line=3)
    articles = [seed_article, empty, failed]
    results = [pipeline.code(seed_article), pipeline.code(empty)]
    rejects = [Reject("hand", 3, "coding failed: ValueError: for the test", "bad")]
    assert results[0].events, "the seed article has events"
    path = tmp_path / "part.parquet"
    partitions.save(partitions.encode(articles, results, rejects), path)
    assert partitions.decode(partitions.load(path), articles) == (results, rejects)
    with pytest.raises(ValueError, match="does not hold the articles"):
        partitions.decode(partitions.load(path), [empty, seed_article, failed])
    assert not list(tmp_path.glob(".*partial"))


def _code_examples(tmp_path: Path, name: str, **options) -> tuple[str, list, int]:
    inputs = [str(EXAMPLES / "articles.jsonl"), str(EXAMPLES / "txt")]
    with EventDatabase(tmp_path / f"{name}.duckdb") as db, JsonlWriter(tmp_path / f"{name}.jsonl") as out:
        summary = run(inputs, out=out, database=db, published=None, **options)
        stored = db.events()
        articles = db.count("articles")
    assert summary.coded == articles
    return (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8"), stored, summary.coded


@pytest.mark.slow
def test_two_workers_write_exactly_what_one_process_writes(pipeline, tmp_path):
    single_jsonl, single_db, coded = _code_examples(tmp_path, "single", pipeline=pipeline)
    with LocalParallelCoder(2, min_parallel=1) as coder:
        # Batches of 8: several batches, each split between the two workers.
        parallel_jsonl, parallel_db, _ = _code_examples(tmp_path, "parallel", coder=coder, batch_size=8)
        peaks = dict(coder.peaks)
    assert coded > 8 and single_jsonl.count("\n") > 20
    assert parallel_jsonl == single_jsonl  # same events, same order, byte for byte
    assert parallel_db == single_db
    workers = set(peaks) - {os.getpid()}
    assert len(workers) == 2, "both workers coded a slice"
    assert all(peak < 1500 for peak in peaks.values()), peaks


@pytest.mark.slow
def test_small_input_is_coded_without_starting_workers(pipeline, tmp_path):
    with LocalParallelCoder(2) as coder:
        results, rejects = coder([Article(id="s", text="Chad and Niger signed a border deal.", origin="hand")])
        assert coder._pool is None
    assert [r.article.id for r in results] == ["s"] and rejects == []


class RecordingCoder:
    """An `AsyncBatchCoder` that codes nothing (no events) and notes when
    each batch is submitted and collected."""

    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.batches = 0

    def submit(self, articles):
        self.batches += 1
        number = self.batches
        self.log.append(f"submit {number}")

        def collect():
            self.log.append(f"collect {number}")
            return [ArticleResult(a, ()) for a in articles], []

        return collect


def test_the_next_batch_is_sent_before_the_writer_stores_this_one(tmp_path):
    sentences = [
        "The council of the river town met on Monday to discuss the new bridge.",
        "Farmers in the valley asked the minister for help after the long drought.",
        "The two neighbouring states agreed to reopen the mountain border crossing.",
    ]
    lines = [json.dumps({"id": f"n{i}", "text": sentences[i % 3]}) for i in range(7)]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log: list[str] = []
    summary = run(
        [str(path)],
        coder=RecordingCoder(log),
        batch_size=3,
        progress=lambda s: log.append(f"written {s.coded}"),
        ingest=IngestOptions(near_duplicate_threshold=0.0, detect_language=False),
    )
    assert summary.coded == 7
    assert log == [
        "submit 1",
        "submit 2",  # batch 2 is with the workers before batch 1 is written
        "collect 1",
        "written 3",
        "submit 3",
        "collect 2",
        "written 6",
        "collect 3",
        "written 7",
    ]


def test_workers_start_with_one_thread_per_numerical_library():
    with LocalParallelCoder(2) as coder:
        pool = coder._start()
        found = {name: pool.submit(os.getenv, name).result() for name in ONE_THREAD_VARIABLES}
    assert found == dict.fromkeys(ONE_THREAD_VARIABLES, "1")
