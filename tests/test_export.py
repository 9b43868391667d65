"""Exports: Parquet and CSV (one row per event), JSON Lines, PLOVER JSON,
and the GDELT 2.0 table (one row per cluster, 61 columns)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from communique.cli import main
from communique.errors import InputError
from communique.export import export
from communique.export.gdelt import COLUMNS, cameo_actor_code
from tests.helpers.events import KABUL, PAK_ARMY, event, stored


@pytest.fixture
def database():
    events = [
        event("AGREE", article="a1", cameo="030", place=KABUL, evidence="Pakistan agreed with Afghanistan."),
        event("SUPPORT", article="a2", cameo="057", evidence="Pakistan signed a pact with Afghanistan."),
        event("ASSAULT", article="a2", source=(PAK_ARMY,), cameo="0194", quad_class=4, goldstein=-10.0, evidence="..."),
        event("CONSULT", article="a3", negated=True, evidence="Pakistan did not meet Afghanistan."),
    ]
    db = stored(events, {"a1": "2025-05-10", "a2": "2025-05-11", "a3": "2025-05-11"}, a2="Daily Ledger")
    yield db
    db.close()


def test_parquet_has_one_row_per_event_with_codes_as_strings(database, tmp_path: Path):
    path = tmp_path / "events.parquet"
    assert export(database, "parquet", path) == 4
    table = pq.read_table(path)
    assert table.num_rows == 4
    assert table.schema.field("cameo_code").type == "string"
    assert sorted(table.column("cameo_code").to_pylist()) == ["0194", "030", "040", "057"]
    rows = {r["cameo_code"]: r for r in table.to_pylist()}
    assert rows["0194"]["source_country"] == "PAK" and rows["0194"]["source_sector"] == "MIL"
    assert rows["0194"]["all_targets"] == "Afghanistan [AFG GOV]"
    assert rows["030"]["cluster_id"] == rows["057"]["cluster_id"] and rows["030"]["cluster_mentions"] == 2
    assert rows["030"]["location_name"] == "Kabul"


def test_csv_keeps_leading_zeros_and_one_value_per_cell(database, tmp_path: Path):
    path = tmp_path / "events.csv"
    export(database, "csv", path)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4
    assert {r["cameo_code"] for r in rows} == {"0194", "030", "040", "057"}
    assert {r["outlet"] for r in rows} == {"Harbor Times", "Daily Ledger"}


def test_jsonl_gives_the_full_records_with_their_cluster(database, tmp_path: Path):
    path = tmp_path / "events.jsonl"
    export(database, "jsonl", path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4 and all(r["cluster_id"] for r in records)
    assert {r["evidence"] for r in records} >= {"Pakistan agreed with Afghanistan."}


def test_plover_records_follow_the_manual_field_names(database, tmp_path: Path):
    path = tmp_path / "plover.jsonl"
    export(database, "plover", path)
    records = {r["event"][0]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    agree = records["AGREE"]
    assert agree["actor"] == [
        {"code": "PAK", "sector": "GOV", "entity_text": "Pakistan", "identifier_text": "Pakistan"}
    ]
    assert agree["recipient"][0]["code"] == "AFG"
    assert agree["date"] == "2025-05-10" and agree["quad_code"] == 1
    assert agree["event_loc"]["resolved_place"] == "Kabul" and agree["event_loc"]["resolution"] == 4
    assert agree["link"] == records["SUPPORT"]["link"]  # one cluster
    assert agree["cite_info"]["publication"] == "Harbor Times"
    assert records["CONSULT"]["negated"] is True


def test_gdelt_has_61_columns_one_row_per_asserted_cluster(database, tmp_path: Path):
    path = tmp_path / "events.tsv"
    assert export(database, "gdelt", path) == 2  # the denied meeting is no GDELT event
    rows = [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in path.read_text().splitlines()]
    by_code = {r["EventCode"]: r for r in rows}
    agreement = by_code["030"]
    assert agreement["Actor1Code"] == "PAKGOV" and agreement["Actor2Code"] == "AFGGOV"
    assert agreement["Actor1CountryCode"] == "PAK" and agreement["Actor1Type1Code"] == "GOV"
    assert (agreement["NumMentions"], agreement["NumArticles"], agreement["NumSources"]) == ("2", "2", "2")
    assert agreement["SQLDATE"] == "20250510" and agreement["QuadClass"] == "1"
    assert agreement["ActionGeo_Type"] == "4" and agreement["ActionGeo_CountryCode"] == "AF"  # FIPS, as GDELT
    assert agreement["ActionGeo_FullName"] == "Kabul, Afghanistan"
    assert agreement["DATEADDED"] == "20250510000000"
    strike = by_code["0194"]
    assert (strike["EventBaseCode"], strike["EventRootCode"], strike["QuadClass"]) == ("019", "01", "4")
    assert strike["GoldsteinScale"] == "-10.0" and strike["Actor1Code"] == "PAKMIL"


def test_cameo_actor_codes_from_country_and_sector():
    assert cameo_actor_code("AFG", "REB") == "AFGREB"
    assert cameo_actor_code("IGO", "IGO") == "IGO"
    assert cameo_actor_code("USA", None) == "USA"
    assert cameo_actor_code("USA", "XYZ") == "USA"  # a sector CAMEO has no type code for


def test_parquet_needs_a_path(database):
    with pytest.raises(InputError, match="--out"):
        export(database, "parquet", "-")


def test_export_command_writes_the_file(tmp_path: Path, capsys):
    db = stored(
        [event(article="a1"), event(article="a2")], {"a1": "2025-05-10", "a2": "2025-05-10"}, str(tmp_path / "e.duckdb")
    )
    db.close()
    out = tmp_path / "events.tsv"
    assert main(["export", "--db", str(tmp_path / "e.duckdb"), "--format", "gdelt", "--out", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 1  # two reports of one meeting
    assert "1 gdelt rows written" in capsys.readouterr().err
    assert main(["export", "--db", str(tmp_path / "missing.duckdb"), "--format", "csv"]) == 2
