"""stage_raw → (stage_code, status), ticks → complete, priority keys, response decisions.

The mappings are versioned data (data/status_schemes.json), not code. A paper's own RAG key
("Green = complete") and its priority key ("*** Significant residual risk") override defaults.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from schemas.vocab import Decision, Priority, Status


@dataclass(frozen=True)
class StageEntry:
    scheme: str
    pattern: re.Pattern[str]
    code: str
    status: Status


@dataclass(frozen=True)
class Schemes:
    version: str
    entries: tuple[StageEntry, ...]
    complete_true: re.Pattern[str]
    complete_false: re.Pattern[str]
    priority: tuple[tuple[Priority, re.Pattern[str]], ...]
    decision: tuple[tuple[Decision, re.Pattern[str]], ...]


@lru_cache(maxsize=1)
def schemes() -> Schemes:
    data = json.loads(resources.files("extractors").joinpath("data/status_schemes.json").read_text("utf-8"))
    entries = tuple(StageEntry(s["name"], re.compile(e["pattern"], re.I), e["code"], Status(e["status"]))
                    for s in data["schemes"] for e in s["entries"])
    return Schemes(
        data["version"], entries,
        re.compile(data["complete"]["true"], re.I), re.compile(data["complete"]["false"], re.I),
        tuple((Priority(k), re.compile(v, re.I)) for k, v in data["priority"].items()),
        tuple((Decision(d["decision"]), re.compile(d["pattern"], re.I)) for d in data["decision"]))


_KEY_LINE = re.compile(r"\b(blue|green|amber|red)\b\s*(?:=|:|-|–|means|indicates)\s*([^\n;.]{3,80})", re.I)


def read_rag_key(text: str) -> dict[str, Status]:
    """A paper's own RAG key: 'Green = complete', 'Amber - on track but at risk'."""
    key: dict[str, Status] = {}
    for colour, meaning in _KEY_LINE.findall(text):
        status = word_status(meaning)
        if status is not None:
            key.setdefault(colour.lower(), status)
    return key


def word_status(text: str) -> Status | None:
    for entry in schemes().entries:
        if entry.scheme == "words" and entry.pattern.search(text):
            return entry.status
    return None


def map_stage(raw: str | None, rag_key: dict[str, Status] | None = None) -> tuple[str | None, Status | None]:
    """(stage_code, status) for a printed stage; (None, None) when nothing is printed."""
    if raw is None or not raw.strip():
        return None, None
    for entry in schemes().entries:
        if entry.pattern.search(raw):
            status = entry.status
            if entry.scheme == "rag" and rag_key and entry.code in rag_key:
                status = rag_key[entry.code]
            return entry.code, status
    return raw.strip().lower(), Status.UNKNOWN


def map_complete(raw: str | None) -> bool | None:
    if raw is None or not raw.strip():
        return None
    if schemes().complete_true.match(raw):
        return True
    if schemes().complete_false.match(raw):
        return False
    return None


_STARS = re.compile(r"(\*(?:\s?\*)*)\s*([A-Za-z][A-Za-z ]*[A-Za-z])")


def read_priority_key(text: str) -> dict[int, Priority]:
    """A star key such as '*** Significant residual risk ** Some … * Little …' → stars → priority."""
    key: dict[int, Priority] = {}
    for stars, words in _STARS.findall(text):
        level = priority_from_words(words)
        if level is not None:
            key.setdefault(stars.count("*"), level)
    return key


def priority_from_words(text: str) -> Priority | None:
    for level, pattern in schemes().priority:
        if pattern.search(text):
            return level
    return None


def map_priority(raw: str | None, star_key: dict[int, Priority] | None = None) -> Priority | None:
    if raw is None or not raw.strip():
        return None
    stars = raw.count("*")
    if stars and not re.search(r"[A-Za-z0-9]", raw):
        if star_key and stars in star_key:
            return star_key[stars]
        return {3: Priority.HIGH, 2: Priority.MEDIUM, 1: Priority.LOW}.get(min(stars, 3))
    return priority_from_words(raw)


def map_decision(text: str | None, window: int = 400) -> Decision | None:
    """The decision a response states, from its opening words."""
    if not text:
        return None
    head = text[:window]
    for decision, pattern in schemes().decision:
        if pattern.search(head):
            return decision
    return None
