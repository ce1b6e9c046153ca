"""What linking needs of a run, kept compact as documents arrive: each document row's council,
date and kind, and each record's id, paper, number, addressee, status and text. Whole records
stay in the spool (pipeline.spool) or in the previous generation's Parquet.

Linking (extractors.linking) takes records; it is handed stand-ins built from this index that
carry these fields and nothing else, so threads come out exactly as from whole records. The key
of the linking's inputs is computed from the same fields, so a rerun whose inputs did not change
reuses the folder's threads without linking again.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from extractors.linking import link_records
from schemas.records import DocumentRecord, RecommendationRecord, ThreadRecord
from schemas.vocab import DocType, DocumentStatus, RecKind, SourceFormat, Status


@dataclass(frozen=True, slots=True)
class LinkDoc:
    doc_id: str
    source_path: str
    council: str | None
    council_code: str | None
    meeting_date: date | None
    doc_type: DocType


@dataclass(frozen=True, slots=True)
class LinkRec:
    rec_id: str
    doc_id: str
    text: str
    number: str | None
    addressee: str | None
    status: Status | None


class LinkIndex:
    """Document rows (every path of a paper) and each paper's records, once per doc_id: the
    records of the first source given (see `add_records`)."""

    def __init__(self) -> None:
        self.docs: list[LinkDoc] = []
        self.recs: dict[str, list[LinkRec]] = {}

    def add_document(self, doc: LinkDoc) -> None:
        self.docs.append(doc)

    def add_records(self, doc_id: str, recs: list[LinkRec]) -> None:
        """The paper's records, replacing any given before for the same doc_id."""
        self.recs[doc_id] = recs

    def key(self, code: str) -> str:
        """A hash of everything linking reads, and of the code: equal keys give equal threads."""
        digest = hashlib.sha256(code.encode())
        for d in sorted(self.docs, key=lambda d: (d.doc_id, d.source_path)):
            digest.update(repr((d.doc_id, d.council, d.council_code, d.meeting_date, str(d.doc_type))).encode())
        for r in sorted((r for recs in self.recs.values() for r in recs), key=lambda r: r.rec_id):
            digest.update(repr((r.rec_id, r.text, r.number, r.addressee, str(r.status))).encode())
        return digest.hexdigest()[:32]

    def rec_ids(self) -> set[str]:
        return {r.rec_id for recs in self.recs.values() for r in recs}

    def link(self) -> tuple[dict[str, str], list[ThreadRecord]]:
        """rec_id → thread_id for every record, and the thread rows."""
        first: dict[str, LinkDoc] = {}
        for d in sorted(self.docs, key=lambda d: (d.doc_id, d.source_path)):
            first.setdefault(d.doc_id, d)
        docs = [_document(first[doc_id]) for doc_id in sorted(self.recs) if doc_id in first]  # papers with records
        recs = [_record(r) for doc_id in sorted(self.recs) for r in self.recs[doc_id]]
        linking = link_records(docs, recs)
        return linking.thread_of, linking.rows


def _document(d: LinkDoc) -> DocumentRecord:
    return DocumentRecord(d.doc_id, d.source_path, SourceFormat.TXT, 0, d.council, d.council_code, None,
                          d.meeting_date, d.doc_type, None, None, DocumentStatus.OK)


def _record(r: LinkRec) -> RecommendationRecord:
    return RecommendationRecord(r.rec_id, r.doc_id, 0, r.number, RecKind.RECOMMENDATION, r.text, None,
                                r.addressee, None, None, None, None, r.status, None, None, 0, 0, 0, 0, 0.0)
