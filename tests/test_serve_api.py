"""The HTTP API against a real database coded from the examples: the same
filters as `communique query`, pages, detail, security and limits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from communique.errors import InputError
from communique.query import EventFilter, query_events
from communique.serve import ServeSettings, create_app
from communique.serve.security import bearer_token, token_matches
from communique.store import EventDatabase
from tests.conftest import HOSTILE_ARTICLE

pytestmark = pytest.mark.slow
TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def client(served_db: Path):
    with TestClient(create_app(ServeSettings(db=str(served_db), coders=0))) as test_client:
        yield test_client


@pytest.fixture
def writable(served_db: Path, tmp_path: Path):
    copy = tmp_path / "writable.duckdb"
    shutil.copy(served_db, copy)
    settings = ServeSettings(db=str(copy), allow_write=True, token=TOKEN, coders=0)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _library_ids(db: Path, **filters) -> list[str]:
    with EventDatabase(db, read_only=True) as database:
        frame = query_events(database, EventFilter(limit=None, **filters))
    column = "cluster_id" if filters.get("level", "clusters") == "clusters" else "event_id"
    return list(frame[column])


def _all_pages(client: TestClient, params: dict) -> list[dict]:
    items: list[dict] = []
    url: str | None = "/v1/events"
    first = True
    while url:
        response = client.get(url, params=params if first else None)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["count"] == len(body["items"]) <= body["limit"]
        items += body["items"]
        url, first = body["next"], False
    return items


def test_healthz_reports_the_database_and_that_it_is_read_only(client, served_db):
    body = client.get("/healthz").json()
    with EventDatabase(served_db, read_only=True) as database:
        assert body == {"status": "ok", "events": database.count("events"), "writable": False}


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"source": "RUS"},
        {"target": "UKR", "include_negated": True},
        {"country": "NGA"},
        {"event_type": "CONSULT"},
        {"event_type": "19"},
        {"date_from": "2023-01-01", "date_to": "2024-12-31"},
        {"level": "events", "source": "USA"},
    ],
)
def test_events_are_those_of_communique_query_in_the_same_order_a_page_at_a_time(client, served_db, filters):
    import datetime as dt

    library_filters = {
        k: dt.date.fromisoformat(v) if k.startswith("date_") else v for k, v in filters.items() if k != "level"
    }
    expected = _library_ids(served_db, level=filters.get("level", "clusters"), **library_filters)
    params = {{"event_type": "type", "date_from": "from", "date_to": "to"}.get(k, k): v for k, v in filters.items()} | {
        "limit": 7
    }
    got = _all_pages(client, params)
    assert [item["id"] for item in got] == expected
    if filters and filters != {"level": "events", "source": "USA"}:
        assert expected, f"the examples should have events for {filters}"


def test_negated_and_hypothetical_events_only_when_asked(client):
    default = _all_pages(client, {"limit": 500})
    everything = _all_pages(client, {"limit": 500, "include_negated": "true"})
    assert not any(e["negated"] or e["hypothetical"] for e in default)
    assert any(e["negated"] or e["hypothetical"] for e in everything)
    assert len(everything) > len(default)


def test_event_mentions_are_records_of_the_output_schema(client, event_validator):
    body = client.get("/v1/events", params={"level": "events", "limit": 40}).json()
    assert body["count"] == 40
    for record in body["items"]:
        assert record["cluster_id"]
        event_validator.validate({k: v for k, v in record.items() if k != "cluster_id"})


def test_an_event_with_its_mentions_evidence_and_articles(client, served_db):
    first = client.get("/v1/events", params={"source": "PAK", "limit": 1}).json()["items"][0]
    detail = client.get(f"/v1/events/{first['id']}").json()
    assert detail["id"] == first["id"] and detail["mentions"] == len(detail["mention_records"]) >= 1
    mention = detail["mention_records"][0]
    assert mention["evidence"] and mention["trigger"]["text"] in mention["evidence"]
    with EventDatabase(served_db, read_only=True) as database:
        (text,) = database.con.execute("SELECT text FROM articles WHERE id = ?", [mention["article"]["id"]]).fetchone()
    assert text[mention["trigger"]["start"] : mention["trigger"]["end"]] == mention["trigger"]["text"]
    # A mention's own id finds the same event.
    assert client.get(f"/v1/events/{mention['id']}").json()["id"] == first["id"]


def test_unknown_and_malformed_event_ids(client):
    assert client.get("/v1/events/0000000000").status_code == 404
    assert client.get("/v1/events/a%27%20OR%201%3D1").status_code == 422


def test_dyad_series_both_directions_and_actors_and_stats(client, served_db):
    series = client.get("/v1/dyads/RUS/UKR", params={"by": "year"}).json()["series"]
    with EventDatabase(served_db, read_only=True) as database:
        (expected,) = database.con.execute(
            "SELECT count(*) FROM clusters WHERE ((source_country = 'RUS' AND target_country = 'UKR') OR "
            "(source_country = 'UKR' AND target_country = 'RUS')) AND NOT negated AND NOT hypothetical "
            "AND date_first IS NOT NULL"
        ).fetchone()
        clusters = database.count("clusters")
    assert expected > 0 and sum(p["events"] for p in series) == expected
    assert all(-1 <= p["balance"] <= 1 for p in series if p["balance"] is not None)
    actors = client.get("/v1/actors", params={"top": 5}).json()["actors"]
    assert len(actors) == 5 and actors[0]["clusters"] >= actors[-1]["clusters"]
    assert all(a["as_source"] + a["as_target"] == a["clusters"] for a in actors)
    stats = client.get("/v1/stats").json()
    assert stats["articles"] == 31 and stats["clusters"] == clusters and stats["top_dyads"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("source", "RUS' OR '1'='1"),
        ("target", "UKR;DROP TABLE events"),
        ("type", "CONSULT' --"),
        ("country", "NG%"),
        ("from", "2020-01-01' OR 1=1"),
        ("limit", "1; DELETE FROM events"),
        ("level", "events UNION SELECT 1"),
    ],
)
def test_injection_strings_are_refused_before_any_query(client, name, value):
    response = client.get("/v1/events", params={name: value})
    assert response.status_code == 422
    assert client.get("/healthz").json()["events"] > 100


def test_a_place_is_a_parameter_not_sql(client):
    for value in ("x' OR '1'='1", "%", "Beijing' --", "'; DROP TABLE clusters; --"):
        body = client.get("/v1/events", params={"place": value, "include_negated": "true"}).json()
        assert body["items"] == []
    beijing = client.get("/v1/events", params={"place": "beijing", "include_negated": "true"}).json()["items"]
    assert beijing and all(e["location_name"] == "Beijing" for e in beijing)


def test_out_of_range_parameters(client):
    assert client.get("/v1/events", params={"limit": 501}).status_code == 422
    assert client.get("/v1/events", params={"limit": 0}).status_code == 422
    assert client.get("/v1/events", params={"offset": -1}).status_code == 422
    assert client.get("/v1/events", params={"place": "x" * 101}).status_code == 422
    response = client.get("/v1/events", params={"from": "2024-02-01", "to": "2024-01-01"})
    assert response.status_code == 422 and "after" in response.json()["detail"]


def test_posted_text_is_coded_into_schema_events_and_nothing_is_stored(client, event_validator):
    before = client.get("/healthz").json()["events"]
    text = "Japan and South Korea signed a fisheries agreement in Tokyo on Tuesday."
    response = client.post("/v1/code", json={"text": text, "published": "2024-05-07"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] is False and body["rejects"] == []
    (result,) = body["results"]
    assert result["events"], "a signed agreement is an event"
    for event in result["events"]:
        event_validator.validate(event)
    assert {"JPN", "KOR"} <= {a["country"] for e in result["events"] for a in e["source"] + e["target"]}
    assert client.get("/healthz").json()["events"] == before


def test_bad_articles_come_back_as_rejects_with_reasons(client):
    response = client.post(
        "/v1/code", json={"articles": [{"text": "   "}, {"text": "Peru recalled its ambassador to Chile on Monday."}]}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["results"]) == 1 and len(body["rejects"]) == 1 and body["rejects"][0]["reason"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": "a", "articles": [{"text": "b"}]},
        {"articles": []},
        {"articles": [{"text": "x"}] * 51},
        {"text": "x" * 200_001},
        {"text": "x", "store": "maybe"},
        {"text": "x", "unknown": 1},
    ],
)
def test_malformed_code_requests_get_422(client, body):
    assert client.post("/v1/code", json=body).status_code == 422


def test_oversized_bodies_get_413_with_or_without_a_length(served_db):
    settings = ServeSettings(db=str(served_db), max_body_bytes=5_000)
    with TestClient(create_app(settings)) as small:
        big = json.dumps({"text": "word " * 2_000})
        response = small.post("/v1/code", content=big, headers={"content-type": "application/json"})
        assert response.status_code == 413 and "larger than 5,000 bytes" in response.json()["detail"]

        def chunks():
            for _ in range(10):
                yield b"x" * 1_000

        response = small.post("/v1/code", content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 413


def test_storing_needs_allow_write(client):
    response = client.post("/v1/code", json={"text": "Peru recalled its ambassador.", "store": True})
    assert response.status_code == 403 and "--allow-write" in response.json()["detail"]


def test_storing_needs_the_token_and_then_writes(writable):
    text = "Kenya and Ethiopia signed a water-sharing agreement in Nairobi on 3 June 2024."
    article = {"id": "serve-store-test", "text": text, "published": "2024-06-04"}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = writable.post("/v1/code", json={"articles": [article], "store": True}, headers=headers)
        assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    before = writable.get("/healthz").json()
    assert before["writable"] is True
    response = writable.post(
        "/v1/code", json={"articles": [article], "store": True}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 200 and response.json()["stored"] is True
    coded = response.json()["results"][0]["events"]
    assert writable.get("/healthz").json()["events"] == before["events"] + len(coded)
    stored = writable.get("/v1/events", params={"level": "events", "country": "KEN", "limit": 50}).json()["items"]
    assert {e["id"] for e in coded} <= {e["id"] for e in stored}


def test_read_only_server_database_refuses_writes(client):
    reader = client.app.state.access.reader()
    with pytest.raises(Exception, match="read-only"):
        reader.con.execute("DELETE FROM events")


def test_the_hostile_article_is_stored_as_text(client):
    items = _all_pages(client, {"level": "events", "source": "RUS", "include_negated": "true", "limit": 100})
    assert any(e["article_id"] == HOSTILE_ARTICLE["id"] for e in items)


def test_openapi_documents_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/v1/events", "/v1/events/{event_id}", "/v1/dyads/{a}/{b}", "/v1/actors", "/v1/stats", "/v1/code"):
        assert path in paths
    assert "/" not in paths and client.get("/docs").status_code == 200


def test_token_comparison_and_header_parsing():
    assert token_matches("abc", "abc") and not token_matches("abd", "abc")
    assert not token_matches(None, "abc") and not token_matches("abc", None) and not token_matches("", "")
    assert bearer_token("Bearer  xyz ") == "xyz" and bearer_token("Basic xyz") is None and bearer_token(None) is None


def test_allow_write_without_a_token_is_refused():
    with pytest.raises(InputError, match="COMMUNIQUE_TOKEN"):
        ServeSettings(db="x.duckdb", allow_write=True)
