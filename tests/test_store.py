"""The DuckDB store: one transaction per batch, re-runs replace rather than
duplicate, a changed article's old events go away."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from communique.errors import InputError
from communique.model import (
    Actor,
    Article,
    ArticleResult,
    Event,
    EventDate,
    Modality,
    Place,
    Reject,
    Span,
    event_id,
)
from communique.store import SCHEMA_VERSION, EventDatabase, JsonlWriter
from communique.store.rows import event_row
from communique.store.schema import MIGRATIONS


def _article(text: str = "China met Russia.") -> Article:
    return Article(id="a1", text=text, published=dt.date(2024, 1, 2), origin="in.jsonl", line=1)


def _event(start: int = 6, code: str = "040") -> Event:
    trigger = Span("met", start, start + 3)
    return Event(
        id=event_id("a1", 0, trigger, code),
        article_id="a1",
        sentence_index=0,
        event_type="CONSULT",
        cameo_code=code,
        quad_class=1,
        goldstein=1.0,
        source=(Actor("China", 0, 5, "China", "CHN", None),),
        target=(Actor("Russia", 10, 16, "Russia", "RUS", None),),
        trigger=trigger,
        evidence="China met Russia.",
        modality=Modality(),
        date=EventDate("2024-01-02", "day", None),
        location=None,
        speaker=None,
        confidence=0.9,
    )


def test_events_round_trip_through_the_database():
    with EventDatabase(":memory:") as db:
        db.write([ArticleResult(_article(), (_event(),))])
        assert db.count("articles") == 1
        assert db.events() == [_event()]
        row = db.con.execute("SELECT source_country, target_country, cameo_code FROM events").fetchone()
        assert row == ("CHN", "RUS", "040")


def test_writing_the_same_batch_twice_adds_nothing():
    reject = Reject("in.jsonl", 2, "not valid JSON")
    with EventDatabase(":memory:") as db:
        for _ in range(2):
            db.write([ArticleResult(_article(), (_event(),))], [reject])
        assert (db.count("articles"), db.count("events"), db.count("rejects")) == (1, 1, 1)


def test_a_recoded_article_replaces_its_old_events():
    with EventDatabase(":memory:") as db:
        db.write([ArticleResult(_article(), (_event(6), _event(6, "042")))])
        db.write([ArticleResult(_article("China met Russia again."), (_event(6),))])
        assert db.count("events") == 1
        text = db.con.execute("SELECT text FROM articles").fetchone()[0]
        assert text == "China met Russia again."


def test_a_failed_batch_leaves_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "e.duckdb"
    with EventDatabase(path) as db:
        db.write([ArticleResult(_article(), (_event(),))])
        # The delete of the old events and the new article row happen before
        # the actors' insert fails; the rollback must undo them.
        real_insert = db._insert

        def failing_insert(table: str, *args, **kwargs):
            if table == "event_actors":
                raise RuntimeError("disk full")
            real_insert(table, *args, **kwargs)

        monkeypatch.setattr(db, "_insert", failing_insert)
        with pytest.raises(RuntimeError, match="disk full"):
            db.write([ArticleResult(_article("changed"), (_event(7),))])
    with EventDatabase(path) as db:
        assert db.events() == [_event()]
        assert db.con.execute("SELECT text FROM articles").fetchone()[0] == "China met Russia."


def test_actors_and_places_get_tables_of_their_own():
    place = Place("Moscow", "Moscow", "RUS", 55.75, 37.62, "city", geonames_id=524901)
    event = replace(_event(), location=place)
    other = replace(_event(20), location=place)
    with EventDatabase(":memory:") as db:
        db.write([ArticleResult(_article(), (event, other))])
        actors = db.con.execute("SELECT name, country FROM actors ORDER BY name").fetchall()
        assert actors == [("China", "CHN"), ("Russia", "RUS")]  # one row per actor, however often it acts
        links = db.con.execute(
            "SELECT ea.role, a.country FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
            "WHERE ea.event_id = ? ORDER BY role",
            [event.id],
        ).fetchall()
        assert links == [("source", "CHN"), ("target", "RUS")]
        assert db.con.execute("SELECT id, name, lat FROM places").fetchall() == [("geonames:524901", "Moscow", 55.75)]
        assert db.con.execute("SELECT DISTINCT place_id FROM events").fetchall() == [("geonames:524901",)]


def test_a_version_1_database_is_migrated_and_keeps_its_events(tmp_path: Path):
    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute(MIGRATIONS[0].statements)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    row = event_row(_event())[:-4]  # version 1 had no is_main, signal, place_id or position columns
    con.execute(f"INSERT INTO events VALUES ({', '.join('?' * len(row))})", list(row))
    con.close()
    with EventDatabase(path) as db:
        assert db.schema_version == SCHEMA_VERSION == 2
        assert db.events() == [_event()]
        assert db.con.execute("SELECT is_main, signal FROM events").fetchone() == (True, "lexicon")
        assert db.count("actors") == 2 and db.count("event_actors") == 2
    with EventDatabase(path) as db:  # opening again migrates nothing twice
        assert db.count("actors") == 2


def test_a_fresh_database_has_the_migrated_schema(tmp_path: Path):
    with EventDatabase(tmp_path / "new.duckdb") as db:
        assert db.schema_version == SCHEMA_VERSION
        tables = {r[0] for r in db.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"articles", "events", "actors", "event_actors", "places", "clusters", "rejects", "meta"} <= tables


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path):
    path = tmp_path / "notes.duckdb"
    path.write_text("just some notes\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot open"):
        EventDatabase(path)


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path):
    path = tmp_path / "e.duckdb"
    with EventDatabase(path) as db:
        db.con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(InputError, match="newer"):
        EventDatabase(path)


def _write_jsonl(path: Path, texts: dict[str, str]) -> None:
    lines = [json.dumps({"id": key, "text": text, "published": "2024-01-02"}) for key, text in texts.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_second_run_codes_only_new_and_changed_articles(tmp_path: Path):
    from communique.run import run
    from tests.helpers.store_worker import MeetingCoder

    source = tmp_path / "in.jsonl"
    _write_jsonl(source, {"a": "Ann met Bob.", "b": "Cy met Di. Ed met Flo."})
    with EventDatabase(tmp_path / "e.duckdb") as db:
        first = run([str(source)], database=db, pipeline=MeetingCoder())
        assert (first.coded, first.unchanged, db.count("events")) == (2, 0, 3)

        _write_jsonl(source, {"a": "Ann met Bob.", "b": "Cy met Di.", "c": "Gus met Hal."})
        out = tmp_path / "out.jsonl"
        with JsonlWriter(out) as writer:
            second = run([str(source)], database=db, out=writer, pipeline=MeetingCoder())
        assert (second.coded, second.unchanged) == (2, 1)  # b changed, c is new, a is skipped
        evidence = sorted(r[0] for r in db.con.execute("SELECT evidence FROM events").fetchall())
        assert evidence == ["Ann met Bob.", "Cy met Di.", "Gus met Hal."]  # b's old second event is gone
        # The skipped article's stored events still reach the JSONL output.
        written = sorted(json.loads(line)["evidence"] for line in out.read_text(encoding="utf-8").splitlines())
        assert written == evidence

        # Clusters were recomputed over all stored events: the stand-in coder
        # gives every meeting the same two countries and day, so they are one.
        assert second.clusters == db.count("clusters") == 1
        assert db.con.execute("SELECT mentions, articles FROM clusters").fetchone() == (3, 3)

        forced = run([str(source)], database=db, pipeline=MeetingCoder(), recode=True)
        assert (forced.coded, forced.unchanged, db.count("events")) == (3, 0, 3)
