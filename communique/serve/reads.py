"""What the API and the dashboard read: pages of clusters or events, one
cluster with its mentions, actors, and the overview's aggregates.

Every query filters with the same `EventFilter` and `where_clause` as
`communique query` (communique/query/filters.py), so a filter means the
same thing on the command line, in Python and over HTTP; user input only
ever reaches DuckDB as a parameter.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from typing import Any

from communique.query.filters import CLUSTER_DAY, EVENT_DAY, EventFilter, where_clause
from communique.store import EventDatabase

MAX_PAGE = 500

CLUSTER_FIELDS = (
    "id",
    "event_type",
    "cameo_code",
    "quad_class",
    "goldstein",
    "source_name",
    "source_country",
    "source_sector",
    "target_name",
    "target_country",
    "target_sector",
    "date",
    "date_precision",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "negated",
    "hypothetical",
    "mentions",
    "articles",
    "sources",
    "first_seen",
    "last_seen",
)
CLUSTER_SELECT = ", ".join(f"c.{name}" for name in CLUSTER_FIELDS)
_CLUSTER_PAGE = f"""
SELECT {CLUSTER_SELECT}, r.evidence
FROM clusters c JOIN events r ON r.id = c.representative_event_id
{{where}}
ORDER BY {CLUSTER_DAY} DESC NULLS LAST, c.mentions DESC, c.id
LIMIT ? OFFSET ?
"""
# Events: the stored record (event.schema.json) and the cluster it is in;
# the order of `communique query --events`.
_EVENT_PAGE = f"""
SELECT e.record, e.cluster_id
FROM events e
{{where}}
ORDER BY {EVENT_DAY} DESC NULLS LAST, e.article_id, e.sentence_index, e.id
LIMIT ? OFFSET ?
"""


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def cluster_record(row: tuple) -> dict[str, Any]:
    record = {name: _json_value(value) for name, value in zip(CLUSTER_FIELDS, row, strict=False)}
    record["evidence"] = row[len(CLUSTER_FIELDS)]
    return record


def with_cluster_id(record: str, cluster_id: str | None) -> str:
    """The stored JSON record with its cluster id added, without parsing it."""
    return f'{record[:-1]},"cluster_id":{json.dumps(cluster_id)}}}'


@dataclass(frozen=True)
class Page:
    """One page of results; `items` are JSON texts, ready to send."""

    items: list[str]
    offset: int
    limit: int
    has_more: bool

    def to_json(self, next_url: str | None) -> str:
        return (
            f'{{"items":[{",".join(self.items)}],"offset":{self.offset},"limit":{self.limit},'
            f'"count":{len(self.items)},"next":{json.dumps(next_url)}}}'
        )


def page(db: EventDatabase, spec: EventFilter, *, offset: int = 0) -> Page:
    """Clusters (or, with spec.level "events", event mentions) matching
    `spec`, newest first, from `offset`; spec.limit is the page size."""
    limit = min(spec.limit or 50, MAX_PAGE)
    where, params = where_clause(spec)
    # One row more than asked for says whether there is a next page.
    params = [*params, limit + 1, offset]
    if spec.level == "clusters":
        rows = db.con.execute(_CLUSTER_PAGE.format(where=where), params).fetchall()
        items = [json.dumps(cluster_record(row), ensure_ascii=False) for row in rows[:limit]]
    else:
        rows = db.con.execute(_EVENT_PAGE.format(where=where), params).fetchall()
        items = [with_cluster_id(record, cluster_id) for record, cluster_id in rows[:limit]]
    return Page(items=items, offset=offset, limit=limit, has_more=len(rows) > limit)


@dataclass(frozen=True)
class Mention:
    """One report of an event: the coded event and the article it is in."""

    event: dict[str, Any]  # event.schema.json
    article_id: str
    article_title: str | None
    article_source: str | None
    article_url: str | None
    article_published: str | None
    article_text: str


@dataclass(frozen=True)
class EventDetail:
    cluster: dict[str, Any]
    mentions: list[Mention]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.cluster,
            "mention_records": [
                {
                    **m.event,
                    "article": {
                        "id": m.article_id,
                        "title": m.article_title,
                        "source": m.article_source,
                        "url": m.article_url,
                        "published": m.article_published,
                    },
                }
                for m in self.mentions
            ],
        }


def event_detail(db: EventDatabase, event_id: str) -> EventDetail | None:
    """A cluster (by its id, or by the id of any of its mentions) with every
    mention, in the order they were published."""
    rows = db.con.execute(
        f"""
        SELECT {CLUSTER_SELECT}, r.evidence
        FROM clusters c JOIN events r ON r.id = c.representative_event_id
        WHERE c.id = ? OR c.id = (SELECT cluster_id FROM events WHERE id = ?)
        LIMIT 1
        """,
        [event_id, event_id],
    ).fetchall()
    if not rows:
        return None
    cluster = cluster_record(rows[0])
    mentions = db.con.execute(
        """
        SELECT e.record, a.id, a.title, a.source, a.url, a.published, a.text
        FROM events e JOIN articles a ON a.id = e.article_id
        WHERE e.cluster_id = ?
        ORDER BY a.published NULLS LAST, a.id, e.sentence_index, e.id
        """,
        [cluster["id"]],
    ).fetchall()
    return EventDetail(
        cluster=cluster,
        mentions=[
            Mention(
                event=json.loads(record),
                article_id=article_id,
                article_title=title,
                article_source=source,
                article_url=url,
                article_published=published.isoformat() if published else None,
                article_text=text,
            )
            for record, article_id, title, source, url, published, text in mentions
        ],
    )


def _and(where: str, condition: str) -> str:
    return f"{where} AND {condition}" if where else f"WHERE {condition}"


def _clusters_where(spec: EventFilter) -> tuple[str, list[object]]:
    return where_clause(replace(spec, level="clusters", limit=None))


def actors(db: EventDatabase, spec: EventFilter, *, top: int = 20) -> list[dict[str, Any]]:
    """Actors (country, with sector where known) by the clusters they are in,
    as source or target, most active first."""
    where, params = _clusters_where(spec)
    rows = db.con.execute(
        f"""
        WITH sides AS (
            SELECT c.source_country AS country, c.source_sector AS sector, c.source_name AS name, 1 AS as_source
            FROM clusters c {_and(where, "c.source_country IS NOT NULL")}
            UNION ALL
            SELECT c.target_country, c.target_sector, c.target_name, 0
            FROM clusters c {_and(where, "c.target_country IS NOT NULL")}
        )
        SELECT country, count(*) AS clusters, sum(as_source)::INTEGER AS as_source,
               (count(*) - sum(as_source))::INTEGER AS as_target,
               mode(name) AS common_name
        FROM sides GROUP BY country ORDER BY clusters DESC, country LIMIT ?
        """,
        [*params, *params, top],
    ).fetchall()
    return [
        {"code": code, "clusters": n, "as_source": s, "as_target": t, "common_name": name}
        for code, n, s, t, name in rows
    ]


def dyads(db: EventDatabase, spec: EventFilter, *, top: int = 10) -> list[dict[str, Any]]:
    """Source -> target country pairs by clusters, with summed Goldstein."""
    where, params = _clusters_where(spec)
    condition = "c.source_country IS NOT NULL AND c.target_country IS NOT NULL AND c.source_country <> c.target_country"
    rows = db.con.execute(
        f"""
        SELECT c.source_country, c.target_country, count(*), round(sum(c.goldstein), 1)
        FROM clusters c {_and(where, condition)}
        GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?
        """,
        [*params, top],
    ).fetchall()
    return [{"source": s, "target": t, "clusters": n, "goldstein": g} for s, t, n, g in rows]


@dataclass(frozen=True)
class QuadCounts:
    period: dt.date
    counts: tuple[int, int, int, int]  # verbal coop, material coop, verbal conflict, material conflict


def quad_series(db: EventDatabase, spec: EventFilter, *, by: str = "month") -> list[QuadCounts]:
    """Clusters per period and QuadClass."""
    if by not in ("day", "week", "month", "year"):
        raise ValueError(f"unknown period {by!r}")
    where, params = _clusters_where(spec)
    rows = db.con.execute(
        f"""
        SELECT CAST(date_trunc(?, c.date_first) AS DATE) AS period,
               count(*) FILTER (WHERE c.quad_class = 1), count(*) FILTER (WHERE c.quad_class = 2),
               count(*) FILTER (WHERE c.quad_class = 3), count(*) FILTER (WHERE c.quad_class = 4)
        FROM clusters c {_and(where, "c.date_first IS NOT NULL")}
        GROUP BY 1 ORDER BY 1
        """,
        [by, *params],
    ).fetchall()
    return [QuadCounts(period, (q1, q2, q3, q4)) for period, q1, q2, q3, q4 in rows]


@dataclass(frozen=True)
class MapPoint:
    name: str
    country: str | None
    lat: float
    lon: float
    clusters: int


def map_points(db: EventDatabase, spec: EventFilter, *, top: int = 300) -> list[MapPoint]:
    """Event locations with their cluster counts, busiest first."""
    where, params = _clusters_where(spec)
    rows = db.con.execute(
        f"""
        SELECT c.location_name, c.location_country, avg(c.lat), avg(c.lon), count(*)
        FROM clusters c {_and(where, "c.lat IS NOT NULL AND c.lon IS NOT NULL")}
        GROUP BY 1, 2 ORDER BY 5 DESC, 1 LIMIT ?
        """,
        [*params, top],
    ).fetchall()
    return [MapPoint(name, country, lat, lon, n) for name, country, lat, lon, n in rows]


def event_types(db: EventDatabase) -> list[str]:
    return [row[0] for row in db.con.execute("SELECT DISTINCT event_type FROM clusters ORDER BY 1").fetchall()]
