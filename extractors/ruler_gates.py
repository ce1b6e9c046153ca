"""The EntityRuler's token patterns, each run only on text that holds the words it needs.

spaCy's Matcher tries every pattern at every token, so its cost is tokens × patterns, and the
ruler's 160 role patterns (16 role heads, each in ten shapes) cost most where no role is named.
A pattern needs, for each token it must match (no operator, or '+') whose lower-case form is
fixed (`LOWER`, or `LOWER` in a list, capitalised where `TEXT` must start with a capital), one
of those words in the text. Patterns that need the same words share a Matcher, and a Matcher
runs on a text only when the text holds them all. Found by the words of the text (its runs of
word characters), as the ruler's gate in entities.py finds title and body words.

The result is the full Matcher's: every pattern that could match is run. The EntityRuler makes a
set of the matches and sorts it by length and start, so their order does not matter, except
where one span matched under two labels (then the set's own order decides): there the full
Matcher runs instead, and the ruler gets exactly the list it would have had.
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.matcher import Matcher

_WORD = re.compile(r"\w+")
_CAPITALISED = {"REGEX": r"^[A-Z]"}


def _first_run(word: str) -> str:
    """The first run of word characters: all of a token of the text that a gate can see
    ('sub-committee' is found by 'sub')."""
    run = _WORD.search(word)
    return run.group().lower() if run else ""


def needed_words(pattern: list[dict]) -> frozenset[tuple[frozenset[str], bool]]:
    """What a pattern needs in the text: for each token it must match whose words are fixed, the
    words (lower case) one of which must be there, and whether it must be capitalised."""
    needs = set()
    for token in pattern:
        if token.get("OP", "1") not in ("1", "+"):
            continue
        lower = token.get("LOWER")
        words = [lower] if isinstance(lower, str) else (lower or {}).get("IN")
        if not words:
            continue
        runs = frozenset(_first_run(w) for w in words)
        if "" in runs:
            continue  # a word with no word characters: no gate can see it
        needs.add((runs, token.get("TEXT") == _CAPITALISED))
    return frozenset(needs)


def _text_words(text: str) -> tuple[set[str], set[str]]:
    """The text's words in lower case, all and those that start with a capital A-Z."""
    words = set(_WORD.findall(text))
    return {w.lower() for w in words}, {w.lower() for w in words if "A" <= w[0] <= "Z"}


class GatedMatcher:
    """Stands in for an EntityRuler's Matcher (`ruler.matcher`): the same matches for the
    ruler, from the patterns whose words the text holds."""

    def __init__(self, vocab, patterns: Iterable[dict], full: Matcher) -> None:
        self.full = full
        grouped: dict[frozenset, Matcher] = {}
        for entry in patterns:
            if not isinstance(entry["pattern"], list) or "id" in entry:
                # the ruler keys those otherwise (a phrase matcher; 'label||id'): gate them there
                raise ValueError(f"GatedMatcher takes token patterns without an id, not {entry!r}")
            needs = needed_words(entry["pattern"])
            if needs not in grouped:
                grouped[needs] = Matcher(vocab)
            grouped[needs].add(entry["label"], [entry["pattern"]])
        self.groups = list(grouped.items())

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        lower, capitalised = _text_words(doc.text)
        matches = []
        for needs, matcher in self.groups:
            if all(not words.isdisjoint(capitalised if capital else lower) for words, capital in needs):
                matches.extend(matcher(doc))
        labels: dict[tuple[int, int], int] = {}
        for key, start, end in matches:
            if labels.setdefault((start, end), key) != key:
                return self.full(doc)  # one span, two labels: the set's order decides; keep it
        return matches
