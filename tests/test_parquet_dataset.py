"""`--out DIR/`: a Parquet dataset in place of the database. The same
events as the DuckDB path, nothing added by a re-run, a killed run's
half-written part cleaned up, and DuckDB reads it with a glob."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from communique.model import Article, ArticleResult, Reject
from communique.run import run
from communique.store import EventDatabase
from communique.store.parquet_dataset import EVENTS, ParquetDataset, is_dataset_target
from tests.conftest import EVENT_SCHEMA, EXAMPLES
from tests.helpers.events import KABUL, PAK_ARMY, event

COMMUNIQUE = str(Path(sys.executable).parent / "communique")


def _article(article_id: str, text: str) -> Article:
    return Article(article_id, text, origin="hand.jsonl", line=1)


def _count(folder: Path, table: str) -> int:
    if not list((folder / table).glob("*.parquet")):
        return 0  # (DuckDB's glob refuses to match nothing)
    con = duckdb.connect()
    try:
        return con.execute(f"SELECT count(*) FROM read_parquet('{folder}/{table}/*.parquet')").fetchall()[0][0]
    finally:
        con.close()


def test_out_with_a_trailing_slash_or_a_folder_means_a_dataset(tmp_path):
    assert is_dataset_target("runs/bbc/") and is_dataset_target(str(tmp_path))
    assert not is_dataset_target("events.jsonl") and not is_dataset_target("-") and not is_dataset_target(None)


def test_a_dataset_and_a_database_at_once_are_refused(tmp_path):
    from communique.cli import main

    status = main(
        ["code", str(EXAMPLES / "articles.jsonl"), "--out", f"{tmp_path}/ds/", "--db", str(tmp_path / "x.db")]
    )
    assert status == 2 and not (tmp_path / "ds").exists() and not (tmp_path / "x.db").exists()


def test_every_field_of_the_event_record_has_a_column():
    record = event(place=KABUL, source=(PAK_ARMY,)).to_dict()
    assert set(record) <= set(EVENTS.names)
    contract = json.loads(EVENT_SCHEMA.read_text(encoding="utf-8"))
    assert set(contract["properties"]) <= set(EVENTS.names)


def test_a_part_written_before_actors_had_is_place_reads_them_as_not_places(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from communique.model import Actor

    town = Actor("Kunar", name="Kunar", country="AFG", sector="CVL", is_place=True)
    with ParquetDataset(tmp_path) as dataset:
        dataset.write([ArticleResult(_article("a1", "one text"), (event(article="a1", target=(town,)),))], [])
    assert [a.is_place for e in ParquetDataset(tmp_path).events() for a in e.target] == [True]
    # Rewrite the part as an older version wrote it: no is_place in the actor struct.
    (part,) = (tmp_path / "events").glob("*.parquet")
    table = pq.read_table(part).to_pylist()
    for row in table:
        for actor in row["source"] + row["target"]:
            del actor["is_place"]
    old_actor = pa.struct([f for f in EVENTS.field("source").type.value_type if f.name != "is_place"])
    old_schema = pa.schema(
        [pa.field(f.name, pa.list_(old_actor)) if f.name in ("source", "target") else f for f in EVENTS]
    )
    old_schema = old_schema.set(old_schema.get_field_index("speaker"), pa.field("speaker", old_actor))
    for row in table:
        if row["speaker"] is not None:
            del row["speaker"]["is_place"]
    pq.write_table(pa.Table.from_pylist(table, schema=old_schema), part)
    assert [a.is_place for e in ParquetDataset(tmp_path).events() for a in e.target] == [False]


def test_written_parts_round_trip_and_say_what_is_held(tmp_path):
    first = ArticleResult(_article("a1", "one text"), (event(article="a1", place=KABUL), event(article="a1")))
    second = ArticleResult(_article("a2", "two text"), ())
    reject = Reject("hand.jsonl", 3, "empty text", "a3")
    with ParquetDataset(tmp_path) as dataset:
        dataset.write([first, second], [reject])
        assert dataset.stored_hashes(["a1", "a9"]) == {"a1": first.article.content_hash}
    with ParquetDataset(tmp_path) as again:
        assert again.events() == list(first.events)
        hashes = {"a1": first.article.content_hash, "a2": second.article.content_hash}
        assert again.stored_hashes(["a1", "a2"]) == hashes
        again.write([], [reject])  # listed already: not again
    assert _count(tmp_path, "articles") == 2 and _count(tmp_path, "events") == 2 and _count(tmp_path, "rejects") == 1


def test_a_changed_article_replaces_its_old_rows(tmp_path):
    with ParquetDataset(tmp_path) as dataset:
        dataset.write([ArticleResult(_article("a1", "old text"), (event(article="a1"), event(article="a1")))])
    changed = ArticleResult(_article("a1", "new text"), (event(article="a1", event_type="ASSAULT"),))
    with ParquetDataset(tmp_path) as dataset:
        dataset.write([changed])
    with ParquetDataset(tmp_path) as dataset:
        assert dataset.events() == list(changed.events)
        assert dataset.stored_hashes(["a1"]) == {"a1": changed.article.content_hash}
    assert _count(tmp_path, "articles") == 1


def test_a_part_whose_articles_file_is_missing_is_removed_on_open(tmp_path):
    """A run killed after writing a part's events but before its articles
    file: the articles are not held, so the re-run codes them again, and the
    orphan events must not stay beside the new ones."""
    with ParquetDataset(tmp_path) as dataset:
        dataset.write([ArticleResult(_article("a1", "text"), (event(article="a1"),))])
    (part,) = (tmp_path / "articles").glob("part-*.parquet")
    part.unlink()
    with ParquetDataset(tmp_path) as dataset:
        assert dataset.parts_removed == 3  # events, rejects, duplicates
        assert dataset.stored_hashes(["a1"]) == {}
    assert _count(tmp_path, "events") == 0


def test_small_batches_are_gathered_into_parts(tmp_path):
    with ParquetDataset(tmp_path, part_articles=3) as dataset:
        for number in range(7):
            dataset.write([ArticleResult(_article(f"a{number}", f"text {number}"), (event(article=f"a{number}"),))])
    assert len(list((tmp_path / "articles").glob("part-*.parquet"))) == 3  # 3 + 3 + the last one
    assert _count(tmp_path, "events") == 7


def _examples() -> list[str]:
    return [str(EXAMPLES / "articles.jsonl"), str(EXAMPLES / "txt")]


@pytest.mark.slow
def test_the_dataset_holds_the_databases_events_and_a_rerun_adds_nothing(pipeline, tmp_path, event_validator):
    with EventDatabase(tmp_path / "run.duckdb") as db:
        summary = run(_examples(), database=db, pipeline=pipeline)
        expected = db.events()
        articles = db.count("articles")
    folder = tmp_path / "dataset"
    with ParquetDataset(folder) as dataset:
        coded = run(_examples(), dataset=dataset, pipeline=pipeline)
    assert coded.coded == summary.coded == articles and coded.events == len(expected) > 20
    with ParquetDataset(folder) as dataset:
        assert dataset.events() == expected  # the same events, field for field
    files = sorted(p.relative_to(folder) for p in folder.rglob("*.parquet"))
    with ParquetDataset(folder) as dataset:
        again = run(_examples(), dataset=dataset, pipeline=pipeline)
    assert again.coded == 0 and again.unchanged == articles
    assert sorted(p.relative_to(folder) for p in folder.rglob("*.parquet")) == files
    assert _count(folder, "events") == len(expected) and _count(folder, "articles") == articles
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT * EXCLUDE (position) FROM read_parquet('{folder}/events/*.parquet') ORDER BY article_id, position"
    ).fetchall()
    names = [d[0] for d in con.description]
    for row in rows:
        record = dict(zip(names, row, strict=True))
        event_validator.validate(json.loads(json.dumps(record, default=str)))
    query = f"SELECT event_type, count(*) FROM read_parquet('{folder}/events/*.parquet') GROUP BY 1"
    assert dict(con.execute(query).fetchall()) == Counter(e.event_type for e in expected)
    con.close()


@pytest.mark.slow
def test_code_out_dir_writes_a_dataset_duckdb_reads(tmp_path):
    folder = tmp_path / "bbc"
    command = [COMMUNIQUE, "code", str(EXAMPLES / "articles.jsonl"), "--out", f"{folder}/", "--workers", "1"]
    first = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert first.returncode == 0, first.stderr
    assert "Parquet dataset" in first.stderr and not list(tmp_path.glob("*.jsonl"))
    events = _count(folder, "events")
    assert events > 20 and _count(folder, "articles") == 30
    second = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert second.returncode == 0 and "unchanged: 30" in second.stderr
    assert _count(folder, "events") == events
    query = [COMMUNIQUE, "query", "--db", str(folder), "--events", "--include-negated", "--limit", "0"]
    listed = subprocess.run([*query, "--format", "json"], capture_output=True, text=True, timeout=300, check=False)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == events
    con = duckdb.connect()
    assault = con.execute(
        f"SELECT count(*) FROM read_parquet('{folder}/events/*.parquet') WHERE event_type = 'ASSAULT'"
    ).fetchall()[0][0]
    con.close()
    assaults = subprocess.run(
        [*query, "--type", "ASSAULT", "--format", "json"], capture_output=True, text=True, check=False
    )
    assert assault > 0 and len(assaults.stdout.splitlines()) == assault
