"""Decisions recorded in the sentences of minutes that have no RESOLVED label.

A record is the sentence that decides ("After much discussion it was resolved to increase the
precept to £5000, …"); when a long narrative leads up to it, the deciding clause alone ("it was
resolved to decline participation, …"), unless that clause says too little to stand alone ("… and
it was resolved to adopt."). A bare assent ("All councillors agreed.") takes the sentence before
it; "– all approved." takes the list it closes; "It was resolved to <act> :-" takes the list it
opens; a marked list item that records a decision is the record whole."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from schemas.vocab import RecKind

from .decision_grammar import Verdict, judge, sentence_bounds
from .found import FoundRec, Span
from .resolutions import resolved_items, sub_number

if TYPE_CHECKING:
    from .minutes import _Paragraph

# A paragraph opening with a list marker or its own number: "a.", "(2)", "(10):", "3)".
LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|\(\d{1,2}\):?|[a-z][.)]|\([a-z]{1,2}\)|\([ivx]{1,5}\))\s+")
WHOLE_ITEM = 2       # sentences of a list item that records a decision whole ('a. Village Hall – …')
LONG_LEAD = 100      # characters of narrative before a deciding clause that make the clause the record
SELF_CONTAINED = 4   # words a deciding clause needs after its verb to name what was decided
_NUMBER_HEAD = re.compile(r"^\d{1,4}(?:\.\d{1,2}){0,2}\.?\s+")


def sentence_decisions(paras: list["_Paragraph"], i: int, number: str | None,
                       minute: int | None) -> tuple[list[FoundRec], int]:
    """The decisions in paragraph `i` (of the minute headed at `minute`) and the index of the
    paragraph after what they took in."""
    para = paras[i]
    run = para.run
    bounds = sentence_bounds(run)
    verdicts = [judge(run.text[a:b]) for a, b in bounds]
    marker = None if para.heading else LIST_ITEM.match(run.text)
    short = len(bounds) <= WHOLE_ITEM and any(v.decision or v.recommendation for v in verdicts)
    if marker and (short or verdicts[0].decision):   # a decision heading an item takes the item's list
        kind = RecKind.DECISION if any(v.decision for v in verdicts) else RecKind.RECOMMENDATION
        span = run.span(marker.end(), len(run.text))
        return [FoundRec(span, kind, sub_number(number, marker.group().rstrip(": ")),
                         page_end=para.lines[-1].page, confidence=0.7)], i + 1
    if marker:   # a long numbered item: its deciding sentences, under the item's number
        number = sub_number(number, marker.group().rstrip(": "))
    found: list[FoundRec] = []
    after = i + 1
    for k, ((a, b), verdict) in enumerate(zip(bounds, verdicts)):
        if not (verdict.decision or verdict.recommendation):
            continue
        start = _start(run, bounds, k, verdicts)
        span = run.span(start, b)
        if verdict.covers_list and minute is not None and minute < i:
            head = _NUMBER_HEAD.match(paras[minute].text)
            span = _across(paras, minute, head.end() if head else 0, i, b)
        elif verdict.assent and verdict.decision and k == 0 and i and not paras[i - 1].heading:
            before = sentence_bounds(paras[i - 1].run)
            span = _across(paras, i - 1, before[-1][0] if before else 0, i, b)
        elif b == len(run.text) and run.text[a:b].rstrip().endswith(":") and verdict.decision:
            items, after = resolved_items(paras, i + 1, number)
            if items:   # "Committee resolved to: i) … ii) …": one record each
                found.extend(items)
                continue
        elif b == len(run.text) and ":-" in run.text[a:b]:
            after = _list_end(paras, i + 1)   # "It was resolved to <act> :- …" and the lines it lists
            span = _across(paras, i, start, after - 1, None)
        kind = RecKind.DECISION if verdict.decision else RecKind.RECOMMENDATION
        found.append(FoundRec(span, kind, number, page_end=span.page, confidence=0.7))
    return found, after


def _start(run, bounds: list[tuple[int, int]], k: int, verdicts: list[Verdict]) -> int:
    """Where the record of sentence k starts: its item for a recommendation, the sentence it
    assents to, the deciding clause after a long lead-in, or the sentence itself."""
    a, b = bounds[k]
    verdict = verdicts[k]
    if verdict.recommendation:
        return _item_start(run, bounds, k)
    if verdict.assent and k:
        return _start(run, bounds, k - 1, verdicts) if verdicts[k - 1].decision else bounds[k - 1][0]
    clause = a + len(run.text[a:b]) - len(run.text[a:b].lstrip()) + verdict.clause
    if verdict.clause and clause - a > LONG_LEAD and verdict.said >= SELF_CONTAINED:
        return clause
    return a


def _item_start(run, bounds: list[tuple[int, int]], k: int) -> int:
    """Where the list item holding sentence k begins: the nearest sentence at a line start (a
    planning application's reference opens its line)."""
    for j in range(k, -1, -1):
        a = bounds[j][0]
        if a == run.skip or a in run.starts:
            return max(a, run.body)   # after a minute's 'Title:', where the application starts
    return bounds[0][0]


def _list_end(paras: list["_Paragraph"], j: int) -> int:
    """The paragraphs of a list a decision opens ('It was resolved to <act> :-'): lines without a
    full stop, up to the next minute."""
    while j < len(paras) and not paras[j].heading and not re.search(r"[.!?]\W*$", paras[j].text) \
            and not judge(paras[j].text).decision:
        j += 1
    return j


def _across(paras: list["_Paragraph"], first: int, start: int, last: int, end: int | None) -> Span:
    """One span from offset `start` of paragraph `first` to offset `end` (None: the end) of
    paragraph `last`."""
    pieces = []
    for j in range(first, last + 1):
        run = paras[j].run
        pieces.append(run.span(start if j == first else 0,
                               end if j == last and end is not None else len(run.text)))
    return Span.join([p for p in pieces if p.text])
