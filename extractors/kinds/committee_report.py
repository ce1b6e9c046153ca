"""Committee reports: the decisions a report asks its own committee to take (added to every kind)."""
from schemas.vocab import DocType

from .registry import Kind, register


def score(evidence) -> float:
    return 0.5 if evidence.candidates.decisions else 0.0


def choose(c) -> list:
    return []


register(Kind("committee_report", DocType.COMMITTEE_REPORT, score, choose))
