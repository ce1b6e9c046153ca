"""What linking needs of a run, kept compact as documents arrive: for each recommendation (not
decisions, which are never threaded) its id, paper, number, status and text, and for each paper
with one its council, date and kind. Whole records stay in the spool.

Linking (extractors.linking) takes records; it is handed stand-ins built from this index that
carry these fields and nothing else, in the order a whole-corpus run would give (papers by path,
recommendations in paper order), so threads come out exactly as before.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from extractors.linking import link_threads
from schemas.records import DocumentRecord, RecommendationRecord, ThreadRecord
from schemas.vocab import DocType, DocumentStatus, RecKind, SourceFormat, Status

from .process import DocumentOutcome


@dataclass(frozen=True, slots=True)
class LinkRec:
    source_path: str
    position: int
    rec_id: str
    doc_id: str
    number: str | None
    status: Status | None
    text: str


@dataclass(frozen=True, slots=True)
class LinkDoc:
    source_path: str
    doc_id: str
    council: str | None
    meeting_date: date | None
    doc_type: DocType


class LinkIndex:
    def __init__(self) -> None:
        self.recs: list[LinkRec] = []
        self.docs: list[LinkDoc] = []

    def add(self, outcome: DocumentOutcome) -> None:
        ex = outcome.extraction
        if outcome.quarantine is not None or ex is None:
            return
        recs = [r for r in ex.recommendations if r.kind is RecKind.RECOMMENDATION]
        if not recs:
            return
        doc = ex.document
        self.docs.append(LinkDoc(outcome.source_path, doc.doc_id, doc.council, doc.meeting_date,
                                 doc.doc_type))
        self.recs.extend(LinkRec(outcome.source_path, n, r.rec_id, r.doc_id, r.number, r.status, r.text)
                         for n, r in enumerate(recs))

    def link(self, previous: dict[str, str]) -> tuple[dict[str, str], list[ThreadRecord]]:
        """rec_id → thread_id for every linked recommendation, and the thread rows."""
        docs = [_document(d) for d in sorted(self.docs, key=lambda d: d.source_path)]
        recs = [_recommendation(r) for r in sorted(self.recs, key=lambda r: (r.source_path, r.position))]
        linked, rows = link_threads(docs, recs, previous)
        return {r.rec_id: r.thread_id for r in linked if r.thread_id}, rows


def _document(d: LinkDoc) -> DocumentRecord:
    return DocumentRecord(d.doc_id, d.source_path, SourceFormat.TXT, 0, d.council, None, None,
                          d.meeting_date, d.doc_type, None, None, DocumentStatus.OK)


def _recommendation(r: LinkRec) -> RecommendationRecord:
    return RecommendationRecord(r.rec_id, r.doc_id, r.position, r.number, RecKind.RECOMMENDATION,
                                r.text, None, None, None, None, None, None, r.status, None, None,
                                0, 0, 0, 0, 0.0)
