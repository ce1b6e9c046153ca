"""Thread ids that never move, and the aliases that keep retired ids resolving.

A thread's id is a hash of its anchor — its earliest member (meeting date, then papers that make
records before papers that answer them) — taken by content: the council, the paper's doc_id
(a hash of its bytes), the printed number and the normalised text. So the same papers give the
same ids whatever their order, whichever folder they run into and whatever ran before; a paper
that joins a thread later than its anchor leaves the id alone. When two threads merge, or an
earlier paper joins, the thread takes the id of its earliest member — the older of the two — and
the other id is kept as an alias by the output folder, so an id a tracker stored still resolves.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from typing import Protocol

from .found import norm_key


class Anchor(Protocol):
    rec_id: str
    doc_id: str
    text: str
    number: str | None
    council: str | None


def thread_id_for(anchor: Anchor, occurrence: int = 1) -> str:
    """The id of a thread whose earliest member is `anchor`; `occurrence` tells apart two
    records of one paper with the same number and words (the second gets 2)."""
    key = "\x1f".join(("thread", anchor.council or "", anchor.doc_id, anchor.number or "",
                       norm_key(anchor.text), str(occurrence) if occurrence > 1 else ""))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def thread_ids(groups: list[list[Anchor]]) -> list[str]:
    """One id per group (members earliest first)."""
    seen: Counter[str] = Counter()
    ids: list[str] = [""] * len(groups)
    for g in sorted(range(len(groups)), key=lambda g: groups[g][0].rec_id):
        tid = thread_id_for(groups[g][0])
        seen[tid] += 1
        ids[g] = tid if seen[tid] == 1 else thread_id_for(groups[g][0], seen[tid])
    return ids


def resolve_aliases(current: dict[str, str], previous: dict[str, str],
                    aliases: dict[str, str]) -> dict[str, str]:
    """alias → thread_id after a run. `current` and `previous` map rec_id → thread_id now and in
    the folder's last run; `aliases` are those already kept. A retired id points to the thread
    that holds most of its former members (ties: the first id); an old alias follows its thread
    into a merge; an id that is a thread again, or whose members are all gone, is dropped."""
    live = set(current.values())
    held: dict[str, Counter[str]] = {}
    for rec_id, old in previous.items():
        if old not in live and rec_id in current:
            held.setdefault(old, Counter())[current[rec_id]] += 1
    retired = {old: min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0] for old, counts in held.items()}
    resolved = dict(retired)
    for alias, target in aliases.items():
        if alias in live or alias in resolved:
            continue
        target = target if target in live else retired.get(target)
        if target is not None:
            resolved[alias] = target
    return dict(sorted(resolved.items()))
