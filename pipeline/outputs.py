"""The output folder as a transaction: one lock, whole generations, one atomic switch.

Layout of `<out>/`:

    .lock                      held (flock) by the run writing here; a second run fails at once
    .generations/<n>/          one complete set per successful run (the last two kept): every
                               table, and state/ (the folder's aliases and thread history)
    .current -> .generations/<n>            the one switch: replaced atomically by rename(2)
    <table>.parquet -> .current/<table>.parquet   fixed links, so readers keep their paths
    <table> -> .current/<table>             instead, for a table written as a dataset (--partition)
    state -> .current/state

A run writes every table into `.generations/.staging-<pid>/`, syncs it, renames it to the next
generation and only then replaces `.current`. A crash, a kill or a full disk before that rename
leaves `.current` on the previous set, whole; the leftovers are removed by the next run. The
generation before the current one is kept, so a reader that resolved `.current` just before
the switch still finds its files. A reader that needs several tables resolves `.current` once
(pipeline.writer.tables_folder) and reads them all from that generation.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path
from typing import Callable

from schemas.arrow import TABLES

from .state import STATE_DIR, FolderState, write_state
from .writer import tables_folder


GENERATIONS = ".generations"
CURRENT = ".current"
LOCK = ".lock"


class OutputBusy(RuntimeError):
    """Another run holds the output folder's lock."""


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_link(link: Path, target: str) -> None:
    """Point `link` at `target` atomically: a new link beside it, renamed over it."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.is_dir() and not link.is_symlink():
        # a folder copied without its links (cp -r), or state/ from before generations: what
        # it holds is in the generation being switched to
        shutil.rmtree(link)
    temporary = link.with_name(f".{link.name}.{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


class OutputFolder:
    """`with OutputFolder(out) as folder: folder.publish(tables)`; the lock is held in between."""

    def __init__(self, out_dir: str | Path) -> None:
        self.root = Path(out_dir)
        self._lock_fd: int | None = None

    def __enter__(self) -> "OutputFolder":
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise OutputBusy(f"{self.root} is being written by another followthrough run ({holder}); "
                             "wait for it to finish, or give this run another --out folder") from None
        self._lock_fd = fd
        try:  # who holds the lock, for the message of a run that finds it busy; a courtesy
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(), 0)
        except OSError:
            pass
        try:
            self._remove_leftovers()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock_fd is not None:
            try:
                os.ftruncate(self._lock_fd, 0)
            finally:
                os.close(self._lock_fd)  # closing releases the flock
                self._lock_fd = None

    @property
    def generations(self) -> Path:
        return self.root / GENERATIONS

    def current(self) -> Path | None:
        """The folder of the current generation, or None before the first run."""
        link = self.root / CURRENT
        return self.root / os.readlink(link) if link.is_symlink() else None

    def snapshot(self) -> Path:
        """The current generation's folder (the folder itself when it was never published to)."""
        return tables_folder(self.root)

    def _numbers(self) -> list[int]:
        if not self.generations.is_dir():
            return []
        return sorted(int(p.name) for p in self.generations.iterdir() if p.name.isdigit())

    def _remove_leftovers(self) -> None:
        """Staging folders of runs that died, generations made by a run that died before its
        switch, and generations older than the one before the current."""
        if not self.generations.is_dir():
            return
        current = self.current()
        keep: set[int] = set()
        if current is not None and current.name.isdigit():
            now = int(current.name)
            keep = {now, max((n for n in self._numbers() if n < now), default=now)}
        for path in self.generations.iterdir():
            if path.name.startswith(".staging-") or (path.name.isdigit() and int(path.name) not in keep):
                shutil.rmtree(path, ignore_errors=True)

    def publish(self, write: Callable[[Path], dict[str, int]], state: FolderState) -> dict[str, int]:
        """A new generation — every table, written by `write` into the folder it is given, and
        the folder's state — switched to at once; on any error (a full disk) the staging folder
        is removed and the current set stays as it was. Returns `write`'s row counts."""
        assert self._lock_fd is not None, "publish only inside `with OutputFolder(...)`"
        staging = self.generations / f".staging-{os.getpid()}"
        try:
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            counts = write(staging)
            write_state(staging, state)
            _sync_tree(staging)
            number = max(self._numbers(), default=0) + 1
            final = self.generations / f"{number:06d}"
            os.rename(staging, final)
            _fsync(self.generations)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _replace_link(self.root / CURRENT, f"{GENERATIONS}/{final.name}")
        for name in (*TABLES, STATE_DIR):
            _link_table(self.root, final, name)
        _fsync(self.root)
        self._remove_leftovers()
        return counts


def _sync_tree(folder: Path) -> None:
    """Every file and folder under `folder` on disk, folders after their contents."""
    for here, _, files in os.walk(folder, topdown=False):
        for name in files:
            _fsync(Path(here) / name)
        _fsync(Path(here))


def _link_table(root: Path, generation: Path, name: str) -> None:
    """`<root>/<name>.parquet` or `<root>/<name>` (a dataset, or state/) through `.current`,
    whichever the generation has; the other layout's link is removed."""
    for entry, other in ((f"{name}.parquet", name), (name, f"{name}.parquet")):
        if (generation / entry).exists():
            _replace_link(root / entry, f"{CURRENT}/{entry}")
            stale = root / other  # a link, or a copy (cp -r) or file from before generations
            if stale.is_symlink() or stale.is_file():
                stale.unlink()
            elif stale.is_dir():
                shutil.rmtree(stale)
            return
