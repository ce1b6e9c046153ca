"""Records of decision and decision notices: the decision taken."""
from schemas.vocab import DocType

from ..decisions import is_decision_notice
from .registry import Kind, register


def score(evidence) -> float:
    """A record of a decision taken is no report asking for one (committee_report)."""
    return 0.6 if evidence.candidates.decisions and is_decision_notice(evidence.doc.text) else 0.0


def choose(c) -> list:
    return []  # its decisions join every kind's records (registry.select)


register(Kind("decision_notice", DocType.OTHER, score, choose))
