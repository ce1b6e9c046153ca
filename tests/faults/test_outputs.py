"""The output folder as a transaction (pipeline.outputs): a second run into a busy folder fails at
once; a killed run leaves the earlier tables whole, no process behind, and a rerun gives the
bytes of a clean run; a full disk or a run that failed as a whole leaves the earlier tables."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main, run_command
from pipeline.config import Config
from pipeline.runner import run_batch
from pipeline.writer import load_outputs
from schemas.arrow import TABLES

from conftest import ROOT, SEEDS
from faults.processes import alive, descendants, wait_for

SEED_FILES = sorted(SEEDS.glob("00[0-2]*.txt"))


def tables_bytes(out: Path) -> dict[str, bytes]:
    return {t: (out / f"{t}.parquet").read_bytes() for t in TABLES}


HANGING_RUN = """
from pipeline.config import Config
from pipeline.runner import run_batch
run_batch({paths!r}, {out!r}, Config(workers=2, test_faults=(("hang", "late.txt"),)))
"""


@pytest.fixture()
def inputs(tmp_path) -> list[str]:
    late = tmp_path / "late.txt"
    late.write_text(SEED_FILES[0].read_text() + "\nA late addition to the tracker.\n")
    return [*map(str, SEED_FILES), str(late)]


def test_concurrent_run_fails_at_once_then_a_killed_run_leaves_all_whole(tmp_path, inputs, capsys):
    out = tmp_path / "out"
    assert main(["run", *inputs[:-1], "--out", str(out), "--workers", "2"]) == 0
    before = tables_bytes(out)
    first = subprocess.Popen([sys.executable, "-c", HANGING_RUN.format(paths=inputs, out=str(out))], cwd=ROOT,
                             stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: f"pid {first.pid}," in (out / ".lock").read_text(), "the first run to hold the lock")
        wait_for(lambda: len(descendants(first.pid)) >= 3, "the first run's forkserver and workers")
        assert main(["run", *inputs, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"{out} is being written by another followthrough run (pid {first.pid}, started " in err
        assert "wait for it to finish, or give this run another --out folder" in err
        left = descendants(first.pid)
    finally:
        first.kill()
        first.wait()
    wait_for(lambda: not any(map(alive, left)), "the killed run's forkserver and workers to die", 60)
    assert tables_bytes(out) == before
    assert main(["run", *inputs, "--out", str(out), "--workers", "2"]) == 0
    assert main(["run", *inputs, "--out", str(tmp_path / "clean"), "--workers", "2", "--no-cache"]) == 0
    assert tables_bytes(out) == tables_bytes(tmp_path / "clean")
    assert sorted(os.listdir(out / ".generations")) == ["000001", "000002"]


def test_a_run_where_every_document_crashes_keeps_the_earlier_tables(tmp_path, inputs, capsys):
    out = tmp_path / "out"
    assert main(["run", inputs[0], "--out", str(out)]) == 0
    before = tables_bytes(out)
    names = [Path(p).name for p in inputs[1:3]]
    config = Config(workers=2, test_faults=tuple(("crash", n) for n in names))
    assert run_command(inputs[1:3], str(out), config) == 1
    err = capsys.readouterr().err
    assert f"the run failed as a whole, so the tables in {out} were left as they were: every document (2) " \
           "failed with worker_crashed, e.g. worker crashed in stage parse (killed by SIGSEGV)" in err
    assert tables_bytes(out) == before


def test_a_broken_pool_keeps_the_earlier_tables(tmp_path, inputs, capsys):
    """256 MB cannot hold a worker with its model: every worker dies starting, the pool breaks."""
    out = tmp_path / "out"
    assert main(["run", inputs[0], "--out", str(out)]) == 0
    before = tables_bytes(out)
    assert run_command(inputs[1:2], str(out), Config(workers=1, document_memory_mb=256)) == 1
    assert ("the worker pool broke (All workers expired): workers could not start or all died; "
            "check run.document_memory_mb") in capsys.readouterr().err
    assert tables_bytes(out) == before


@pytest.fixture()
def small_disk(tmp_path):
    """A 16 MB tmpfs, where mounting is allowed (root, not in every container)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
                          capture_output=True, text=True) if shutil.which("mount") else None
    if made is None or made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip() if made else 'no mount'}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:  # unbuffered: nothing left to flush on close
        try:
            while True:
                handle.write(bytes(1 << 16))
                handle.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_leaves_the_earlier_tables_whole(small_disk, inputs, capsys):
    out = small_disk / "out"
    assert main(["run", *inputs[:-1], "--out", str(out), "--workers", "2"]) == 0
    before = tables_bytes(out)
    current = os.readlink(out / ".current")
    filler = fill(small_disk)
    assert main(["run", *inputs, "--out", str(out), "--workers", "2"]) == 1
    err = capsys.readouterr().err
    assert f"cannot write the output, so the tables in {out} were left as they were: " in err
    assert "No space left on device" in err
    assert os.readlink(out / ".current") == current
    assert tables_bytes(out) == before
    assert sorted(os.listdir(out / ".generations")) == [current.rsplit("/", 1)[1]]
    filler.unlink()
    assert main(["run", *inputs, "--out", str(out), "--workers", "2"]) == 0
    assert len(load_outputs(out)["documents"]) == len(inputs)
