"""Coded partitions as Arrow tables, kept as Parquet files.

A partition is one batch of the run. Its table has one row per article,
in input order: the article's id, the reason it was rejected (or null), and
its events as JSON records (the output contract). The articles themselves
stay with the writer, which already holds them, so only results travel.

A finished partition's file is named by a key over its articles' ids and
texts and the pipeline's settings: a re-run of the same input finds it and
codes nothing again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from communique import __version__
from communique.model import Article, ArticleResult, Event, Reject

SCHEMA = pa.schema(
    [
        ("position", pa.int32()),
        ("article_id", pa.string()),
        ("reject", pa.string()),
        ("events", pa.list_(pa.string())),
    ]
)


def encode(
    articles: Sequence[Article], results: Sequence[ArticleResult], rejects: Sequence[Reject], *, offset: int = 0
) -> pa.Table:
    """The table for `articles`, numbered from `offset` within their partition."""
    coded = {r.article.id: r.events for r in results}
    failed = {r.article_id: r.reason for r in rejects}
    rows: dict[str, list] = {"position": [], "article_id": [], "reject": [], "events": []}
    for position, article in enumerate(articles, start=offset):
        if article.id not in coded and article.id not in failed:
            raise ValueError(f"article {article.id!r} was neither coded nor rejected")
        rows["position"].append(position)
        rows["article_id"].append(article.id)
        rows["reject"].append(failed.get(article.id))
        events = coded.get(article.id, ())
        rows["events"].append([json.dumps(e.to_dict(), ensure_ascii=False) for e in events])
    return pa.Table.from_pydict(rows, schema=SCHEMA)


def decode(table: pa.Table, articles: Sequence[Article]) -> tuple[list[ArticleResult], list[Reject]]:
    """Results and rejects in input order, as `code_batch` returns them."""
    rows = sorted(table.to_pylist(), key=lambda row: row["position"])
    if [row["article_id"] for row in rows] != [a.id for a in articles]:
        raise ValueError("a coded partition does not hold the articles of its batch")
    results: list[ArticleResult] = []
    rejects: list[Reject] = []
    for row, article in zip(rows, articles, strict=True):
        if row["reject"] is not None:
            rejects.append(Reject(article.origin, article.line, row["reject"], article.id))
        else:
            events = tuple(Event.from_dict(json.loads(record)) for record in row["events"])
            results.append(ArticleResult(article, events))
    return results, rejects


def partition_key(articles: Sequence[Article], settings: str = "") -> str:
    """Names a partition by what decides its events: the articles' ids and
    texts, the Communique version and the pipeline's settings."""
    digest = hashlib.sha256(f"{__version__}\x1e{settings}".encode())
    for article in articles:
        digest.update(f"\x1e{article.id}\x1f{article.content_hash}".encode())
    return digest.hexdigest()[:32]


def save(table: pa.Table, path: Path) -> None:
    """Written beside its name and renamed into it: a file that exists is whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    pq.write_table(table, partial)
    os.replace(partial, path)


def load(path: Path) -> pa.Table:
    return pq.read_table(path, schema=SCHEMA)
