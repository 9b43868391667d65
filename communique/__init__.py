"""Communique: news articles in, PLOVER/CAMEO-coded political events out.

    >>> from communique import code_text
    >>> events = code_text("Egypt and Qatar urged Israel to ...", published="2024-01-02")
    >>> events[0].to_dict()["event_type"]

Everything heavy (the spaCy model, the dictionaries) loads on first use and
is shared by every later call in the process.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from communique.ingest.validate import article_from_record, parse_published
from communique.model import Actor, Article, ArticleResult, Event, EventDate, Modality, Place, Reject, Span

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "ArticleResult",
    "Event",
    "EventDate",
    "Modality",
    "Place",
    "Reject",
    "Span",
    "code_articles",
    "code_text",
    "load_pipeline",
]


def load_pipeline():
    """The shared pipeline (model, ontology, lexicon, dictionaries), loaded once."""
    from communique.pipeline import default_pipeline

    return default_pipeline()


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_published(value)


def code_text(
    text: str,
    *,
    published: str | dt.date | None = None,
    article_id: str | None = None,
    title: str | None = None,
    source: str | None = None,
) -> list[Event]:
    """Code one text; returns its events. Raises ValueError if the text
    cannot be coded (empty, too long)."""
    record: dict[str, Any] = {"text": text, "title": title, "source": source}
    if article_id is not None:
        record["id"] = article_id
    article = article_from_record(record, origin="<text>", line=None, default_published=_as_date(published))
    if isinstance(article, Reject):
        raise ValueError(article.reason)
    return list(load_pipeline().code(article).events)


def code_articles(
    articles: Iterable[Article | dict[str, Any]],
    *,
    published: str | dt.date | None = None,
) -> Iterator[ArticleResult | Reject]:
    """Code many articles (`Article`s or records shaped like
    article.schema.json), parsed in batches. Yields one `ArticleResult` per
    article, or a `Reject` saying why a record could not be coded."""
    from communique.run.batch import BATCH_SIZE, code_batch

    default = _as_date(published)
    pipeline = load_pipeline()
    batch: list[Article] = []

    def flush() -> Iterator[ArticleResult | Reject]:
        results, rejects = code_batch(pipeline, batch)
        yield from results
        yield from rejects
        batch.clear()

    for number, item in enumerate(articles, start=1):
        article = (
            item
            if isinstance(item, Article)
            else article_from_record(item, origin="<api>", line=number, default_published=default)
        )
        if isinstance(article, Reject):
            yield article
            continue
        batch.append(article)
        if len(batch) >= BATCH_SIZE:
            yield from flush()
    if batch:
        yield from flush()
