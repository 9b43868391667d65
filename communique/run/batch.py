"""The single-process runner: inputs -> pipeline -> writers, in batches.

Per-article work stays in the pipeline; this module only streams, batches,
counts and writes. A batch is written (to JSONL and DuckDB) before the next
is read, so memory stays flat however long the input is.

With a database, the run is incremental: an article already stored with the
same id and text is not coded again (its stored events still go to the
JSONL output), and one whose text changed is re-coded and replaces its old
events.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice

from communique.ingest import DEFAULT_MAX_CHARS, read_inputs
from communique.ingest.near_duplicates import NearDuplicate, NearDuplicateIndex, store_batch
from communique.ingest.options import IngestOptions, IngestStats
from communique.model import Article, ArticleResult, Event, Reject
from communique.pipeline import Pipeline, default_pipeline
from communique.store import EventDatabase, JsonlWriter

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

    @property
    def articles_per_second(self) -> float:
        return self.coded / self.seconds if self.seconds > 0 else 0.0


Progress = Callable[[RunSummary], None]
# Codes one batch: its results in input order, and the articles it could not
# code. `code_batch` with a pipeline in this process, or a parallel engine's
# coder (communique/run/parallel.py, communique/run/dask_runner.py).
BatchCoder = Callable[[list[Article]], tuple[list[ArticleResult], list[Reject]]]


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


def _stored_unchanged(articles: list[Article], database: EventDatabase) -> dict[str, list[Event]]:
    """The articles the database holds with the same text, with their stored events."""
    stored = database.stored_hashes(a.id for a in articles)
    unchanged = [a.id for a in articles if stored.get(a.id) == a.content_hash]
    found: dict[str, list[Event]] = {article_id: [] for article_id in unchanged}
    for event in database.events(unchanged) if unchanged else []:
        found[event.article_id].append(event)
    return found


def run(
    inputs: list[str],
    *,
    out: JsonlWriter | None = None,
    database: EventDatabase | None = None,
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
    written in input order either way.

    `recode` codes every article even if the database holds it unchanged
    (after the coder itself changed)."""
    if coder is None:
        coder = partial(code_batch, pipeline or default_pipeline())
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
    for batch in _batches(stream, batch_size):
        articles: list[Article] = []
        rejects: list[Reject] = []
        duplicates: list[NearDuplicate] = []
        for item in batch:
            summary.read += 1
            if isinstance(item, Reject):
                rejects.append(item)
                continue
            if isinstance(item, NearDuplicate):
                duplicates.append(item)
                continue
            where = f"{item.origin}:{item.line}" if item.line else item.origin
            if item.id in seen:
                rejects.append(
                    Reject(item.origin, item.line, f"duplicate id {item.id!r} (first read at {seen[item.id]})", item.id)
                )
                continue
            seen[item.id] = where
            articles.append(item)
        unchanged = _stored_unchanged(articles, database) if database is not None and not recode else {}
        summary.unchanged += len(unchanged)
        to_code = [a for a in articles if a.id not in unchanged]
        results, failed = coder(to_code) if to_code else ([], [])
        rejects.extend(failed)
        summary.coded += len(results)
        summary.events += sum(len(r.events) for r in results)
        if out is not None:
            # In input order; an unchanged article's events come from the database.
            coded = {r.article.id: r.events for r in results}
            for article in articles:
                for event in unchanged.get(article.id) or coded.get(article.id, ()):
                    out.write(event.to_dict())
        if database is not None:
            database.write(results, rejects)
            store_batch(database.con, index, [r.article.id for r in results], duplicates)
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
        summary.seconds = time.perf_counter() - started
        if progress is not None:
            progress(summary)
    if database is not None and (summary.coded or summary.near_duplicates or database.has_unclustered_events()):
        # Clusters span articles, so they are recomputed over the whole
        # database once the run's batches are stored (and again by the next
        # run if this one was killed before they were). Near-duplicate copies
        # count as more articles and outlets of their original's clusters.
        from communique.dedup import recluster

        summary.clusters = recluster(database)
    summary.seconds = time.perf_counter() - started
    return summary
