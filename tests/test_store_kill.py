"""A run killed with SIGKILL at any moment leaves a database that opens and
holds only whole batches; a re-run finishes the job with nothing missing
and nothing duplicated (the issue's store requirement, tested for real: a
separate process, killed by the operating system mid-run)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from communique.store import EventDatabase
from tests.conftest import REPO

ARTICLES = 600
BATCH = 60
MEETINGS_PER_ARTICLE = 8


def _write_input(path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(ARTICLES):
            text = " ".join(f"Envoy{n}x{k} met Minister{k}." for k in range(MEETINGS_PER_ARTICLE))
            handle.write(json.dumps({"id": f"a{n:04d}", "text": text, "published": "2024-01-02"}) + "\n")


def _start(input_path: Path, db: Path) -> subprocess.Popen[str]:
    worker = REPO / "tests" / "helpers" / "store_worker.py"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(worker), str(input_path), str(db), str(BATCH)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def _kill_after(process: subprocess.Popen[str], batches: int, delay: float) -> None:
    """Wait for `batches` more batches to be written, then SIGKILL mid-way through the next."""
    assert process.stdout is not None
    for _ in range(batches):
        line = process.stdout.readline()
        assert line, "the worker ended before it could be killed"
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def _assert_whole_batches(db_path: Path) -> int:
    with EventDatabase(db_path) as db:
        articles = db.count("articles")
        # Only whole batches: the input's articles are read in order, so the
        # stored ones are a prefix made of whole batches.
        assert articles % BATCH == 0, articles
        ids = [r[0] for r in db.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        assert ids == [f"a{n:04d}" for n in range(articles)]
        # Every stored article has all its events and their actors, none more.
        assert db.count("events") == articles * MEETINGS_PER_ARTICLE
        assert db.count("event_actors") == articles * MEETINGS_PER_ARTICLE * 2
        partial = db.con.execute(
            "SELECT a.id FROM articles a LEFT JOIN events e ON e.article_id = a.id "
            "GROUP BY a.id, a.event_count HAVING count(e.id) <> a.event_count"
        ).fetchall()
        assert partial == []
        return articles


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_run_leaves_whole_batches_and_a_rerun_completes_it(tmp_path: Path):
    input_path = tmp_path / "in.jsonl"
    db_path = tmp_path / "events.duckdb"
    _write_input(input_path)

    # Killed twice, at different moments: right after a batch, and partway into one.
    first = _start(input_path, db_path)
    _kill_after(first, batches=2, delay=0.0)
    stored_after_first = _assert_whole_batches(db_path)
    assert 2 * BATCH <= stored_after_first < ARTICLES

    second = _start(input_path, db_path)
    _kill_after(second, batches=1, delay=0.05)
    stored_after_second = _assert_whole_batches(db_path)
    assert stored_after_second >= stored_after_first

    final = _start(input_path, db_path)
    out, _ = final.communicate(timeout=300)
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["done"]
    # The re-run codes only what the killed runs had not stored.
    assert summary["unchanged"] == stored_after_second
    assert summary["coded"] == ARTICLES - stored_after_second
    assert _assert_whole_batches(db_path) == ARTICLES
    with EventDatabase(db_path) as db:
        distinct = db.con.execute("SELECT count(DISTINCT id) FROM events").fetchone()[0]
        assert distinct == db.count("events") == ARTICLES * MEETINGS_PER_ARTICLE
