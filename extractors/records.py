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
from schemas.vocab import Decision, DocType, DocumentStatus, DueSource, Precision, RecKind

from .deadlines import due_in_record
from .entities import document_pieces, load_model, mentions_in
from .entity_rules import Mention
from .found import FoundRec, FoundResponse, text_lines
from .front_matter import read_front
from .headings import infer_body, infer_meeting_date
from .kinds import classify, find_candidates, kind_for_doc_type, select
from .columns import role_words
from .furniture import furniture_data
from .layout import ParsedDocument
from .metadata import Council, council_of, find_auditor, gazetteer, infer_author
from .officers import MentionIndex, ResponsePlaces, officers_and_roles, response_places
from .periods import parse_period
from .responses import ROLE, find_acronyms, response_label_parts, response_timescale, responsibility_timescale
from .stages import (map_complete, map_decision, map_priority, map_stage, read_priority_key,
                     read_status_key, schemes)
from .titles import infer_title


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
    role_words()
    furniture_data()
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
                     addressee: str | None, people: tuple[tuple[str, ...], tuple[str, ...]]) -> ResponseRecord:
    responder, approved_by, approved = response_label_parts(resp.label)
    responder = resp.responder or responder
    if responder is None:
        responder = {DocType.AUDIT_REPORT: "Management"}.get(ctx.doc_type, ctx.author)
    for full in (addressee, ctx.author):
        if responder and full and full.lower().startswith(responder.lower()) and full != responder:
            responder = full
            break
    source = resp.responsibility or ""
    timescale = responsibility_timescale(source, ctx.meeting_date) if source.strip() else None
    if timescale is None or not (timescale.raw or timescale.due_dates):  # no date by the names: the answer's own
        timescale = response_timescale(resp.span.text, ctx.meeting_date)
    decision = resp.decision or map_decision(resp.span.text)
    if decision is None and ctx.accepted_all:
        decision = Decision.ACCEPTED
    officers, roles = people
    if not roles and not officers and not source.strip() and responder and ROLE.fullmatch(responder):
        roles = (responder,)  # nobody else is named: the responding officer answers for it
    return ResponseRecord(
        f"{rec_id}:r{n}", rec_id, ctx.doc_id, resp.span.text, responder, decision, approved_by,
        approved.start if approved else None, approved.precision if approved else None,
        officers, roles, timescale.raw,
        timescale.due_dates, resp.span.page, resp.span.char_start, resp.span.char_end,
        _due_source(timescale.due_dates, bool(source.strip())))


def _due_source(due_dates: tuple, from_column: bool) -> DueSource | None:
    if not due_dates:
        return None
    return DueSource.TARGET_DATE_COLUMN if from_column else DueSource.RESPONSE_TIMESCALE


def _recommendation(rec: FoundRec, ordinal: int, ctx: DocContext, origin: str | None,
                    star_key, status_key, ocr_pages: frozenset[int]) -> RecommendationRecord:
    stage_code, status = map_stage(rec.stage_raw, status_key)
    text = re.sub(r"\s+", " ", rec.span.text).strip()
    dues = due_in_record(text, ctx.meeting_date)
    return RecommendationRecord(
        f"{ctx.doc_id}:{ordinal}", ctx.doc_id, ordinal, rec.number, rec.kind, text,
        origin if rec.kind is RecKind.RECOMMENDATION else ctx.author, _addressee(rec, ctx),
        rec.priority_raw, map_priority(rec.priority_raw, star_key),
        rec.stage_raw, stage_code, status, map_complete(rec.complete_raw), None,
        rec.span.page, max(rec.page_end or rec.span.page, rec.span.page),
        rec.span.char_start, rec.span.char_end, _confidence(rec, ocr_pages),
        tuple(dict.fromkeys(d.due for d in dues)), "; ".join(d.raw for d in dues) or None)


