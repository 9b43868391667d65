"""The single-process runner: inputs -> pipeline -> writers, in batches.

Per-article work stays in the pipeline; this module only streams, batches,
counts and writes. A batch is written (to JSONL and DuckDB, or a Parquet
dataset) before more than one further batch is read, so memory stays flat
however long the input is; with worker processes, they code the next batch
while this process writes the one before.

With a database or a Parquet dataset, the run is incremental: an article already stored with the
same id and text is not coded again (its stored events still go to the
JSONL output), and one whose text changed is re-coded and replaces its old
events.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Protocol, runtime_checkable

from communique.ingest import DEFAULT_MAX_CHARS, read_inputs
from communique.ingest.near_duplicates import NearDuplicate, NearDuplicateIndex, store_batch
from communique.ingest.options import IngestOptions, IngestStats
from communique.model import Article, ArticleResult, Event, Reject
from communique.pipeline import Pipeline, default_pipeline
from communique.store import EventDatabase, JsonlWriter
from communique.store.parquet_dataset import ParquetDataset

BATCH_SIZE = 64
# Rejects kept in memory for the final summary; all of them go to the rejects file.
MAX_REJECTS_KEPT = 100


@dataclass
class RunSummary:
    read: int = 0
    coded: int = 0
    rejected: int = 0
    # Already in the database with the same text: not coded again.
    unchanged: int = 0
    events: int = 0
    clusters: int | None = None  # event clusters in the database after the run
    seconds: float = 0.0
    rejects: list[Reject] = field(default_factory=list)
    # Copies of an earlier article: not coded, recorded as more sources of it.
    near_duplicates: int = 0
    # The first MAX_REJECTS_KEPT of them, for the summary when there is no rejects file.
    near_duplicate_links: list[NearDuplicate] = field(default_factory=list)
    # What ingest read but is not an article (WARC requests, non-HTML responses...).
    ingest: IngestStats = field(default_factory=IngestStats)
    # Rejects for language, by reason ("language:fr": 3).
    languages: Counter[str] = field(default_factory=Counter)

    # Words of the coded articles (split on white space).
    words: int = 0

    @property
    def articles_per_second(self) -> float:
        return self.coded / self.seconds if self.seconds > 0 else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0


Progress = Callable[[RunSummary], None]
# Codes one batch: its results in input order, and the articles it could not
# code. `code_batch` with a pipeline in this process, or a parallel engine's
# coder (communique/run/parallel.py, communique/run/dask_runner.py).
BatchCoder = Callable[[list[Article]], tuple[list[ArticleResult], list[Reject]]]
# How many batches an `AsyncBatchCoder` is given beyond the one being
# written: its workers start on the next batch while this process writes.
BATCHES_AHEAD = 1


@runtime_checkable
class AsyncBatchCoder(Protocol):
    """A coder that starts a batch and returns at once: `submit` returns a
    function that waits for the batch's results (as a `BatchCoder` returns
    them)."""

    def submit(self, articles: list[Article]) -> Callable[[], tuple[list[ArticleResult], list[Reject]]]: ...


def _batches(
    items: Iterable[Article | Reject | NearDuplicate], size: int
) -> Iterator[list[Article | Reject | NearDuplicate]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def code_batch(pipeline: Pipeline, articles: list[Article]) -> tuple[list[ArticleResult], list[Reject]]:
    """Code a batch; if the batch fails, code its articles one by one so
    that a single bad article is rejected and the others still come out."""
    try:
        return list(pipeline.code_many(articles)), []
    except Exception:
        results: list[ArticleResult] = []
        rejects: list[Reject] = []
        for article in articles:
            try:
                results.append(pipeline.code(article))
            except Exception as exc:
                reason = f"coding failed: {type(exc).__name__}: {exc}"
                rejects.append(Reject(article.origin, article.line, reason, article.id))
        return results, rejects


def _stored_unchanged(
    articles: list[Article], store: EventDatabase | ParquetDataset, *, with_events: bool
) -> dict[str, list[Event]]:
    """The articles the store holds with the same text, with their stored
    events (fetched only `with_events`: for the JSONL output)."""
    stored = store.stored_hashes(a.id for a in articles)
    unchanged = [a.id for a in articles if stored.get(a.id) == a.content_hash]
    found: dict[str, list[Event]] = {article_id: [] for article_id in unchanged}
    for event in store.events(unchanged) if unchanged and with_events else []:
        found[event.article_id].append(event)
    return found


@dataclass
class _Batch:
    """One batch between reading and writing: what was read, and the
    coding of its new articles (running elsewhere, perhaps)."""

    articles: list[Article]  # accepted, in input order
    rejects: list[Reject]
    duplicates: list[NearDuplicate]
    unchanged: dict[str, list[Event]]  # stored with the same text: their stored events
    coded: Callable[[], tuple[list[ArticleResult], list[Reject]]]


def _coded_now(result: tuple[list[ArticleResult], list[Reject]]) -> Callable[[], tuple[list, list]]:
    return lambda: result


def run(
    inputs: list[str],
    *,
    out: JsonlWriter | None = None,
    database: EventDatabase | None = None,
    dataset: ParquetDataset | None = None,
    rejects_out: JsonlWriter | None = None,
    published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    pipeline: Pipeline | None = None,
    progress: Progress | None = None,
    ingest: IngestOptions | None = None,
    recode: bool = False,
    coder: BatchCoder | None = None,
    batch_size: int = BATCH_SIZE,
) -> RunSummary:
    """Code every article of `inputs`, writing events and rejects as it goes.
    Near-duplicates go to the rejects output with their link, and to the
    database's `article_duplicates` table. `coder` codes each batch in
    other processes instead of with `pipeline` in this one; results are
    written in input order either way. A coder with a `submit` method
    (`AsyncBatchCoder`) gets the next batch while this process writes the
    one before, so its workers never wait for the writer.

    `dataset` (a Parquet dataset, communique/store/parquet_dataset.py)
    takes the place of `database` for very large runs.

    `recode` codes every article even if the database holds it unchanged
    (after the coder itself changed)."""
    if database is not None and dataset is not None:
        raise ValueError("write to a database or to a Parquet dataset, not both")
    if coder is None:
        coder = partial(code_batch, pipeline or default_pipeline())
    submit: Callable[[list[Article]], Callable[[], tuple[list, list]]]
    if isinstance(coder, AsyncBatchCoder):
        submit, ahead = coder.submit, BATCHES_AHEAD
    else:
        submit, ahead = (lambda articles: _coded_now(coder(articles))), 0
    store = database if database is not None else dataset
    ingest = ingest or IngestOptions()
    summary = RunSummary()
    started = time.perf_counter()
    seen: dict[str, str] = {}
    stream: Iterable[Article | Reject | NearDuplicate] = read_inputs(
        inputs, default_published=published, max_chars=max_chars, options=ingest, stats=summary.ingest
    )
    index = NearDuplicateIndex(threshold=ingest.near_duplicate_threshold) if ingest.near_duplicate_threshold else None
    if index is not None:
        if database is not None:
            index.load(database.con)  # copies of articles coded by earlier runs are linked too
        stream = index.mark(stream)
    pending: deque[_Batch] = deque()

    def write_oldest() -> None:
        # The writer stores the oldest batch while the coders work on the newer ones.
        _write_batch(
            pending.popleft(),
            summary,
            out=out,
            database=database,
            dataset=dataset,
            index=index,
            rejects_out=rejects_out,
        )
        summary.seconds = time.perf_counter() - started
        if progress is not None:
            progress(summary)

    for items in _batches(stream, batch_size):
        batch = _Batch([], [], [], {}, _coded_now(([], [])))
        for item in items:
            summary.read += 1
            if isinstance(item, Reject):
                batch.rejects.append(item)
                continue
            if isinstance(item, NearDuplicate):
                batch.duplicates.append(item)
                continue
            where = f"{item.origin}:{item.line}" if item.line else item.origin
            if item.id in seen:
                batch.rejects.append(
                    Reject(item.origin, item.line, f"duplicate id {item.id!r} (first read at {seen[item.id]})", item.id)
                )
                continue
            seen[item.id] = where
            batch.articles.append(item)
        if store is not None and not recode:
            batch.unchanged = _stored_unchanged(batch.articles, store, with_events=out is not None)
        summary.unchanged += len(batch.unchanged)
        to_code = [a for a in batch.articles if a.id not in batch.unchanged]
        if to_code:
            batch.coded = submit(to_code)
        pending.append(batch)
        while len(pending) > ahead:
            write_oldest()
    while pending:
        write_oldest()
    if database is not None and (summary.coded or summary.near_duplicates or database.has_unclustered_events()):
        # Clusters span articles, so they are recomputed over the whole
        # database once the run's batches are stored (and again by the next
        # run if this one was killed before they were). Near-duplicate copies
        # count as more articles and outlets of their original's clusters.
        from communique.dedup import recluster

        summary.clusters = recluster(database)
    summary.seconds = time.perf_counter() - started
    return summary


def _write_batch(
    batch: _Batch,
    summary: RunSummary,
    *,
    out: JsonlWriter | None,
    database: EventDatabase | None,
    dataset: ParquetDataset | None,
    index: NearDuplicateIndex | None,
    rejects_out: JsonlWriter | None,
) -> None:
    """Waits for the batch's coding, then writes it and counts it."""
    results, failed = batch.coded()
    rejects = batch.rejects + failed
    duplicates = batch.duplicates
    summary.coded += len(results)
    summary.words += sum(len(r.article.text.split()) for r in results)
    summary.events += sum(len(r.events) for r in results)
    if out is not None:
        # In input order; an unchanged article's events come from the database.
        coded = {r.article.id: r.events for r in results}
        for article in batch.articles:
            for event in batch.unchanged.get(article.id) or coded.get(article.id, ()):
                out.write(event.to_dict())
    if database is not None:
        database.write(results, rejects)
        store_batch(database.con, index, [r.article.id for r in results], duplicates)
    if dataset is not None:
        dataset.write(results, rejects, duplicates)
    summary.near_duplicates += len(duplicates)
    room = MAX_REJECTS_KEPT - len(summary.near_duplicate_links)
    summary.near_duplicate_links.extend(duplicates[: max(room, 0)])
    if rejects_out is not None:
        for duplicate in duplicates:
            rejects_out.write(duplicate.to_dict())
    for reject in rejects:
        summary.rejected += 1
        if reject.reason.startswith("language:"):
            summary.languages[reject.reason] += 1
        if len(summary.rejects) < MAX_REJECTS_KEPT:
            summary.rejects.append(reject)
        if rejects_out is not None:
            rejects_out.write(reject.to_dict())
