"""The Dask engine on a real `distributed.LocalCluster` with two worker
processes: the same events as the plain engine, a resumed run codes only
what is left, and a worker killed mid-run loses and duplicates nothing."""

from __future__ import annotations

import io
import os
import signal
from pathlib import Path

import pytest

from communique.run import run
from communique.run.dask_runner import local_cluster
from communique.store import EventDatabase, JsonlWriter
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.slow

# A handful of the team's short example articles, in partitions of 4.
INPUT = EXAMPLES / "articles.jsonl"
ARTICLES = 12
PARTITION = 4


class Interrupted(Exception):
    """Stands for Ctrl-C or a killed writer."""


@pytest.fixture(scope="module")
def client():
    from distributed import Client

    cluster = local_cluster(2)
    with Client(cluster) as connected:
        yield connected
    cluster.close()


def test_local_workers_run_one_thread_each_with_glibc_s_own_malloc_thresholds(client):
    # Dask's default MALLOC_TRIM_THRESHOLD_ turns every large allocation of
    # the parser into an mmap and made a run 22% slower (docs/scaling.md).
    environments = client.run(lambda: {k: os.environ.get(k) for k in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS")})
    assert len(environments) == 2
    assert all(env == {"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": "1"} for env in environments.values())


@pytest.fixture(scope="module")
def handful(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("input") / "handful.jsonl"
    lines = INPUT.read_text(encoding="utf-8").splitlines()[:ARTICLES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _code(folder: Path, handful: Path, **options) -> tuple[str, list]:
    folder.mkdir(exist_ok=True)
    with EventDatabase(folder / "run.duckdb") as db, JsonlWriter(folder / "events.jsonl") as out:
        summary = run([str(handful)], out=out, database=db, **options)
        assert summary.coded + summary.unchanged == ARTICLES
        return (folder / "events.jsonl").read_text(encoding="utf-8"), db.events()


@pytest.fixture(scope="module")
def plain(pipeline, handful, tmp_path_factory) -> tuple[str, list]:
    jsonl, events = _code(tmp_path_factory.mktemp("plain"), handful, pipeline=pipeline)
    assert jsonl.count("\n") >= ARTICLES, "the handful has events to compare"
    return jsonl, events


def test_dask_engine_gives_exactly_the_plain_engines_events(client, handful, plain, tmp_path):
    from communique.run.dask_runner import DaskCoder

    coder = DaskCoder(tmp_path / "parts", client=client)
    assert _code(tmp_path / "out", handful, coder=coder, batch_size=PARTITION) == plain
    assert coder.coded == ARTICLES // PARTITION and coder.resumed == 0
    assert len(coder.peaks) == 2, "both workers coded"
    assert all(peak < 1500 for peak in coder.peaks.values())
    assert len(list((tmp_path / "parts").glob("*.parquet"))) == ARTICLES // PARTITION


def test_a_rerun_after_an_interruption_codes_only_the_unfinished_partitions(client, handful, plain, tmp_path):
    from communique.run.dask_runner import DaskCoder

    def stop_after_first_partition(summary) -> None:
        raise Interrupted

    first = DaskCoder(tmp_path / "parts", client=client)
    with pytest.raises(Interrupted):
        _code(tmp_path / "out", handful, coder=first, batch_size=PARTITION, progress=stop_after_first_partition)
    assert first.coded == 1
    again = DaskCoder(tmp_path / "parts", client=client)
    # --recode: every article goes to the engine again (the database alone
    # would skip the stored first partition), so the partition files must
    # supply the finished one.
    assert _code(tmp_path / "out", handful, coder=again, batch_size=PARTITION, recode=True) == plain
    assert (again.resumed, again.coded) == (1, ARTICLES // PARTITION - 1)


def test_a_rerun_into_the_same_database_codes_only_what_it_lacks(client, handful, plain, tmp_path):
    from communique.run.dask_runner import DaskCoder

    def stop_after_first_partition(summary) -> None:
        raise Interrupted

    with pytest.raises(Interrupted):
        _code(
            tmp_path / "out",
            handful,
            coder=DaskCoder(tmp_path / "parts", client=client),
            batch_size=PARTITION,
            progress=stop_after_first_partition,
        )
    again = DaskCoder(tmp_path / "parts", client=client)
    jsonl, events = _code(tmp_path / "out", handful, coder=again, batch_size=PARTITION)
    assert (jsonl, events) == plain
    assert again.coded == ARTICLES // PARTITION - 1  # the stored partition was not even sent


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(client, handful, plain, tmp_path):
    from communique.run.dask_runner import DaskCoder

    class KillOnce(DaskCoder):
        """Kills a worker process right after the second partition's tasks
        are sent, while one of them is queued or running on it."""

        killed: int | None = None

        def _submit(self, slices, offsets):
            futures = super()._submit(slices, offsets)
            if self.coded == 1 and self.killed is None:
                pids = self.client.run(os.getpid)
                self.killed = sorted(pids.values())[0]
                os.kill(self.killed, signal.SIGKILL)
            return futures

    coder = KillOnce(tmp_path / "parts", client=client)
    assert _code(tmp_path / "out", handful, coder=coder, batch_size=PARTITION) == plain
    assert coder.killed is not None
    assert coder.killed not in client.run(os.getpid).values()


def test_dask_engine_into_a_parquet_dataset_gives_the_plain_events_and_shows_progress(client, handful, plain, tmp_path):
    from communique.run.dask_runner import DaskCoder
    from communique.run.progress import ProgressBar
    from communique.store.parquet_dataset import ParquetDataset

    coder = DaskCoder(tmp_path / "dataset" / "_partitions", client=client)
    shown = io.StringIO()
    bar = ProgressBar(shown, total=ARTICLES, terminal=False, every=0.0)
    with ParquetDataset(tmp_path / "dataset") as dataset:
        summary = run([str(handful)], dataset=dataset, coder=coder, batch_size=PARTITION, progress=bar)
    assert summary.coded == ARTICLES and coder.coded == ARTICLES // PARTITION
    lines = shown.getvalue().splitlines()
    assert len(lines) == ARTICLES // PARTITION  # a line per partition written
    assert f"{ARTICLES}/{ARTICLES} articles 100%" in lines[-1] and "ETA 0:00:00" in lines[-1]
    with ParquetDataset(tmp_path / "dataset") as dataset:
        assert dataset.events() == plain[1]
        again = run([str(handful)], dataset=dataset, coder=coder, batch_size=PARTITION)
    assert again.unchanged == ARTICLES and coder.coded == ARTICLES // PARTITION  # nothing sent again
