"""What a paper's front matter says about it: the body it is for or by and the meeting's or
report's date (its title: titles.py).

Rules, strongest evidence first:
- body: a front sheet's 'Decision to be taken by:' or 'To:' line; a government response; the
  opening of minutes ('Minutes of a meeting of the Cabinet held …'); a heading that names a
  body (a committee in capitals at the top, a select committee or inquiry on a cover, a unit
  that wrote a report); a parish, town or community council heading its own papers.
- meeting date: a labelled date, a 'To: <body> – <date>' line, the date the meeting was held,
  a heading '<body> – <date>', a publication line ('published 19 July 2011'), else a date that
  stands on a line of its own. Never a date inside running text ('by May 2019').
"""
from __future__ import annotations

import re
from datetime import date

from schemas.vocab import Precision

from .entities import person_shaped
from .front_matter import LABEL_SHAPE, FrontMatter, cover_runs, label_kind
from .metadata import Council, display_name, councils_named, words
from .periods import find_periods

SCAN_BLOCKS = 14  # headings of a front sheet or cover come within its first blocks
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
ATTENDANCE = re.compile(r"^(?:present|apologies|in attendance|also present|attendance|members present|"
                         r"attendees|agenda|dear\b)", re.I)
SALUTATION = re.compile(r"^dear\b", re.I)


# ---------------------------------------------------------------- bodies

def _nouns() -> list[str]:
    return sorted(words().body_nouns, key=len, reverse=True)


def body_named(text: str) -> str | None:
    """The body a heading names, or None: capitalised words ending in a body noun
    ('LICENSING SUB-PANEL – 3 May 2016' → 'Licensing Sub-Panel'), or a
    department, ministry or office 'of'/'for' something."""
    name = _strip_date(display_name(text.strip())).strip(" ,;:–—-")
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I)
    for candidate in (name, _strip_meeting_words(name)):
        if _body_shaped(candidate):
            return candidate
    return None


def _body_shaped(name: str) -> bool:
    if any(len(part.split()) > 1 for part in name.split(",")[:-1]):
        return False  # 'Senior Analyst, Research Unit': a post, then a body
    tokens = re.sub(r"\s*\([^)]*\)$", "", name).split()  # 'Scrutiny Board (Housing)'

    if not 1 <= len(tokens) <= 12 or not tokens[0][:1].isupper():
        return False
    if any(not (t[:1].isupper() or t in ("of", "and", "for", "on", "the", "&", "upon", "in", "with")
                or re.fullmatch(r"\([^)]*\)", t)) for t in tokens):
        return False
    low = " ".join(t.lower() for t in tokens if not t.startswith("("))
    if re.match(r"^(?:department|ministry|office)\s+(?:of|for)\s+\w", low):
        return True
    on = re.match(r"^(?P<head>.+?)\s+on\s+\S", low)  # 'Select Committee on Rural Affairs'
    if on and any(on["head"] == n or on["head"].endswith(" " + n) for n in _nouns()):
        return True
    return any(low == n or low.endswith(" " + n) for n in _nouns())


def _strip_meeting_words(name: str) -> str:
    for word in sorted(words().meeting_words, key=len, reverse=True):
        name = re.sub(rf"\s+{re.escape(word)}$", "", name, flags=re.I)
    return name


def _strip_date(text: str) -> str:
    """'Cabinet – 2 June 2016' → 'Cabinet'."""
    for period in find_periods(text):
        if period.precision in (Precision.DAY, Precision.MONTH):
            head = text[:period.char_start]
            head = re.sub(rf"(?:\s*(?:on|held on|,|–|—|-)\s*)*(?:{_WEEKDAY},?\s*)?$", "", head, flags=re.I)
            return head.strip(" ,–—-")
    return text


