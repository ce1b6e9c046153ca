"""Finders over running text: headed recommendations ("Recommendation One:"), numbered
conclusions of inquiry reports (8.1, 8.2 …), decisions sought ("The Committee is requested to:")
and resolutions in minutes ("RESOLVED – (a) that …")."""
from __future__ import annotations

import re

from schemas.vocab import RecKind

from .found import MARKER, FoundRec, FoundResponse, Span, TextLine, norm_key, normalise_number, paragraphs_of
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
    responses, the paragraphs after it (or after an explicit response label) are the response."""
    starts = [i for i, line in enumerate(lines)
              if _opens(line, lines[i - 1] if i else None) and (m := REC_HEADING.match(line.text))
              and (m["sep"] or not m["rest"]) and not _contents_entry(m["rest"], lines[i + 1:i + 2])]
    found: list[FoundRec] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        body = lines[start + 1:end]
        stop = next((i for i, l in enumerate(body) if _is_heading_line(l) and i > 0
                     and not RESPONSE_LABEL.match(l.text)), len(body))
        body = body[:stop]
        match = REC_HEADING.match(lines[start].text)
        assert match is not None
        labelled = paragraphs_of(body, breaks=lambda l: bool(RESPONSE_LABEL.match(l.text)))
        rec = _split_rec_and_response(lines[start], match, labelled, with_responses)
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
    if rec_lines and queue and (with_responses or rec_lines[-1].text.rstrip().endswith(":")
                                or MARKER.match(queue[0][0].text)):
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


# ------------------------------------------------------------------ inquiry reports: 8.1, 8.2 …

# Matched with spaces removed: headings in capitals are often letter-spaced ('CO NCLUSIONS').
_SUMMARY_HEADING = re.compile(
    r"(conclusionsandrecommendations|summaryof(?:conclusionsand)?recommendations|"
    r"listof(?:conclusionsand)?recommendations|^(?:our)?recommendations)(?:\d+)?$", re.I)
_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,3})?)\.?\s+(?=[A-Z(\"'])")
_ENDS_SECTION = re.compile(r"^(appendix|annex|glossary|references|bibliography)\b", re.I)


def _same_series(first: str, num: str, prev: str) -> bool:
    if "." in first:
        major = first.split(".")[0]
        if not num.startswith(major + ".") or num.count(".") != 1:
            return False
        return 0 < int(num.split(".")[1]) - int(prev.split(".")[1]) <= 3 or num == prev
    return "." not in num and 0 < int(num) - int(prev) <= 3


def find_numbered_conclusions(lines: list[TextLine]) -> list[FoundRec]:
    """Numbered paragraphs after a 'Conclusions and recommendations' heading, one series."""
    heads = [i for i, l in enumerate(lines) if l.first and len(l.text) < 90
             and _SUMMARY_HEADING.search(re.sub(r"[\s:]+", "", l.text))]
    best: list[FoundRec] = []
    for head in heads:
        found = _numbered_series(lines[head + 1:])
        if len(found) > len(best) and _reads_as_recommendations(found):
            best = found
    return best


_ADVISING = re.compile(r"\b(should|must|recommend\w*|urge\w*|need\w*\s+to|ought|ensure|encourage\w*|"
                       r"call\s+on|we\s+(?:welcome|note|agree|believe|are\s+concerned)|it\s+is\s+(?:essential|vital|important))\b", re.I)


def _reads_as_recommendations(items: list[FoundRec]) -> bool:
    """A numbered series is recommendations, not footnotes or references, when most items advise."""
    return sum(bool(_ADVISING.search(r.span.text)) for r in items) >= 0.5 * len(items)


def _numbered_series(lines: list[TextLine]) -> list[FoundRec]:
    """One series of numbered paragraphs (8.1, 8.2 …): an item starts at a numbered line that
    opens a paragraph or follows a finished sentence; headings between items are skipped."""
    found: list[FoundRec] = []
    current: list[TextLine] = []
    first_num = prev_num = None
    since_item = 0

    def close() -> None:
        if current:
            found[-1].span = Span.join([l.span for l in current])
            found[-1].page_end = current[-1].page

    prev_line: TextLine | None = None
    for line in lines:
        if line.first and _ENDS_SECTION.match(line.text):
            break
        match = _NUMBERED.match(line.text)
        opens = _opens(line, prev_line)
        if match and opens and (first_num is None or _same_series(first_num, match["num"], prev_num)):
            close()
            first_num = first_num or match["num"]
            prev_num = match["num"]
            cut = match.end()
            current = [TextLine(line.text[cut:], line.char_start + cut, line.char_end, line.page,
                                line.block, True)]
            found.append(FoundRec(Span.join([l.span for l in current]), RecKind.RECOMMENDATION, prev_num))
            since_item = 0
        elif current and _TERMINAL.search(current[-1].text.rstrip()) and _short_heading(line.text):
            close()
            current = []
        elif current and (not line.first or _continues(current[-1].text, line.text)
                          or MARKER.match(line.text) and current[-1].text.rstrip().endswith(":")):
            current.append(line)
        elif current and line.first and MARKER.match(line.text) and since_item == 0:
            current.append(line)  # a bulleted list inside the item
        elif found:
            if current and not _is_heading_line(line):
                since_item += 1
            close()
            current = []
            if since_item > 12:  # long prose after the list: the list is over
                break
        prev_line = line
    close()
    return found


# ------------------------------------------------------------------ numbered 'That …' recommendations

_RESPONSE_OPENER = re.compile(
    r"^(?:(?:these|this|the)\s+recommendations?\s+(?:is|are|was|were|has|have)\b|the\s+(?:uk\s+)?government\b|"
    r"we\s+(?:accept|agree|do\s+not|will)\b|(?:accepted|agreed|not\s+accepted|rejected|noted)\b)", re.I)
_THAT_ITEM = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})?[a-z]?(?:\)\s*[ivx]{1,4})?)[.):]?\s+(?=That\s)")


def find_that_items(lines: list[TextLine], with_responses: bool) -> list[FoundRec]:
    """Numbered recommendations worded 'That …' ('4b. That a culture …', '4c) i. That …'), each
    with the paragraphs after it up to the next one as its response; items with nothing between
    them are answered together."""
    starts = {id(line) for prev, line in zip([None] + lines[:-1], lines)
              if _THAT_ITEM.match(line.text) or (prev is not None and _TERMINAL.search(prev.text.rstrip())
                                                  and _RESPONSE_OPENER.match(line.text))}
    paras = paragraphs_of(lines, breaks=lambda l: id(l) in starts)
    found: list[FoundRec] = []
    waiting: list[FoundRec] = []
    answer: list[list[TextLine]] = []

    def settle() -> None:
        if waiting and answer and with_responses:
            response = _response_from(answer)
            for rec in waiting:
                rec.responses.append(response)
        waiting.clear()
        answer.clear()

    for para in paras:
        match = _THAT_ITEM.match(para[0].text)
        if match:
            if answer:
                settle()
            cut = match.end()
            first = TextLine(para[0].text[cut:], para[0].char_start + cut, para[0].char_end, para[0].page,
                             para[0].block, True)
            body = [first] + para[1:]
            number = re.sub(r"\)\s*", "(", match["num"]) + (")" if ")" in match["num"] else "")
            rec = FoundRec(Span.join([l.span for l in body]), RecKind.RECOMMENDATION, number,
                           page_end=body[-1].page, confidence=0.8)
            found.append(rec)
            waiting.append(rec)
        elif waiting:
            if _is_heading_line(para[0]) and answer:
                settle()
                continue
            answer.append(para)
    settle()
    return found if len(found) >= 2 else []
