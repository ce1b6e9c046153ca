"""Which kind of paper this is, and which finders' records stand for it.

Every finder runs; the kind decides which results are the paper's recommendations. An audit
report's body recommendations are reconciled with its action-plan rows by their text, because
the plan's printed numbers are unreliable (DOMAIN.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from schemas.vocab import DocType

from .found import FoundRec, TextLine, norm_key
from .layout import ParsedDocument
from .metadata import AUDITORS
from .decisions import find_decisions, find_motions
from .recommendations import find_headed, find_numbered_conclusions, find_that_items
from .boxed import find_boxed
from .tabular import table_finders


@dataclass
class Candidates:
    trackers: list[FoundRec] = field(default_factory=list)
    plans: list[FoundRec] = field(default_factory=list)
    boxed: list[FoundRec] = field(default_factory=list)
    headed: list[FoundRec] = field(default_factory=list)
    conclusions: list[FoundRec] = field(default_factory=list)
    decisions: list[FoundRec] = field(default_factory=list)
    motions: list[FoundRec] = field(default_factory=list)
    that_items: list[FoundRec] = field(default_factory=list)
    table_responses: list[FoundRec] = field(default_factory=list)  # point / response tables


def find_candidates(doc: ParsedDocument, lines: list[TextLine]) -> Candidates:
    tables = table_finders(doc)
    return Candidates(tables.trackers, tables.plans, find_boxed(doc), find_headed(lines, with_responses=True),
                      find_numbered_conclusions(lines), find_decisions(lines), find_motions(lines),
                      find_that_items(lines, with_responses=True), tables.responded)


def classify(doc: ParsedDocument, c: Candidates, title: str | None) -> DocType:
    head = doc.text[:4000]
    head_lower = head.lower()
    if c.trackers:
        return DocType.TRACKER
    if c.plans or (AUDITORS.search(doc.text[:20000]) and re.search(r"\baudit\b", head_lower) and c.headed):
        return DocType.AUDIT_REPORT
    if re.search(r"\bminutes\b", head_lower[:800]) or len(re.findall(r"\bRESOLVED\b", doc.text)) >= 2:
        return DocType.MINUTES
    responded = [r for r in c.boxed + c.headed + c.that_items + c.table_responses if r.responses]
    if responded and (re.search(r"\bresponse\b", (title or "") + head_lower[:1500], re.I) or c.boxed
                      or c.table_responses):
        return DocType.RESPONSE_REPORT
    if len(c.conclusions) >= 3 or len(c.that_items) >= 3 or (len(c.headed) >= 3 and re.search(r"\b(inquiry|review|select committee|report)\b", head_lower)):
        return DocType.INQUIRY_REPORT
    if c.decisions:
        return DocType.COMMITTEE_REPORT
    return DocType.OTHER


def select(doc_type: DocType, c: Candidates) -> list[FoundRec]:
    """The paper's records for its kind, plus the decisions it asks for."""
    if doc_type is DocType.TRACKER:
        chosen = c.trackers
    elif doc_type is DocType.AUDIT_REPORT:
        chosen = reconcile([_without_responses(r) for r in c.headed], c.plans)
    elif doc_type is DocType.RESPONSE_REPORT:
        chosen = max((c.boxed, c.headed, c.that_items, c.table_responses), key=len)  # the paper's one way of setting them out
    elif doc_type is DocType.INQUIRY_REPORT:
        chosen = [_without_responses(r) for r in max((c.conclusions, c.headed, c.that_items), key=len)]
    elif doc_type is DocType.MINUTES:
        chosen = c.motions
    else:
        chosen = []
    taken = [(r.span.char_start, r.span.char_end) for r in chosen]
    decisions = [d for d in c.decisions
                 if not any(s <= d.span.char_start < e for s, e in taken)]
    return sorted(chosen + decisions, key=lambda r: r.span.char_start)


def _without_responses(rec: FoundRec) -> FoundRec:
    rec.responses = []
    return rec


def text_similarity(a: str, b: str) -> float:
    """How alike two recommendation texts are, robust to truncation and split rows."""
    ka, kb = norm_key(a), norm_key(b)
    if not ka or not kb:
        return 0.0
    wa, wb = set(ka.split()), set(kb.split())
    containment = len(wa & wb) / min(len(wa), len(wb))
    return max(SequenceMatcher(None, ka, kb, autojunk=False).ratio(), containment * 0.95)


def reconcile(body: list[FoundRec], plan: list[FoundRec], threshold: float = 0.6) -> list[FoundRec]:
    """Body recommendations are authoritative for number and text; each plan row adds its
    priority and response to the body recommendation whose text it matches best."""
    if not body:
        return plan
    used: set[int] = set()
    unmatched: list[FoundRec] = []
    for row in plan:
        scored = [(text_similarity(row.span.text, b.span.text), i) for i, b in enumerate(body) if i not in used]
        score, best = max(scored, default=(0.0, -1))
        if score < threshold:
            row.confidence = min(row.confidence, 0.6)
            unmatched.append(row)
            continue
        used.add(best)
        target = body[best]
        target.priority_raw = row.priority_raw
        target.responses.extend(row.responses)
        target.confidence = round(min(0.95, 0.7 + 0.25 * score), 3)
        if row.number and target.number and row.number != target.number:
            target.confidence = round(target.confidence - 0.05, 3)  # the plan misnumbered it
    for i, b in enumerate(body):
        if i not in used:
            b.confidence = min(b.confidence, 0.75)
    return body + unmatched
