"""Minutes: what the meeting resolved or agreed."""
import re

from schemas.vocab import DocType

from .registry import Kind, register


def score(evidence) -> float:
    resolved = len(re.findall(r"\bRESOLVED\b", evidence.doc.text))
    return 0.85 if evidence.head_has(r"\bminutes\b", 800) or resolved >= 2 else 0.0


def choose(c) -> list:
    return c.motions


register(Kind("minutes", DocType.MINUTES, score, choose))
