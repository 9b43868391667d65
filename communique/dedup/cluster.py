"""Linking mentions into event clusters, and what a cluster says.

One pass over the mentions in date order. A mention joins the best open
cluster it is compatible with, member by member (complete linkage: a vague
report cannot bridge two different events), or starts a new one. Clusters
are found through blocks keyed by type family and participant, so a mention
is compared only with clusters that could match it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from communique.dedup.families import TypeFamilies, default_type_families
from communique.dedup.match import MatchRules, _name_key, same_event
from communique.dedup.mention import Mention, date_interval
from communique.model import Actor, Event, Place

PRECISION_RANK = {"day": 0, "month": 1, "year": 2, None: 3}
PLACE_RANK = {"city": 0, "admin1": 1, "country": 2}


@dataclass(frozen=True)
class EventCluster:
    """One real-world event and the mentions that report it."""

    id: str
    mentions: tuple[Mention, ...]

    @cached_property
    def representative(self) -> Event:
        """The mention a reader would code from: a sentence's main event, the
        most confident, the earliest."""
        return min(
            (m.event for m in self.mentions),
            key=lambda e: (not e.is_main, -e.confidence, e.article_id, e.sentence_index, e.id),
        )

    @cached_property
    def event_type(self) -> str:
        counts = Counter(m.event.event_type for m in self.mentions)
        representative = self.representative.event_type
        return max(counts, key=lambda t: (counts[t], t == representative, t))

    @property
    def event_types(self) -> list[str]:
        return sorted({m.event.event_type for m in self.mentions})

    @cached_property
    def coded(self) -> Event:
        """The best mention of the cluster's type: its codes speak for the cluster."""
        wanted = self.event_type
        of_type = [m.event for m in self.mentions if m.event.event_type == wanted]
        return min(of_type, key=lambda e: (not e.is_main, -e.confidence, e.article_id, e.sentence_index, e.id))

    def side(self, role: str) -> Actor | None:
        """The most specific actor reported on a side (one with a country and
        sector beats one with a country only, which beats words only)."""
        actors = [a for m in self.mentions for a in (m.event.source if role == "source" else m.event.target)[:1]]
        if not actors:
            return None
        counts = Counter((a.country, a.sector) for a in actors)
        return max(actors, key=lambda a: (a.country is not None, a.sector is not None, counts[(a.country, a.sector)]))

    @cached_property
    def date(self) -> tuple[str | None, str | None]:
        """The most precise date, the most reported one among equals."""
        dates = [(m.event.date.value, m.event.date.precision) for m in self.mentions if m.event.date.value]
        if not dates:
            return None, None
        counts = Counter(dates)
        return min(counts, key=lambda d: (PRECISION_RANK.get(d[1], 3), -counts[d], d[0]))

    @cached_property
    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day the day-precise mentions give (as reported,
        not widened for matching); else the span of the vaguer dates."""
        intervals = [i for i in (date_interval(m.event.date.value) for m in self.mentions) if i]
        if not intervals:
            return None, None
        exact = [i for i in intervals if i[0] == i[1]] or intervals
        return min(i[0] for i in exact), max(i[1] for i in exact)

    @cached_property
    def place(self) -> Place | None:
        places = [m.event.location for m in self.mentions if m.event.location]
        if not places:
            return None
        counts = Counter(p.name for p in places)
        return min(places, key=lambda p: (PLACE_RANK.get(p.precision, 3), -counts[p.name], p.name))

    @property
    def negated(self) -> bool:
        return self.mentions[0].event.modality.negated

    @property
    def hypothetical(self) -> bool:
        modality = self.mentions[0].event.modality
        return modality.hypothetical or modality.future

    @property
    def mention_count(self) -> int:
        """Coded mentions, and their republished copies (GDELT's NumMentions)."""
        return sum(1 + len(m.copies) for m in self.mentions)

    @property
    def article_count(self) -> int:
        """Distinct articles, copies included."""
        return len({m.article_id for m in self.mentions} | {c.article_id for m in self.mentions for c in m.copies})

    @property
    def source_count(self) -> int:
        """Distinct outlets, copies' included; an article of unknown outlet counts as its own."""
        outlets = {m.outlet or f"article:{m.article_id}" for m in self.mentions}
        outlets |= {c.outlet or f"article:{c.article_id}" for m in self.mentions for c in m.copies}
        return len(outlets)

    @property
    def seen(self) -> tuple[dt.date | None, dt.date | None]:
        days = [m.published for m in self.mentions if m.published]
        days += [c.published for m in self.mentions for c in m.copies if c.published]
        return (min(days), max(days)) if days else (None, None)


def _sort_key(mention: Mention) -> tuple:
    interval = mention.interval
    event = mention.event
    return (
        interval is None,
        interval[0] if interval else dt.date.min,
        mention.published or dt.date.min,
        event.article_id,
        event.sentence_index,
        event.id,
    )


def _block_keys(mention: Mention, families: TypeFamilies) -> set[tuple[str, str]]:
    event = mention.event
    names = families.of(event.event_type) or frozenset({event.event_type})
    participants = [*event.source, *event.target] or [Actor(text="")]
    keys = {a.country or f"name:{_name_key(a)}" for a in participants}
    return {(family, key) for family in names for key in keys}


def _signature(mention: Mention) -> tuple:
    """What matching looks at: two mentions with the same signature match
    the same others, so a cluster compares a newcomer with one of each."""
    event = mention.event

    def side(actors: tuple[Actor, ...]) -> tuple:
        return tuple((a.country, a.sector, None if a.country else _name_key(a)) for a in actors)

    place = event.location
    vague = not all(a.country for a in (*event.source, *event.target)) or mention.interval is None
    return (
        event.event_type,
        event.modality,
        mention.interval,
        (place.name, place.country, place.precision) if place else None,
        side(event.source),
        side(event.target),
        # Matching treats unresolved actors and missing dates differently
        # within an article, so such mentions keep their article.
        event.article_id if vague else None,
    )


def _cluster_id(first: Mention) -> str:
    return hashlib.sha1(f"cluster\x1f{first.event.id}".encode()).hexdigest()[:20]


def cluster_mentions(mentions: Iterable[Mention], rules: MatchRules | None = None) -> list[EventCluster]:
    """Group mentions into clusters; every mention lands in exactly one."""
    rules = rules or MatchRules(default_type_families())
    ordered = sorted(mentions, key=_sort_key)
    members: list[list[Mention]] = []
    distinct: list[dict[tuple, Mention]] = []  # per cluster: one member per signature
    latest: list[dt.date | None] = []  # each cluster's last possible day
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for mention in ordered:
        keys = _block_keys(mention, rules.families)
        start = mention.interval[0] if mention.interval else None
        best: tuple[tuple, int] | None = None
        seen: set[int] = set()
        for key in keys:
            block = blocks[key]
            if start is not None:
                # Mentions come in date order: a cluster that ended before
                # this mention's window opened can never match again.
                block[:] = [i for i in block if latest[i] is None or (start - latest[i]).days <= rules.window_days]
            for index in block:
                if index in seen:
                    continue
                seen.add(index)
                if all(same_event(mention, other, rules) for other in distinct[index].values()):
                    score = (
                        any(o.event.event_type == mention.event.event_type for o in members[index]),
                        len(members[index]),
                        -index,
                    )
                    if best is None or score > best[0]:
                        best = (score, index)
        if best is None:
            members.append([mention])
            distinct.append({_signature(mention): mention})
            latest.append(mention.interval[1] if mention.interval else None)
            index = len(members) - 1
        else:
            index = best[1]
            members[index].append(mention)
            distinct[index].setdefault(_signature(mention), mention)
            if mention.interval and (latest[index] is None or mention.interval[1] > latest[index]):
                latest[index] = mention.interval[1]
        for key in keys:
            if index not in blocks[key]:
                blocks[key].append(index)
    return [EventCluster(_cluster_id(group[0]), tuple(group)) for group in members]


def cluster_events(
    events: Sequence[Event],
    *,
    published: dict[str, dt.date | None] | None = None,
    outlets: dict[str, str | None] | None = None,
    rules: MatchRules | None = None,
) -> list[EventCluster]:
    """Cluster events, given each article's publication date and outlet by article id."""
    published = published or {}
    outlets = outlets or {}
    mentions = [Mention(e, published.get(e.article_id), outlets.get(e.article_id)) for e in events]
    return cluster_mentions(mentions, rules)
