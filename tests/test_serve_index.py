"""The page index behind GET /v1/events selects what `communique query`
selects, in the same order, for every kind of filter; and a writable server
does without it, so that what it stores shows at once."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import pytest

from communique.query import EventFilter
from communique.serve import reads
from communique.serve.access import DatabaseAccess
from communique.serve.page_index import PageIndex
from communique.store import EventDatabase

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def access(served_db: Path):
    reading = DatabaseAccess(served_db)
    yield reading
    reading.close()


def _values(db: EventDatabase, sql: str) -> list:
    return [row[0] for row in db.con.execute(sql).fetchall()]


@pytest.fixture(scope="module")
def filter_values(access) -> dict[str, list]:
    db = access.reader()
    return {
        "source": _values(db, "SELECT DISTINCT country FROM actors WHERE country IS NOT NULL ORDER BY 1"),
        # country and sector of actors that are in events: "PAKMIL", "ISRGOV"
        "sector": _values(
            db,
            "SELECT DISTINCT a.country || a.sector FROM actors a JOIN event_actors ea ON ea.actor_id = a.id "
            "WHERE a.country IS NOT NULL AND a.sector IS NOT NULL AND length(a.country) = 3 ORDER BY 1",
        ),
        "event_type": _values(db, "SELECT DISTINCT event_type FROM events ORDER BY 1"),
        "cameo": _values(db, "SELECT DISTINCT substr(cameo_code, 1, 2) FROM events ORDER BY 1"),
        "place": _values(db, "SELECT DISTINCT location_name FROM events WHERE location_name IS NOT NULL ORDER BY 1"),
        "day": _values(db, "SELECT DISTINCT date_first FROM clusters WHERE date_first IS NOT NULL ORDER BY 1"),
    }


def _same_pages(access: DatabaseAccess, spec: EventFilter) -> None:
    """Every page of `spec` from the index equals the one DuckDB gives."""
    offset = 0
    while True:
        indexed = access.page(spec, offset=offset)
        direct = reads.page(access.reader(), spec, offset=offset)
        assert indexed == direct, f"{spec} at offset {offset}"
        if not direct.has_more:
            return
        offset += spec.limit or 50


def test_the_server_of_a_read_only_database_has_an_index_and_holds_everything(access):
    assert access.index is not None
    db = access.reader()
    assert access.index.count("clusters") == db.count("clusters")
    assert access.index.count("events") == db.count("events")


@pytest.mark.parametrize("level", ["clusters", "events"])
@pytest.mark.parametrize("include_negated", [False, True])
def test_each_filter_alone_selects_what_duckdb_selects(access, filter_values, level, include_negated):
    def spec(**filters) -> EventFilter:
        return EventFilter(level=level, include_negated=include_negated, limit=7, **filters)

    specs = [spec()]
    specs += [spec(source=code) for code in filter_values["source"]]
    specs += [spec(target=code) for code in filter_values["source"]]
    specs += [spec(source=code) for code in filter_values["sector"]]
    specs += [spec(target=code.lower()) for code in filter_values["sector"]]
    specs += [spec(event_type=name) for name in filter_values["event_type"]]
    specs += [spec(event_type=prefix) for prefix in filter_values["cameo"]]
    specs += [spec(country=code) for code in filter_values["source"]]
    specs += [spec(place=name) for name in filter_values["place"]]
    specs += [spec(place=name.upper()) for name in filter_values["place"]]
    days = filter_values["day"]
    specs += [spec(date_from=day) for day in days[:: max(1, len(days) // 6)]]
    specs += [spec(date_to=day) for day in days[:: max(1, len(days) // 6)]]
    matched = 0
    for one in specs:
        _same_pages(access, one)
        matched += bool(access.page(one).items)
    assert matched > len(specs) // 2, "the filters should mostly find events in the examples"


def test_combined_filters_select_what_duckdb_selects(access, filter_values):
    rng = random.Random(11)
    days = filter_values["day"]
    for _ in range(150):
        filters: dict = {"level": rng.choice(["clusters", "events"]), "limit": rng.choice([1, 5, 50])}
        filters["include_negated"] = rng.random() < 0.3
        if rng.random() < 0.5:
            filters["source"] = rng.choice(filter_values["source"] + filter_values["sector"])
        if rng.random() < 0.4:
            filters["target"] = rng.choice(filter_values["source"] + filter_values["sector"])
        if rng.random() < 0.3:
            filters["event_type"] = rng.choice(filter_values["event_type"] + filter_values["cameo"])
        if rng.random() < 0.3:
            filters["country"] = rng.choice(filter_values["source"])
        if rng.random() < 0.2:
            filters["place"] = rng.choice(filter_values["place"])
        if rng.random() < 0.4:
            start, end = sorted(rng.sample(days, 2))
            filters["date_from"], filters["date_to"] = start, end
        _same_pages(access, EventFilter(**filters))


def test_pages_past_the_end_and_at_odd_offsets(access):
    total = access.reader().count("clusters")
    for offset, limit in itertools.product([0, 3, total - 1, total, total + 10], [1, 13, 500]):
        spec = EventFilter(include_negated=True, limit=limit)
        assert access.page(spec, offset=max(0, offset)) == reads.page(access.reader(), spec, offset=max(0, offset))
    assert access.page(EventFilter(include_negated=True), offset=total).items == []


def test_place_names_beyond_ascii_match_as_in_duckdb(access, filter_values):
    accented = [name for name in filter_values["place"] if not name.isascii()]
    assert accented, "the examples have places such as Bogotá"
    for name in accented:
        for variant in (name, name.upper(), name.lower()):
            spec = EventFilter(place=variant, include_negated=True)
            page = access.page(spec)
            assert page == reads.page(access.reader(), spec) and page.items


def test_unknown_values_find_nothing(access):
    for spec in (
        EventFilter(source="ZZZ"),
        EventFilter(target="USAXXX"),
        EventFilter(place="Atlantis"),
        EventFilter(event_type="99"),
        EventFilter(date_from=dt.date(1800, 1, 1), date_to=dt.date(1800, 1, 2)),
    ):
        assert access.page(spec).items == [] and reads.page(access.reader(), spec).items == []


def test_a_writable_database_is_read_directly_and_no_index_can_be_asked_for(served_db, tmp_path):
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copy(served_db, copy)
    writing = DatabaseAccess(copy, writable=True)
    try:
        assert writing.index is None
        spec = EventFilter(limit=500, include_negated=True)
        assert writing.page(spec) == reads.page(writing.reader(), spec)
    finally:
        writing.close()
    unindexed = DatabaseAccess(served_db, index=False)
    try:
        assert unindexed.index is None
    finally:
        unindexed.close()


def test_an_empty_database_gives_empty_pages(tmp_path):
    path = tmp_path / "empty.duckdb"
    EventDatabase(path).close()
    with EventDatabase(path, read_only=True) as db:
        index = PageIndex.build(db)
        try:
            assert index.count("clusters") == index.count("events") == 0
            page = index.page(EventFilter(source="USA", level="events"))
            assert page.items == [] and not page.has_more
        finally:
            index.close()
