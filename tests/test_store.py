"""The DuckDB store: one transaction per batch, re-runs replace rather than
duplicate, a changed article's old events go away."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from communique.errors import InputError
from communique.model import Actor, Article, ArticleResult, Event, EventDate, Modality, Reject, Span, event_id
from communique.store import EventDatabase


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


def test_a_failed_batch_leaves_nothing_half_written(tmp_path: Path):
    path = tmp_path / "e.duckdb"
    with EventDatabase(path) as db:
        db.write([ArticleResult(_article(), (_event(),))])
        # The article row and the delete of its old events happen before the
        # bad event is reached; the rollback must undo them.
        broken = ArticleResult(_article("changed"), (None,))  # type: ignore[arg-type]
        with pytest.raises(AttributeError):
            db.write([broken])
    with EventDatabase(path) as db:
        assert db.count("events") == 1
        assert db.con.execute("SELECT text FROM articles").fetchone()[0] == "China met Russia."


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path):
    path = tmp_path / "e.duckdb"
    with EventDatabase(path) as db:
        db.con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(InputError, match="newer"):
        EventDatabase(path)
