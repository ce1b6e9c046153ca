"""A paper's title from its front matter: the 'Subject:' line (whole, however it wraps), the
opening of minutes, a cover's largest type, a title the PDF names and the paper prints, else
the first heading other than a label, a date, a body, a person or page furniture.
"""
from __future__ import annotations

import re

from .entities import person_shaped
from .front_matter import FrontMatter, cover_runs, label_kind, vocabulary
from .headings import (ATTENDANCE, MINUTES_OPENING, SALUTATION, SCAN_BLOCKS, body_heading_date, date_line,
                       body_named)
from .metadata import display_name, councils_named

SUBTITLE_RATIO = 0.6  # the rest of a title under a body's name is set in smaller, still large type
_GENERIC = re.compile(r"^(?:minutes|agenda|report|notes?|action notes?)$", re.I)


def infer_title(front: FrontMatter, pdf_title: str | None) -> str | None:
    subject = front.field("subject")
    if subject:
        return subject.value
    return (_minutes_title(front) or _cover_title(front) or _printed_pdf_title(front, pdf_title)
            or _heading_title(front))


def _minutes_title(front: FrontMatter) -> str | None:
    blocks = [text for _, text in front.blocks()[:SCAN_BLOCKS]]
    for n, text in enumerate(blocks):
        if MINUTES_OPENING.match(text):
            return text
        if _GENERIC.match(text.strip(" :")) and text.lower().startswith("minutes") and n + 1 < len(blocks):
            return f"{text} {blocks[n + 1]}"
    return None


def _cover_title(front: FrontMatter) -> str | None:
    """A cover's largest type. A run that only names the body (the inquiry) opens a title set
    below it in smaller type ('Harbour Fire Inquiry' / 'Part 2: …'); a run that names the
    addressee or the council gives way to the next."""
    runs = cover_runs(front)
    for n, run in enumerate(runs):
        text = " ".join(run)
        if runs and n == 0 and body_named(text) == text:
            wider = cover_runs(front, SUBTITLE_RATIO)
            whole = next((w for w in wider if w[:len(run)] == run and len(w) > len(run)), None)
            if whole:
                return _trim_run(whole, allow_body=True)
        text = _trim_run(run)
        if text:
            return text
    return None


def _trim_run(run: list[str], allow_body: bool = False) -> str | None:
    stamps = set(vocabulary().classifications) | {"draft", "final", "draft version", "final version"}
    lines = list(run)
    while lines and (lines[-1].strip().lower() in stamps or date_line(lines[-1])):
        lines.pop()
    while lines and (lines[0].strip().lower() in stamps or date_line(lines[0])
                     or councils_named(lines[0]) == [display_name(lines[0]).strip()]):
        lines.pop(0)
    text = " ".join(lines).strip()
    if not text or re.match(r"^(?:report|response)\s+(?:to|by|from)\b", text, re.I):
        return None
    if body_named(text) == text and not allow_body:
        return None
    return text


_SITE_SUFFIX = re.compile(r"\s+[-–|]\s+(?:GOV\.UK|[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|net|gov))$", re.I)


def _printed_pdf_title(front: FrontMatter, pdf_title: str | None) -> str | None:
    """The title in the PDF's properties, when the paper prints it (templates and stale
    properties do not appear on the page)."""
    pdf_title = _SITE_SUFFIX.sub("", pdf_title or "")
    if len(pdf_title.split()) < 3:
        return None
    printed = _words_only(" ".join(l.text for l in front.lines))
    return pdf_title.strip() if _words_only(pdf_title) in printed else None


def _words_only(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _heading_title(front: FrontMatter) -> str | None:
    """The first heading other than a label, a date, a body, a person or furniture; a
    '<body> – <date>' heading when nothing else heads the paper before its business starts."""
    blocks = front.blocks()[:SCAN_BLOCKS]
    if any(SALUTATION.match(text) for _, text in blocks):
        return None  # a letter: its title is its subject line
    weak = None
    for i, text in blocks:
        clean = _TITLE_PREFIX.sub("", text.strip())
        first = _TITLE_PREFIX.sub("", front.lines[i].text.strip())
        if body_heading_date(first):
            weak = weak or first
            continue
        if date_line(clean):
            continue
        if ATTENDANCE.match(clean) or re.match(r"^\d", clean) or len(clean) > 200 or clean.endswith("."):
            break
        if (len(clean.split()) < 3 or _LABEL_OR_STAMP(clean) or date_line(clean) or person_shaped(clean)
                or _CONTACT.search(clean) or front.lines[i].grid):
            continue
        if body_named(clean) or councils_named(clean) == [display_name(clean)]:
            continue
        if clean.isupper():
            weak = weak or clean  # a banner in capitals heads the paper only if nothing else does
            continue
        lead = councils_named(first) or [body_named(first)]
        if lead[0] and display_name(first) == lead[0] and first != clean:
            return clean[len(first):].strip()  # a heading under the council's name
        return clean
    return weak


# furniture before a title: 'Page 1', 'Pages 3 – 4: Agenda Item 7 –', 'Subject:'
_TITLE_PREFIX = re.compile(r"^(?:pages?\s+\d+(?:\s*(?:[-–]|of)\s*\d+)?\s*:?\s*)?"
                           r"(?:agenda\s+item\s+\w+\s*[-–:]\s*)?", re.I)
_CONTACT = re.compile(r"\S+@\S+\.\w+|\b(?:tel|telephone|phone|e-?mail)\s*:|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b", re.I)


def _LABEL_OR_STAMP(text: str) -> bool:
    if ":" in text[:50] and label_kind(text.split(":")[0]):
        return True
    if re.match(r"^report\s+(?:of|by|from|to)\b", text, re.I):
        return True
    return text.lower() in set(vocabulary().classifications) | {"draft", "draft version", "final"}
