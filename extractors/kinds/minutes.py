"""Minutes: what the meeting resolved or agreed."""
from schemas.vocab import DocType

from ..minutes import looks_like_minutes
from .registry import Kind, register


def score(evidence) -> float:
    return 0.85 if looks_like_minutes(evidence.doc.text, lambda: evidence.candidates.minutes) else 0.0


def choose(c) -> list:
    return c.minutes  # minutes quote motions ("Council is asked to: …"): only what was resolved


register(Kind("minutes", DocType.MINUTES, score, choose, with_decisions=False))
