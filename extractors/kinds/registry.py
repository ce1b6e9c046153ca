"""The kind registry: register by name, look up with an error that lists the known names, classify
a paper by the best score, select its records."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from schemas.vocab import DocType

from ..found import FoundRec
from ..layout import ParsedDocument
from .finders import Candidates


@dataclass(frozen=True)
class Evidence:
    """What a kind may look at to recognise a paper: its text, title and what the finders found."""
    doc: ParsedDocument
    candidates: Candidates
    title: str | None

    @property
    def head(self) -> str:
        return self.doc.text[:4000]

    def head_has(self, pattern: str, chars: int = 4000) -> bool:
        return re.search(pattern, self.doc.text[:chars], re.I) is not None


@dataclass(frozen=True)
class Kind:
    name: str
    doc_type: DocType
    score: Callable[[Evidence], float]  # 0 = not this kind; higher = stronger evidence
    choose: Callable[[Candidates], list[FoundRec]]
    with_decisions: bool = True  # the decisions a paper asks for join its records (not in minutes)


KINDS: dict[str, Kind] = {}


class UnknownKind(KeyError):
    def __str__(self) -> str:
        return f"unknown kind of paper {self.args[0]!r}; known kinds: {', '.join(sorted(KINDS))}"


def register(kind: Kind) -> Kind:
    """Add a kind; a kind module calls this once with its name, doc_type, score and choice."""
    if kind.name in KINDS:
        raise ValueError(f"kind {kind.name!r} is registered twice")
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(name) from None


OTHER = Kind("other", DocType.OTHER, lambda evidence: 0.0, lambda candidates: [])


def classify(doc: ParsedDocument, candidates: Candidates, title: str | None) -> Kind:
    """The kind with the strongest evidence; `other` when none claims the paper."""
    evidence = Evidence(doc, candidates, title)
    scored = [(kind.score(evidence), -i, kind) for i, kind in enumerate(KINDS.values())]
    best, _, kind = max(scored, key=lambda item: item[:2])
    return kind if best > 0 else OTHER


def kind_for_doc_type(doc_type: DocType) -> Kind:
    """The kind a manifest's doc_type stands for (the first registered with that doc_type)."""
    return next((k for k in KINDS.values() if k.doc_type is doc_type), OTHER)


def select(kind: Kind, candidates: Candidates) -> list[FoundRec]:
    """The paper's records for its kind, plus the decisions it asks for, in reading order."""
    chosen = kind.choose(candidates)
    if not kind.with_decisions:
        return sorted(chosen, key=lambda r: r.span.char_start)
    taken = [(r.span.char_start, r.span.char_end) for r in chosen]
    decisions = [d for d in candidates.decisions if not any(s <= d.span.char_start < e for s, e in taken)]
    return sorted(chosen + decisions, key=lambda r: r.span.char_start)
