"""Hand-built events for unit tests of deduplication, export and query."""

from __future__ import annotations

import datetime as dt
from itertools import count

from communique.model import Actor, Article, ArticleResult, Event, EventDate, Modality, Place, Span
from communique.store import EventDatabase

_ids = count()

CHN = Actor("China", name="China", country="CHN", sector="GOV")
PAK = Actor("Pakistan", name="Pakistan", country="PAK", sector="GOV")
PAK_ARMY = Actor("Pakistan's army", name="Pakistan", country="PAK", sector="MIL")
PAK_TEACHERS = Actor("Pakistani teachers", name="Pakistani teachers", country="PAK", sector="EDU")
AFG = Actor("Afghanistan", name="Afghanistan", country="AFG", sector="GOV")
KABUL = Place("Kabul", "Kabul", "AFG", 34.5, 69.2, "city")
HERAT = Place("Herat", "Herat", "AFG", 34.3, 62.2, "city")


def event(
    event_type: str = "CONSULT",
    *,
    article: str = "a1",
    source: tuple[Actor, ...] = (PAK,),
    target: tuple[Actor, ...] = (AFG,),
    date: str | None = "2025-05-10",
    precision: str | None = "day",
    date_text: str | None = "on Saturday",
    place: Place | None = None,
    negated: bool = False,
    hypothetical: bool = False,
    cameo: str = "040",
    quad_class: int = 1,
    goldstein: float = 1.0,
    evidence: str = "...",
) -> Event:
    n = next(_ids)
    return Event(
        id=f"e{n}",
        article_id=article,
        sentence_index=n,
        event_type=event_type,
        cameo_code=cameo,
        quad_class=quad_class,
        goldstein=goldstein,
        source=source,
        target=target,
        trigger=Span("met", 0, 3),
        evidence=evidence,
        modality=Modality(negated=negated, hypothetical=hypothetical),
        date=EventDate(date, precision, date_text),  # type: ignore[arg-type]
        location=place,
        speaker=None,
        confidence=0.8,
    )


def article(article_id: str, published: str, outlet: str | None = "Harbor Times", url: str | None = None) -> Article:
    return Article(
        article_id, f"text of {article_id}", published=dt.date.fromisoformat(published), source=outlet, url=url
    )


def stored(events: list[Event], published: dict[str, str], path: str = ":memory:", **outlets) -> EventDatabase:
    """A database holding the events (grouped into their articles), clustered."""
    from communique.dedup import recluster

    db = EventDatabase(path)
    results = []
    for article_id, day in published.items():
        mine = tuple(e for e in events if e.article_id == article_id)
        results.append(ArticleResult(article(article_id, day, outlets.get(article_id, "Harbor Times")), mine))
    db.write(results)
    recluster(db)
    return db
