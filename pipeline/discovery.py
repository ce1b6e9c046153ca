"""Find the input files: files as given, folders walked in sorted order, nothing lost silently.

Every path given or found ends as one of: a file to read; a problem (a quarantine row made
here, without opening the path: a FIFO would block the reader, a device might never end); or,
when the user asked for it (hidden files, ignored by default), a skipped path counted in the
summary. Only `lstat`/`stat` and folder listings touch the file system here.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

ACCEPTED_SUFFIXES = {".pdf": "pdf", ".txt": "txt", ".html": "html", ".htm": "html"}


class MissingInput(ValueError):
    """A path given on the command line that does not exist: a usage error."""


@dataclass(frozen=True)
class Problem:
    reason_code: str  # unreadable | not_a_file | symlink_loop
    detail: str


@dataclass(frozen=True)
class Found:
    path: Path
    problem: Problem | None = None


@dataclass
class Discovery:
    found: list[Found] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # hidden paths, ignored on request

    @property
    def files(self) -> list[Path]:
        return [f.path for f in self.found if f.problem is None]


def require_existing(paths: list[str]) -> None:
    """Raise MissingInput naming every given path that does not exist (a broken link exists)."""
    missing = []
    for given in paths:
        try:
            os.lstat(given)
        except FileNotFoundError:
            missing.append(given)
        except NotADirectoryError:
            missing.append(given)
    if missing:
        raise MissingInput("no such file or folder: " + ", ".join(repr(p) for p in missing)
                           + "; check the path (nothing was read or written)")


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file or folder"


def _target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _link_problem(path: Path, exc: OSError) -> Problem:
    target = _target(path)
    if exc.errno == errno.ELOOP:
        return Problem("symlink_loop", f"{path} → {target} leads back to itself")
    if exc.errno == errno.ENOENT:
        return Problem("unreadable", f"broken symbolic link {path} → {target}: the target does not exist")
    return Problem("unreadable", f"{path}: {exc.strerror or exc}")


class _Walker:
    def __init__(self, ignore_hidden: bool) -> None:
        self.ignore_hidden = ignore_hidden
        self.result = Discovery()
        self.seen: set[str] = set()

    def add(self, found: Found) -> None:
        key = os.fspath(found.path)
        if key not in self.seen:
            self.seen.add(key)
            self.result.found.append(found)

    def visit(self, path: Path, ancestors: tuple[tuple[int, int], ...]) -> None:
        try:
            info = os.stat(path)
        except OSError as exc:
            self.add(Found(path, _link_problem(path, exc)))
            return
        if stat.S_ISDIR(info.st_mode):
            self.walk(path, info, ancestors)
        elif stat.S_ISREG(info.st_mode):
            readable = os.access(path, os.R_OK)
            self.add(Found(path, None if readable else Problem("unreadable", f"{path}: permission denied")))
        else:
            self.add(Found(path, Problem("not_a_file", f"{path} is {_kind(info.st_mode)}")))

    def walk(self, folder: Path, info: os.stat_result, ancestors: tuple[tuple[int, int], ...]) -> None:
        here = (info.st_dev, info.st_ino)
        if here in ancestors:  # a link to a folder that contains it: walking on never ends
            self.add(Found(folder, Problem("symlink_loop", f"{folder} → {_target(folder)} "
                                                           "is a link to a folder that contains it")))
            return
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            self.add(Found(folder, Problem("unreadable", f"folder {folder} cannot be listed: "
                                                         f"{exc.strerror or exc}")))
            return
        for name in names:
            child = folder / name
            if name.startswith(".") and self.ignore_hidden:
                self.result.skipped.append(child)
                continue
            self.visit(child, ancestors + (here,))


def discover(paths: list[str], ignore_hidden: bool = True) -> Discovery:
    """Every path under the given ones, sorted within each folder and without duplicates.
    Hidden names inside folders are skipped (and counted) when `ignore_hidden`; a hidden file
    named explicitly is always read."""
    walker = _Walker(ignore_hidden)
    for given in paths:
        walker.visit(Path(given), ())
    result = walker.result
    result.skipped = [p for p in result.skipped if os.fspath(p) not in walker.seen]  # named too: read
    return result


def shown_path(path: Path | str) -> str:
    """The path as text for the tables: a name in bytes that are not UTF-8 keeps them as
    backslash escapes (b'caf\\xe9.pdf' → 'caf\\\\xe9.pdf'), since Parquet strings must be UTF-8."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def source_format(path: Path) -> str | None:
    return ACCEPTED_SUFFIXES.get(path.suffix.lower())
