"""Finders over running text: headed recommendations ("Recommendation One:"), numbered
conclusions of inquiry reports (8.1, 8.2 …), decisions sought ("<The body> is requested to:")
and resolutions in minutes ("RESOLVED – (a) that …")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemas.vocab import RecKind

from .found import (MARKER, FoundRec, FoundResponse, Span, TextLine, norm_key, normalise_number, paragraphs_of,
                    units_of)
from .list_items import Item, Levels, continues, read_mark
from .rec_lists import extends as _extends, find_listed, vocabulary
from .responses import RESPONSE_LABEL, response_label_parts, split_updates

_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
          "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty")
REC_HEADING = re.compile(
    rf"^(?:\d+(?:\.\d+)*\.?\s+)?(?:[A-Z][\w']*\s+){{0,2}}?(?:recommendation|rec\.)\s+"
    rf"(?P<num>[A-Z]{{0,2}}\d+(?:\.\d+)*[a-z]?|(?:{_WORDS})(?:[- ](?:{_WORDS}))?)\b\s*"
    rf"(?P<sep>[:.\-–—)]|$)\s*(?P<rest>.*)$", re.I)
SECTION_HEADING = re.compile(r"^(?:(?:\d+\.0|\d+|appendix|annex|[A-Z][A-Z ,&'-]{6,})\b"
                             r"|\d+\.(?=\s+[A-Z][^.;:,]{0,60}$))[^.]{0,80}$")  # '3. Recommendation' too
_TERMINAL = re.compile(r"[.!?:;)\]\"']$")
_NUMBERING = re.compile(r"^\d+(?:\.\d+)*\.?\s+")


def _continues(prev: str, nxt: str) -> bool:
    """A paragraph cut by a page break: no closing punctuation, next starts in lower case."""
    return not _TERMINAL.search(prev.rstrip()) and bool(re.match(r"^[a-z(]", nxt))


def _short_heading(text: str) -> bool:
    """A topic heading inside running text: short, no closing punctuation, starts upper case."""
    return len(text) <= 60 and bool(re.match(r"^[A-Z]", text)) and not _TERMINAL.search(text.rstrip()) \
        and not REC_HEADING.match(text)


def _opens(line: TextLine, prev: TextLine | None) -> bool:
    """Does `line` start a new unit: a paragraph start, or after a finished sentence or heading?"""
    return line.first or prev is None or bool(_TERMINAL.search(prev.text.rstrip())) \
        or _short_heading(prev.text) or bool(REC_HEADING.match(prev.text))


def _is_heading_line(line: TextLine) -> bool:
    return bool(line.first and SECTION_HEADING.match(line.text) and not _TERMINAL.search(line.text)
                and len(line.text) <= 90)


def find_headed(lines: list[TextLine], with_responses: bool) -> list[FoundRec]:
    """'Recommendation N' headings: the first paragraph after is the recommendation; with
    responses, the paragraphs after it (or after an explicit response label) are the response.
    In a paper that answers none of them (an inquiry's own report) each recommendation runs on to
    the next heading: its lists and the paragraphs of its box are its own."""
    starts = [i for i, line in enumerate(lines)
              if _opens(line, lines[i - 1] if i else None) and (m := REC_HEADING.match(line.text))
              and (m["sep"] or not m["rest"]) and not _contents_entry(m["rest"], lines[i + 1:i + 2])]
    bodies = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        body = lines[start + 1:end]
        stop = next((i for i, l in enumerate(body) if _is_heading_line(l) and i > 0
                     and not RESPONSE_LABEL.match(l.text)), len(body))
        body = body[:stop]
        # A response starts a paragraph of its own even where the layout ran it on.
        answers = {id(l) for prev, l in zip(body, body[1:])
                   if _TERMINAL.search(prev.text.rstrip()) and _DECISION_OPENER.match(l.text)}
        bodies.append(paragraphs_of(body, breaks=lambda l: bool(RESPONSE_LABEL.match(l.text)) or id(l) in answers))
    # Answers follow the recommendations when some are labelled or open with a decision, or the
    # paper calls itself a response in its opening words.
    answered = any(RESPONSE_LABEL.match(p[0].text) or _DECISION_OPENER.match(p[0].text)
                   for body in bodies for p in body) \
        or bool(re.search(r"\bresponses?\b", " ".join(l.text for l in lines[:40])[:400], re.I))
    found: list[FoundRec] = []
    for start, labelled in zip(starts, bodies):
        match = REC_HEADING.match(lines[start].text)
        assert match is not None
        rec = _split_rec_and_response(lines[start], match, labelled, with_responses and answered)
        if rec is not None:
            found.append(rec)
    return _printed_once(found)


def _printed_once(found: list[FoundRec]) -> list[FoundRec]:
    """A paper that lists its recommendations again (a summary, an appendix) has them once:
    the same number and the same words are one recommendation; its response is kept."""
    kept: list[FoundRec] = []
    for rec in found:
        key = norm_key(rec.span.text)
        twin = next((k for k in kept if k.number == rec.number and norm_key(k.span.text) == key), None)
        if twin is None:
            kept.append(rec)
        elif rec.responses and not twin.responses:
            twin.responses = rec.responses
    return kept


_LEADERS = re.compile(r"\.{4,}|…{2,}")


def _contents_entry(rest: str, following: list[TextLine]) -> bool:
    """'Recommendation 4: A strategy ........ 18' in a contents list, perhaps wrapped over two lines."""
    if not rest:
        return False
    return bool(_LEADERS.search(rest)) or any(_LEADERS.search(l.text) and not l.first for l in following) \
        or bool(following and _LEADERS.search(following[0].text) and len(following[0].text) < 120)


_DECISION_OPENER = re.compile(
    r"^(?:the\s+(?:uk\s+)?government\s+(?:accepts?|agrees?|does\s+not|notes?|rejects?|welcomes?|supports?)|"
    r"(?:these|this|the)\s+recommendations?\s+(?:is|are|was|were|has\s+been|have\s+been)\s+"
    r"(?:accepted|agreed|not|noted|rejected|partially)|we\s+(?:accept|agree|do\s+not\s+accept|note)\b|"
    r"(?:accepted|agreed|not\s+accepted|rejected|noted)\b)", re.I)


def _rest_of_recommendation(queue: list[list[TextLine]], last: str, window: int = 10) -> list[list[TextLine]]:
    """Paragraphs that still belong to the recommendation: up to a response that states its
    decision ('The Government agrees …') when one comes soon; otherwise, after a line ending in
    ':', the list items that follow; otherwise none."""
    for k, para in enumerate(queue[:window]):
        if RESPONSE_LABEL.match(para[0].text) or _DECISION_OPENER.match(para[0].text):
            return queue[:k]
    if not last.rstrip().endswith(":") and not (queue and MARKER.match(queue[0][0].text)):
        return []
    taken = []
    for para in queue:
        if not MARKER.match(para[0].text):
            break
        taken.append(para)
    return taken


def _unanswered_rest(queue: list[list[TextLine]], rec_lines: list[TextLine]) -> list[list[TextLine]]:
    """With no response to stop at, the recommendation's paragraphs after its first: the whole
    box it is printed in; otherwise the list its sentence introduces (': …') and further
    paragraphs that open with an instruction ('DHSC should convene …'), up to a topic heading or
    a numbered paragraph of the report. Discussion ('During our review …') ends it."""
    boxed = bool(queue) and queue[0][0].block == rec_lines[-1].block   # paragraphs of one table cell
    taken: list[list[TextLine]] = []
    listed = False
    for para in queue:
        first, last = para[0], (taken[-1] if taken else rec_lines)[-1].text.rstrip()
        if _short_heading(first.text) and len(para) == 1 or _NUMBERING.match(first.text):
            break
        text = " ".join(l.text for l in para)
        if boxed:
            if first.block != rec_lines[-1].block:
                break
        elif last.endswith(":") or listed and (re.match(r"^[a-z(]", first.text) or MARKER.match(first.text)):
            listed = True
        elif not _TERMINAL.search(last) and len(last) > 60:
            pass   # a sentence cut by the layout (a long web address) goes on
        elif vocabulary().advising.search(re.split(r"(?<=[.;:])\s", text, 1)[0]):
            listed = False
        else:
            break
        taken.append(para)
    return taken


def _title_like(text: str) -> bool:
    """'A regular UK-wide pandemic response exercise': a heading, not the recommendation's sentence."""
    return len(text) <= 120 and not _TERMINAL.search(text.rstrip()) and not re.match(r"^that\b", text, re.I)


def _split_rec_and_response(heading: TextLine, match: re.Match, paras: list[list[TextLine]],
                            with_responses: bool) -> FoundRec | None:
    rec_lines: list[TextLine] = []
    rest = match["rest"].strip()
    if rest and not RESPONSE_LABEL.match(rest):
        offset = heading.text.index(rest, match.start("rest"))
        rec_lines.append(TextLine(rest, heading.char_start + offset, heading.char_end, heading.page,
                                  heading.block, True))
    queue = list(paras)
    titled = bool(rec_lines) and _title_like(rest)
    while titled and queue and len(queue[0]) == 1 and _title_like(queue[0][0].text) and (
            re.match(r"^[a-z]", queue[0][0].text) or len(queue[0][0].text) <= 30):
        rec_lines.append(queue.pop(0)[0])  # the title wraps onto a line of its own
    title_lines = len(rec_lines)
    if (not rec_lines or titled) and queue and not RESPONSE_LABEL.match(queue[0][0].text):
        rec_lines.extend(queue.pop(0))
    while rec_lines and queue and _continues(rec_lines[-1].text, queue[0][0].text) \
            and not RESPONSE_LABEL.match(queue[0][0].text):
        rec_lines.extend(queue.pop(0))
    if rec_lines and queue and not with_responses:
        for para in _unanswered_rest(queue, rec_lines):
            rec_lines.extend(para)
            queue.pop(0)
    elif rec_lines and queue:
        for para in _rest_of_recommendation(queue, rec_lines[-1].text):
            rec_lines.extend(para)
            queue.pop(0)
    if not rec_lines:
        return None
    spans = [l.span for l in rec_lines]
    text = (Span.join(spans[:title_lines]).text + ". " + Span.join(spans[title_lines:]).text) \
        if titled and len(spans) > title_lines else Span.join(spans).text
    rec = FoundRec(Span(text, spans[0].char_start, spans[-1].char_end, spans[0].page), RecKind.RECOMMENDATION,
                   normalise_number(match["num"]), page_end=rec_lines[-1].page)
    if with_responses and queue:
        answer, rec.updates = split_updates(queue)
        if answer:
            rec.responses.append(_response_from(answer))
    return rec


_LABEL_TAIL = re.compile(r"^to\s+(?:the\s+)?recommendations?\s+[\d.,\s]*(?:and\s+\d[\d.]*)?[:\-–]?\s*", re.I)


def _response_from(paras: list[list[TextLine]]) -> FoundResponse:
    lines = [l for p in paras for l in p]
    label = None
    label_match = RESPONSE_LABEL.match(lines[0].text)
    if label_match:
        label = label_match["label"].strip()
        rest = lines[0].text[label_match.end():].strip()
        first = ([TextLine(rest, lines[0].char_end - len(rest), lines[0].char_end, lines[0].page,
                           lines[0].block, True)] if rest else [])
        lines = first + lines[1:]
        tail = _LABEL_TAIL.match(lines[0].text) if lines else None
        if tail:  # 'Government response' + 'to recommendation 3': the label wrapped
            label = f"{label} {tail.group().strip()}"
            rest = lines[0].text[tail.end():]
            lines = ([TextLine(rest, lines[0].char_end - len(rest), lines[0].char_end, lines[0].page,
                               lines[0].block, True)] if rest.strip() else []) + lines[1:]
    span = Span.join([l.span for l in lines]) if lines else Span("", 0, 0, 1)
    responder, _, _ = response_label_parts(label)
    return FoundResponse(span, label, responder)


# ------------------------------------------------------------------ lists: 'Recommendations', 8.1, 8.2 …

def find_numbered_conclusions(lines: list[TextLine]) -> list[FoundRec]:
    """The paper's recommendation lists (extractors.rec_lists): under a 'Recommendations' or
    'Conclusions and recommendations' heading, or after a lead-in sentence."""
    return find_listed(lines)


# ------------------------------------------------------------------ numbered items and their answers

_RESPONSE_OPENER = re.compile(
    r"^(?:(?:(?:these|this|the)\s+)?recommendations?\s+(?:[\w().,\s-]{0,16}?\s)?(?:is|are|was|were|has|have)\s+"
    r"(?:been\s+)?(?:accepted|agreed|not|noted|rejected|partially|supported|welcomed)\b|"
    r"we\s+(?:accept|agree|do\s+not|will)\b|(?:accepted|agreed|not\s+accepted|rejected|noted)\b)", re.I)
# 'The <devolved> Government accepts …', 'The UK Government, the Welsh Government and the Northern
# Ireland Executive accept …': a government subject with a decision in its first sentence.
_GOVERNMENT_SUBJECT = re.compile(r"^the\s+(?:[\w'-]+\s+){0,3}?(?:government|executive|department|ministry|"
                                 r"administrations?)\b", re.I)
_DECIDES = re.compile(r"\b(?:accept|agree|reject|decline|welcome|support|note)[sd]?\b|\bdoes\s+not\b", re.I)


def _opens_answer(text: str) -> bool:
    if not text[:1].isupper():
        return False   # a line carried over a page break, not the start of an answer
    if _RESPONSE_OPENER.match(text):
        return True
    return bool(_GOVERNMENT_SUBJECT.match(text)) and bool(_DECIDES.search(re.split(r"(?<=[.;:])\s", text, 1)[0]))


# 'That said, …', 'That view is …': a demonstrative, not a recommendation worded 'That the Council …'.
_THAT_CLAUSE = re.compile(r"^That\s+(?!said\b|is\b|was\b|being\b|\w+\s+(?:is|was|has|had|raises|seems|means|"
                          r"would|will|may|might|could|does|did|remains|shows|suggests)\b)")


_MAX_WAITING = 10   # more numbered paragraphs than that with no answer are a report's own numbering


@dataclass
class _Answered:
    """Items waiting for their answer, and the answer as it is read."""
    found: list[FoundRec] = field(default_factory=list)
    waiting: list[Item] = field(default_factory=list)
    answer: list[list[TextLine]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def settle(self, with_responses: bool) -> None:
        """The waiting items are recommendations when an answer follows them (or they are worded
        'That …'); a stem that only introduces its sub-items is not one."""
        response = _response_from(self.answer) if self.answer and with_responses else None
        for item in self.waiting:
            if item.children or not (self.answer or _THAT_CLAUSE.match(item.lines[0].text)):
                continue
            lines = item.lines + item.body
            rec = FoundRec(Span.join([l.span for l in lines]), RecKind.RECOMMENDATION, item.number,
                           page_end=lines[-1].page, confidence=0.8)
            if response is not None:
                rec.responses.append(response)
            self.found.append(rec)
        self.waiting.clear()
        self.answer.clear()


def _answer_units(lines: list[TextLine]):
    """Paragraphs, cut where a numbered item or an answer starts inside one (plain text)."""
    def cuts(unit: list[TextLine], line: TextLine) -> bool:
        ended = _TERMINAL.search(unit[-1].text.rstrip())
        mark = read_mark(line.text) if ended or _short_heading(unit[-1].text) else None
        return bool(mark and mark.style in ("num", "path") or ended and _opens_answer(line.text))

    return units_of(lines, cuts)


def find_that_items(lines: list[TextLine], with_responses: bool) -> list[FoundRec]:
    """Numbered recommendations each followed by its answer, as a response paper prints them: an
    item worded 'That …', or any numbered item ('2a.', '4a) i.', '7.') whose answer opens with a
    decision ('<This recommendation> is accepted …', 'The Government agrees …'). Items with nothing
    between them are answered together; a number already used is part of an answer."""
    state, levels = _Answered(), Levels()
    units = list(_answer_units(lines))
    headings = _numbered_headings(units)
    for index, para in enumerate(units):
        mark = read_mark(para[0].text)
        if mark is not None and mark.style in ("num", "path"):
            path, keep = levels.place(mark)
            item = Item(path, [para[0].cut(mark.end)] + para[1:], para[0].x0, para[0].x0_at(mark.end))
            if index in headings or item.titled and not vocabulary().advising.search(item.lines[0].text):
                continue
            if item.number not in state.used:
                if state.answer or len(state.waiting) >= _MAX_WAITING:
                    state.settle(with_responses)
                levels.push(item, keep)
                state.waiting.append(item)
                state.used.add(item.number or "")
                continue
        if state.waiting and not state.answer and _opens_answer(" ".join(l.text for l in para)):
            state.answer.append(para)
        elif state.answer:
            if _is_heading_line(para[0]) or mark is not None and mark.style == "num" and _short_heading(para[0].text):
                state.settle(with_responses)
            else:
                state.answer.append(para)
        elif state.waiting and continues(para, state.waiting[-1]):
            state.waiting[-1].body.extend(para)
        elif state.waiting:
            state.answer.extend([para] if _THAT_CLAUSE.match(state.waiting[-1].lines[0].text) else [])
            if not state.answer:
                state.settle(with_responses)
    state.settle(with_responses)
    return state.found if len(state.found) >= 2 else []


def _numbered_headings(units: list[list[TextLine]]) -> set[int]:
    """Numbered titles over the items they head: '1) Compensation Scheme' before '1. The
    compensation scheme …', '7a) Tranexamic Acid' before '7a) i. …', '9a-c) Peer review' before
    '9a. That …': a title whose number the next item repeats or extends, or that comes again."""
    numbered = []
    for index, para in enumerate(units):
        mark = read_mark(para[0].text)
        if mark is not None and mark.style in ("num", "path"):
            item = Item(mark.path or (("num", mark.value),), [para[0].cut(mark.end)] + para[1:], None, None)
            numbered.append((index, item.number or "", item.titled))
    headings = set()
    for k, (index, number, titled) in enumerate(numbered):
        later = [n for _, n, _ in numbered[k + 1:]]
        if titled and (later[:1] and _extends(later[0], number) or number in later[1:]):
            headings.add(index)
    return headings
