"""`communique serve` refuses what cannot work, before it listens."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.cli import main
from communique.serve.access import DatabaseAccess
from communique.store import EventDatabase


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "empty.duckdb"
    EventDatabase(path).close()
    return path


def test_a_missing_database_is_named(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "nope.duckdb")]) == 2
    assert "database not found" in capsys.readouterr().err


def test_allow_write_needs_the_token(empty_db, monkeypatch, capsys):
    monkeypatch.delenv("COMMUNIQUE_TOKEN", raising=False)
    assert main(["serve", "--db", str(empty_db), "--allow-write"]) == 2
    assert "COMMUNIQUE_TOKEN" in capsys.readouterr().err


def test_allow_write_needs_one_worker(empty_db, monkeypatch, capsys):
    monkeypatch.setenv("COMMUNIQUE_TOKEN", "x" * 20)
    assert main(["serve", "--db", str(empty_db), "--allow-write", "--workers", "2"]) == 2
    assert "single worker" in capsys.readouterr().err


def test_a_negative_cache_is_refused(empty_db, capsys):
    assert main(["serve", "--db", str(empty_db), "--cache", "-1"]) == 2
    assert "cache" in capsys.readouterr().err


def test_results_are_cached_only_for_a_read_only_database(empty_db):
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    reading = DatabaseAccess(empty_db, cache_entries=2)
    assert [reading.cached(k, compute) for k in ("a", "a", "b", "c", "a")] == [1, 1, 2, 3, 4]  # "a" dropped after c
    reading.close()
    writing = DatabaseAccess(empty_db, writable=True, cache_entries=2)
    assert writing.cached("a", compute) == 5 and writing.cached("a", compute) == 6
    writing.close()


def test_negative_coders_are_refused(empty_db, capsys):
    assert main(["serve", "--db", str(empty_db), "--coders", "-1"]) == 2
    assert "--coders" in capsys.readouterr().err
