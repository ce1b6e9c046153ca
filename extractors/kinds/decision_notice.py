"""Records of decision and decision notices: the decision taken, and the motions recorded."""
from schemas.vocab import DocType

from .registry import Kind, register


def score(evidence) -> float:
    notice = evidence.head_has(r"\b(record of (the )?decision|decision notice|decision taken)\b", 1500)
    return 0.6 if notice and (evidence.candidates.decisions or evidence.candidates.motions) else 0.0


def choose(c) -> list:
    return c.motions


register(Kind("decision_notice", DocType.OTHER, score, choose))
