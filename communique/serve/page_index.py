"""A read index for `GET /v1/events`: every page served from a small
SQLite table in memory, built from the database when the server starts.

Why: DuckDB plans and runs each query afresh, and on a database the size of
the BBC corpus a filtered page costs 3 to 6 ms of CPU (the actor filters
join events, their actor links and the actors table), against 0.03 ms for
SQLite walking an index. With 50 clients on 2 cores that difference is the
difference between queueing and not.

What it holds: for clusters and for event mentions, one row per item in the
order `communique query` lists them (its `rank`), the columns the filters
test, and the JSON text the API sends; and each item's source and target
actors (country, sector), so an actor filter matches any of an event's
sources or targets, as `where_clause` does. Only a read-only database is
indexed: nothing can change it while it is served. `tests/test_serve_index.py`
checks that every filter selects the same items in the same order as
`communique query`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable

import duckdb

from communique.query.filters import EVENT_DAY, EventFilter, split_actor_code
from communique.serve.reads import CLUSTER_FIELDS, CLUSTER_SELECT, MAX_PAGE, Page, cluster_record, with_cluster_id
from communique.store import EventDatabase

_TABLES = ("clusters", "events")

_SCHEMA = """
CREATE TABLE {level} (
    rank INTEGER PRIMARY KEY,  -- the position in `communique query`'s order
    day TEXT,                  -- ISO date: compares as text in date order
    negated INTEGER NOT NULL,
    hypothetical INTEGER NOT NULL,
    future INTEGER NOT NULL,
    event_type TEXT,
    cameo_code TEXT,
    source_country TEXT,
    target_country TEXT,
    location_country TEXT,
    place_key TEXT              -- lower(location_name), lowered by DuckDB as where_clause does
);
CREATE TABLE {level}_json (rank INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE {level}_sides (rank INTEGER NOT NULL, role TEXT NOT NULL, country TEXT NOT NULL, sector TEXT);
CREATE INDEX {level}_sides_by_actor ON {level}_sides (role, country, sector, rank);
"""
# Made after the rows are in; ANALYZE then lets SQLite start from the most
# selective filter instead of walking every row in rank order.
_INDEXES = """
CREATE INDEX {level}_by_place ON {level} (place_key, rank);
CREATE INDEX {level}_by_type ON {level} (event_type, rank);
CREATE INDEX {level}_by_source_country ON {level} (source_country, rank);
CREATE INDEX {level}_by_target_country ON {level} (target_country, rank);
CREATE INDEX {level}_by_location_country ON {level} (location_country, rank);
"""

# Clusters in the order of communique/query/select.py's _CLUSTERS.
_CLUSTER_ROWS = f"""
SELECT {CLUSTER_SELECT}, r.evidence,
       c.date_first, c.negated, c.hypothetical, FALSE, c.event_type, c.cameo_code,
       c.source_country, c.target_country, c.location_country, lower(c.location_name)
FROM clusters c JOIN events r ON r.id = c.representative_event_id
ORDER BY c.date_first DESC NULLS LAST, c.mentions DESC, c.id
"""
_EVENT_ROWS = f"""
SELECT e.id, e.record, e.cluster_id,
       {EVENT_DAY}, e.negated, e.hypothetical, e.future, e.event_type, e.cameo_code,
       e.source_country, e.target_country, e.location_country, lower(e.location_name)
FROM events e
ORDER BY {EVENT_DAY} DESC NULLS LAST, e.article_id, e.sentence_index, e.id
"""
# An item's actors as where_clause's EXISTS sees them.
_SIDES = """
SELECT DISTINCT {key}, ea.role, a.country, a.sector
FROM events ev JOIN event_actors ea ON ea.event_id = ev.id JOIN actors a ON a.id = ea.actor_id
WHERE ea.role IN ('source', 'target') AND a.country IS NOT NULL AND {key} IS NOT NULL
"""
_FILTER_COLUMNS = 11  # rank .. place_key


class PageIndex:
    """Pages of clusters or event mentions, as `reads.page` gives them."""

    def __init__(self, connection: sqlite3.Connection, duckdb: duckdb.DuckDBPyConnection) -> None:
        self._sqlite = connection
        self._lock = threading.Lock()  # one SQLite connection, shared by the server's threads
        self._duckdb = duckdb  # to lower-case place names as the stored keys were
        self._duckdb_lock = threading.Lock()

    @classmethod
    def build(cls, db: EventDatabase) -> PageIndex:
        """Index the database `db`, which must not change while the index is used."""
        sqlite = sqlite3.connect(":memory:", check_same_thread=False)
        for level in _TABLES:
            sqlite.executescript(_SCHEMA.format(level=level))
        cluster_rank = _load(sqlite, "clusters", _cluster_items(db))
        event_rank = _load(sqlite, "events", _event_items(db))
        _load_sides(sqlite, "clusters", db.con.execute(_SIDES.format(key="ev.cluster_id")).fetchall(), cluster_rank)
        _load_sides(sqlite, "events", db.con.execute(_SIDES.format(key="ev.id")).fetchall(), event_rank)
        for level in _TABLES:
            sqlite.executescript(_INDEXES.format(level=level))
        sqlite.execute("ANALYZE")
        sqlite.commit()
        return cls(sqlite, db.con.cursor())

    def count(self, level: str) -> int:
        if level not in _TABLES:
            raise ValueError(f"unknown level {level!r}")
        with self._lock:
            return self._sqlite.execute(f"SELECT count(*) FROM {level}").fetchone()[0]

    def page(self, spec: EventFilter, *, offset: int = 0) -> Page:
        limit = min(spec.limit or 50, MAX_PAGE)
        where, params = self._where(spec)
        level = spec.level
        sql = (
            f"SELECT j.json FROM (SELECT t.rank FROM {level} t {where} ORDER BY t.rank LIMIT ? OFFSET ?) p "
            f"JOIN {level}_json j ON j.rank = p.rank ORDER BY p.rank"
        )
        with self._lock:
            rows = self._sqlite.execute(sql, [*params, limit + 1, offset]).fetchall()
        return Page(items=[row[0] for row in rows[:limit]], offset=offset, limit=limit, has_more=len(rows) > limit)

    def _where(self, spec: EventFilter) -> tuple[str, list[object]]:
        """where_clause (communique/query/filters.py), filter for filter, on the index's columns."""
        parts: list[str] = []
        params: list[object] = []
        for side, code in (("source", spec.source), ("target", spec.target)):
            if code:
                country, sector = split_actor_code(code)
                sector_test = " AND s.sector = ?" if sector else ""
                parts.append(
                    f"t.rank IN (SELECT s.rank FROM {spec.level}_sides s "
                    f"WHERE s.role = ? AND s.country = ?{sector_test})"
                )
                params += [side, country, *([sector] if sector else [])]
        if spec.event_type:
            value = spec.event_type.strip().upper()
            if value.isdigit():
                parts.append("substr(t.cameo_code, 1, ?) = ?")
                params += [len(value), value]
            else:
                parts.append("t.event_type = ?")
                params.append(value)
        if spec.date_from:
            parts.append("t.day >= ?")
            params.append(spec.date_from.isoformat())
        if spec.date_to:
            parts.append("t.day <= ?")
            params.append(spec.date_to.isoformat())
        if spec.country:
            parts.append("(t.source_country = ? OR t.target_country = ? OR t.location_country = ?)")
            params += [spec.country.strip().upper()] * 3
        if spec.place:
            parts.append("t.place_key = ?")
            params.append(self._lower(spec.place.strip()))
        if not spec.include_negated:
            parts.append("NOT t.negated AND NOT t.hypothetical AND NOT t.future")
        return ("WHERE " + " AND ".join(parts)) if parts else "", params

    def _lower(self, text: str) -> str:
        """DuckDB's lower(), which made the stored keys. On ASCII text
        Python's is the same; beyond it they differ on a few letters."""
        if text.isascii():
            return text.lower()
        with self._duckdb_lock:
            return self._duckdb.execute("SELECT lower(?)", [text]).fetchall()[0][0]

    def close(self) -> None:
        self._sqlite.close()
        self._duckdb.close()


def _cluster_items(db: EventDatabase) -> Iterable[tuple[str, str, tuple]]:
    for row in db.con.execute(_CLUSTER_ROWS).fetchall():
        record = cluster_record(row)
        yield record["id"], json.dumps(record, ensure_ascii=False), row[len(CLUSTER_FIELDS) + 1 :]


def _event_items(db: EventDatabase) -> Iterable[tuple[str, str, tuple]]:
    for event_id, record, cluster_id, *filters in db.con.execute(_EVENT_ROWS).fetchall():
        yield event_id, with_cluster_id(record, cluster_id), tuple(filters)


def _load(sqlite: sqlite3.Connection, level: str, items: Iterable[tuple[str, str, tuple]]) -> dict[str, int]:
    """Insert items in order; returns id -> rank."""
    ranks: dict[str, int] = {}
    rows: list[tuple] = []
    texts: list[tuple[int, str]] = []
    for rank, (item_id, text, (day, *rest)) in enumerate(items):
        ranks[item_id] = rank
        rows.append((rank, day.isoformat() if day is not None else None, *rest))
        texts.append((rank, text))
    marks = ", ".join("?" * _FILTER_COLUMNS)
    sqlite.executemany(f"INSERT INTO {level} VALUES ({marks})", rows)
    sqlite.executemany(f"INSERT INTO {level}_json VALUES (?, ?)", texts)
    return ranks


def _load_sides(sqlite: sqlite3.Connection, level: str, rows: list[tuple], ranks: dict[str, int]) -> None:
    sqlite.executemany(
        f"INSERT INTO {level}_sides VALUES (?, ?, ?, ?)",
        [(ranks[key], role, country, sector) for key, role, country, sector in rows if key in ranks],
    )
