"""The embedded DuckDB database: articles, events, their actors and places,
event clusters and rejects.

Each batch of articles is written in one transaction, and an article's
events replace the ones it had before, so re-running the same input adds
nothing, a changed article is re-coded cleanly, and a run killed at any
moment leaves only whole batches behind.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

import duckdb
import pyarrow as pa

from communique.errors import InputError
from communique.model import ArticleResult, Event, Reject
from communique.store.rows import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    LINK_COLUMNS,
    PLACE_COLUMNS,
    REJECT_COLUMNS,
    actor_rows,
    event_row,
    place_row,
)
from communique.store.schema import SCHEMA_VERSION, current_version, migrate

# An article's events in the order they were coded (databases migrated from
# version 1 have no position: sentence and trigger order).
_EVENT_ORDER = "position NULLS LAST, sentence_index, trigger_start, id"
TABLES = frozenset({"articles", "events", "actors", "event_actors", "places", "clusters", "rejects"})


class EventDatabase:
    """A DuckDB file (or ":memory:") holding coded articles and events.

    Opening an older database migrates it to the current schema."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise InputError(f"cannot open database {self.path}: {exc}") from exc
        try:
            version = current_version(self.con) if not read_only else self._read_version()
        except duckdb.Error as exc:
            self.con.close()
            raise InputError(f"{self.path} is not a Communique database: {exc}") from exc
        if version > SCHEMA_VERSION:
            self.con.close()
            raise InputError(f"{self.path} was written by a newer Communique (schema {version})")
        if version < SCHEMA_VERSION:
            if read_only:
                self.con.close()
                raise InputError(f"{self.path} has schema {version}; open it once for writing to migrate it")
            migrate(self.con)

    def _read_version(self) -> int:
        rows = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        return int(rows[0][0]) if rows else 0

    @property
    def schema_version(self) -> int:
        return self._read_version()

    def __enter__(self) -> EventDatabase:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def write(self, results: Sequence[ArticleResult], rejects: Sequence[Reject] = ()) -> None:
        """One transaction: each article replaces its earlier row and events."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        ids = [r.article.id for r in results]
        articles = [_article_row(r, now) for r in results]
        events = [event_row(e, i) for r in results for i, e in enumerate(r.events)]
        actors: dict[str, tuple] = {}
        links: list[tuple] = []
        for event in (e for r in results for e in r.events):
            for actor, link in actor_rows(event):
                actors[actor[0]] = actor
                links.append(link)
        places = {row[0]: row for row in (place_row(e.location) for r in results for e in r.events if e.location)}
        reject_rows = [
            (f"{x.origin}\x1f{x.line}\x1f{x.reason}", x.origin, x.line, x.article_id, x.reason, now) for x in rejects
        ]
        self.con.execute("BEGIN TRANSACTION")
        try:
            if ids:
                self.con.execute(
                    "DELETE FROM event_actors WHERE event_id IN "
                    "(SELECT id FROM events WHERE article_id IN (SELECT unnest(?::VARCHAR[])))",
                    [ids],
                )
                self.con.execute("DELETE FROM events WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
            self._insert("articles", ARTICLE_COLUMNS, articles)
            self._insert("events", EVENT_COLUMNS, events)
            self._insert("actors", ACTOR_COLUMNS, list(actors.values()), replace=False)
            self._insert("event_actors", LINK_COLUMNS, links)
            self._insert("places", PLACE_COLUMNS, list(places.values()), replace=False)
            self._insert("rejects", REJECT_COLUMNS, reject_rows)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _insert(self, table: str, columns: str, rows: Sequence[tuple], *, replace: bool = True) -> None:
        """Many rows in one statement, through an Arrow table (row-by-row
        inserts are a thousand times slower)."""
        if not rows:
            return
        names = [c.strip() for c in columns.split(",")]
        batch = pa.Table.from_pydict({name: [row[i] for row in rows] for i, name in enumerate(names)})
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        self.con.register("_batch_rows", batch)
        try:
            self.con.execute(f"{verb} INTO {table} ({columns}) SELECT {columns} FROM _batch_rows")
        finally:
            self.con.unregister("_batch_rows")

    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Article id -> content hash, for those of `ids` already stored."""
        wanted = list(ids)
        if not wanted:
            return {}
        rows = self.con.execute(
            "SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
        ).fetchall()
        return {row[0]: row[1] for row in rows}

    def has_unclustered_events(self) -> bool:
        # fetchall, not fetchone: DuckDB 2 refuses new work while a result is unfinished.
        return bool(self.con.execute("SELECT count(*) FROM events WHERE cluster_id IS NULL").fetchall()[0][0])

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])

    def events(self, article_ids: Iterable[str] | None = None) -> list[Event]:
        """Stored events (of the given articles only, if given), in article order."""
        if article_ids is None:
            rows = self.con.execute(f"SELECT record FROM events ORDER BY article_id, {_EVENT_ORDER}").fetchall()
        else:
            rows = self.con.execute(
                "SELECT record FROM events WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
                f"ORDER BY article_id, {_EVENT_ORDER}",
                [list(article_ids)],
            ).fetchall()
        return [Event.from_dict(json.loads(r[0])) for r in rows]


def _article_row(result: ArticleResult, now: dt.datetime) -> tuple:
    article = result.article
    return (
        article.id,
        article.title,
        article.published,
        article.source,
        article.url,
        article.language,
        article.text,
        article.content_hash,
        article.origin,
        len(result.events),
        now,
    )
