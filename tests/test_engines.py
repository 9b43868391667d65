"""Choosing an engine: what `communique code --engine/--workers/--scheduler`
accepts and refuses, before any worker starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import CommuniqueError, InputError
from communique.run.engines import batch_size_for, open_coder, partition_dir_for
from communique.run.parallel import LocalParallelCoder


def test_one_worker_codes_in_this_process():
    with open_coder("local", workers=1) as coder:
        assert coder is None


def test_two_workers_give_a_parallel_coder_that_starts_nothing_yet():
    with open_coder("local", workers=2) as coder:
        assert isinstance(coder, LocalParallelCoder) and coder.workers == 2
        assert coder._pool is None  # workers start with the first full batch


@pytest.mark.parametrize(
    ("engine", "options", "message"),
    [
        ("local", {"workers": 0}, "at least 1"),
        ("local", {"scheduler": "tcp://127.0.0.1:8786"}, "needs --engine dask"),
        ("dask", {"partition_dir": None}, "to keep finished partitions"),
        ("spark", {}, "unknown engine"),
    ],
)
def test_impossible_settings_are_refused_with_the_reason(engine, options, message):
    with pytest.raises(InputError, match=message):
        open_coder(engine, **options)


def test_a_bad_actor_file_is_reported_before_workers_start(tmp_path):
    bad = tmp_path / "mine.csv"
    bad.write_text("name,country,sector\nNorthern Guard,XXXX,MIL\n", encoding="utf-8")
    with pytest.raises(CommuniqueError, match=r"mine\.csv"):
        open_coder("local", workers=2, actor_files=[str(bad)])


def test_partitions_sit_beside_the_database_or_the_events_file():
    assert partition_dir_for("run.duckdb", "events.jsonl") == Path("run.duckdb.partitions")
    assert partition_dir_for(None, "events.jsonl") == Path("events.jsonl.partitions")
    assert partition_dir_for(None, "-") is None
    assert batch_size_for("dask") > batch_size_for("local")


def test_the_summary_says_no_worker_started_for_a_small_input():
    from communique.run.engines import describe_engine

    coder = LocalParallelCoder(2)
    assert describe_engine(coder) == "worker processes: 2  no worker started"
    coder.peaks[123] = 950.4
    assert describe_engine(coder) == "worker processes: 2  peak memory per worker: 950 MB"
