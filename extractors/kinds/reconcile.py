"""An audit report's body recommendations reconciled with its action-plan rows by their text,
because the plan's printed numbers are unreliable (DOMAIN.md)."""
from __future__ import annotations

from ..found import FoundRec, text_similarity


def without_responses(rec: FoundRec) -> FoundRec:
    """A report's recommendation: answers found near it belong to another paper's kind."""
    rec.responses = []
    return rec


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
