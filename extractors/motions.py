"""What a report relays from another meeting, and the report's answers to it.

A report to a decision-maker often relays what an advisory committee or the full council asked of
it: "The committee passed a motion proposing that: That …; That …; And, that …", "Full Council
resolved to recognise … and asked the Cabinet Member to take this into consideration … . The
consultation report is included at Appendix 2 …". A motion that proposes or recommends gives
recommendations (one body's asks of another); a resolution gives decisions. The report answers
them where it relays them: a resolution that asks something, in the rest of its paragraph; a
motion of several parts, in the paragraphs after it, each answer opening where a paragraph names a
part ("the first part of the motion") or shares its words, up to the next heading of the report.
"""
from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from schemas.vocab import RecKind

from .decision_grammar import reported_resolution
from .decision_lists import is_heading, section_heading
from .found import MARKER, FoundRec, FoundResponse, Span, TextLine, sub_span

_PROPOSING = re.compile(r"\b(?:propos|recommend|suggest)\w*\b", re.I)
# 'That …; That …; And, that …' in one paragraph: each clause is a part of its own.
_THAT_CLAUSE = re.compile(r"(?<=;)\s+(?=(?:and|or)?,?\s*that\b)", re.I)
_ASKS = re.compile(r"\b(?:asked|requested|invited|urged|called\s+on)\b.{0,120}?\bto\b", re.I)
_ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth|last|final)\s+(?:part|limb|element)\b", re.I)
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1, "final": -1}
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+")
_LABEL_WORDS = 6  # 'Any alternatives considered and rejected:' ends the answers; a sentence does not


def relayed_kind(sentence: str) -> RecKind:
    """'The committee passed a motion proposing that:' relays recommendations; 'Cabinet resolved
    the following:' relays decisions."""
    return RecKind.RECOMMENDATION if _PROPOSING.search(sentence) else RecKind.DECISION


def that_clauses(span: Span) -> list[Span]:
    """A relayed item holding several 'That …;' clauses, cut into one span per clause."""
    if not span.text.lower().startswith("that"):
        return [span]
    cuts = [0] + [m.end() for m in _THAT_CLAUSE.finditer(span.text)] + [len(span.text)]
    return [sub_span(span, a, b) for a, b in zip(cuts, cuts[1:])]


def answer_in_paragraph(first: str, rest: Span) -> list[FoundResponse]:
    """A relayed resolution that asks something ('… and asked the Cabinet Member to take this into
    consideration') is answered by the rest of its paragraph, when there is any."""
    return [FoundResponse(rest)] if rest.text and _ASKS.search(first) else []


def answer_parts(recs: list[FoundRec], paras: list[list[TextLine]], start: int) -> None:
    """Attach the report's answers to the parts of a relayed proposal, from paragraph `start` on. A
    paragraph that names a part, or shares its words, opens that part's answer when another part's
    answer is open or a subheading stands before it; a paragraph that names none goes on with the
    open answer, unless a subheading stands before it. The answers end at a heading of the
    report's own sections."""
    if len(recs) < 2:
        return
    words = [_content_words(r.span.text) for r in recs]
    part, answer, subheaded, listing = None, [], False, False
    for para in paras[start:]:
        text = " ".join(line.text for line in para)
        listing = bool(MARKER.match(text)) and listing   # '1. Margate Family Hub' after '… in Margate:'
        if not listing and _ends_answers(text):
            break
        if not listing and is_heading(text):
            subheaded = True
            continue
        named = _part_named(text, words)
        if subheaded or (named is not None and named != part):
            _attach(recs, part, answer)   # a subheading opens a new topic, an answer or not
            part, answer = named, [para]
        elif part is not None:
            answer.append(para)
        subheaded = False
        listing = listing or text.rstrip().endswith(":")
    _attach(recs, part, answer)


def _attach(recs: list[FoundRec], part: int | None, answer: list[list[TextLine]]) -> None:
    """The answer's paragraphs, each without its paragraph number ('5.21'), as one response."""
    if part is None or not answer:
        return
    spans = []
    for para in answer:
        span = Span.join([line.span for line in para])
        number = _PARAGRAPH_NUMBER.match(span.text)
        spans.append(sub_span(span, number.end(), len(span.text)) if number else span)
    recs[part].responses.append(FoundResponse(Span.join(spans)))


def _ends_answers(text: str) -> bool:
    """A heading of the report's sections: numbered or in capitals ('6. OPTIONS CONSIDERED'), a
    Recommendation(s) heading, a short label line ('Any alternatives considered and rejected:') or
    another relayed list ('Cabinet resolved the following:')."""
    letters = re.sub(r"[^A-Za-z]", "", text)
    opens_list = text.rstrip().endswith(":")
    label = opens_list and (len(text.split()) <= _LABEL_WORDS or reported_resolution(text))
    numbered = bool(re.match(r"^\d{1,2}\.?\s+[A-Z]", text)) and is_heading(text)
    return section_heading(text) == "decision" or label or numbered or (len(letters) >= 4 and letters.isupper())


def _content_words(text: str) -> set[str]:
    """Words that carry the meaning, cut to their first five letters so that 'valuation' meets
    'valuations' and 'legally' meets 'legal'."""
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in STOP_WORDS}


def _part_named(text: str, parts: list[set[str]]) -> int | None:
    """The part a paragraph answers: named by its place ('the first part of the motion'), else the
    part it shares most words with — two or more, or a third of a short part's words."""
    ordinal = _ORDINAL.search(text)
    if ordinal:
        index = _ORDINALS[ordinal.group(1).lower()]
        return index % len(parts) if index < len(parts) else None
    own = _content_words(text)
    shared = [len(own & words) for words in parts]
    best = max(range(len(parts)), key=lambda i: shared[i])
    enough = shared[best] >= 2 or (shared[best] >= 1 and 3 * shared[best] >= len(parts[best]))
    return best if enough and shared.count(shared[best]) == 1 else None
