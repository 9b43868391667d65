"""Can two mentions report the same event? Each rule is a small function:
type family, modality, dyad, date and place must all agree."""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.dedup.families import TypeFamilies
from communique.dedup.mention import Mention
from communique.model import Actor, Place

_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class MatchRules:
    families: TypeFamilies
    # Days two day-precise dates may differ by: reports dated by their
    # publication day ("yesterday", or no date at all) land a day off.
    window_days: int = 1


def actors_compatible(first: Actor, second: Actor, families: TypeFamilies) -> bool:
    """Same country and no clash of sector groups (a state's government,
    army and police are one side; its teachers are another; a place named
    as an actor clashes with none); unresolved actors by their names."""
    if first.country and second.country:
        if first.country != second.country:
            return False
        if first.sector is None or second.sector is None or first.is_place or second.is_place:
            # A place's sector is read from the act ("shelled Kunar": its
            # people), not from who it is: it does not tell two reports apart.
            return True
        return families.sectors_agree(first.sector, second.sector)
    if first.country or second.country:
        return False
    return _name_key(first) == _name_key(second)


def _name_key(actor: Actor) -> str:
    return _ARTICLE.sub("", (actor.name or actor.text).strip().lower())


def _compare_sides(first: tuple[Actor, ...], second: tuple[Actor, ...], families: TypeFamilies) -> bool | None:
    """True or False when the two reports' actors on a side can be
    compared; None when one of them leaves the side empty or unresolved
    ("four people", after "bombed targets in Lebanon"): unknown, not
    different. Reports that both name a side only in words compare the words."""
    known_first = [a for a in first if a.country]
    known_second = [a for a in second if a.country]
    if known_first and known_second:
        return any(actors_compatible(a, b, families) for a in known_first for b in known_second)
    if first and second and not known_first and not known_second:
        return any(actors_compatible(a, b, families) for a in first for b in second)
    return None


def dyads_compatible(first: Mention, second: Mention, rules: MatchRules) -> bool:
    """No side may disagree, and across articles at least one side must
    positively agree: two reports that share no known actor are not
    linked on dates and types alone."""
    a, b = first.event, second.event
    families = rules.families
    same_article = first.article_id == second.article_id
    if a.event_type in families.symmetric or b.event_type in families.symmetric:
        # "A met B", "B met A" and "A and B met" are one meeting: every
        # resolved participant of the smaller report must be in the larger.
        participants = [tuple(x for x in (*e.source, *e.target) if x.country) for e in (a, b)]
        small, large = sorted(participants, key=len)
        if not small:
            return same_article
        return all(any(actors_compatible(x, y, families) for y in large) for x in small)
    sides = [_compare_sides(a.source, b.source, families), _compare_sides(a.target, b.target, families)]
    if False in sides:
        return False
    return True in sides or same_article


def dates_compatible(first: Mention, second: Mention, rules: MatchRules) -> bool:
    """Overlapping once day-precise dates are widened by the window; a
    month or year date covers its whole month or year. A mention with no
    date links only within its own article."""
    one, two = first.interval, second.interval
    if one is None or two is None:
        return first.article_id == second.article_id
    window = rules.window_days
    return (one[0] - two[1]).days <= window and (two[0] - one[1]).days <= window


def places_compatible(first: Place | None, second: Place | None) -> bool:
    """Unknown is compatible with anything; two cities must be the same city."""
    if first is None or second is None:
        return True
    if first.country and second.country and first.country != second.country:
        return False
    if first.precision == "city" and second.precision == "city":
        return first.name == second.name
    return True


def modality_compatible(first: Mention, second: Mention) -> bool:
    """A denial and a report of the act, or a plan and the act, are not one event."""
    a, b = first.event.modality, second.event.modality
    return a.negated == b.negated and (a.hypothetical or a.future) == (b.hypothetical or b.future)


def same_event(first: Mention, second: Mention, rules: MatchRules) -> bool:
    return (
        rules.families.compatible(first.event.event_type, second.event.event_type)
        and modality_compatible(first, second)
        and dates_compatible(first, second, rules)
        and places_compatible(first.event.location, second.event.location)
        and dyads_compatible(first, second, rules)
    )
