"""Document metadata: council (named, or inferred from places and organisations against the
gazetteer in data/councils.csv), body, meeting date, title and author."""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from schemas.vocab import Precision

from .found import TextLine, paragraphs_of
from .periods import find_periods

HEAD_LINES = 30
_AMBIGUOUS_PLACES = {"Reading", "Bury", "Sutton", "Brent", "Merton", "Halton", "Wirral", "Derby"}
# Firms first: a firm appointed by the Audit Commission is the paper's author, not the Commission.
AUDITOR_NAMES = ("KPMG", "Grant Thornton", "Ernst & Young", "Deloitte", "PricewaterhouseCoopers", "PwC",
                 "Forvis Mazars", "Mazars", "BDO", "Audit Commission", "Wales Audit Office",
                 "National Audit Office", "Internal Audit")
AUDITORS = re.compile(r"\b(" + "|".join(re.escape(n) for n in AUDITOR_NAMES) + r")\b")


def find_auditor(text: str) -> str | None:
    """The auditor a paper names, firms before the bodies that appoint them."""
    for name in AUDITOR_NAMES:
        if re.search(rf"\b{re.escape(name)}\b", text):
            return name
    return None


@dataclass(frozen=True)
class Council:
    code: str
    name: str
    place: str
    type: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Council, ...]:
    text = resources.files("extractors").joinpath("data/councils.csv").read_text("utf-8")
    return tuple(Council(r["ons_code"], r["name"], r["place"], r["type"],
                         tuple(a for a in (r["aliases"] or "").split(";") if a))
                 for r in csv.DictReader(text.splitlines()))


_LOCAL_GOVERNMENT = re.compile(r"\b(wards?|scrutiny board|executive board|area committee|elected members?|"
                               r"councillors?|cllr|borough|local authority)\b", re.I)


def infer_council(text: str) -> Council | None:
    """Score each council by how the paper names it: its full name, '<Place> … Council', its
    organisations, then its place name. A clear lead is needed: three points, or two in a paper
    that speaks the language of local government."""
    head = text[:60000]
    scores: Counter[str] = Counter()
    by_code = {c.code: c for c in gazetteer()}
    for council in gazetteer():
        place = re.escape(council.place)
        full = len(re.findall(re.escape(council.name), head))
        styled = len(re.findall(rf"\b{place}\s+(?:City|County|Borough|Metropolitan\s+Borough|District|"
                                rf"Metropolitan\s+District)?\s*Council\b", head))
        aliases = sum(len(re.findall(rf"\b{re.escape(a)}\b", head)) for a in council.aliases)
        places = 0 if council.place in _AMBIGUOUS_PLACES else len(re.findall(rf"\b{place}\b", head))
        score = 6 * full + 4 * styled + 2 * aliases + places
        if score:
            scores[council.code] = score
    if not scores:
        return None
    ranked = scores.most_common(2)
    best, points = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    needed = 2 if _LOCAL_GOVERNMENT.search(head) else 3
    if points < needed or points < 2 * runner_up:
        return None
    return by_code[best]


_BODY = re.compile(
    r"((?:(?:[A-Z][\w'&-]*|and|of|for|&)\s+){0,6}?(?:[A-Z][\w'&-]*\s+)?"
    r"(?:Board|Committee|Sub-Committee|Cabinet|Panel|Forum|Partnership|Council))"
    r"(\s*\([A-Z][^)]{2,40}\)|\s+on\s+(?:[A-Z][\w'&-]*(?:\s+|$))+)?")


def infer_body(lines: list[TextLine], council: Council | None, text: str, audit: bool) -> str | None:
    if audit:
        auditor = find_auditor(text[:20000])
        if auditor:
            return auditor
    for line in lines[:HEAD_LINES]:
        if re.match(r"^(report|contact|email|tel)", line.text, re.I) or len(line.text) > 120:
            continue
        for match in _BODY.finditer(line.text):
            body = (match.group(1) + (match.group(2) or "")).strip()
            body = re.sub(r"^(?:the|supplementary|information|for|of)\s+", "", body, flags=re.I)
            if council and body in (council.name, council.place + " Council"):
                continue
            if len(body.split()) >= 1 and body[0].isupper():
                return body.strip(" –-")
    return None


def infer_meeting_date(lines: list[TextLine]) -> date | None:
    """The first full date near the top (a 'Date:' line first); a month if no day is given."""
    head = lines[:HEAD_LINES]
    labelled = [l for l in head if re.match(r"^(date|meeting date|date of meeting)\b", l.text, re.I)]
    for line in labelled + head:
        periods = find_periods(line.text)
        days = [p for p in periods if p.precision is Precision.DAY]
        if days:
            return days[0].start
    for line in head:
        months = [p for p in find_periods(line.text) if p.precision is Precision.MONTH]
        if months:
            return months[0].start
    return None


_TITLE_SKIP = re.compile(r"^(report\s+(of|by|from|to)|date|contact|public document pack|agenda|"
                         r"electoral wards|ward members|specific implications|executive summary|"
                         r"purpose|contents|summary)\b", re.I)
_TITLE_PREFIX = re.compile(r"^(?:pages?\s+\d+\s*(?:[-–]\s*\d+)?\s*:\s*)?(?:agenda\s+item\s+\w+\s*[-–:]\s*)?"
                           r"(?:(?:subject|title|re)\s*:\s*)?", re.I)


def _is_body_line(text: str) -> bool:
    """A line that only names a body ('Executive Board', 'Select Committee on X – 17 May 2007')."""
    match = _BODY.match(text)
    if not match:
        return False
    rest = text[match.end():].strip(" –-,")
    return not rest or all(p.precision is Precision.DAY for p in find_periods(rest))


def infer_title(lines: list[TextLine], council: Council | None, pdf_title: str | None) -> str | None:
    for line in lines[:HEAD_LINES]:
        if re.match(r"^(subject|title)\s*:", line.text, re.I):
            return _TITLE_PREFIX.sub("", line.text).strip() or None
    for para in paragraphs_of(lines[:HEAD_LINES]):
        if len(para) > 3:
            continue  # running text, not a title
        text = _TITLE_PREFIX.sub("", " ".join(l.text for l in para)).strip()
        if (len(text) < 12 or len(text) > 200 or _TITLE_SKIP.match(text) or text.isupper()
                or text.endswith(".")
                or (council and text in (council.name, council.place)) or _is_body_line(text)
                or any(p.precision is Precision.DAY for p in find_periods(text))
                or re.match(r"^\d", text)):
            continue
        return text
    return pdf_title


def infer_author(lines: list[TextLine], text: str) -> str | None:
    for line in lines[:HEAD_LINES * 2]:
        match = re.match(r"^report\s+(?:of|by|from)\s*:?\s*(?:the\s+)?(?P<who>.{3,90})$", line.text, re.I)
        if match:
            return match["who"].strip(" .:")
    auditor = find_auditor(text[:20000]) if re.search(r"\baudit", text[:4000], re.I) else None
    if auditor:
        return auditor
    government = re.search(r"\b(Government|HM Government)\s+Response\b", text[:3000], re.I)
    return "HM Government" if government else None
