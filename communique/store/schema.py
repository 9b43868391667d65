"""The database schema, as an ordered list of migrations.

A new database runs every migration from the first; an older one runs those
it has not seen. So a database made by version 1 and migrated is the same as
one made fresh, and there is one description of the schema, not two.
Each migration runs in the same transaction as the version bump, so a
migration killed halfway leaves the database at its old version.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

Connection = duckdb.DuckDBPyConnection

_V1 = """
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

# Version 2: actors and places as tables of their own (an event links to
# them), the event fields version 1 kept only in `record`, and event
# clusters (communique/dedup).
_V2 = """
ALTER TABLE events ADD COLUMN is_main BOOLEAN;
ALTER TABLE events ADD COLUMN signal VARCHAR;
ALTER TABLE events ADD COLUMN place_id VARCHAR;
ALTER TABLE events ADD COLUMN cluster_id VARCHAR;
ALTER TABLE events ADD COLUMN position INTEGER;  -- order among its article's events, as coded
CREATE TABLE actors (
    id VARCHAR PRIMARY KEY,  -- a hash of name, country, sector and wikidata id
    name VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    wikidata VARCHAR
);
CREATE TABLE event_actors (
    event_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,  -- source, target or speaker
    position INTEGER NOT NULL,  -- order within the role's list
    actor_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,  -- the words in the article
    start_char INTEGER,
    end_char INTEGER,
    PRIMARY KEY (event_id, role, position)
);
CREATE TABLE places (
    id VARCHAR PRIMARY KEY,  -- geonames:<id>, or a hash of name, country, admin1 and precision
    name VARCHAR NOT NULL,
    country VARCHAR,
    admin1 VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    precision VARCHAR NOT NULL,
    geonames_id BIGINT
);
CREATE TABLE clusters (
    id VARCHAR PRIMARY KEY,
    event_type VARCHAR NOT NULL,
    event_types VARCHAR[] NOT NULL,  -- every type its mentions were coded as
    cameo_code VARCHAR NOT NULL,
    quad_class TINYINT NOT NULL,
    goldstein DOUBLE NOT NULL,
    source_name VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    target_name VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    date VARCHAR,
    date_precision VARCHAR,
    date_first DATE,
    date_last DATE,
    place_id VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    negated BOOLEAN NOT NULL,
    hypothetical BOOLEAN NOT NULL,  -- hypothetical or future
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    sources INTEGER NOT NULL,  -- distinct outlets
    first_seen DATE,
    last_seen DATE,
    representative_event_id VARCHAR NOT NULL
);
"""


def _backfill_v2(con: Connection) -> None:
    """Fill version 2's new columns and tables from the events' records."""
    from communique.model import Event
    from communique.store.rows import actor_rows, place_row

    rows = con.execute("SELECT record FROM events").fetchall()
    for (record,) in rows:
        event = Event.from_dict(json.loads(record))
        place = place_row(event.location) if event.location else None
        con.execute(
            "UPDATE events SET is_main = ?, signal = ?, place_id = ? WHERE id = ?",
            [event.is_main, event.signal, place[0] if place else None, event.id],
        )
        if place:
            con.execute("INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", list(place))
        for actor, link in actor_rows(event):
            con.execute("INSERT OR IGNORE INTO actors VALUES (?, ?, ?, ?, ?)", list(actor))
            con.execute("INSERT OR REPLACE INTO event_actors VALUES (?, ?, ?, ?, ?, ?, ?)", list(link))


@dataclass(frozen=True)
class Migration:
    version: int
    statements: str
    backfill: Callable[[Connection], None] | None = None


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, _V1),
    Migration(2, _V2, _backfill_v2),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def current_version(con: Connection) -> int:
    """0 for an empty database."""
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else 0


def migrate(con: Connection) -> list[int]:
    """Bring the database up to SCHEMA_VERSION; returns the versions applied."""
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.version <= current_version(con):
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.statements)
            if migration.backfill:
                migration.backfill(con)
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                [str(migration.version)],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
