"""Dyads between any two actors: a country ("USA"), a country's sector
("USAGOV", "USA GOV"), or a named actor, by its Wikidata id ("Q7747") or its
name as stored ("Vladimir Putin", or "name:Israel" where the name could be
read as a code).

A pair of countries is counted as `communique dyad` counts it (a cluster's
source and target countries), so the API, the dashboard and the CLI agree.
A pair naming a sector or an actor is counted by the events' actor links: a
cluster is in the dyad when one of its mentions has the one actor among its
sources and the other among its targets. Negated and hypothetical clusters
are left out, as in every dyad series.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from communique.errors import InputError
from communique.query.select import Period, dyad_series, period_series
from communique.serve.reads import CLUSTER_SELECT, cluster_record
from communique.store import EventDatabase

ActorKind = Literal["country", "sector", "wikidata", "name"]

_COUNTRY = re.compile(r"[A-Za-z]{3}")
_SECTOR = re.compile(r"([A-Za-z]{3})[ _]?([A-Za-z]{3})")
_WIKIDATA = re.compile(r"[Qq][0-9]{1,12}")
# Names as the resolver stores them: letters of any script, digits, spaces, and . ' ’ & ( ) , -
_NAME = re.compile(r"[\w .'’&(),-]{2,100}")
MAX_REFERENCE = 110


@dataclass(frozen=True)
class ActorRef:
    """One side of a dyad."""

    kind: ActorKind
    value: str  # "USA", "USAGOV", "Q7747" or a name

    @property
    def key(self) -> str:
        """The reference as the API and the dashboard's links write it."""
        if self.kind == "name" and (_COUNTRY.fullmatch(self.value) or _SECTOR.fullmatch(self.value)):
            return f"name:{self.value}"
        return self.value

    def condition(self, alias: str) -> tuple[str, list[object]]:
        """SQL over the actors table (as `alias`) that holds for this actor."""
        if self.kind == "country":
            return f"{alias}.country = ?", [self.value]
        if self.kind == "sector":
            return f"({alias}.country = ? AND {alias}.sector = ?)", [self.value[:3], self.value[3:]]
        if self.kind == "wikidata":
            return f"{alias}.wikidata = ?", [self.value]
        return f"lower({alias}.name) = lower(?)", [self.value]


def parse_actor(text: str) -> ActorRef:
    """ "USA" -> a country; "USAGOV" or "USA GOV" -> a sector; "Q7747" -> a
    Wikidata id; "name:X" or any other name -> an actor's stored name."""
    value = text.strip()
    if not value or len(value) > MAX_REFERENCE:
        raise InputError(f"an actor is a code (USA, USAGOV), a Wikidata id (Q7747) or a name; got {text[:40]!r}")
    if value.lower().startswith("name:"):
        name = value[5:].strip()
        if not _NAME.fullmatch(name):
            raise InputError(f"not an actor name: {name[:40]!r}")
        return ActorRef("name", name)
    if _COUNTRY.fullmatch(value):
        return ActorRef("country", value.upper())
    sector = _SECTOR.fullmatch(value)
    if sector:
        return ActorRef("sector", (sector.group(1) + sector.group(2)).upper())
    if _WIKIDATA.fullmatch(value):
        return ActorRef("wikidata", value.upper())
    if _NAME.fullmatch(value):
        return ActorRef("name", value)
    raise InputError(f"not an actor: {value[:40]!r} (a code such as USA or USAGOV, a Wikidata id, or a name)")


def check_actor(db: EventDatabase, ref: ActorRef) -> None:
    """Refuse what would only draw an empty chart for a reason the analyst
    can fix: a named actor the database does not hold, or a sector no actor
    has, which is most likely a name read as a code ("Israel" as ISR + AEL)."""
    if ref.kind == "country":
        return
    if ref.kind == "sector":
        sector = ref.value[3:]
        known = db.con.execute("SELECT count(*) FROM actors WHERE sector = ?", [sector]).fetchall()[0][0]
        if not known:
            raise InputError(
                f"no actor in this database has the sector {sector!r} (from {ref.value}); "
                "to give an actor's name that looks like a code, write name: before it, as in name:Israel"
            )
        return
    condition, params = ref.condition("a")
    if not db.con.execute(f"SELECT count(*) FROM actors a WHERE {condition}", params).fetchall()[0][0]:
        what = "with the Wikidata id" if ref.kind == "wikidata" else "named"
        raise InputError(f"no actor {what} {ref.value!r} in this database")


def describe(db: EventDatabase, ref: ActorRef) -> dict[str, Any]:
    """What an actor reference stands for: its most frequent stored name,
    country and sector, and how many stored actor entries it matches."""
    condition, params = ref.condition("a")
    rows = db.con.execute(
        f"SELECT count(*), mode(a.name), mode(a.country), mode(a.sector), mode(a.wikidata) FROM actors a "
        f"WHERE {condition}",
        params,
    ).fetchall()
    count, name, country, sector, wikidata = rows[0]
    return {
        "key": ref.key,
        "kind": ref.kind,
        "name": name if ref.kind in ("wikidata", "name") else None,
        "country": country,
        "sector": ref.value[3:] if ref.kind == "sector" else sector if ref.kind != "country" else None,
        "wikidata": wikidata if ref.kind in ("wikidata", "name") else None,
        "actor_entries": int(count),
    }


