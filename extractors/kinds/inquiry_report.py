"""Inquiry, select-committee and review reports: numbered recommendations, answered elsewhere."""
from schemas.vocab import DocType

from .reconcile import without_responses
from .registry import Kind, register


def score(evidence) -> float:
    c = evidence.candidates
    if len(c.conclusions) >= 3 or len(c.that_items) >= 3 or len(c.table_lists) >= 3:
        return 0.7
    inquiry = evidence.head_has(r"\b(inquiry|review|select committee|report)\b")
    return 0.7 if len(c.headed) >= 3 and inquiry else 0.0


def choose(c) -> list:
    return [without_responses(r) for r in max((c.conclusions, c.headed, c.that_items, c.table_lists), key=len)]


register(Kind("inquiry_report", DocType.INQUIRY_REPORT, score, choose))
