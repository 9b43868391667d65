"""Filters over events and clusters, turned into SQL with parameters.

User input never becomes SQL text: each filter adds a fixed fragment with
`?` placeholders and its value to the parameter list. Column names come
from this module only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from communique.errors import InputError

Level = Literal["clusters", "events"]

# The first day an event's date can mean, whatever its precision.
EVENT_DAY = (
    "CAST(CASE length(e.date) WHEN 4 THEN e.date || '-01-01' WHEN 7 THEN e.date || '-01' ELSE e.date END AS DATE)"
)
CLUSTER_DAY = "c.date_first"


@dataclass(frozen=True)
class EventFilter:
    """What to select. Actor codes are ISO alpha-3 countries (or IGO),
    optionally followed by a sector: "CHN", "AFGGOV". A type is a PLOVER
    type ("CONSULT") or a CAMEO code prefix ("19")."""

    source: str | None = None
    target: str | None = None
    event_type: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None  # either side's country, or the place's
    place: str | None = None  # a place name, case-insensitive
    include_negated: bool = False  # also negated, hypothetical and future events
    level: Level = "clusters"
    limit: int | None = 50

    def __post_init__(self) -> None:
        if self.level not in ("clusters", "events"):
            raise InputError(f"unknown level {self.level!r}: clusters or events")
        if self.limit is not None and self.limit < 1:
            raise InputError("the limit must be a positive number")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InputError(f"--from {self.date_from} is after --to {self.date_to}")


def split_actor_code(code: str) -> tuple[str, str | None]:
    """ "AFGGOV" -> ("AFG", "GOV"); "CHN" -> ("CHN", None)."""
    code = code.strip().upper()
    if len(code) == 6:
        return code[:3], code[3:]
    if len(code) != 3:
        raise InputError(f"not an actor code: {code!r} (a three-letter country code, optionally with a sector)")
    return code, None


def where_clause(spec: EventFilter) -> tuple[str, list[object]]:
    """The WHERE clause (possibly empty) and its parameters, for a query
    whose table alias is `c` (clusters) or `e` (events)."""
    alias = "c" if spec.level == "clusters" else "e"
    day = CLUSTER_DAY if spec.level == "clusters" else EVENT_DAY
    parts: list[str] = []
    params: list[object] = []
    for side, code in (("source", spec.source), ("target", spec.target)):
        if code:
            country, sector = split_actor_code(code)
            parts.append(f"{alias}.{side}_country = ?")
            params.append(country)
            if sector:
                parts.append(f"{alias}.{side}_sector = ?")
                params.append(sector)
    if spec.event_type:
        value = spec.event_type.strip().upper()
        if value.isdigit():
            parts.append(f"starts_with({alias}.cameo_code, ?)")
        else:
            parts.append(f"{alias}.event_type = ?")
        params.append(value)
    if spec.date_from:
        parts.append(f"{day} >= ?")
        params.append(spec.date_from)
    if spec.date_to:
        parts.append(f"{day} <= ?")
        params.append(spec.date_to)
    if spec.country:
        country = spec.country.strip().upper()
        parts.append(f"(? IN ({alias}.source_country, {alias}.target_country, {alias}.location_country))")
        params.append(country)
    if spec.place:
        parts.append(f"lower({alias}.location_name) = lower(?)")
        params.append(spec.place.strip())
    if not spec.include_negated:
        if spec.level == "clusters":
            parts.append("NOT c.negated AND NOT c.hypothetical")
        else:
            parts.append("NOT e.negated AND NOT e.hypothetical AND NOT e.future")
    return ("WHERE " + " AND ".join(parts)) if parts else "", params