def extract_records(doc: ParsedDocument, doc_id: str, source_path: str, manifest_row,
                    min_confidence: float = 0.0) -> Extraction:
    lines = text_lines(doc)
    front = read_front(doc)
    council = council_of(front, doc.text, manifest_row.council if manifest_row else None)
    candidates = find_candidates(doc, lines)
    title = infer_title(front, doc.pdf_title)
    kind = (kind_for_doc_type(manifest_row.doc_type) if manifest_row and manifest_row.doc_type
            else classify(doc, candidates, title))
    doc_type = manifest_row.doc_type if manifest_row and manifest_row.doc_type else kind.doc_type
    body = (find_auditor(doc.text[:20000]) if doc_type is DocType.AUDIT_REPORT else None) or infer_body(front, council)
    meeting_date = infer_meeting_date(front)
    if manifest_row is not None:
        body = manifest_row.body or body
        meeting_date = manifest_row.meeting_date or meeting_date
    ctx = DocContext(doc_id, doc_type, meeting_date, infer_author(front, doc.text), body,
                     find_acronyms(doc.text), bool(_ACCEPTED_ALL.search(doc.text)))
    found = [r for r in select(kind, candidates) if _confidence(r, doc.ocr_pages) >= min_confidence]
    origin = _origin(ctx, doc.text[:20000])
    star_key = read_priority_key(doc.text)
    status_key = read_status_key(doc.text, _council_code(council, manifest_row),
                                 [(r.stage_raw, r.stage_header) for r in found if r.stage_raw])
    places = {id(resp): response_places(doc.text, resp) for rec in found for resp in rec.responses}
    owned = _owned_spans(found, places)
    mentions = mentions_in(document_pieces(doc, [(s, e) for s, e, _ in owned], front.char_end), ctx.acronyms)
    index = MentionIndex(mentions)
    out = Extraction(_document(doc, doc_id, source_path, council, manifest_row, ctx, title))
    for ordinal, rec in enumerate(found, start=1):
        record = _recommendation(rec, ordinal, ctx, origin, star_key, status_key, doc.ocr_pages)
        out.recommendations.append(record)
        for n, resp in enumerate(rec.responses, start=1):
            people = officers_and_roles(index, places[id(resp)])
            out.responses.append(_response_record(resp, record.rec_id, n, ctx, record.addressee, people))
        for n, upd in enumerate(rec.updates, start=1):
            as_of, precision = _update_date(upd.label, ctx.meeting_date)
            out.updates.append(UpdateRecord(
                f"{record.rec_id}:u{n}", record.rec_id, doc_id, upd.label, as_of, precision,
                upd.span.text, upd.span.page, upd.span.char_start, upd.span.char_end))
    out.entities = _entities(doc, doc_id, mentions, owned)
    if not out.has_records:
        reason = (f"extract: no recommendation, decision or response found in {doc.page_count} "
                  f"page(s) read as {doc_type.value}")
        if out.document.status_reason:
            reason += "; " + out.document.status_reason
        out.document = replace(out.document, status=DocumentStatus.NO_RECORDS, status_reason=reason)
    return out


def _update_date(label: str | None, meeting_date: date | None) -> tuple[date | None, Precision | None]:
    """An update speaks for the period its label names; an undated one ('Current position',
    'Progress to date', a 'Progress' column) for the paper's own date."""
    period = parse_period(label, meeting_date) if label else None
    if period is not None and period.start is not None:
        return period.start, period.precision
    return (meeting_date, Precision.DAY) if meeting_date else (None, None)


def _council_code(council, manifest_row) -> str | None:
    """The paper's ONS code: inferred, or the gazetteer's code for the manifest's council."""
    if council is not None:
        return council.code
    name = manifest_row.council if manifest_row else None
    return next((c.code for c in gazetteer() if c.name == name), None) if name else None


def _owned_spans(found: list[FoundRec], places: dict[int, ResponsePlaces]) -> list[tuple[int, int, int]]:
    """(start, end, ordinal) of every record's text, its responses (with where they name who is
    responsible) and its updates: the text the entity pass reads with the model."""
    owned = []
    for ordinal, rec in enumerate(found, start=1):
        owned.append((rec.span.char_start, rec.span.char_end, ordinal))
        for resp in rec.responses:
            owned.append((resp.span.char_start, resp.span.char_end, ordinal))
            owned.extend((s, e, ordinal) for s, e in places[id(resp)].officers + places[id(resp)].roles)
        owned.extend((u.span.char_start, u.span.char_end, ordinal) for u in rec.updates)
    return sorted(owned)


def _entities(doc: ParsedDocument, doc_id: str, mentions: list[Mention],
              owned: list[tuple[int, int, int]]) -> list[EntityRecord]:
    """Every mention in the paper; rec_id set when it stands inside a record, its response
    (and where the response names who is responsible) or its update."""
    records = []
    for m in mentions:
        ordinal = next((o for s, e, o in owned if s <= m.char_start and m.char_end <= e), None)
        rec_id = f"{doc_id}:{ordinal}" if ordinal is not None else None
        records.append(EntityRecord(f"{doc_id}:e{m.char_start}-{m.char_end}:{m.label.value}", doc_id, rec_id,
                                    m.label, m.text, m.normalized, doc.page_at(m.char_start),
                                    m.char_start, m.char_end, m.source))
    return records


def _document(doc: ParsedDocument, doc_id: str, source_path: str, council: Council | None, manifest_row,
              ctx: DocContext, title: str | None) -> DocumentRecord:
    scanned = doc.scanned_pages
    status, reasons = DocumentStatus.OK, []
    if scanned:
        status = DocumentStatus.PARTIAL
        shown = ", ".join(map(str, scanned[:10])) + (" …" if len(scanned) > 10 else "")
        reasons.append(f"parse: {len(scanned)} of {doc.page_count} page(s) are images with no "
                       f"text layer, not read (scanned: {shown})")
    reasons += [f"parse: {note}" for note in doc.notes]
    return DocumentRecord(doc_id, source_path, doc.source_format, doc.page_count,
                          council.name if council else None, council.code if council else None,
                          ctx.body, ctx.meeting_date, ctx.doc_type, title, ctx.author, status,
                          "; ".join(reasons) or None, manifest_row.url if manifest_row else None)
