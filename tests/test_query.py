"""Queries: filters as SQL parameters (injection strings are data, never
SQL), clusters newest first without negated events unless asked, the
dyad's time series, totals, the Python Dataset and the CLI commands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from communique.cli import main
from communique.errors import InputError
from communique.query import Dataset, EventFilter, dyad_series, query_events
from communique.query.filters import where_clause
from tests.helpers.events import AFG, CHN, KABUL, PAK, PAK_ARMY, event, stored

INJECTIONS = [
    "PAK' OR '1'='1",
    "PAK'; DROP TABLE events; --",
    'x") OR 1=1 --',
    "' UNION SELECT * FROM articles --",
]


@pytest.fixture
def database(tmp_path: Path):
    events = [
        # 10 May: Pakistan-Afghanistan talks in Kabul, reported twice, and a Pakistani strike.
        event("CONSULT", article="a1", date="2025-05-10", place=KABUL),
        event("CONSULT", article="a2", date="2025-05-10", source=(AFG,), target=(PAK,)),
        event("ASSAULT", article="a2", source=(PAK_ARMY,), cameo="194", quad_class=4, goldstein=-10.0),
        # June: an agreement; July: a denied meeting; China and Afghanistan in March.
        event("AGREE", article="a3", date="2025-06-02", cameo="030", goldstein=4.0),
        event("CONSULT", article="a4", date="2025-07-01", negated=True),
        event("CONSULT", article="a5", date="2025-03-01", source=(CHN,), target=(AFG,)),
    ]
    published = {"a1": "2025-05-10", "a2": "2025-05-11", "a3": "2025-06-02", "a4": "2025-07-01", "a5": "2025-03-01"}
    path = tmp_path / "events.duckdb"
    stored(events, published, str(path)).close()
    return path


def test_clusters_newest_first_without_negated_events(database: Path):
    with Dataset(database) as data:
        frame = data.clusters()
    # Newest first; on one day the most reported first.
    assert frame["event_type"].tolist() == ["AGREE", "CONSULT", "ASSAULT", "CONSULT"]
    assert frame["date"].tolist()[0] == "2025-06-02"
    talks = frame[(frame["event_type"] == "CONSULT") & (frame["date"] == "2025-05-10")].iloc[0]
    assert (talks["mentions"], talks["articles"]) == (2, 2)
    with Dataset(database) as data:
        assert len(data.clusters(include_negated=True)) == 5


def test_filters_by_actor_type_date_country_and_place(database: Path):
    with Dataset(database) as data:
        assert data.clusters(source="chn", target="AFG")["source_country"].tolist() == ["CHN"]
        assert data.clusters(source="PAKMIL")["event_type"].tolist() == ["ASSAULT"]
        assert data.clusters(event_type="19")["cameo_code"].tolist() == ["194"]  # a CAMEO prefix
        assert len(data.clusters(date_from="2025-05-01", date_to="2025-05-31")) == 2
        assert data.clusters(country="CHN")["target_country"].tolist() == ["AFG"]
        assert data.clusters(place="kabul")["location_name"].tolist() == ["Kabul"]
        assert len(data.events(event_type="CONSULT")) == 3  # mentions, not clusters


def test_injection_strings_are_values_not_sql(database: Path):
    with Dataset(database) as data:
        for attempt in INJECTIONS:
            assert data.clusters(place=attempt).empty
            assert data.clusters(event_type=attempt).empty
            assert data.clusters(country=attempt).empty
            with pytest.raises(InputError):
                data.clusters(source=attempt)  # not an actor code at all
        assert data.db.count("events") == 6  # nothing was dropped
    for attempt in INJECTIONS:
        clause, params = where_clause(EventFilter(place=attempt, event_type=attempt, country=attempt))
        assert attempt not in clause and attempt.strip() in params


def test_bad_filters_are_refused_with_a_message(database: Path):
    with pytest.raises(InputError, match="after"):
        EventFilter(date_from=dt.date(2025, 6, 1), date_to=dt.date(2025, 5, 1))
    with Dataset(database) as data, pytest.raises(InputError, match="ISO 8601"):
        data.clusters(date_from="last Tuesday")
    with pytest.raises(InputError, match="not found"):
        Dataset(database.parent / "missing.duckdb")


def test_dyad_series_counts_quad_classes_goldstein_and_balance(database: Path):
    with Dataset(database) as data:
        series = data.dyad("PAK", "AFG", by="month")
    may, june = series.to_dict("records")
    assert may["events"] == 2 and may["verbal_cooperation"] == 1 and may["material_conflict"] == 1
    assert may["goldstein"] == pytest.approx(-9.0) and may["balance"] == 0.0
    assert june["events"] == 1 and june["balance"] == 1.0  # the denied July meeting is not counted
    with Dataset(database) as data:
        weekly = data.dyad("PAK", "AFG", by="week")
    # Every week from the first event's to the last's, the empty ones as zeros.
    assert len(weekly) == 5 and weekly["events"].tolist() == [2, 0, 0, 0, 1]
    assert weekly["balance"].isna().tolist() == [False, True, True, True, False]
    with Dataset(database) as data:
        assert data.dyad("AFG", "PAK")["events"].sum() == 3  # both directions
        assert dyad_series(data.db, "CHN", "PAK").empty


def test_stats_totals_and_top_dyads(database: Path):
    with Dataset(database) as data:
        stats = data.stats(by="month")
    assert (stats.articles, stats.events, stats.clusters) == (5, 6, 5)
    top = stats.top_dyads.to_dict("records")[0]
    assert (top["source"], top["target"], top["clusters"]) == ("PAK", "AFG", 3)
    assert stats.top_actors.iloc[0]["country"] in {"PAK", "AFG"}
    assert "CONSULT" in stats.types_over_time.columns


def test_query_command_formats(database: Path, capsys):
    assert main(["query", "--db", str(database), "--source", "PAK", "--format", "json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["event_type"] for r in records] == ["AGREE", "CONSULT", "ASSAULT"]
    assert main(["query", "--db", str(database), "--type", "CONSULT", "--include-negated", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("cluster_id,date,event_type") and len(lines) == 4
    assert main(["query", "--db", str(database), "--events", "--place", "Kabul"]) == 0
    assert "Kabul" in capsys.readouterr().out
    assert main(["query", "--db", str(database), "--place", INJECTIONS[1]]) == 0


def test_dyad_command_prints_the_series_and_draws_the_chart(database: Path, tmp_path: Path, capsys):
    chart = tmp_path / "dyad.png"
    assert main(["dyad", "PAK", "AFG", "--db", str(database), "--by", "month", "--plot", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "2025-05 " in out and "2025-06 " in out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 10_000
    assert main(["dyad", "CHN", "USA", "--db", str(database), "--plot", str(tmp_path / "none.png")]) == 2


def test_stats_command(database: Path, capsys):
    assert main(["stats", "--db", str(database), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "5 articles, 6 events in 5 clusters" in out and "Top dyads" in out


def test_query_events_reuses_one_function_for_any_shell(database: Path):
    with Dataset(database) as data:
        frame = query_events(data.db, EventFilter(limit=1))
    assert len(frame) == 1
