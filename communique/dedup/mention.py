"""A mention: one coded event as one article reports it, with what
deduplication needs to know about the article."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from communique.model import Event


@dataclass(frozen=True)
class Copy:
    """A near-duplicate of the mention's article (ingest's near-duplicate
    check): not coded, but one more article and outlet reporting its events."""

    article_id: str
    outlet: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class Mention:
    event: Event
    published: dt.date | None = None
    outlet: str | None = None  # the article's source; None when unknown
    copies: tuple[Copy, ...] = ()

    @property
    def article_id(self) -> str:
        return self.event.article_id

    # Days before the publication day an event dated by it may have happened.
    fallback_days: int = 2

    @cached_property
    def interval(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day the event's date can mean: one day, a
        whole month or a whole year, by its precision; a few days up to the
        publication day when the date was read from no words."""
        interval = date_interval(self.event.date.value)
        if interval and self.event.date.text is None and self.event.date.precision == "day":
            return interval[0] - dt.timedelta(days=self.fallback_days), interval[1]
        return interval


def date_interval(value: str | None) -> tuple[dt.date, dt.date] | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
