"""Events as a flat table (one row per event mention) for Parquet and CSV,
and as full JSON records for JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyarrow as pa

from communique.store import EventDatabase

# Lists are joined with "; " in the flat table so that CSV keeps one value
# per cell; every source and target is kept, the first one also in columns
# of its own.
FLAT_EVENTS = """
WITH sides AS (
    SELECT ea.event_id,
        string_agg(CASE WHEN ea.role = 'source' THEN
            coalesce(a.name, ea.text) || ' [' || coalesce(a.country, '') || ' ' || coalesce(a.sector, '') || ']'
            END, '; ' ORDER BY ea.position) AS sources,
        string_agg(CASE WHEN ea.role = 'target' THEN
            coalesce(a.name, ea.text) || ' [' || coalesce(a.country, '') || ' ' || coalesce(a.sector, '') || ']'
            END, '; ' ORDER BY ea.position) AS targets
    FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
    GROUP BY ea.event_id
)
SELECT
    e.id AS event_id, e.cluster_id, e.article_id, e.sentence_index,
    e.date, e.date_precision, e.date_text,
    e.event_type, e.mode, array_to_string(e.contexts, '; ') AS contexts,
    e.cameo_code, e.quad_class, e.goldstein,
    e.source_name, e.source_country, e.source_sector, s.sources AS all_sources,
    e.target_name, e.target_country, e.target_sector, s.targets AS all_targets,
    e.negated, e.hypothetical, e.future, e.historical,
    e.location_name, e.location_country, e.lat, e.lon, p.geonames_id,
    e.trigger_text, e.evidence, e.confidence, e.is_main, e.signal,
    c.mentions AS cluster_mentions, c.articles AS cluster_articles, c.sources AS cluster_sources,
    a.published, a.source AS outlet, a.url, a.title
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN clusters c ON c.id = e.cluster_id
LEFT JOIN places p ON p.id = e.place_id
LEFT JOIN sides s ON s.event_id = e.id
ORDER BY e.date NULLS LAST, e.article_id, e.sentence_index, e.id
"""


def flat_events(db: EventDatabase) -> pa.Table:
    return db.con.sql(FLAT_EVENTS).to_arrow_table()


def event_records(db: EventDatabase) -> Iterator[dict]:
    """Each event's full record (event.schema.json) with its cluster id."""
    cursor = db.con.execute(
        "SELECT record, cluster_id FROM events ORDER BY date NULLS LAST, article_id, sentence_index, id"
    )
    while rows := cursor.fetchmany(10_000):
        for record, cluster_id in rows:
            data = json.loads(record)
            data["cluster_id"] = cluster_id
            yield data
