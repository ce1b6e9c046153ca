"""The output folder's state (<out>/state/): what this folder said before, and when.

The record tables are a function of the papers alone: one run, or two `--append` halves, give the
same bytes. The state is the folder's history on top of them: `aliases` (ids this folder once
gave to threads that have since merged into others, so a stored id still resolves),
`thread_history` (the run dates at which each thread first appeared and last changed) and the key
of the last linking's inputs (a rerun whose inputs did not change reuses the threads as they are).
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from extractors.thread_ids import resolve_aliases
from schemas.arrow import from_arrow
from schemas.records import AliasRecord, ThreadHistoryRecord

from .writer import write_table

log = logging.getLogger(__name__)
STATE_DIR = "state"


@dataclass
class FolderState:
    aliases: dict[str, AliasRecord] = field(default_factory=dict)
    history: dict[str, ThreadHistoryRecord] = field(default_factory=dict)
    link_key: str | None = None


def _read(path: Path, table: str) -> list:
    try:
        return from_arrow(table, pq.read_table(path)) if path.exists() else []
    except Exception as exc:  # damaged state must not stop a run: history restarts
        log.warning("could not read %s (%s); its history starts again", path, exc)
        return []


def read_state(out_dir: Path) -> FolderState:
    folder = out_dir / STATE_DIR
    link = folder / "link.json"
    try:
        link_key = json.loads(link.read_text())["key"] if link.exists() else None
    except (OSError, ValueError, KeyError):
        link_key = None
    return FolderState({a.alias: a for a in _read(folder / "aliases.parquet", "aliases")},
                       {h.thread_id: h for h in _read(folder / "thread_history.parquet", "thread_history")},
                       link_key)


def write_state(out_dir: Path, state: FolderState) -> list[Path]:
    """The state's files under `<out_dir>/state/`, returned so the caller can sync them."""
    folder = out_dir / STATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / "link.json"
    link.write_text(json.dumps({"key": state.link_key}) + "\n")
    return [write_table(folder, "aliases", state.aliases.values()),
            write_table(folder, "thread_history", state.history.values()), link]


# a part of a record's digest: its own fields, or one of its responses or updates (plain rows)
_MEMBER_FIELDS = ("rec_id", "number", "text", "status", "stage_raw", "complete", "addressee", "due_dates")
_DIGEST_BITS = 128


def _part(values: object) -> int:
    return int.from_bytes(hashlib.sha256(repr(values).encode()).digest()[:_DIGEST_BITS // 8], "big")


class RecordDigests:
    """rec_id → a digest of everything a thread's feed row shows of that record (its own fields,
    its stage, its responses and updates), built a row at a time from plain rows in any order:
    the parts' hashes are added up, so no record's rows need to be held. A thread's fingerprint
    adds up its members' digests, so a change in any of them is a change of the thread."""

    def __init__(self) -> None:
        self.digests: dict[str, int] = {}

    def _add(self, rec_id: str, part: int) -> None:
        self.digests[rec_id] = (self.digests.get(rec_id, 0) + part) % (1 << _DIGEST_BITS)

    def add_rows(self, table: str, columns: list[str], rows: list[list[object]]) -> None:
        """Rows of recommendations, responses or updates (other tables are ignored)."""
        rec_id = columns.index("rec_id")
        if table == "recommendations":
            at = [columns.index(name) for name in _MEMBER_FIELDS]
            for row in rows:
                self._add(row[rec_id], _part(("record", *(row[i] for i in at))))
        elif table in ("responses", "updates"):
            for row in rows:
                self._add(row[rec_id], _part((table, *row)))

    def forget(self, rec_ids: set[str]) -> None:
        """Drop these records' digests, before the same records are given again from another source."""
        for rec_id in rec_ids:
            self.digests.pop(rec_id, None)

    def fingerprints(self, thread_of: dict[str, str]) -> dict[str, str]:
        sums: dict[str, int] = defaultdict(int)
        for rec_id, thread_id in thread_of.items():
            sums[thread_id] = (sums[thread_id] + self.digests.get(rec_id, 0)) % (1 << _DIGEST_BITS)
        return {tid: f"{total:032x}"[:16] for tid, total in sums.items()}


def next_state(state: FolderState, current: dict[str, str], previous: dict[str, str],
               fingerprints: dict[str, str], run_date: date, link_key: str | None) -> FolderState:
    """The state after a run whose records are in threads `current` (rec_id → thread_id) with
    `fingerprints` (thread_id → fingerprint); `previous` is rec_id → thread_id before it."""
    resolved = resolve_aliases(current, previous, {a: r.thread_id for a, r in state.aliases.items()})
    aliases = {a: AliasRecord(a, tid, state.aliases[a].recorded if a in state.aliases else run_date)
               for a, tid in resolved.items()}
    retired_into: dict[str, list[str]] = defaultdict(list)
    for alias, tid in resolved.items():
        retired_into[tid].append(alias)
    history = {}
    for tid, fingerprint in fingerprints.items():
        old = state.history.get(tid)
        before = [h for h in [old] + [state.history.get(a) for a in retired_into[tid]] if h is not None]
        first_seen = min((h.first_seen for h in before), default=run_date)
        unchanged = old is not None and old.fingerprint == fingerprint
        history[tid] = ThreadHistoryRecord(tid, first_seen, old.last_changed if unchanged else run_date,
                                           fingerprint)
    return FolderState(aliases, history, link_key)