def _addressed(value: str) -> str | None:
    """The body or office a 'To:' or 'Decision taker:' value names: 'Cabinet – 30 January
    2025' → 'Cabinet'; 'All Members of the <Council>' → '<Council>'; 'Sue Chandler,
    Cabinet Member for …' → the office, not the person."""
    value = _strip_date(value).strip(" ,;:–—-")
    value = re.sub(r"^(?:all\s+)?(?:members|the\s+members)\s+of\s+", "", value, flags=re.I)
    value = re.sub(r"^the\s+", "", value, flags=re.I)
    value = re.sub(r"\s+\d+/\d+$", "", value)  # a decision number printed beside it
    person, _, office = value.partition(",")
    if office and person_shaped(person.strip()):
        value = office.strip()
    if not value or person_shaped(value) or len(value.split()) > 12 or not value[:1].isupper():
        return None
    return value


_GOVERNMENT = re.compile(r"\b(?:(?P<who>(?:HM|UK|Scottish|Welsh|Northern\s+Ireland)\s+Government)|Government)"
                         r"(?:['’]s)?\s+(?:response|reply)\b", re.I)
MINUTES_OPENING = re.compile(r"^minutes\s+(?!of\s+the\s+(?:last|previous)\b)(?:of|from|except\s+from|excerpt\s+from|extract\s+from)\s+"
                      r"(?:an?\s+|the\s+)?(?:(?:annual|extraordinary|special|ordinary|virtual|remote|general|"
                      r"full|public|adjourned)\s+)*(?:meeting\s+(?:of\s+)?)?(?:the\s+)?(?P<body>.*)$", re.I)


def infer_body(front: FrontMatter, council: Council | None) -> str | None:
    for key in ("decision_by", "to"):
        field = front.field(key)
        if field and _addressed(field.value):
            return _addressed(field.value)
    heads = _head_blocks(front)
    for text in heads[:6]:
        government = _GOVERNMENT.search(text)
        if government and len(text) < 300:
            return display_name(government["who"]) if government["who"] else "HM Government"
    minutes = _minutes_body(heads, council)
    return minutes or _heading_body(front, council)


def _around_date(text: str) -> list[str]:
    """A heading, or the parts before and after a date in it ('Agenda Supplement for 2 June 2016
    Scrutiny Board (Housing)')."""
    dates = _dated(text)
    if not dates:
        return [text]
    return [text, text[:dates[0].char_start], text[dates[0].char_end:]]


def _head_blocks(front: FrontMatter) -> list[str]:
    return [text for _, text in front.blocks()[:SCAN_BLOCKS]]


def _minutes_body(heads: list[str], council: Council | None) -> str | None:
    for n, text in enumerate(heads):
        match = MINUTES_OPENING.match(text)
        if not match:
            continue
        rest = re.split(r"\s+(?:held|on|at|in|taken)\b|\s+[–—-]\s*|,|\.", match["body"], maxsplit=1)[0]
        if re.match(r"^above\b", rest, re.I):  # 'of the above Council': the heading names it
            return next((b for b in map(body_named, heads[:n]) if b), council.name if council else None)
        return body_named(rest)
    return None


def _heading_body(front: FrontMatter, council: Council | None) -> str | None:
    """The first heading line that names a body; the paper's principal council only as a
    fallback, and only when it is a local council heading its own paper."""
    runs = [_GENERIC_TAIL.sub("", " ".join(run)) for run in cover_runs(front)[:2]]
    for text in runs + [part for l in front.lines[:40] if not l.grid for part in _around_date(l.text)]:
        if label_kind(text.split(":")[0]) or len(text) > 120:
            continue
        body = body_named(text)
        if not body or len(body.split()) < 2:
            continue
        named = councils_named(re.sub(r"\s*\([^)]*\)$", "", body))
        if named and named[0] == re.sub(r"\s*\([^)]*\)$", "", body):
            continue
        return body
    # a parish, town or community council's own paper is the council's
    return council.name if council and council.code is None else None


# ---------------------------------------------------------------- dates

_GENERIC_TAIL = re.compile(r"(?:\s+(?:report|volume\s+\w+|final\s+report|interim\s+report))+$", re.I)
_HELD = re.compile(r"\b(?:held|meeting|to\s+be\s+held)\s+(?:on|at)\b", re.I)
_EARLIER = re.compile(r"^the\b|\bthe\s+minutes\b|\bminutes\s+of\s+the\s+(?:last|previous)\b", re.I)
_PUBLISHED = re.compile(r"\b(?:published|updated|printed|presented\s+to\s+parliament|laid\s+before)\b", re.I)


