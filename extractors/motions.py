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
from dataclasses import dataclass

from schemas.vocab import RecKind

from .decision_grammar import reported_resolution
from .decision_lists import is_heading, section_heading
from .found import MARKER, FoundRec, FoundResponse, Span, TextLine, sub_span

_PROPOSING = re.compile(r"\b(?:propos|recommend|suggest)\w*\b", re.I)
# 'That …; That …; And, that …' in one paragraph: each clause is a part of its own.
_THAT_CLAUSE = re.compile(r"(?<=;)\s+(?=(?:and|or)?,?\s*that\b)", re.I)
_AND_THAT = re.compile(r"\band\s+that\b", re.I)
_ASKS = re.compile(r"\b(?:asked|requested|invited|urged|called\s+on)\b.{0,120}?\bto\b", re.I)
_ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth|last|final)\s+(?:part|limb|element)\b", re.I)
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1, "final": -1}
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+")
_LABEL_WORDS = 6  # 'Any alternatives considered and rejected:' ends the answers; a sentence does not


@dataclass(frozen=True)
class _Ask:
    """One ask of a part: a part joins its asks with 'and that'."""
    part: int
    ask: int
    words: frozenset[str]


Topic = tuple[int, int | None]   # (part, ask); the ask None when the paragraph does not tell


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
    paragraph that turns to another part, or to another ask of a part ('… be delayed until … and
    that there be a temporary extension …'), by naming it or sharing its words, opens an answer;
    so does a subheading, before a paragraph that names no part too (which then answers nothing).
    A paragraph that names none goes on with the open answer. The answers end at a heading of the
    report's own sections."""
    if len(recs) < 2:
        return
    asks = [_Ask(p, a, frozenset(_content_words(piece)))
            for p, rec in enumerate(recs) for a, piece in enumerate(_AND_THAT.split(rec.span.text))]
    topic, answer, subheaded, listing = None, [], False, False
    for para in paras[start:]:
        text = " ".join(line.text for line in para)
        listing = bool(MARKER.match(text)) and listing   # '1. Margate Family Hub' after '… in Margate:'
        if not listing and _ends_answers(text):
            break
        if not listing and is_heading(text):
            subheaded = True
            continue
        named = _topic(text, asks, len(recs))
        if subheaded or _turns(named, topic):
            _attach(recs, topic, answer)   # a subheading opens a new topic, an answer or not
            topic, answer = named, [para]
        elif topic is not None:
            answer.append(para)
        subheaded = False
        listing = listing or text.rstrip().endswith(":")
    _attach(recs, topic, answer)


def _turns(named: Topic | None, current: Topic | None) -> bool:
    if named is None:
        return False
    return current is None or named[0] != current[0] or (named[1] is not None and named[1] != current[1])


def _attach(recs: list[FoundRec], topic: Topic | None, answer: list[list[TextLine]]) -> None:
    """The answer's paragraphs, each without its paragraph number ('5.21'), as one response."""
    if topic is None or not answer:
        return
    spans = []
    for para in answer:
        span = Span.join([line.span for line in para])
        number = _PARAGRAPH_NUMBER.match(span.text)
        spans.append(sub_span(span, number.end(), len(span.text)) if number else span)
    recs[topic[0]].responses.append(FoundResponse(Span.join(spans)))


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
    # imported here: importing spaCy costs the batch's parent process half a second for nothing
    from spacy.lang.en.stop_words import STOP_WORDS
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in STOP_WORDS}


def _topic(text: str, asks: list[_Ask], parts: int) -> Topic | None:
    """The part and ask a paragraph answers: the part named by its place ('the first part of the
    motion') and the ask it shares most words with, else the ask it shares most words with — two
    or more, or a third of a short ask's words — when that points to one part."""
    own = _content_words(text)
    ordinal = _ORDINAL.search(text)
    if ordinal:
        index = _ORDINALS[ordinal.group(1).lower()]
        if index >= parts:
            return None
        part = index % parts
        shared = {a: len(own & a.words) for a in asks if a.part == part}
        top = max(shared.values())
        best = [a for a, n in shared.items() if n == top]
        return part, (best[0].ask if top and len(best) == 1 else None)
    shared = {a: len(own & a.words) for a in asks}
    top = max(shared.values())
    best = [a for a, n in shared.items() if n == top and (n >= 2 or (n >= 1 and 3 * n >= len(a.words)))]
    if not best or len({a.part for a in best}) > 1:
        return None
    return best[0].part, (best[0].ask if len(best) == 1 else None)