def _by_countries(a: ActorRef, b: ActorRef) -> bool:
    return a.kind == "country" and b.kind == "country"


def _mentions_condition(a: ActorRef, b: ActorRef, *, directed: bool) -> tuple[str, list[object]]:
    """`c.id IN (...)`: clusters with a mention whose sources hold one actor
    and whose targets hold the other."""
    a_source, a_source_params = a.condition("x")
    b_target, b_target_params = b.condition("y")
    pairs = f"({a_source} AND {b_target})"
    params = [*a_source_params, *b_target_params]
    if not directed:
        b_source, b_source_params = b.condition("x")
        a_target, a_target_params = a.condition("y")
        pairs = f"({pairs} OR ({b_source} AND {a_target}))"
        params += [*b_source_params, *a_target_params]
    sql = f"""c.id IN (
        SELECT ev.cluster_id FROM events ev
        JOIN event_actors sa ON sa.event_id = ev.id AND sa.role = 'source' JOIN actors x ON x.id = sa.actor_id
        JOIN event_actors ta ON ta.event_id = ev.id AND ta.role = 'target' JOIN actors y ON y.id = ta.actor_id
        WHERE {pairs})"""
    return sql, params


def _countries_condition(a: ActorRef, b: ActorRef, *, directed: bool) -> tuple[str, list[object]]:
    forward = "(c.source_country = ? AND c.target_country = ?)"
    if directed:
        return forward, [a.value, b.value]
    return f"({forward} OR {forward})", [a.value, b.value, b.value, a.value]


def dyad_condition(a: ActorRef, b: ActorRef, *, directed: bool = False) -> tuple[str, list[object]]:
    """SQL over clusters (as `c`) that selects the dyad's clusters."""
    if _by_countries(a, b):
        return _countries_condition(a, b, directed=directed)
    return _mentions_condition(a, b, directed=directed)


def actor_dyad_series(
    db: EventDatabase, a: ActorRef, b: ActorRef, *, by: Period = "month", directed: bool = False
) -> pd.DataFrame:
    """The columns of `communique dyad` (query.select.dyad_series), which a
    pair of countries gets as it is."""
    if by not in ("day", "week", "month", "year"):
        raise ValueError(f"unknown period {by!r}")
    if _by_countries(a, b):
        return dyad_series(db, a.value, b.value, by=by, both_directions=not directed)
    condition, params = _mentions_condition(a, b, directed=directed)
    return period_series(db, condition, params, by)


def dyad_clusters(
    db: EventDatabase,
    a: ActorRef,
    b: ActorRef,
    *,
    period_start: dt.date,
    period_end: dt.date,
    directed: bool = False,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """The dyad's clusters in [period_start, period_end): the events behind
    one point of its series."""
    condition, params = dyad_condition(a, b, directed=directed)
    rows = db.con.execute(
        f"""
        SELECT {CLUSTER_SELECT}, r.evidence
        FROM clusters c JOIN events r ON r.id = c.representative_event_id
        WHERE {condition} AND NOT c.negated AND NOT c.hypothetical AND c.date_first >= ? AND c.date_first < ?
        ORDER BY c.date_first, c.id LIMIT ?
        """,
        [*params, period_start, period_end, limit],
    ).fetchall()
    return [cluster_record(row) for row in rows]


def dyad_choices(db: EventDatabase, *, top: int = 60) -> list[dict[str, Any]]:
    """What the dashboard offers to pick: the busiest countries, country
    sectors and named actors (with a Wikidata id), by the clusters they are
    in as source or target."""
    rows = db.con.execute(
        """
        WITH sides AS (
            SELECT DISTINCT ev.cluster_id, a.country, a.sector, a.wikidata, a.name
            FROM events ev JOIN event_actors ea ON ea.event_id = ev.id AND ea.role IN ('source', 'target')
            JOIN actors a ON a.id = ea.actor_id
        ),
        countries AS (
            SELECT 'country' AS kind, country AS key, mode(name) AS label, count(DISTINCT cluster_id) AS clusters
            FROM sides WHERE country IS NOT NULL AND length(country) = 3 GROUP BY country
        ),
        sectors AS (
            SELECT 'sector', country || sector, country || ' ' || sector, count(DISTINCT cluster_id)
            FROM sides WHERE country IS NOT NULL AND length(country) = 3 AND sector IS NOT NULL
            GROUP BY country, sector
        ),
        named AS (
            SELECT 'wikidata', wikidata, mode(name), count(DISTINCT cluster_id)
            FROM sides WHERE wikidata IS NOT NULL GROUP BY wikidata
        ),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY kind ORDER BY clusters DESC, key) AS place
            FROM (SELECT * FROM countries UNION ALL SELECT * FROM sectors UNION ALL SELECT * FROM named)
        )
        SELECT kind, key, label, clusters FROM ranked WHERE place <= ?
        ORDER BY CASE kind WHEN 'country' THEN 0 WHEN 'sector' THEN 1 ELSE 2 END, clusters DESC, key
        """,
        [top],
    ).fetchall()
    return [{"kind": kind, "key": key, "label": label, "clusters": n} for kind, key, label, n in rows]
