"""The queries behind `communique query`, `dyad` and `stats`: each takes
a database and typed options and returns rows or a DataFrame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from communique.query.filters import CLUSTER_DAY, EVENT_DAY, EventFilter, split_actor_code, where_clause
from communique.store import EventDatabase

Period = Literal["day", "week", "month", "year"]

_CLUSTERS = f"""
SELECT c.id AS cluster_id, c.date, c.event_type, c.cameo_code, c.quad_class, c.goldstein,
       c.source_name, c.source_country, c.source_sector, c.target_name, c.target_country, c.target_sector,
       c.location_name, c.location_country, c.negated, c.hypothetical,
       c.mentions, c.articles, c.sources, c.first_seen, c.last_seen, r.evidence
FROM clusters c JOIN events r ON r.id = c.representative_event_id
{{where}}
ORDER BY {CLUSTER_DAY} DESC NULLS LAST, c.mentions DESC, c.id
{{limit}}
"""
_EVENTS = f"""
SELECT e.id AS event_id, e.cluster_id, e.article_id, e.date, e.event_type, e.cameo_code, e.quad_class,
       e.goldstein, e.source_name, e.source_country, e.source_sector, e.target_name, e.target_country,
       e.target_sector, e.location_name, e.location_country, e.negated, e.hypothetical, e.future,
       e.confidence, e.evidence
FROM events e
{{where}}
ORDER BY {EVENT_DAY} DESC NULLS LAST, e.article_id, e.sentence_index, e.id
{{limit}}
"""


def query_events(db: EventDatabase, spec: EventFilter) -> pd.DataFrame:
    """Clusters (default) or event mentions matching `spec`, newest first."""
    where, params = where_clause(spec)
    template = _CLUSTERS if spec.level == "clusters" else _EVENTS
    limit = ""
    if spec.limit is not None:
        limit = "LIMIT ?"
        params = [*params, spec.limit]
    return db.con.execute(template.format(where=where, limit=limit), params).df()


_TRUNC = {"day": "day", "week": "week", "month": "month", "year": "year"}


def dyad_series(
    db: EventDatabase, source: str, target: str, *, by: Period = "month", both_directions: bool = True
) -> pd.DataFrame:
    """The dyad's clusters per period: counts per QuadClass, summed
    Goldstein, and the cooperation-conflict balance ((coop - conflict) /
    all, from -1 all conflict to 1 all cooperation). Negated and
    hypothetical clusters are left out."""
    if by not in _TRUNC:
        raise ValueError(f"unknown period {by!r}")
    a_country, a_sector = split_actor_code(source)
    b_country, b_sector = split_actor_code(target)
    if a_sector or b_sector:
        both_directions = False  # "AFGGOV" to "PAKMIL" names a direction
    direction = (
        "((c.source_country = ? AND c.target_country = ?) OR (c.source_country = ? AND c.target_country = ?))"
        if both_directions
        else "(c.source_country = ? AND c.target_country = ?)"
    )
    params: list[object] = [a_country, b_country]
    if both_directions:
        params += [b_country, a_country]
    sectors = ""
    if a_sector or b_sector:
        sectors = " AND coalesce(c.source_sector = ?, TRUE) AND coalesce(c.target_sector = ?, TRUE)"
        params += [a_sector, b_sector]
    return period_series(db, direction + sectors, params, by)


_SERIES = """
SELECT CAST(date_trunc(?, c.date_first) AS DATE) AS period,
       count(*) AS events,
       count(*) FILTER (WHERE c.quad_class = 1) AS verbal_cooperation,
       count(*) FILTER (WHERE c.quad_class = 2) AS material_cooperation,
       count(*) FILTER (WHERE c.quad_class = 3) AS verbal_conflict,
       count(*) FILTER (WHERE c.quad_class = 4) AS material_conflict,
       round(sum(c.goldstein), 1) AS goldstein,
       round((count(*) FILTER (WHERE c.quad_class IN (1, 2)) - count(*) FILTER (WHERE c.quad_class IN (3, 4)))
             / count(*), 2) AS balance
