"""Decisions in minutes, one record per decided item, numbered by the minute they sit in.

Minutes are a run of minutes ("86. Minutes of the meeting held on …", "18.01.05 Village Green",
"2603. Approval of minutes: Approved & signed as correct."), each holding discussion and the
meeting's decisions. Formal minutes label each decision "RESOLVED that …" or "RESOLVED that Cabinet
agree to: (a) … (b) …" (one record per lettered item, numbered "88a"); a motion proposed and then
"Agreed unanimously" with no RESOLVED after it is a decision too. Minutes without the label record
decisions in sentences ("it was resolved to …", "Councillors agreed …", "proposed by … seconded by
…"), judged by decision_grammar. Motion texts quoted before a RESOLVED, lost motions and reported
discussion are not decisions."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from schemas.vocab import RecKind

from .decision_grammar import Run, decision_words, judge, title_like
from .decision_lists import NUMBERED_LINE
from .found import MARKER, FoundRec, Span, TextLine
from .layout import ParsedDocument
from .minute_tables import minute_tables
from .minute_sentences import sentence_decisions
from .resolutions import ITEM_REF, resolution_label, resolution_records

# "86.", "2603.", "18.01.05", "52" at the head of a paragraph (not "1)": that numbers paragraphs).
_MINUTE_NUMBER = re.compile(r"^(?P<n>\d{1,4}(?:\.\d{1,2}){0,2})(?:\.(?!\d))?\s+(?=\S)")
_PARA_NUMBER = re.compile(r"^(?:\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)]|\([a-z]\))\s+")
_TITLE_BODY = re.compile(r"^(?P<title>[^:.!?]{2,80}?)\s*:-?\s+(?=\S)")
_FULL_STOP_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


@dataclass
class _Paragraph:
    lines: list[TextLine]
    run: Run = field(init=False)
    number: str | None = None   # the minute number it opens, if it is a minute heading
    heading: bool = False

    def __post_init__(self) -> None:
        self.run = Run(self.lines)

    @property
    def text(self) -> str:
        return self.run.text


def find_minute_decisions(doc: ParsedDocument, lines: list[TextLine]) -> list[FoundRec]:
    """Every decision the minutes record, in paper order."""
    decided, table_lines = minute_tables(doc)
    paras = _paragraphs(sorted(lines + table_lines, key=lambda l: l.char_start))
    formal = any(resolution_label(p.text) for p in paras)
    own_numbers = _own_numbers_identify(paras)
    found: list[FoundRec] = []
    number: str | None = None
    pending: list[tuple[FoundRec, int]] = []   # proposals agreed, kept unless a RESOLVED follows
    minute_index = 0
    i = 0
    while i < len(paras):
        para = paras[i]
        if para.heading:
            number, minute_index = para.number, i
        elif ITEM_REF.match(para.text) and i and not paras[i - 1].heading:
            number, minute_index = None, i   # an unnumbered agenda item: the old number is over
        label = resolution_label(para.text[para.run.skip:])
        if label:
            pending = [(r, m) for r, m in pending if m != minute_index]
            records, i = resolution_records(paras, i, number, label, own_numbers)
            found.extend(records)
            continue
        if formal:
            agreed = _agreed_proposal(paras, i, number)
            if agreed:
                pending.append((agreed, minute_index))
        else:
            records, after = sentence_decisions(paras, i, number, minute_index if number else None)
            found.extend(records)
            i = after
            continue
        i += 1
    found.extend(r for r, _ in pending)
    for table in decided:
        number = next((p.number for p in reversed(paras) if p.heading and p.lines[0].block < table.block), None)
        for rec in table.records:
            rec.number = number
            found.append(rec)
    return _without_nested(sorted(found, key=lambda r: (r.span.char_start, -r.span.char_end)))


_ATTENDANCE = re.compile(r"^\s*(?:present|in attendance|apologies(?: for absence)?|attendees)\b", re.I | re.M)


def looks_like_minutes(text: str, decisions: Callable[[], list[FoundRec]]) -> bool:
    """Minutes say so at the top, label resolutions RESOLVED, or list who attended and then
    record decisions (asked for only then: finding them reads every paragraph)."""
    head = text[:1500]
    if re.search(r"\bminutes\b", head[:800], re.I) or len(re.findall(r"\bRESOLVED\b", text)) >= 2:
        return True
    return bool(_ATTENDANCE.search(head)) and len(decisions()) >= 2


def _paragraphs(lines: list[TextLine]) -> list[_Paragraph]:
    """Paragraphs, with a paragraph cut by a page or column break joined again, and minute
    headings marked with their numbers."""
    groups: list[list[TextLine]] = []
    for line in lines:
        marker = MARKER.match(line.text)   # an enumerated line opens an item; a bullet may be a sub-point
        opens = bool(NUMBERED_LINE.match(line.text) or (marker and (marker["e1"] or marker["e2"]))
                     or resolution_label(line.text))
        if groups and not line.first and groups[-1][-1].block == line.block and not opens:
            groups[-1].append(line)
        elif groups and _continues(groups[-1][-1].text, line.text):
            groups[-1].append(line)
        else:
            groups.append([line])
    paras = [_Paragraph(g) for g in groups]
    current: float | None = None
    for k, para in enumerate(paras):
        following = paras[k + 1].text if k + 1 < len(paras) else ""
        before = paras[k - 1] if k else None   # a list straight after 'asked to:' is no minute
        after_stem = before is not None and before.text.rstrip().endswith((":", ":-", "to")) \
            and para.lines[0].block - before.lines[-1].block <= 1
        number = None if after_stem else _heading_number(para, current, following)
        if number is not None:
            para.number, para.heading = number, True
            current = _sequence_key(number)
            match = _MINUTE_NUMBER.match(para.text)
            title = _TITLE_BODY.match(para.text[match.end():])
            # The business starts after 'Title:', or on the line after a title line.
            second = para.lines[1].text.lstrip() if len(para.lines) > 1 else ""
            if title:
                para.run.skip = match.end()
                para.run.body = match.end() + title.end()
            elif second[:1].isupper() or second[:1].isdigit():
                para.run.skip = len(para.lines[0].text) + 1
            else:
                para.run.skip = match.end() if second else len(para.text)
    return paras


def _own_numbers_identify(paras: list[_Paragraph]) -> bool:
    """Paragraph numbers name a resolution only when the paper numbers its paragraphs in one
    series (an extract numbered 1 to 11); numbers restarting in every minute name nothing."""
    seen: set[str] = set()
    for para in paras:
        match = _PARA_NUMBER.match(para.text)
        if match and match.group().strip()[:1].isdigit():
            key = re.sub(r"\D", "", match.group())
            if key in seen:
                return False
            seen.add(key)
    return bool(seen)


def _continues(previous: str, line: str) -> bool:
    """A paragraph goes on in the next block: the last ended mid-sentence on a word a sentence
    cannot end on, or the next starts in lower case."""
    words = decision_words()
    previous, line = previous.rstrip(), line.lstrip()
    if re.match(r"^[-–]\s*[a-z]", line):
        return bool(previous)   # '– approval recommended …', '- decided to wait': the item goes on
    if not previous or not line or _MINUTE_NUMBER.match(line) or MARKER.match(line):
        return False
    if previous[-1] in ".!?:;" or previous.endswith(":-"):
        return False
    start = line.lstrip("-–• ")
    last = re.findall(r"[\w&]+", previous.lower())
    return bool(start) and (start[0].islower() or previous.endswith(",")
                            or bool(last) and last[-1] in words.continuations)


def _sequence_key(number: str) -> float:
    """Where a minute number stands in its series: the last part of '18.01.05' counts."""
    return float(number.split(".")[-1])


def _heading_number(para: _Paragraph, current: float | None, following: str) -> str | None:
    """The minute number a paragraph opens with, if it is a minute heading: a title ('306.
    Governance Updates', '(Item 15)' under it), or a title with its business after a colon
    ('2603. Approval of minutes: Approved & signed as correct.'). A paragraph number ('3. RESOLVED
    that …', '1. Mr Gough introduced the report …') is not one."""
    match = _MINUTE_NUMBER.match(para.text)
    if not match:
        return None
    number = match["n"]
    rest = para.text[match.end():]
    first_line = para.lines[0].text[match.end():].strip()
    if not (rest[:1].isupper() or rest[:1].isdigit()) or resolution_label(rest):
        return None
    titled = bool(_TITLE_BODY.match(rest)) and len(rest.split(":")[0].split()) <= 12
    bare_title = len(rest) <= 120 and not _FULL_STOP_END.search(rest.rstrip()) \
        and not rest.rstrip().endswith(":") and title_like(rest)
    first_is_title = (len(para.lines) > 1 and len(first_line.split()) <= 10 and "," not in first_line
                      and not re.search(r"[.;:!?]$", first_line) and title_like(first_line))
    item_below = bool(ITEM_REF.match(following.strip()))
    list_title = rest.rstrip().endswith((":", ":-")) and len(rest.split()) <= 6 and title_like(rest)
    key = _sequence_key(number)
    next_in_series = current is not None and current < key <= current + 3 \
        and (title_like(first_line) or (len(para.lines) == 1 and len(rest.split()) <= 12))
    if not (titled or bare_title or first_is_title or item_below or list_title or next_in_series):
        return None
    misnumbered = bare_title and len(rest.split()) <= 6 and not re.search(r"[,;:]", rest)
    if current is not None and key <= current and "." not in number and not (item_below or misnumbered):
        return None   # a paragraph number inside the minute, not the next minute
    return number


def _agreed_proposal(paras: list[_Paragraph], i: int, number: str | None) -> FoundRec | None:
    """A proposal the meeting agreed without a RESOLVED: 'Mr A proposed, and Mr B seconded, that
    …' then 'Agreed unanimously.', or both in one paragraph ('… and it was agreed unanimously.')."""
    para = paras[i]
    body = para.text[para.run.skip:]
    own = _PARA_NUMBER.match(body)
    start = para.run.skip + (own.end() if own else 0)
    lower = para.text.lower()
    words = decision_words()
    if not any(w in lower for w in words.proposed):
        return None
    verdict = judge(para.text[start:])
    following = paras[i + 1].text if i + 1 < len(paras) else ""
    agreed_after = judge(following).assent and judge(following).decision
    if not (agreed_after or (verdict.decision and not verdict.motion)):
        return None
    span = para.run.span(start, len(para.text))
    return FoundRec(span, RecKind.DECISION, number, page_end=para.lines[-1].page, confidence=0.75)


def _without_nested(found: list[FoundRec]) -> list[FoundRec]:
    """A record inside another (a sentence of a resolved list item) is part of it."""
    kept: list[FoundRec] = []
    for rec in found:
        if any(k.span.char_start <= rec.span.char_start and rec.span.char_end <= k.span.char_end
               for k in kept):
            continue
        kept.append(rec)
    return kept
