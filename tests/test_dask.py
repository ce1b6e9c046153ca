"""--engine dask on real Dask clusters: a LocalCluster started by the run, and a scheduler and
two workers started here as separate processes and joined with --scheduler. Both give the local
engine's bytes; a document that kills its worker process is sent again, then quarantined."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from distributed import Client

from pipeline.cli import main
from pipeline.config import Config
from pipeline.runner import run_batch
from pipeline.writer import load_outputs
from schemas.arrow import TABLES

from conftest import SEEDS

DASK = Path(sys.executable).parent / "dask"


def _same_bytes(a: Path, b: Path, tables=TABLES) -> list[str]:
    return [t for t in tables if (a / f"{t}.parquet").read_bytes() != (b / f"{t}.parquet").read_bytes()]


def test_local_cluster_gives_the_local_engines_bytes(small_run, tmp_path):
    inputs, local = small_run
    out = tmp_path / "dask"
    assert main(["run", *inputs, "--out", str(out), "--engine", "dask", "--workers", "2", "--no-cache"]) == 0
    assert _same_bytes(out, local) == []
    assert len(load_outputs(out)["documents"]) == 7
    assert not (out / ".spool").exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """`dask scheduler` and two `dask worker`s on 127.0.0.1, started in another folder (so the
    workers must be given absolute paths), ready when both workers have registered."""
    folder = tmp_path_factory.mktemp("cluster")
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    log = (folder / "cluster.log").open("w")
    commands = [[DASK, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                 "--dashboard-address", "127.0.0.1:0"]]
    commands += [[DASK, "worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                  "--dashboard-address", "127.0.0.1:0"]] * 2
    processes = [subprocess.Popen(c, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT) for c in commands]
    try:
        with Client(address, timeout=120) as client:
            client.wait_for_workers(2, timeout=300)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            process.wait(timeout=60)
        log.close()


@pytest.fixture(scope="module")
def cluster_run(cluster, small_run, tmp_path_factory):
    """The reference inputs plus a copy of a seed that kills the process reading it, through
    the running cluster with --scheduler."""
    inputs, _ = small_run
    crash = shutil.copy(SEEDS / "001_a5be961fdb6fec4e.txt", tmp_path_factory.mktemp("crash") / "crash.txt")
    out = tmp_path_factory.mktemp("cluster_out")
    config = Config(engine="dask", scheduler=cluster, cache=False, test_faults=(("crash", "crash.txt"),))
    summary = run_batch([*inputs, str(crash)], out, config)
    return out, summary, str(crash)


def test_scheduler_joins_a_running_cluster_with_the_local_engines_bytes(cluster_run, small_run):
    out, summary, crash = cluster_run
    assert _same_bytes(out, small_run[1], [t for t in TABLES if t != "quarantine"]) == []
    assert sorted(o.source_path for o in summary.outcomes) == sorted(
        [*load_outputs(small_run[1])["documents"].source_path, crash])


def test_a_document_that_kills_its_worker_is_retried_then_quarantined(cluster_run):
    out, _, crash = cluster_run
    quarantine = load_outputs(out)["quarantine"]
    assert list(quarantine.source_path) == [crash]
    assert list(quarantine.reason_code) == ["worker_crashed"]
    assert list(quarantine.stage) == ["parse"]
    assert "(killed by SIGSEGV; tried 3 times)" in quarantine.message.iloc[0]


def test_an_unknown_engine_is_a_usage_error_that_lists_the_known_ones(tmp_path, capsys):
    assert main(["run", str(SEEDS), "--out", str(tmp_path), "--engine", "ray"]) == 2
    assert "unknown engine 'ray'; known engines: dask, local" in capsys.readouterr().err
    assert main(["run", str(SEEDS), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert not list(tmp_path.iterdir())
