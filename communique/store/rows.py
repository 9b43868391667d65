"""Typed records -> database rows: events, their actors and their places."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from communique.model import Actor, Event, Place

EVENT_COLUMNS = (
    "id, article_id, sentence_index, event_type, mode, contexts, cameo_code, quad_class, goldstein, "
    "source_name, source_country, source_sector, target_name, target_country, target_sector, source, target, "
    "trigger_text, trigger_start, trigger_end, evidence, negated, hypothetical, future, historical, "
    "date, date_precision, date_text, location_name, location_country, lat, lon, location, speaker, "
    "confidence, record, is_main, signal, place_id, position"
)
ARTICLE_COLUMNS = "id, title, published, source, url, language, text, content_hash, origin, event_count, coded_at"
ACTOR_COLUMNS = "id, name, country, sector, wikidata"
LINK_COLUMNS = "event_id, role, position, actor_id, text, start_char, end_char"
PLACE_COLUMNS = "id, name, country, admin1, lat, lon, precision, geonames_id"
REJECT_COLUMNS = "key, origin, line, article_id, reason, seen_at"

ActorRow = tuple[str, str | None, str | None, str | None, str | None]
LinkRow = tuple[str, str, int, str, str, int | None, int | None]
PlaceRow = tuple[str, str, str | None, str | None, float | None, float | None, str, int | None]


def _digest(*parts: object) -> str:
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def actor_id(actor: Actor) -> str:
    """The same resolved actor gets the same id in every article; an
    unresolved one is keyed by its words."""
    return _digest(actor.name or actor.text, actor.country, actor.sector, actor.wikidata)


def place_id(place: Place) -> str:
    if place.geonames_id is not None:
        return f"geonames:{place.geonames_id}"
    return _digest(place.name, place.country, place.admin1, place.precision)


def place_row(place: Place) -> PlaceRow:
    return (
        place_id(place),
        place.name,
        place.country,
        place.admin1,
        place.lat,
        place.lon,
        place.precision,
        place.geonames_id,
    )


def actor_rows(event: Event) -> Iterator[tuple[ActorRow, LinkRow]]:
    """Each of the event's actors, and its link to the event by role."""
    roles: list[tuple[str, tuple[Actor, ...]]] = [("source", event.source), ("target", event.target)]
    if event.speaker:
        roles.append(("speaker", (event.speaker,)))
    for role, actors in roles:
        for position, actor in enumerate(actors):
            key = actor_id(actor)
            yield (
                (key, actor.name or actor.text, actor.country, actor.sector, actor.wikidata),
                (event.id, role, position, key, actor.text, actor.start, actor.end),
            )


def event_row(event: Event, position: int | None = None) -> tuple:
    record = event.to_dict()
    first_source = event.source[0] if event.source else None
    first_target = event.target[0] if event.target else None
    location = event.location
    return (
        event.id,
        event.article_id,
        event.sentence_index,
        event.event_type,
        event.mode,
        list(event.contexts),
        event.cameo_code,
        event.quad_class,
        event.goldstein,
        first_source.name if first_source else None,
        first_source.country if first_source else None,
        first_source.sector if first_source else None,
        first_target.name if first_target else None,
        first_target.country if first_target else None,
        first_target.sector if first_target else None,
        json.dumps(record["source"]),
        json.dumps(record["target"]),
        event.trigger.text,
        event.trigger.start,
        event.trigger.end,
        event.evidence,
        event.modality.negated,
        event.modality.hypothetical,
        event.modality.future,
        event.modality.historical,
        event.date.value,
        event.date.precision,
        event.date.text,
        location.name if location else None,
        location.country if location else None,
        location.lat if location else None,
        location.lon if location else None,
        json.dumps(record["location"]) if location else None,
        json.dumps(record["speaker"]) if event.speaker else None,
        event.confidence,
        json.dumps(record, ensure_ascii=False),
        event.is_main,
        event.signal,
        place_id(location) if location else None,
        position,
    )
