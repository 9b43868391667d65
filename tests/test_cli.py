"""The `communique` command as a user runs it: files, folders, stdin,
rejects, the database, exit codes and help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SEED_JSONL

COMMUNIQUE = str(Path(sys.executable).parent / "communique")

ARTICLE = {
    "id": "cli-1",
    "published": "2024-03-06",
    "text": "Egypt and Qatar urged Israel and Hamas to agree to a ceasefire on Tuesday. "
    "Israeli jets struck a school in Rafah on Wednesday, officials said.",
}


def communique(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([COMMUNIQUE, *args], input=stdin, capture_output=True, cwd=cwd, timeout=300, check=False)


def _events(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_help_explains_every_option():
    top = communique("--help")
    assert top.returncode == 0
    assert b"code" in top.stdout and b"summary" in top.stdout
    code = communique("code", "--help")
    for option in (b"--out", b"--db", b"--rejects", b"--published", b"--max-chars", b"--quiet"):
        assert option in code.stdout


def test_seed_to_jsonl_and_duckdb(tmp_path: Path, event_validator):
    out, db = tmp_path / "events.jsonl", tmp_path / "events.duckdb"
    result = communique("code", str(SEED_JSONL), "--out", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    events = _events(out)
    assert len(events) >= 5
    for event in events:
        event_validator.validate(event)
    summary = result.stderr.decode()
    assert "articles read: 1" in summary and "coded: 1" in summary and "rejected: 0" in summary
    assert f"events written: {len(events)}" in summary and "articles/second" in summary
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == len(events)
    ids = {r[0] for r in con.execute("SELECT id FROM events").fetchall()}
    assert ids == {e["id"] for e in events}
    con.close()


def test_running_twice_gives_the_same_ids_and_no_duplicate_rows(tmp_path: Path):
    db = tmp_path / "events.duckdb"
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert communique("code", str(SEED_JSONL), "--out", str(first), "--db", str(db)).returncode == 0
    assert communique("code", str(SEED_JSONL), "--out", str(second), "--db", str(db)).returncode == 0
    assert first.read_text() == second.read_text()
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == len(_events(first))
    con.close()


def test_stdin_to_stdout():
    result = communique("code", "-", "--out", "-", stdin=(json.dumps(ARTICLE) + "\n").encode())
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.decode().splitlines()]
    types = {e["event_type"] for e in events}
    assert "REQUEST" in types and "ASSAULT" in types
    assert all(e["article_id"] == "cli-1" for e in events)


def test_folder_of_text_files_with_a_publication_date(tmp_path: Path):
    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "a.txt").write_text("Kenyan police arrested forty protesters in Nairobi on Monday.", encoding="utf-8")
    (folder / "b.txt").write_text("Turkey and Greece held talks in Ankara yesterday.", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = communique("code", str(folder), "--published", "2024-03-06", "--out", str(out))
    assert result.returncode == 0, result.stderr
    events = {e["article_id"]: e for e in _events(out)}
    assert events["a"]["event_type"] == "COERCE"
    assert events["a"]["date"] == "2024-03-04"
    assert events["b"]["event_type"] == "CONSULT"
    assert events["b"]["date"] == "2024-03-05"


def test_bad_input_is_rejected_with_reasons_and_the_run_finishes(tmp_path: Path):
    source = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps(ARTICLE).encode(),
        b"this is not json",
        json.dumps({"id": "no-text"}).encode(),
        json.dumps({"id": "empty", "text": ""}).encode(),
        b'{"id": "latin1", "text": "S\xe3o Paulo"}',
        json.dumps({"id": "huge", "text": "word " * 1_000_000}).encode(),
    ]
    source.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "events.jsonl"
    result = communique("code", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    rejects = _events(tmp_path / "events.rejects.jsonl")
    assert [r["line"] for r in rejects] == [2, 3, 4, 5, 6]
    assert all(r["origin"] == str(source) and r["reason"] for r in rejects)
    assert "rejected: 5" in result.stderr.decode()
    assert {e["article_id"] for e in _events(out)} == {"cli-1"}


def test_rejects_are_listed_in_the_summary_when_events_go_to_stdout():
    result = communique("code", "-", "--out", "-", stdin=b"{broken\n")
    assert result.returncode == 0
    assert result.stdout == b""
    assert "rejected <stdin>:1" in result.stderr.decode()


def test_a_run_that_cannot_start_exits_non_zero_with_one_line(tmp_path: Path):
    missing = communique("code", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "e.jsonl"))
    assert missing.returncode != 0
    assert missing.stderr.decode().strip().count("\n") == 0
    assert "input not found" in missing.stderr.decode()
    unwritable = communique("code", str(SEED_JSONL), "--out", str(tmp_path / "no" / "such" / "dir" / "e.jsonl"))
    assert unwritable.returncode != 0
    assert "cannot write" in unwritable.stderr.decode()
    assert unwritable.stderr.decode().strip().count("\n") == 0


def test_summary_prints_what_the_database_holds(tmp_path: Path):
    db = tmp_path / "e.duckdb"
    assert communique("code", str(SEED_JSONL), "--db", str(db)).returncode == 0
    result = communique("summary", "--db", str(db))
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    assert "1 articles" in text and "Events by PLOVER type" in text and "CONSULT" in text


@pytest.mark.parametrize("args", [["code", "x.jsonl"], ["summary", "--db", "missing.duckdb"]])
def test_usage_errors_exit_non_zero(tmp_path: Path, args):
    assert communique(*args, cwd=tmp_path).returncode != 0


def test_evaluate_prints_scores_and_writes_a_report(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    records = [
        {
            "id": "g1",
            "text": "Chinese police arrested two activists in Shanghai.",
            "event_type": "COERCE",
            "published": "2024-03-06",
            "source": [{"text": "Chinese police", "country": "CHN", "sector": "COP"}],
        },
        {"id": "g2", "text": "The orchestra played Mahler to a full house.", "event_type": None},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = tmp_path / "report.json"
    result = communique("evaluate", str(gold), "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert "type accuracy" in result.stdout.decode()
    data = json.loads(report.read_text())
    assert data["type_accuracy"] == 1.0 and data["detection"]["precision"] == 1.0
    assert data["confusion"]["none"] == {"none": 1}
