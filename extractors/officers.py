"""A response's officers and roles come from the document's one entity pass: the PERSON and ROLE
mentions that stand inside the response's responsibility text (its 'Responsibility and
timescale' cell, or a 'Lead officer:' line), or for roles, inside the response itself.

The responsibility text is located in the document's text by its words (a cell's text, or the
cells of several rows joined), so the mentions are those the entity pass found there: the model
never runs twice on the same words, and officers and entities cannot disagree.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from schemas.vocab import EntityLabel

from .entity_rules import Mention
from .found import FoundResponse

WINDOW = 4000  # characters around a response in which its responsibility cell is looked for
_LEAD_OFFICER = re.compile(r"\b(?:lead|responsible|contact)\s+officers?\s*[:\-–]\s*(?P<who>[^\n.;]{3,120})", re.I)


@dataclass(frozen=True)
class ResponsePlaces:
    """Where a response names who is responsible: spans of the document's text."""
    officers: tuple[tuple[int, int], ...]  # the responsibility text, or a 'Lead officer:' value
    roles: tuple[tuple[int, int], ...]     # the responsibility text, else the response itself


def locate(text: str, needle: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of `text[lo:hi]` that hold `needle`'s words in order, whitespace ignored; a needle
    joined from several cells gives one span per run of adjacent words."""
    words = needle.split()
    spans: list[tuple[int, int]] = []
    pos, i = max(lo, 0), 0
    while i < len(words):
        for j in range(len(words), i, -1):
            match = re.compile(r"\s+".join(map(re.escape, words[i:j]))).search(text, pos, hi)
            if match:
                spans.append(match.span())
                pos, i = match.end(), j
                break
        else:
            i += 1  # a word not found where expected: skip it
    return spans


def response_places(text: str, resp: FoundResponse) -> ResponsePlaces:
    span = (resp.span.char_start, resp.span.char_end)
    if resp.responsibility and resp.responsibility.strip():
        lo, hi = resp.span.char_start - WINDOW, resp.span.char_end + WINDOW
        found = tuple(locate(text, resp.responsibility, lo, min(hi, len(text))))
        return ResponsePlaces(found, found or (span,))
    lead = _LEAD_OFFICER.search(resp.span.text)
    officers = ((resp.span.char_start + lead.start("who"), resp.span.char_start + lead.end("who")),) if lead else ()
    return ResponsePlaces(officers, (span,))


class MentionIndex:
    """The document's mentions by position, to ask which stand inside a span."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.char_start)
        self.starts = [m.char_start for m in self.mentions]

    def inside(self, spans, label: EntityLabel) -> list[Mention]:
        out = []
        for start, end in spans:
            i = bisect.bisect_left(self.starts, start)
            while i < len(self.mentions) and self.mentions[i].char_start < end:
                m = self.mentions[i]
                if m.label is label and m.char_end <= end:
                    out.append(m)
                i += 1
        return out


def officers_and_roles(index: MentionIndex, places: ResponsePlaces) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Named people in order, each once; roles in order, each once, a shortened title dropped
    when a fuller one that starts with it is named too."""
    people = tuple(dict.fromkeys(m.normalized for m in index.inside(places.officers, EntityLabel.PERSON)))
    roles = list(dict.fromkeys(m.normalized for m in index.inside(places.roles, EntityLabel.ROLE)))
    return people, tuple(r for r in roles if not any(o != r and o.startswith(r) for o in roles))