def _dated(text: str) -> list:
    return [p for p in find_periods(text) if p.precision in (Precision.DAY, Precision.MONTH)]


def infer_meeting_date(front: FrontMatter) -> date | None:
    for key in ("date", "to"):
        field = front.field(key)
        if field and _dated(field.value):
            return _dated(field.value)[0].start
    blocks = [(i, text) for i, text in front.blocks() if not front.lines[i].grid and not _labelled_other(text)]
    lines = [l.text for l in front.lines if not l.grid and not _labelled_other(l.text)][:60]
    for i, text in blocks[:SCAN_BLOCKS]:  # the meeting: its heading or the opening of its minutes
        block = [l.text for l in front.lines if l.block == front.lines[i].block]
        found = _meeting_held(text) or next(filter(None, map(body_heading_date, block)), None)
        if found:
            return found
    for tier, texts in ((_published_date, [t for _, t in blocks]), (date_line, lines),
                        (_short_dated_heading, lines)):
        found = next(filter(None, map(tier, texts)), None)
        if found:
            return found
    return None


def _labelled_other(text: str) -> bool:
    """A labelled line whose value is not the paper's date ('Previous pathway: …', 'Ref: …')."""
    match = LABEL_SHAPE.match(text)
    return bool(match) and label_kind(match["label"]) not in ("date", "to")


def _meeting_held(text: str) -> date | None:
    """'Minutes of a meeting … held on Monday 6th June 2016', 'Meeting to be held on
    Tuesday, 7th June 2016' — not a sentence about the minutes of an earlier meeting."""
    if not (MINUTES_OPENING.match(text) or _HELD.search(text)) or len(text) > 400 or _EARLIER.search(text):
        return None
    days = [p for p in _dated(text) if p.precision is Precision.DAY]
    return days[0].start if days else None


def body_heading_date(text: str) -> date | None:
    """'LICENSING SUB-PANEL – 3 May 2016', 'Brampton Parish Council - 1st May 2016'."""
    dates = _dated(text)
    if not dates or len(text) > 120:
        return None
    after = text[dates[0].char_end:].strip(" .,")
    if after and not re.match(r"^(?:at\s+)?[\d.:]+\s*(?:am|pm|a\.m\.|p\.m\.)?$", after, re.I):
        # 'Agenda Supplement for 2 June 2016 Scrutiny Board (Housing)'
        return dates[0].start if body_named(after) == display_name(after.strip(" ,–—-")) else None
    head = display_name(_strip_date(text))
    for candidate in (head, _strip_meeting_words(head)):
        named = body_named(candidate) or (councils_named(candidate) or [None])[-1]
        if named and candidate.endswith(named.split()[-1]):
            return dates[0].start
    return None


def _published_date(text: str) -> date | None:
    if not _PUBLISHED.search(text) or len(text) > 300:
        return None
    dates = _dated(text)
    published = [p for p in dates if re.search(r"published\s*(?:on\s*)?$", text[:p.char_start], re.I)]
    return (published or dates or [None])[0].start if dates else None


def date_line(text: str) -> date | None:
    """A date standing alone: '19 June 2025', 'Thursday 13 March 2025', 'June 2017'."""
    dates = _dated(text)
    if len(dates) != 1:
        return None
    rest = (text[:dates[0].char_start] + text[dates[0].char_end:]).strip(" ,.")
    rest = re.sub(rf"^(?:{_WEEKDAY}|date|dated|on)\b[\s,]*", "", rest, flags=re.I)
    rest = re.sub(r"^(?:at\s+)?[\d.:]+\s*(?:am|pm|a\.m\.|p\.m\.)?$", "", rest, flags=re.I)
    return dates[0].start if not rest.strip(" ,.") else None


def _short_dated_heading(text: str) -> date | None:
    """'TMG 14 November 2024': a short heading of up to three words, then a full date."""
    dates = [p for p in _dated(text) if p.precision is Precision.DAY]
    if len(dates) != 1 or text[dates[0].char_end:].strip(" .,"):
        return None
    head = text[:dates[0].char_start].split()
    return dates[0].start if 1 <= len(head) <= 3 and all(w[:1].isupper() for w in head) else None