FROM clusters c
WHERE {condition} AND NOT c.negated AND NOT c.hypothetical AND c.date_first IS NOT NULL
GROUP BY 1 ORDER BY 1
"""


def period_series(db: EventDatabase, condition: str, params: list[object], by: Period) -> pd.DataFrame:
    """The clusters `condition` selects (SQL over clusters as `c`, with `?`
    parameters), per period, with the columns of `dyad_series`; every period
    from the first to the last."""
    if by not in _TRUNC:
        raise ValueError(f"unknown period {by!r}")
    return _fill_gaps(db.con.execute(_SERIES.format(condition=condition), [_TRUNC[by], *params]).df(), by)


_FREQUENCY = {"day": "D", "week": "W-MON", "month": "MS", "year": "YS"}


def _fill_gaps(series: pd.DataFrame, by: Period) -> pd.DataFrame:
    """Every period between the first and the last, with zero events where
    nothing happened: a time series a researcher can plot or model as is.
    The balance of an empty period is undefined (NaN)."""
    if series.empty:
        return series
    series["period"] = pd.to_datetime(series["period"])
    periods = pd.date_range(series["period"].min(), series["period"].max(), freq=_FREQUENCY[by])
    full = series.set_index("period").reindex(periods)
    counts = [c for c in full.columns if c != "balance"]
    full[counts] = full[counts].fillna(0)
    full = full.astype({c: "int64" for c in counts if c != "goldstein"})
    return full.rename_axis("period").reset_index()


@dataclass(frozen=True)
class Stats:
    articles: int
    events: int
    clusters: int
    rejects: int
    top_actors: pd.DataFrame
    top_dyads: pd.DataFrame
    types_over_time: pd.DataFrame


def database_stats(db: EventDatabase, *, top: int = 10, by: Period = "year") -> Stats:
    """Totals, the most active actors and dyads (by clusters), and event
    types per period; asserted events only."""
    if by not in _TRUNC:
        raise ValueError(f"unknown period {by!r}")
    con = db.con
    actors = con.execute(
        """
        SELECT country, count(*) AS clusters, CAST(sum(as_source) AS INTEGER) AS as_source,
               CAST(sum(1 - as_source) AS INTEGER) AS as_target
        FROM (SELECT source_country AS country, 1 AS as_source FROM clusters
              WHERE source_country IS NOT NULL AND NOT negated AND NOT hypothetical
              UNION ALL
              SELECT target_country, 0 FROM clusters
              WHERE target_country IS NOT NULL AND NOT negated AND NOT hypothetical)
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?
        """,
        [top],
    ).df()
    dyads = con.execute(
        """
        SELECT source_country AS source, target_country AS target, count(*) AS clusters,
               CAST(sum(mentions) AS INTEGER) AS mentions, round(sum(goldstein), 1) AS goldstein
        FROM clusters
        WHERE source_country IS NOT NULL AND target_country IS NOT NULL AND source_country <> target_country
          AND NOT negated AND NOT hypothetical
        GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?
        """,
        [top],
    ).df()
    types = con.execute(
        """
        SELECT CAST(date_trunc(?, date_first) AS DATE) AS period, event_type, count(*) AS clusters
        FROM clusters WHERE date_first IS NOT NULL AND NOT negated AND NOT hypothetical
        GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2
        """,
        [_TRUNC[by]],
    ).df()
    pivot = (
        types.pivot_table(index="period", columns="event_type", values="clusters", fill_value=0)
        .astype(int)
        .reset_index()
        if not types.empty
        else types
    )
    return Stats(
        articles=db.count("articles"),
        events=db.count("events"),
        clusters=db.count("clusters"),
        rejects=db.count("rejects"),
        top_actors=actors,
        top_dyads=dyads,
        types_over_time=pivot,
    )
