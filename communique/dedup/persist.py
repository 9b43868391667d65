"""Clustering a whole database: read its mentions, write its clusters."""

from __future__ import annotations

import json
from collections import defaultdict

import pyarrow as pa

from communique.dedup.cluster import EventCluster, cluster_mentions
from communique.dedup.match import MatchRules
from communique.dedup.mention import Copy, Mention
from communique.model import Event
from communique.store import EventDatabase
from communique.store.rows import place_id

CLUSTER_COLUMNS = (
    "id, event_type, event_types, cameo_code, quad_class, goldstein, source_name, source_country, source_sector, "
    "target_name, target_country, target_sector, date, date_precision, date_first, date_last, place_id, "
    "location_name, location_country, lat, lon, negated, hypothetical, mentions, articles, sources, "
    "first_seen, last_seen, representative_event_id"
)


def _copies(db: EventDatabase) -> dict[str, tuple[Copy, ...]]:
    """Near-duplicate copies by the article coded in their place (the
    `article_duplicates` table ingest keeps, when it exists)."""
    exists = db.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'article_duplicates'"
    ).fetchall()[0][0]
    if not exists:
        return {}
    found: dict[str, list[Copy]] = defaultdict(list)
    rows = db.con.execute("SELECT duplicate_of, article_id, source, published FROM article_duplicates").fetchall()
    for original, copy_id, outlet, published in rows:
        found[original].append(Copy(copy_id, outlet, published))
    return {original: tuple(copies) for original, copies in found.items()}


def read_mentions(db: EventDatabase) -> list[Mention]:
    copies = _copies(db)
    rows = db.con.execute(
        "SELECT e.record, a.published, a.source, a.id FROM events e JOIN articles a ON a.id = e.article_id"
    ).fetchall()
    return [
        Mention(Event.from_dict(json.loads(record)), published, outlet, copies.get(article_id, ()))
        for record, published, outlet, article_id in rows
    ]


def cluster_row(cluster: EventCluster) -> tuple:
    coded = cluster.coded
    source, target = cluster.side("source"), cluster.side("target")
    date, precision = cluster.date
    first, last = cluster.date_range
    place = cluster.place
    seen_first, seen_last = cluster.seen
    return (
        cluster.id,
        cluster.event_type,
        cluster.event_types,
        coded.cameo_code,
        coded.quad_class,
        coded.goldstein,
        (source.name or source.text) if source else None,
        source.country if source else None,
        source.sector if source else None,
        (target.name or target.text) if target else None,
        target.country if target else None,
        target.sector if target else None,
        date,
        precision,
        first,
        last,
        place_id(place) if place else None,
        place.name if place else None,
        place.country if place else None,
        place.lat if place else None,
        place.lon if place else None,
        cluster.negated,
        cluster.hypothetical,
        cluster.mention_count,
        cluster.article_count,
        cluster.source_count,
        seen_first,
        seen_last,
        cluster.representative.id,
    )


def recluster(db: EventDatabase, rules: MatchRules | None = None) -> int:
    """Recompute every cluster of the database in one transaction; returns
    how many there are. Clustering the whole database (rather than only the
    new articles) keeps the result the same whatever order articles came in."""
    clusters = cluster_mentions(read_mentions(db), rules)
    names = [c.strip() for c in CLUSTER_COLUMNS.split(",")]
    rows = [cluster_row(c) for c in clusters]
    table = pa.Table.from_pydict({name: [row[i] for row in rows] for i, name in enumerate(names)})
    links = pa.Table.from_pydict(
        {
            "event_id": [m.event.id for c in clusters for m in c.mentions],
            "cluster_id": [c.id for c in clusters for _ in c.mentions],
        }
    )
    con = db.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM clusters")
        con.register("_cluster_rows", table)
        con.register("_cluster_links", links)
        if rows:
            con.execute(f"INSERT INTO clusters ({CLUSTER_COLUMNS}) SELECT {CLUSTER_COLUMNS} FROM _cluster_rows")
        con.execute("UPDATE events SET cluster_id = NULL")
        if links.num_rows:
            con.execute(
                "UPDATE events SET cluster_id = l.cluster_id FROM _cluster_links l WHERE events.id = l.event_id"
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("_cluster_rows")
        con.unregister("_cluster_links")
    return len(clusters)
