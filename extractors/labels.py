"""The label grammar of responses and updates: label words × optional responder × optional date ×
punctuation, built from the vocabulary in data/labels.json.

"<Role>'s Response (Approved by <body> <month year>)", "<Body> response (<month year>):",
"<Body> response to recommendation <n>",
"Officer comment –", "Agreed action", "Position at January 2012", "Update March 2010",
"March 2010 update", "Current position", "Progress to date:" are all one grammar, not a list.
A weak label (one bare word such as "Update" or "Response") must be closed by a colon, a dash or
the end of its line; a strong one (a responder, a date, or two words) may run straight into its
text ("Current position The review …").
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .periods import _MONTH

# A date as labels print it: "March 2010", "5 th September 2007", "Spring 2008", "Q2 2019/20",
# "31/03/2012", "2019/20".
DATE = (rf"(?:(?:\d{{1,2}}\s*(?:st|nd|rd|th)?\s+)?{_MONTH}|spring|summer|autumn|winter|"
        rf"Q[1-4]|quarter\s+[1-4])\s*,?\s*(?:(?:19|20)\d{{2}}(?:\s*/\s*\d{{2,4}})?|'\d{{2}})"
        rf"|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|(?:19|20)\d{{2}}\s*/\s*\d{{2}}(?!\d)")
_CAPITALISED = r"(?:[A-Z][\w'&.-]*|of|and|for|the|&)"
_CLOSE = r"\s*(?:[:\-–—]+\s*|\.?$)"
_RUN_ON = r"\s+(?=[A-Z\"'(•])"


@dataclass(frozen=True)
class Vocabulary:
    qualifiers: tuple[str, ...]
    responders: tuple[str, ...]
    response_words: tuple[str, ...]
    responder_only_words: tuple[str, ...]
    update_words: tuple[str, ...]
    undated_update_words: tuple[str, ...]
    date_links: tuple[str, ...]
    to_date: str


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = json.loads(resources.files("extractors").joinpath("data/labels.json").read_text("utf-8"))
    return Vocabulary(*(tuple(data[k]) if isinstance(data[k], list) else data[k] for k in (
        "qualifiers", "responders", "response_words", "responder_only_words", "update_words",
        "undated_update_words", "date_links", "to_date")))


def _alternatives(words) -> str:
    """Longest first, so that 'current position' wins over 'position'; a space matches any."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


class LabelPattern:
    """Two compiled forms of one label: `strong` may run on into its text, `weak` must be closed.
    `match` behaves like re.Pattern.match: a match with a `label` group, or None."""

    def __init__(self, strong: str, weak: str) -> None:
        self.strong = re.compile(rf"^(?P<label>{strong})(?:{_CLOSE}|{_RUN_ON})")
        self.weak = re.compile(rf"^(?P<label>{weak}){_CLOSE}")

    def match(self, text: str) -> re.Match[str] | None:
        return self.strong.match(text) or self.weak.match(text)


def _response_pattern(v: Vocabulary) -> LabelPattern:
    lead = rf"(?i:the\s+)?(?i:{_alternatives(v.qualifiers)}\s+)?"
    who = (rf"(?P<who>(?:{_CAPITALISED}\s+){{0,4}}?(?i:{_alternatives(v.responders)})(?:'s|s')?)")
    words = _alternatives(v.response_words)
    bare = _alternatives(w for w in v.response_words if w not in v.responder_only_words)
    when = rf"(?:\s*\([^)]{{0,120}}\)|\s*[,–-]?\s*(?i:{_alternatives(v.date_links)}\s+)?(?i:{DATE}))"
    multiword = _alternatives(w for w in v.response_words if " " in w and w not in v.responder_only_words)
    to_which = r"(?:\s+(?i:to\s+(?:the\s+)?recommendations?)\s+[\w.]+(?:\s*(?:,|and|&)\s*[\w.]+)*)"
    strong = (rf"{lead}(?:{who}\s+(?i:{words}){to_which}?{when}?|(?i:{bare})(?:{to_which}{when}?|{when})"
              rf"|(?i:{multiword}))")
    weak = rf"{lead}(?i:{bare})"
    return LabelPattern(strong, weak)


def _update_pattern(v: Vocabulary) -> LabelPattern:
    lead = rf"(?i:{_alternatives(v.qualifiers)}\s+)?"
    words = rf"(?i:{_alternatives(v.update_words)})(?i:\s+{re.escape(v.to_date)})?"
    before = rf"\(?(?i:{DATE})\)?\s+(?i:progress\s+)?{words}"
    # the date after the words, perhaps after a link word or a few words on what ('… on activity May 2009')
    after = rf"{lead}{words}\b(?:\s*\(|\s*[,–-]?\s*(?i:{_alternatives(v.date_links)}\s+)?|\s+(?i:on|of|re|regarding|against)\s+[^.:\n]{{0,45}}?\(?)(?i:{DATE})\)?"
    undated = rf"{lead}(?i:{_alternatives(v.undated_update_words)})(?i:\s+{re.escape(v.to_date)})?"
    multiword = rf"{lead}(?i:{_alternatives(w for w in v.undated_update_words if ' ' in w)})" \
                rf"|{lead}{words}\s+(?i:{re.escape(v.to_date)})"
    return LabelPattern(rf"{before}|{after}|{multiword}", undated)


@lru_cache(maxsize=1)
def label_patterns() -> tuple[LabelPattern, LabelPattern]:
    v = vocabulary()
    return _response_pattern(v), _update_pattern(v)
