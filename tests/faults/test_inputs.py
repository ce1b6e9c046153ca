"""Odd inputs: every path given or found gets a documents row, a quarantine row with its reason,
or a count in the summary's skipped line (hidden files, ignored by default as asked); nothing
is skipped silently, nothing blocks, and no file name crashes the Parquet writer."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from pipeline.cli import main
from pipeline.writer import load_outputs

from conftest import ROOT, SEEDS

SEED = SEEDS / "002_0ebfa08a8c162b1e.txt"
ODD_NAME = os.fsdecode(b"caf\xe9 report.txt")  # Latin-1 bytes: not UTF-8


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """`followthrough ARGS` in a child process, its stderr kept for the test."""
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True,
                          text=True, timeout=900, cwd=ROOT, **kwargs)


@pytest.fixture(scope="module")
def odd_folder(tmp_path_factory):
    """One folder holding one of each kind of odd path, run once."""
    root = tmp_path_factory.mktemp("odd")
    inputs = root / "inputs"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "good.txt")
    shutil.copy(SEED, inputs / ODD_NAME)
    os.symlink("good.txt", inputs / "link.txt")
    os.symlink("nowhere.pdf", inputs / "broken.pdf")
    os.symlink("loop_b.pdf", inputs / "loop_a.pdf")
    os.symlink("loop_a.pdf", inputs / "loop_b.pdf")
    os.mkfifo(inputs / "pipe.pdf")
    os.symlink("/dev/null", inputs / "device.txt")
    (inputs / "sub").mkdir()
    os.symlink("..", inputs / "sub" / "up")
    shutil.copy(SEED, inputs / "sub" / ".draft.txt")
    shutil.copy(SEED, inputs / ".hidden.txt")
    (inputs / ".git").mkdir()
    shutil.copy(SEED, inputs / ".git" / "inside.txt")
    out = root / "out"
    return cli("run", str(inputs), "--out", str(out), "--workers", "2"), inputs, out


def test_the_batch_completes_and_counts_what_it_skipped(odd_folder):
    done, inputs, _ = odd_folder
    assert done.returncode == 0, done.stderr
    assert "skipped (hidden)               3   (--no-ignore-hidden reads them)" in done.stderr
    assert "  quarantined                  6" in done.stderr


def test_each_odd_path_has_its_row(odd_folder):
    _, inputs, out = odd_folder
    tables = load_outputs(out)
    quarantine = dict(zip(tables["quarantine"].source_path, tables["quarantine"].itertuples()))
    assert sorted(tables["documents"].source_path) == [
        f"{inputs}/caf\\xe9 report.txt", f"{inputs}/good.txt", f"{inputs}/link.txt"]
    assert len(set(tables["documents"].doc_id)) == 1  # the same bytes three times
    assert {path: row.reason_code for path, row in quarantine.items()} == {
        f"{inputs}/broken.pdf": "unreadable", f"{inputs}/loop_a.pdf": "symlink_loop",
        f"{inputs}/loop_b.pdf": "symlink_loop", f"{inputs}/pipe.pdf": "not_a_file",
        f"{inputs}/device.txt": "not_a_file", f"{inputs}/sub/up": "symlink_loop"}
    assert {row.stage for row in quarantine.values()} == {"discover"}
    assert quarantine[f"{inputs}/broken.pdf"].message == (
        f"unreadable: broken symbolic link {inputs}/broken.pdf → nowhere.pdf: the target does not "
        "exist; check that it exists and that you may read it (`ls -l` the path; fix the "
        "permissions or the link)")
    assert quarantine[f"{inputs}/pipe.pdf"].message == (
        f"not a regular file ({inputs}/pipe.pdf is a FIFO (named pipe)): it was not opened, since "
        "reading it could block or never end; copy the paper into a regular file and pass that")
    assert quarantine[f"{inputs}/loop_a.pdf"].message == (
        f"symbolic link loop ({inputs}/loop_a.pdf → loop_b.pdf leads back to itself): the link never "
        "reaches a file; fix or remove the link (`ls -l` shows where it points)")
    assert "is a character device" in quarantine[f"{inputs}/device.txt"].message
    assert f"{inputs}/sub/up → .. is a link to a folder that contains it" in quarantine[f"{inputs}/sub/up"].message


def test_a_name_in_any_bytes_is_written_and_read_back_by_duckdb(odd_folder):
    _, inputs, out = odd_folder
    rows = duckdb.sql(f"select source_path from '{out}/documents.parquet' where source_path like '%caf%'").fetchall()
    assert rows == [(f"{inputs}/caf\\xe9 report.txt",)]


def test_hidden_paths_are_read_when_asked_and_a_hidden_file_named_is_read(odd_folder, tmp_path):
    _, inputs, _ = odd_folder
    from pipeline.runner import run_batch
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(SEED, folder / ".draft.txt")
    shutil.copy(SEED, folder / "final.txt")
    summary = run_batch([str(folder), str(inputs / ".hidden.txt")], tmp_path / "out", ignore_hidden=False)
    assert summary.skipped == []
    assert [(o.source_path, o.status) for o in summary.outcomes] == [
        (f"{inputs}/.hidden.txt", "ok"), (f"{folder}/.draft.txt", "ok"), (f"{folder}/final.txt", "ok")]


def test_a_symlink_loop_or_fifo_named_on_the_command_line_is_a_row(tmp_path):
    os.symlink("b.pdf", tmp_path / "a.pdf")
    os.symlink("a.pdf", tmp_path / "b.pdf")
    os.mkfifo(tmp_path / "named.pipe")
    assert main(["run", str(tmp_path / "a.pdf"), str(tmp_path / "named.pipe"), "--out", str(tmp_path / "o")]) == 0
    quarantine = load_outputs(tmp_path / "o")["quarantine"]
    assert list(zip(quarantine.source_path, quarantine.reason_code)) == [
        (f"{tmp_path}/a.pdf", "symlink_loop"), (f"{tmp_path}/named.pipe", "not_a_file")]


def test_a_mistyped_path_or_an_empty_folder_leaves_earlier_tables_alone(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(SEED), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    current = os.readlink(out / ".current")
    assert main(["run", str(tmp_path / "paperz"), "--out", str(out)]) == 2
    assert f"no such file or folder: '{tmp_path}/paperz'" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".DS_Store").write_text("x")
    assert main(["run", str(tmp_path / "empty"), "--out", str(out)]) == 0
    assert (f"no input files found under {tmp_path}/empty (1 hidden path(s) skipped); the tables "
            f"in {out} were left as they were") in capsys.readouterr().err
    assert os.readlink(out / ".current") == current
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before


UNREADABLE_RUN = """
import json
from pipeline.runner import run_batch
summary = run_batch([{inputs!r}], {out!r})
print(json.dumps(sorted((o.source_path, o.reason_code or "document") for o in summary.outcomes)))
"""
NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_unreadable_folders_and_files_are_rows(tmp_path):
    """Permissions do not bind root, so as root the run is made without the capabilities that
    override them (setpriv); the files stay root's own."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "good.txt")
    shutil.copy(SEED, inputs / "secret.txt")
    (inputs / "locked").mkdir()
    shutil.copy(SEED, inputs / "locked" / "inside.txt")
    os.chmod(inputs / "secret.txt", 0o000)
    os.chmod(inputs / "locked", 0o000)
    prefix = NO_OVERRIDE if os.geteuid() == 0 else []
    if prefix and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv (util-linux) to drop the override")
    code = UNREADABLE_RUN.format(inputs=str(inputs), out=str(tmp_path / "out"))
    done = subprocess.run([*prefix, sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=900, cwd=ROOT)
    os.chmod(inputs / "locked", 0o755)  # so pytest can clean up
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f'[["{inputs}/good.txt", "document"], ["{inputs}/locked", "unreadable"], '
        f'["{inputs}/secret.txt", "unreadable"]]')
