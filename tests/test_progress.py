"""Progress and the final summary: the estimated total, the bar's counts,
speed and ETA, and the summary's throughput figures."""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from communique.run.batch import RunSummary
from communique.run.progress import ProgressBar, clock_time, estimate_articles, summary_line
from tests.conftest import EXAMPLES

COMMUNIQUE = str(Path(sys.executable).parent / "communique")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_total_counts_lines_rows_and_pages(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "1", "text": "x"}\n{"id": "2", "text": "y"}\n{"id": "3"}', "utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"id": "4", "text": "z"}\n')
    (tmp_path / "c.csv").write_text("id,text\n5,one\n6,two\n", "utf-8")
    (tmp_path / "d.txt").write_text("An article of one file.", "utf-8")
    assert estimate_articles([str(tmp_path)]) == 3 + 1 + 2 + 1


def test_inputs_not_counted_ahead_give_no_total(tmp_path):
    feed = tmp_path / "news.rss"
    feed.write_text('<?xml version="1.0"?><rss><channel><item><title>t</title></item></channel></rss>', "utf-8")
    assert estimate_articles([str(feed)]) is None
    assert estimate_articles(["-"]) is None


def _summary(read: int, seconds: float, events: int = 0, rejected: int = 0) -> RunSummary:
    return RunSummary(read=read, coded=read - rejected, rejected=rejected, events=events, seconds=seconds)


def test_the_bar_reaches_the_total_with_speed_and_eta():
    stream, clock = io.StringIO(), Clock()
    bar = ProgressBar(stream, total=100, terminal=False, every=5.0, clock=clock)
    clock.now, first = 110.0, _summary(20, 10.0, events=7)
    bar(first)
    clock.now = 112.0  # too soon for another line in a log
    bar(_summary(30, 12.0))
    clock.now = 120.0  # 40 more in 10 s since the first batch: 4/s, 40 left -> 10 s
    bar(_summary(60, 20.0, events=25, rejected=2))
    clock.now = 130.0
    bar(_summary(100, 30.0, events=41, rejected=3))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert "20/100 articles" in lines[0] and "7 events" in lines[0]
    assert "60/100 articles  60%" in lines[1] and "4.0 articles/s" in lines[1] and "ETA 0:00:10" in lines[1]
    assert "2 rejects" in lines[1] and "elapsed 0:00:20" in lines[1]
    assert "100/100 articles 100%" in lines[2] and "ETA 0:00:00" in lines[2] and "41 events" in lines[2]


def test_a_low_estimate_never_shows_more_than_all():
    stream, clock = io.StringIO(), Clock()
    bar = ProgressBar(stream, total=10, terminal=True, clock=clock)
    bar(_summary(12, 3.0))
    assert "12/12 articles 100%" in stream.getvalue() and stream.getvalue().startswith("\r")
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_without_a_total_the_bar_shows_counts_and_no_eta():
    stream = io.StringIO()
    ProgressBar(stream, total=None, terminal=False, clock=Clock())(_summary(64, 8.0, events=9))
    line = stream.getvalue()
    assert "64 articles" in line and "9 events" in line and "ETA" not in line


def test_the_summary_line_gives_the_throughput():
    summary = RunSummary(read=12, coded=10, rejected=2, events=31, seconds=4.0, words=5000)
    line = summary_line(summary)
    assert "articles read: 12" in line and "coded: 10" in line and "rejected: 2" in line
    assert "events written: 31" in line and "seconds: 4.0 (0:00:04)" in line
    assert "articles/second: 2.5" in line and "words/second: 1,250" in line
    assert clock_time(3725.4) == "1:02:05"


@pytest.mark.slow
def test_forced_progress_and_the_summary_of_a_real_run(tmp_path):
    """`--progress` into a pipe: lines that reach the total with an ETA, and a
    summary whose numbers are those of the run."""
    source = EXAMPLES / "articles.jsonl"
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()[:6]]
    lines = [json.dumps(r) for r in records] + ["{not json", json.dumps({"id": "empty", "text": ""})]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = subprocess.run(
        [COMMUNIQUE, "code", str(path), "--out", str(out), "--workers", "1", "--progress"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    bars = [line for line in result.stderr.splitlines() if line.startswith("coding")]
    assert bars and "8/8 articles 100%" in bars[-1] and "ETA 0:00:00" in bars[-1]
    events = out.read_text(encoding="utf-8").count("\n")
    words = sum(len(r["text"].split()) for r in records)
    summary = next(line for line in result.stderr.splitlines() if line.startswith("articles read"))
    assert f"articles read: 8  coded: 6  unchanged: 0  rejected: 2  events written: {events}" in summary
    seconds = float(re.search(r"seconds: ([0-9.]+)", summary).group(1))
    reported = float(re.search(r"words/second: ([0-9,]+)", summary).group(1).replace(",", ""))
    assert reported == pytest.approx(words / seconds, rel=0.1)
    quiet = subprocess.run(
        [COMMUNIQUE, "code", str(path), "--out", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert not [line for line in quiet.stderr.splitlines() if line.startswith("coding")]  # not a terminal
