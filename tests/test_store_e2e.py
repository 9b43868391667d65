"""End to end on real text: the team-written dedup corpus coded into a
database by the command, re-run incrementally, queried and exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.cli import main
from communique.evaluation.dedup import CORPUS

ARTICLES = CORPUS / "articles.jsonl"


@pytest.mark.slow
def test_code_rerun_query_and_export_the_corpus(pipeline, tmp_path: Path, capsys):
    db = str(tmp_path / "events.duckdb")
    assert main(["code", str(ARTICLES), "--db", db]) == 0
    first = capsys.readouterr().err
    assert "coded: 48" in first and "unchanged: 0" in first and "event clusters in the database" in first

    assert main(["code", str(ARTICLES), "--db", db]) == 0
    second = capsys.readouterr().err
    assert "coded: 0" in second and "unchanged: 48" in second  # nothing coded twice

    # The Pakistani shelling of Afghan posts, reported by three outlets, is one cluster.
    assert (
        main(["query", "--db", db, "--source", "PAK", "--target", "AFG", "--type", "ASSAULT", "--format", "json"]) == 0
    )
    (shelling,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (shelling["articles"], shelling["sources"], shelling["date"]) == (3, 3, "2025-05-10")

    out = tmp_path / "events.tsv"
    assert main(["export", "--db", db, "--format", "gdelt", "--out", str(out)]) == 0
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(len(row) == 61 for row in rows)
    assert any(r[26] == "194" and r[5] == "PAKMIL" and r[33] == "3" for r in rows)  # EventCode, Actor1Code, NumArticles

    assert main(["dyad", "PAK", "AFG", "--db", db, "--by", "day", "--format", "json"]) == 0
    (day,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert day["period"].startswith("2025-05-10") and day["material_conflict"] == 1
