"""`Dataset`: a Communique database from Python, as pandas DataFrames.

    from communique.query import Dataset
    data = Dataset("events.duckdb")
    data.clusters(source="CHN", target="AFG", date_from="2021-01-01")
    data.dyad("CHN", "AFG", by="month")

The CLI's query, dyad and stats commands, and any HTTP API, call the same
functions (communique/query/select.py). For polars, `polars.from_pandas(frame)`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from communique.errors import InputError
from communique.query.filters import EventFilter, Level
from communique.query.select import Period, Stats, database_stats, dyad_series, query_events
from communique.store import EventDatabase


def _day(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not an ISO 8601 date: {value!r}") from None


class Dataset:
    """Read access to a database written by `communique code --db`."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:" and not Path(path).exists():
            raise InputError(f"database not found: {path}")
        self.db = EventDatabase(path)

    @classmethod
    def of(cls, db: EventDatabase) -> Dataset:
        """A Dataset over an already open database."""
        dataset = cls.__new__(cls)
        dataset.db = db
        return dataset

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _select(self, level: Level, **filters: Any) -> pd.DataFrame:
        for key in ("date_from", "date_to"):
            filters[key] = _day(filters.get(key))
        return query_events(self.db, EventFilter(level=level, **filters))

    def clusters(self, **filters: Any) -> pd.DataFrame:
        """Event clusters, newest first. Filters: source, target, event_type,
        date_from, date_to, country, place, include_negated, limit (None for all)."""
        filters.setdefault("limit", None)
        return self._select("clusters", **filters)

    def events(self, **filters: Any) -> pd.DataFrame:
        """Event mentions (one per article sentence), newest first; same filters."""
        filters.setdefault("limit", None)
        return self._select("events", **filters)

    def dyad(self, source: str, target: str, *, by: Period = "month") -> pd.DataFrame:
        """The dyad's time series: clusters per QuadClass, Goldstein, balance."""
        return dyad_series(self.db, source, target, by=by)

    def stats(self, *, top: int = 10, by: Period = "year") -> Stats:
        return database_stats(self.db, top=top, by=by)

    def sql(self, query: str, params: list[object] | None = None) -> pd.DataFrame:
        """Any SQL over the tables (docs/storage.md), with `?` parameters."""
        return self.db.con.execute(query, params or []).df()
