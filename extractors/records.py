"""A parsed document → the records of SPEC.md: documents, recommendations, responses, updates.

Deterministic ids: rec_id is doc_id:ordinal (position in the paper); responses and updates add
their own position to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from schemas.records import (DocumentRecord, EntityRecord, RecommendationRecord, ResponseRecord,
                             UpdateRecord)
from schemas.vocab import Decision, DocType, DocumentStatus, RecKind

from .entities import document_pieces, load_model, mentions_in, people_in
from .found import FoundRec, FoundResponse, text_lines
from .kinds import classify, find_candidates, select
from .layout import ParsedDocument
from .metadata import gazetteer, infer_author, infer_body, infer_council, infer_meeting_date, infer_title
from .periods import parse_period
from .responses import (ROLE, find_acronyms, find_roles, response_label_parts,
                        response_timescale, responsibility_timescale)
from .stages import (map_complete, map_decision, map_priority, map_stage, read_priority_key,
                     read_rag_key, schemes)


@dataclass
class Extraction:
    document: DocumentRecord
    recommendations: list[RecommendationRecord] = field(default_factory=list)
    responses: list[ResponseRecord] = field(default_factory=list)
    updates: list[UpdateRecord] = field(default_factory=list)
    entities: list[EntityRecord] = field(default_factory=list)

    @property
    def has_records(self) -> bool:
        return bool(self.recommendations or self.responses or self.updates)


def warm_up() -> None:
    """Load the model and data files once per worker process, before the first document."""
    gazetteer()
    schemes()
    load_model()


@dataclass(frozen=True)
class DocContext:
    doc_id: str
    doc_type: DocType
    meeting_date: date | None
    author: str | None
    body: str | None
    acronyms: dict[str, str]
    accepted_all: bool


_ADDRESSEE = re.compile(
    r"^(?:[Tt]hat\s+)?(?P<who>(?:[Tt]he\s+)?(?:[A-Z][\w'&-]*|of|and|for|the)(?:\s+(?:[A-Z][\w'&-]*|of|and|for|the|\([A-Z][^)]*\)))*?)"
    r"\s+(?:should|needs?\s+to|must|will|shall|is\s+to|ensures?|produces?|informs?|continues?|considers?|develops?)\b")
_ORIGIN = re.compile(r"(?:recommendations?|inquiry|review|report)\s+(?:from|of|by|made\s+by)\s+(?:the\s+)?(?:recent\s+)?"
                     r"(?P<o>(?:[A-Z][\w'&-]*\s+){0,6}(?:Scrutiny\s+Board|Select\s+Committee|Committee|Board|Panel|Inquiry|Commission))")
_LEAD_OFFICER = re.compile(r"\b(?:lead|responsible|contact)\s+officers?\s*[:\-–]\s*(?P<who>[^\n.;]{3,120})", re.I)
_ACCEPTED_ALL = re.compile(r"\bhas\s+accepted\s+(?:all\s+)?(?:these|the|all|its)\s+(?:\w+\s+)?recommendations\b", re.I)


def _origin(ctx: DocContext, text: str) -> str | None:
    if ctx.doc_type is DocType.AUDIT_REPORT:
        return ctx.author or ctx.body
    match = _ORIGIN.search(text)
    if match:
        return match["o"].strip()
    if ctx.body and re.search(r"scrutiny|select committee|inquiry", ctx.body, re.I):
        return ctx.body
    return ctx.author if ctx.doc_type is DocType.INQUIRY_REPORT else None


def _addressee(rec: FoundRec, ctx: DocContext) -> str | None:
    if rec.kind is RecKind.DECISION:
        return ctx.body
    match = _ADDRESSEE.match(rec.span.text)
    if match and any(w[0].isupper() for w in match["who"].split() if w not in ("the", "The")):
        who = re.sub(r"^the\s+", "", match["who"].strip(), flags=re.I)
        return ctx.acronyms.get(who, who)
    return None


# text recognised from a page image has misread characters and lost layout
OCR_PENALTY = 0.2


def _confidence(rec: FoundRec, ocr_pages: frozenset[int] = frozenset()) -> float:
    score = rec.confidence
    if ocr_pages and any(p in ocr_pages for p in range(rec.span.page, max(rec.page_end or 0, rec.span.page) + 1)):
        score -= OCR_PENALTY
    if rec.kind is RecKind.RECOMMENDATION and rec.number is None:
        score -= 0.1
    if (rec.kind is RecKind.RECOMMENDATION and len(rec.span.text) < 25) or len(rec.span.text) > 4000:
        score -= 0.15
    return round(max(0.05, min(score, 1.0)), 3)


def _response_record(resp: FoundResponse, rec_id: str, n: int, ctx: DocContext,
                     addressee: str | None) -> ResponseRecord:
    responder, approved_by, approved = response_label_parts(resp.label)
    responder = resp.responder or responder
    if responder is None:
        responder = {DocType.AUDIT_REPORT: "Management"}.get(ctx.doc_type, ctx.author)
    for full in (addressee, ctx.author):
        if responder and full and full.lower().startswith(responder.lower()) and full != responder:
            responder = full
            break
    source = resp.responsibility or ""
    lead = _LEAD_OFFICER.search(resp.span.text)
    people_text = source or (lead["who"] if lead else "")
    timescale = (responsibility_timescale(source, ctx.meeting_date) if source.strip()
                 else response_timescale(resp.span.text, ctx.meeting_date))
    decision = map_decision(resp.span.text)
    if decision is None and ctx.accepted_all:
        decision = Decision.ACCEPTED
    roles = find_roles(source or resp.span.text, ctx.acronyms)
    officers = tuple(people_in(people_text)) if people_text.strip() else ()
    if not roles and not officers and responder and ROLE.fullmatch(responder):
        roles = [responder]  # nobody else is named: the responding officer answers for it
    return ResponseRecord(
        f"{rec_id}:r{n}", rec_id, ctx.doc_id, resp.span.text, responder, decision, approved_by,
        approved.start if approved else None, approved.precision if approved else None,
        officers, tuple(roles), timescale.raw,
        timescale.due_dates, resp.span.page, resp.span.char_start, resp.span.char_end)


def _recommendation(rec: FoundRec, ordinal: int, ctx: DocContext, origin: str | None,
                    star_key, rag_key, ocr_pages: frozenset[int]) -> RecommendationRecord:
    stage_code, status = map_stage(rec.stage_raw, rag_key)
    text = re.sub(r"\s+", " ", rec.span.text).strip()
    return RecommendationRecord(
        f"{ctx.doc_id}:{ordinal}", ctx.doc_id, ordinal, rec.number, rec.kind, text,
        origin if rec.kind is RecKind.RECOMMENDATION else ctx.author, _addressee(rec, ctx),
        rec.priority_raw, map_priority(rec.priority_raw, star_key),
        rec.stage_raw, stage_code, status, map_complete(rec.complete_raw), None,
        rec.span.page, max(rec.page_end or rec.span.page, rec.span.page),
        rec.span.char_start, rec.span.char_end, _confidence(rec, ocr_pages))


def extract_records(doc: ParsedDocument, doc_id: str, source_path: str, manifest_row,
                    min_confidence: float = 0.0) -> Extraction:
    lines = text_lines(doc)
    council = None
    if manifest_row is None or manifest_row.council is None:
        council = infer_council(doc.text)
    candidates = find_candidates(doc, lines)
    title = infer_title(lines, council, doc.pdf_title)
    doc_type = (manifest_row.doc_type if manifest_row and manifest_row.doc_type
                else classify(doc, candidates, title))
    body = infer_body(lines, council, doc.text, doc_type is DocType.AUDIT_REPORT)
    meeting_date = infer_meeting_date(lines)
    if manifest_row is not None:
        body = manifest_row.body or body
        meeting_date = manifest_row.meeting_date or meeting_date
    ctx = DocContext(doc_id, doc_type, meeting_date, infer_author(lines, doc.text), body,
                     find_acronyms(doc.text), bool(_ACCEPTED_ALL.search(doc.text)))
    found = [r for r in select(doc_type, candidates) if _confidence(r, doc.ocr_pages) >= min_confidence]
    origin = _origin(ctx, doc.text[:20000])
    star_key, rag_key = read_priority_key(doc.text), read_rag_key(doc.text)
    out = Extraction(_document(doc, doc_id, source_path, council, manifest_row, ctx, title))
    for ordinal, rec in enumerate(found, start=1):
        record = _recommendation(rec, ordinal, ctx, origin, star_key, rag_key, doc.ocr_pages)
        out.recommendations.append(record)
        for n, resp in enumerate(rec.responses, start=1):
            out.responses.append(_response_record(resp, record.rec_id, n, ctx, record.addressee))
        for n, upd in enumerate(rec.updates, start=1):
            period = parse_period(upd.label, ctx.meeting_date) if upd.label else None
            out.updates.append(UpdateRecord(
                f"{record.rec_id}:u{n}", record.rec_id, doc_id, upd.label,
                period.start if period else None, period.precision if period else None,
                upd.span.text, upd.span.page, upd.span.char_start, upd.span.char_end))
    out.entities = _entities(doc, doc_id, ctx.acronyms, out)
    if not out.has_records:
        reason = (f"extract: no recommendation, decision or response found in {doc.page_count} "
                  f"page(s) read as {doc_type.value}")
        if out.document.status_reason:
            reason += "; " + out.document.status_reason
        out.document = replace(out.document, status=DocumentStatus.NO_RECORDS, status_reason=reason)
    return out


def _entities(doc: ParsedDocument, doc_id: str, acronyms: dict[str, str], out: Extraction) -> list[EntityRecord]:
    """Every mention in the paper; rec_id set when it stands inside a record, its response or update."""
    owners = sorted([(r.char_start, r.char_end, r.rec_id) for r in out.recommendations]
                    + [(r.char_start, r.char_end, r.rec_id) for r in out.responses]
                    + [(u.char_start, u.char_end, u.rec_id) for u in out.updates])
    records = []
    for m in mentions_in(document_pieces(doc), acronyms):
        rec_id = next((rid for s, e, rid in owners if s <= m.char_start and m.char_end <= e), None)
        records.append(EntityRecord(f"{doc_id}:e{m.char_start}-{m.char_end}:{m.label.value}", doc_id, rec_id,
                                    m.label, m.text, m.normalized, doc.page_at(m.char_start),
                                    m.char_start, m.char_end, m.source))
    return records


def _document(doc: ParsedDocument, doc_id: str, source_path: str, council, manifest_row,
              ctx: DocContext, title: str | None) -> DocumentRecord:
    scanned = doc.scanned_pages
    status, reasons = DocumentStatus.OK, []
    if scanned:
        status = DocumentStatus.PARTIAL
        shown = ", ".join(map(str, scanned[:10])) + (" …" if len(scanned) > 10 else "")
        reasons.append(f"parse: {len(scanned)} of {doc.page_count} page(s) are images with no "
                       f"text layer, not read (scanned: {shown})")
    reasons += [f"parse: {note}" for note in doc.notes]
    name = manifest_row.council if manifest_row and manifest_row.council else (council.name if council else None)
    code = council.code if council else next((c.code for c in gazetteer() if c.name == name), None)
    return DocumentRecord(doc_id, source_path, doc.source_format, doc.page_count, name, code,
                          ctx.body, ctx.meeting_date, ctx.doc_type, title, ctx.author, status,
                          "; ".join(reasons) or None, manifest_row.url if manifest_row else None)
