"""Audit reports: recommendations in the body, reconciled with the action plan's rows by text
(the plan's printed numbers are unreliable: DOMAIN.md)."""
from schemas.vocab import DocType

from ..metadata import AUDITORS
from .reconcile import reconcile, without_responses
from .registry import Kind, register


def score(evidence) -> float:
    c = evidence.candidates
    if c.plans:
        return 0.95
    by_auditor = AUDITORS.search(evidence.doc.text[:20000]) and evidence.head_has(r"\baudit\b")
    return 0.9 if by_auditor and c.headed else 0.0


def choose(c) -> list:
    return reconcile([without_responses(r) for r in c.headed], c.plans)


register(Kind("audit_report", DocType.AUDIT_REPORT, score, choose))
