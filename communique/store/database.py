"""The embedded DuckDB database: articles, events and rejects.

Each batch of articles is written in one transaction, and an article's
events replace the ones it had before, so re-running the same input adds
nothing and a changed article is re-coded cleanly.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import duckdb

from communique.errors import InputError
from communique.model import ArticleResult, Event, Reject

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    published DATE,
    source VARCHAR,
    url VARCHAR,
    language VARCHAR,
    text VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    origin VARCHAR,
    event_count INTEGER NOT NULL,
    coded_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    event_type VARCHAR NOT NULL,
    mode VARCHAR,
    contexts VARCHAR[],
    cameo_code VARCHAR NOT NULL,
    quad_class TINYINT NOT NULL,
    goldstein DOUBLE NOT NULL,
    source_name VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    target_name VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    source JSON NOT NULL,
    target JSON NOT NULL,
    trigger_text VARCHAR NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    evidence VARCHAR NOT NULL,
    negated BOOLEAN NOT NULL,
    hypothetical BOOLEAN NOT NULL,
    future BOOLEAN NOT NULL,
    historical BOOLEAN NOT NULL,
    date VARCHAR,
    date_precision VARCHAR,
    date_text VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    location JSON,
    speaker JSON,
    confidence DOUBLE NOT NULL,
    record JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS rejects (
    key VARCHAR PRIMARY KEY,  -- origin, line and reason: a re-run replaces, never duplicates
    origin VARCHAR NOT NULL,
    line INTEGER,
    article_id VARCHAR,
    reason VARCHAR NOT NULL,
    seen_at TIMESTAMP NOT NULL
);
"""

_EVENT_COLUMNS = (
    "id, article_id, sentence_index, event_type, mode, contexts, cameo_code, quad_class, goldstein, "
    "source_name, source_country, source_sector, target_name, target_country, target_sector, source, target, "
    "trigger_text, trigger_start, trigger_end, evidence, negated, hypothetical, future, historical, "
    "date, date_precision, date_text, location_name, location_country, lat, lon, location, speaker, "
    "confidence, record"
)


def _event_row(event: Event) -> tuple:
    record = event.to_dict()
    first_source = event.source[0] if event.source else None
    first_target = event.target[0] if event.target else None
    location = event.location
    return (
        event.id,
        event.article_id,
        event.sentence_index,
        event.event_type,
        event.mode,
        list(event.contexts),
        event.cameo_code,
        event.quad_class,
        event.goldstein,
        first_source.name if first_source else None,
        first_source.country if first_source else None,
        first_source.sector if first_source else None,
        first_target.name if first_target else None,
        first_target.country if first_target else None,
        first_target.sector if first_target else None,
        json.dumps(record["source"]),
        json.dumps(record["target"]),
        event.trigger.text,
        event.trigger.start,
        event.trigger.end,
        event.evidence,
        event.modality.negated,
        event.modality.hypothetical,
        event.modality.future,
        event.modality.historical,
        event.date.value,
        event.date.precision,
        event.date.text,
        location.name if location else None,
        location.country if location else None,
        location.lat if location else None,
        location.lon if location else None,
        json.dumps(record["location"]) if location else None,
        json.dumps(record["speaker"]) if event.speaker else None,
        event.confidence,
        json.dumps(record, ensure_ascii=False),
    )


class EventDatabase:
    """A DuckDB file (or ":memory:") holding coded articles and events."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path)
        except duckdb.Error as exc:
            raise InputError(f"cannot open database {self.path}: {exc}") from exc
        self.con.execute(SCHEMA)
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif int(row[0]) > SCHEMA_VERSION:
            raise InputError(f"{self.path} was written by a newer Communique (schema {row[0]})")

    def __enter__(self) -> EventDatabase:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def write(self, results: Sequence[ArticleResult], rejects: Sequence[Reject] = ()) -> None:
        """One transaction: each article replaces its earlier row and events."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.con.execute("BEGIN TRANSACTION")
        try:
            for result in results:
                article = result.article
                self.con.execute("DELETE FROM events WHERE article_id = ?", [article.id])
                self.con.execute(
                    "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
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
                    ],
                )
                if result.events:
                    placeholders = ", ".join("?" * len(_EVENT_COLUMNS.split(", ")))
                    self.con.executemany(
                        f"INSERT OR REPLACE INTO events ({_EVENT_COLUMNS}) VALUES ({placeholders})",
                        [_event_row(e) for e in result.events],
                    )
            for reject in rejects:
                key = f"{reject.origin}\x1f{reject.line}\x1f{reject.reason}"
                self.con.execute(
                    "INSERT OR REPLACE INTO rejects VALUES (?, ?, ?, ?, ?, ?)",
                    [key, reject.origin, reject.line, reject.article_id, reject.reason, now],
                )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def count(self, table: str) -> int:
        if table not in {"articles", "events", "rejects"}:
            raise ValueError(f"unknown table {table!r}")
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def events(self) -> list[Event]:
        rows = self.con.execute("SELECT record FROM events ORDER BY article_id, sentence_index, id").fetchall()
        return [Event.from_dict(json.loads(r[0])) for r in rows]
