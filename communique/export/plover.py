"""PLOVER JSON records, as the PLOVER manual's "Data Fields" chapter names
them: one record per event mention, with actor and recipient lists of
entity objects, event, mode and context lists, and an event_loc object."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from communique.store import EventDatabase

CODEBOOK = "plover-0.8"

_ROWS = """
SELECT e.record, e.cluster_id, a.url, a.title, a.language, a.source, a.published, a.coded_at
FROM events e JOIN articles a ON a.id = e.article_id
ORDER BY e.date NULLS LAST, e.article_id, e.sentence_index, e.id
"""


def _entity(actor: dict[str, Any]) -> dict[str, Any]:
    entity = {
        "code": actor.get("country"),
        "sector": actor.get("sector"),
        "entity_text": actor.get("text"),
        "identifier_text": actor.get("name"),
    }
    if actor.get("wikidata"):
        entity["identifier_id"] = actor["wikidata"]
    return entity


def _location(place: dict[str, Any] | None) -> dict[str, Any] | None:
    if not place:
        return None
    resolution = {"country": 1, "admin1": 2, "city": 4}.get(place.get("precision") or "")
    return {
        "extracted_place": place.get("text"),
        "resolved_place": place.get("name"),
        "geonameid": place.get("geonames_id"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "city": place.get("name") if place.get("precision") == "city" else None,
        "country_code": place.get("country"),
        "resolution": resolution,
    }


def plover_record(record: dict[str, Any], cluster_id: str | None, article: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": record["id"],
        "date": record["date"],
        "actor": [_entity(a) for a in record["source"]],
        "recipient": [_entity(a) for a in record["target"]],
        "event": [record["event_type"]],
        "mode": [record["mode"]] if record.get("mode") else [],
        "context": list(record.get("contexts") or []),
        "event_loc": _location(record.get("location")),
        "event_text": [record["trigger"]["text"]],
        "quad_code": record["quad_class"],
        "event_scale": record["goldstein"],
        "link": cluster_id,
        "text": record["evidence"],
        "text_info": {
            "sequence": record["sentence_index"],
            "start": record.get("evidence_start"),
            "end": record.get("evidence_end"),
        },
        "cite_info": {
            "citation": record["article_id"],
            "url": article["url"],
            "title": article["title"],
            "language": article["language"],
            "publication": article["source"],
            "coder": "communique",
            "codebook": CODEBOOK,
        },
        "coder": "communique",
        "coded_date": article["coded_date"],
        # Fields beyond the manual's table, named as in Communique's own records.
        "date_precision": record["date_precision"],
        "cameo_code": record["cameo_code"],
        "negated": record["negated"],
        "hypothetical": record["hypothetical"],
        "future": record["future"],
        "historical": record["historical"],
        "confidence": record["confidence"],
    }


def plover_records(db: EventDatabase) -> Iterator[dict[str, Any]]:
    cursor = db.con.execute(_ROWS)
    while rows := cursor.fetchmany(10_000):
        for record, cluster_id, url, title, language, source, _published, coded_at in rows:
            article = {
                "url": url,
                "title": title,
                "language": language,
                "source": source,
                "coded_date": coded_at.date().isoformat() if coded_at else None,
            }
            yield plover_record(json.loads(record), cluster_id, article)
