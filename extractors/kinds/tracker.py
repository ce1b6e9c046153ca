"""Recommendation trackers: a table row per recommendation with its stage and updates."""
from schemas.vocab import DocType

from .registry import Kind, register


def score(evidence) -> float:
    return 1.0 if evidence.candidates.trackers else 0.0


def choose(candidates) -> list:
    return candidates.trackers


register(Kind("tracker", DocType.TRACKER, score, choose))
