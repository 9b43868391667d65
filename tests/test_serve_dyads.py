"""Dyads by country, by a country's sector and by named actor, in the API
and on the dashboard. Expected counts are worked out here from the stored
event records (their source and target lists), not with the server's SQL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from communique.errors import InputError
from communique.serve import ServeSettings, create_app
from communique.serve.dyads import ActorRef, parse_actor
from communique.store import EventDatabase


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("usa", "country", "USA"),
        ("USAGOV", "sector", "USAGOV"),
        ("usa gov", "sector", "USAGOV"),
        ("RUS_MIL", "sector", "RUSMIL"),
        ("q7747", "wikidata", "Q7747"),
        ("Vladimir Putin", "name", "Vladimir Putin"),
        ("Recep Tayyip Erdoğan", "name", "Recep Tayyip Erdoğan"),
        ("name:Israel", "name", "name:Israel"),  # six letters: a code unless marked as a name
        ("NAME: Hamas", "name", "Hamas"),
    ],
)
def test_actor_references(text, kind, key):
    ref = parse_actor(text)
    assert (ref.kind, ref.key) == (kind, key)


@pytest.mark.parametrize("text", ["", " ", "x" * 200, "<script>", "name:", "name:<b>", "a;DROP TABLE actors"])
def test_malformed_actor_references_are_refused(text):
    with pytest.raises(InputError):
        parse_actor(text)


def _matches(actor: dict, ref: ActorRef) -> bool:
    if ref.kind == "country":
        return actor.get("country") == ref.value
    if ref.kind == "sector":
        return (actor.get("country"), actor.get("sector")) == (ref.value[:3], ref.value[3:])
    if ref.kind == "wikidata":
        return actor.get("wikidata") == ref.value
    return (actor.get("name") or "").lower() == ref.value.lower()


def _expected_clusters(db_path: Path, a: str, b: str, *, directed: bool = False) -> set[str]:
    """Asserted, dated clusters with a mention that has `a` among its sources
    and `b` among its targets (or the other way round)."""
    first, second = parse_actor(a), parse_actor(b)
    with EventDatabase(db_path, read_only=True) as db:
        rows = db.con.execute(
            "SELECT e.record, e.cluster_id FROM events e JOIN clusters c ON c.id = e.cluster_id "
            "WHERE NOT c.negated AND NOT c.hypothetical AND c.date_first IS NOT NULL"
        ).fetchall()
    found: set[str] = set()
    for record, cluster_id in rows:
        event = json.loads(record)
        pairs = [(first, second)] if directed else [(first, second), (second, first)]
        for x, y in pairs:
            if any(_matches(s, x) for s in event["source"]) and any(_matches(t, y) for t in event["target"]):
                found.add(cluster_id)
    return found


@pytest.fixture(scope="module")
def client(served_db: Path):
    with TestClient(create_app(ServeSettings(db=str(served_db), coders=0))) as test_client:
        yield test_client


@pytest.mark.slow
@pytest.mark.parametrize(
    ("a", "b", "directed"),
    [
        ("RUSGOV", "UKRMIL", False),
        ("UKRMIL", "RUSGOV", True),  # Putin's order was to Russia's side, so the other way round is empty
        ("Q7747", "UKRMIL", False),
        ("Vladimir Putin", "UKR", False),
        ("Moon", "Q56226", False),
        ("Q22686", "MEX", True),
        ("RUS MIL", "UKR", False),
    ],
)
def test_a_dyad_of_sectors_or_named_actors_counts_the_mentions_actors(client, served_db, a, b, directed):
    response = client.get(f"/v1/dyads/{a}/{b}", params={"by": "year", "directed": directed})
    assert response.status_code == 200, response.text
    body = response.json()
    expected = _expected_clusters(served_db, a, b, directed=directed)
    assert sum(p["events"] for p in body["series"]) == len(expected)
    if (a, directed) != ("UKRMIL", True):
        assert expected, f"the examples should hold a {a}-{b} event"
    assert body["a"] == parse_actor(a).key and body["directed"] == directed
    assert [d["kind"] for d in body["actors"]] == [parse_actor(a).kind, parse_actor(b).kind]


@pytest.mark.slow
def test_a_named_actor_is_described_by_what_the_database_holds(client):
    body = client.get("/v1/dyads/Q7747/UKRMIL").json()
    putin, troops = body["actors"]
    assert (putin["name"], putin["country"], putin["sector"]) == ("Vladimir Putin", "RUS", "GOV")
    assert troops["kind"] == "sector" and troops["country"] == "UKR" and troops["sector"] == "MIL"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("a", "message"),
    [
        ("Israel", "name:Israel"),  # read as ISR + AEL: the error says how to write a name
        ("RUSXYZ", "sector"),
        ("Q1", "Wikidata id"),
        ("Nobody In Particular", "no actor named"),
    ],
)
def test_actors_the_database_does_not_hold_are_refused_with_a_reason(client, a, message):
    response = client.get(f"/v1/dyads/{a}/UKR")
    assert response.status_code == 422 and message in response.json()["detail"]


@pytest.mark.slow
def test_dyad_choices_offer_countries_sectors_and_named_actors(client):
    choices = client.get("/v1/actors", params={"kind": "dyad-choices", "top": 5}).json()["actors"]
    kinds = [c["kind"] for c in choices]
    assert {"country", "sector", "wikidata"} <= set(kinds) and kinds == sorted(
        kinds, key=["country", "sector", "wikidata"].index
    )
    for choice in choices:
        # every choice is a key the dyad route takes
        assert parse_actor(choice["key"]).kind == choice["kind"] and choice["clusters"] >= 1


@pytest.mark.slow
def test_dashboard_dyad_of_a_named_actor_and_a_sector_lists_its_events(client, served_db):
    series = client.get("/v1/dyads/Q7747/UKRMIL", params={"by": "month"}).json()["series"]
    busy = next(p for p in series if p["events"])
    html = client.get("/dyad", params={"a": "q7747", "b": "UKR MIL", "by": "month", "period": busy["period"]}).text
    assert "<h1>Q7747 and UKRMIL" in html and "Vladimir Putin" in html
    assert len(re.findall(r'<tr class="quad', html)) == busy["events"]
    assert 'href="/dyad?a=Q7747&amp;b=UKRMIL&amp;by=month&amp;period=' in html
    refused = client.get("/dyad", params={"a": "Israel", "b": "PSE"}).text
    assert "name:Israel" in refused and "<svg" not in refused
