"""What a database holds, for `communique summary` and for Python users."""

from __future__ import annotations

from dataclasses import dataclass

from communique.store.database import EventDatabase

Row = tuple[object, ...]

_BY_TYPE = """
SELECT event_type, count(*), sum(negated::INT), sum((hypothetical OR future)::INT), round(avg(goldstein), 1)
FROM events GROUP BY 1 ORDER BY 2 DESC, 1
"""
_DYADS = """
SELECT coalesce(source_country, '?'), coalesce(target_country, '-'), count(*),
       string_agg(DISTINCT event_type, ', ' ORDER BY event_type)
FROM events GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?
"""
_EXAMPLES = """
SELECT date, event_type, cameo_code, source_name || coalesce(' (' || source_country || ')', ''),
       trigger_text, coalesce(target_name || coalesce(' (' || target_country || ')', ''), '')
FROM events WHERE NOT negated ORDER BY confidence DESC, date DESC, id LIMIT ?
"""


@dataclass(frozen=True)
class DatabaseSummary:
    articles: int
    events: int
    rejects: int
    by_type: list[Row]  # type, events, negated, hypothetical or future, mean Goldstein
    dyads: list[Row]  # source country, target country, events, types
    examples: list[Row]  # date, type, CAMEO, source, trigger, target


def summarize(db: EventDatabase, *, dyads: int = 10, examples: int = 8) -> DatabaseSummary:
    con = db.con
    return DatabaseSummary(
        articles=db.count("articles"),
        events=db.count("events"),
        rejects=db.count("rejects"),
        by_type=con.execute(_BY_TYPE).fetchall(),
        dyads=con.execute(_DYADS, [dyads]).fetchall(),
        examples=con.execute(_EXAMPLES, [examples]).fetchall(),
    )
