"""A worker killed from outside (kill -9) costs only the document it was running: the batch
completes and every other document is read. (A worker that crashes by itself, a timeout and an
allocation past the memory limit are in tests/test_batch.py, with the same test hook.)"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEEDS
from faults.processes import descendants

RUN = """
import json
from pipeline.config import Config
from pipeline.runner import run_batch
def progress(outcome, done, total):
    print("done", outcome.source_path, flush=True)
summary = run_batch({paths!r}, {out!r}, Config(workers=2, test_faults=(("hang", "stuck.txt"),)), progress=progress)
print(json.dumps([(o.source_path, o.reason_code or "document", o.message or "") for o in summary.outcomes]))
"""


def _workers(pid: int) -> set[int]:
    """The run's workers: the children of its forkserver."""
    found = set()
    for child in descendants(pid):
        try:
            if b"forkserver" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
        except OSError:
            continue
    return {w for w in found if any(Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[1] == str(p)
                                    for p in found)}


def test_kill_9_of_a_worker_costs_only_its_document(tmp_path):
    stuck = tmp_path / "stuck.txt"
    stuck.write_text((SEEDS / "000_f89f526d332940ea.txt").read_text() + "\nStuck.\n")
    others = [str(p) for p in sorted(SEEDS.glob("00[1-3]*.txt"))]
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-c", RUN.format(paths=[str(stuck), *others], out=str(out))],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert [run.stdout.readline().split()[0] for _ in others] == ["done"] * len(others)
        workers = _workers(run.pid)
        assert len(workers) == 2
        for worker in workers:
            os.kill(worker, signal.SIGKILL)
        stdout, _ = run.communicate(timeout=600)
    finally:
        run.kill()
    # outcomes come sorted by full path, and tmp_path may sort before or after the checkout
    outcomes = {Path(p).name: (code, message) for p, code, message in json.loads(stdout.splitlines()[-1])}
    assert {name: code for name, (code, _) in outcomes.items()} == {
        "stuck.txt": "out_of_memory", "001_a5be961fdb6fec4e.txt": "document",
        "002_0ebfa08a8c162b1e.txt": "document", "003_5f99651857977bf9.txt": "document"}
    assert outcomes["stuck.txt"][1].startswith("out of memory in stage parse: its worker was killed by SIGKILL")
