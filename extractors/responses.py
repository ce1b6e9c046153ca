"""Responses and updates inside text: their labels, who responded, who is responsible, by when.

"<Role>'s Response (Approved by <body> <month year>) <text> …" → a response with
responder, approved_by and approved_date; "March 2010 update The following …" → an update whose
label dates it; "Barbara Newton & Adam Hewitt – October 2007" → officers and due dates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .deadlines import due_in_column, due_in_text
from .found import FoundUpdate, Span, TextLine, sub_span
from .labels import DATE, label_patterns, vocabulary
from .periods import _MONTH, NO_DATE_WORDS, Period, parse_period

RESPONSE_LABEL, UPDATE_LABEL = label_patterns()
_APPROVED = re.compile(rf"approved\s+by\s+(?:the\s+)?(?P<by>[A-Z][\w']*(?:\s+(?!{_MONTH}\b)[A-Z][\w']*){{0,5}})"
                       rf"(?:\s+(?:on|in)\s+|\s*,?\s*)?(?P<when>{DATE})?", re.I)


@dataclass(frozen=True)
class Segment:
    kind: str  # "response", "update" or "text" (before any label)
    label: str | None
    span: Span


def segment_labelled(span: Span) -> list[Segment]:
    """Split a cell or passage into segments at each response or update label (line starts)."""
    segments: list[tuple[str, str | None, int, int]] = []  # kind, label, body start, end
    pos = 0
    for line in span.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        for kind, pattern in (("update", UPDATE_LABEL), ("response", RESPONSE_LABEL)):
            match = pattern.match(line)
            if match:
                segments.append((kind, match["label"].strip(), start + match.end(), end))
                break
        else:
            if segments:
                kind, label, body_start, _ = segments[-1]
                segments[-1] = (kind, label, body_start, end)
            else:
                segments.append(("text", None, start, end))
    return [Segment(kind, label, sub_span(span, s, e)) for kind, label, s, e in segments]


def split_updates(paras: list[list[TextLine]]) -> tuple[list[list[TextLine]], list[FoundUpdate]]:
    """An answer in running text: the paragraphs before the first update label are the response;
    each update label ('Position at April 2020:', 'March 2020 update') starts an update that runs
    to the next one, so a response never swallows the progress reported after it."""
    answer: list[list[TextLine]] = []
    updates: list[FoundUpdate] = []
    for para in paras:
        lines = [l.span for l in para]
        match = UPDATE_LABEL.match(para[0].text)
        if match:
            lines[0] = sub_span(lines[0], match.end(), len(lines[0].text))
            updates.append(FoundUpdate(Span.join([s for s in lines if s.text]), match["label"].strip()))
        elif updates:
            updates[-1].span = Span.join([updates[-1].span] + lines, sep="\n")
        else:
            answer.append(para)
    return answer, updates


def response_label_parts(label: str | None) -> tuple[str | None, str | None, Period | None]:
    """(responder, approved_by, period) from a response label: 'Director's Response (Approved by
    Executive Board April 2009)' → Director, Executive Board, April 2009; 'Cabinet response
    (July 2019)' → Cabinet, None, July 2019 (the date the response was given)."""
    if not label:
        return None, None, None
    match = RESPONSE_LABEL.match(label)
    who = match.groupdict().get("who") if match else None
    responder = None
    if who:
        responder = re.sub(r"(?:'s|s')$", "", who.strip())
        responder = re.sub(rf"^(?:the\s+)?(?:(?:{'|'.join(vocabulary().qualifiers)})\s+)?", "", responder, flags=re.I)
        responder = responder[0].upper() + responder[1:] if responder else None
    approved = _APPROVED.search(label)
    if approved:
        period = parse_period(approved["when"]) if approved["when"] else None
        return responder, approved["by"].strip(), period
    dated = re.search(DATE, label, re.I)
    return responder, None, parse_period(dated.group()) if dated else None


# ------------------------------------------------------------------ roles and timescales

# Words that are never part of a personal name here (used by the entity layer's name rules).
_NOT_NAME = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "spring", "summer", "autumn", "winter", "by", "the", "and", "of", "for",
    "to", "ongoing", "director", "directors", "head", "chief", "officer", "manager", "lead", "leader",
    "member", "members", "executive", "board", "committee", "council", "services", "service",
    "children", "childrens", "young", "people", "leeds", "dudley", "risk", "register", "plan",
    "partnership", "trust", "team", "group", "network", "forum", "initiative", "strategy", "unit",
    "legal", "domestic", "assistant", "deputy", "strategic", "locality", "area", "city", "county",
    "borough", "government", "department", "secretary", "minister", "cabinet", "scrutiny", "audit",
    "chair", "chairman", "mayor", "cllr", "councillor", "project", "review", "policy", "health",
    "education", "social", "care", "all", "new", "key", "first", "see", "action", "ster", "ect",
    "office", "information", "governance", "management", "performance", "finance", "resources",
    "business", "partner", "partners", "hr", "payroll", "adviser", "advisor", "coordinator", "analyst",
    "accountant", "controller", "specialist", "consultant", "support", "practitioner", "commissioning",
    "safeguarding", "housing", "transport", "planning", "environmental", "public", "development",
}
ROLE = re.compile(
    r"\b((?:(?:Deputy|Assistant|Acting|Interim|Executive|Corporate|Strategic|Senior)\s+)?"
    r"(?:Director|Head(?=\s+of)|Chief\s+Officer|Chief\s+Executive|Locality\s+Enabler|Strategic\s+Leader|"
    r"Strategic\s+Lead|Lead\s+(?:Executive\s+)?Member|Lead\s+Officer|Service\s+Manager|Area\s+Manager|"
    r"Cabinet\s+Member|Portfolio\s+Holder|"
    r"(?:(?!(?:The|A|An|This|That)\s)[A-Z][\w&-]*\s+){1,3}(?:Manager|Officer|Adviser|Advisor|Co-?ordinator|Business\s+Partner|Lead))"
    r"(?:\s+(?:of|for)\s+(?:[A-Z][\w'&-]*|and|&)(?:\s+(?:[A-Z][\w'&-]*|and|&))*)?"
    r"(?:\s*\([A-Z][^)]{0,40}\))?)")


# A role's service after a comma, when it ends the cell: "Service Manager, Fostering".
_ROLE_SERVICE = re.compile(r",\s+(?:[A-Z][\w'&-]*)(?:\s+(?:[A-Z][\w'&-]*|and|&)){0,4}(?=\s*(?:[–\n]|$))")


def find_roles(text: str, acronyms: dict[str, str] | None = None) -> list[str]:
    """Role titles in order; a bare or shortened title ('Director', 'Locality Enabler') is
    dropped when a fuller one that starts with it is found too."""
    roles: list[str] = []
    for line in text.split("\n"):  # a role never runs from one line of a cell to the next
        for match in ROLE.finditer(line):
            role = re.sub(r"\s+(?:and|&)$", "", match.group(1).strip())
            service = _ROLE_SERVICE.match(line, match.end(1))
            if service:
                role += service.group()
            if role not in roles:
                roles.append(role)
    for short, full in (acronyms or {}).items():
        if re.search(rf"\b{re.escape(short)}\b", text) and ROLE.fullmatch(full) and full not in roles:
            roles.append(full)
    return [r for r in roles if not any(o != r and o.startswith(r) for o in roles)]


@dataclass(frozen=True)
class Timescale:
    raw: str | None
    due_dates: tuple[date, ...]


def _unique(dates) -> tuple[date, ...]:
    """Due dates in the order named, each once."""
    return tuple(dict.fromkeys(d for d in dates if d is not None))


def responsibility_timescale(text: str, ref: date | None) -> Timescale:
    """The deadlines in a responsibility/timescale cell; raw is the text from the first one on."""
    dues = due_in_column(text, ref)
    if not dues:
        nodate = re.search(rf"\b(?:{NO_DATE_WORDS})\b", text, re.I)
        return Timescale(nodate.group() if nodate else None, ())
    start = dues[0].char_start
    before = re.search(r"\b(?:by|before|until|from)\s*$", text[:start], re.I)
    raw = re.sub(r"\s+", " ", text[before.start() if before else start:]).strip()  # a cell's rows on one line
    return Timescale(raw, _unique(d.due for d in dues))


def response_timescale(text: str, ref: date | None) -> Timescale:
    """Deadlines a response commits to ('will be completed by September 2009'), not every date
    it names (extractors.deadlines)."""
    dues = due_in_text(text, ref)
    if not dues:
        return Timescale(None, ())
    return Timescale("; ".join(d.raw for d in dues), _unique(d.due for d in dues))


_ACRONYM = re.compile(r"((?:[A-Z][\w'&-]*\s+(?:of\s+|and\s+|for\s+|the\s+|&\s+)?){1,8})\(([A-Z][A-Za-z&]{1,9})\)")


def find_acronyms(text: str) -> dict[str, str]:
    """'Integrated Strategic Commissioning Board (ISCB)' → {'ISCB': 'Integrated …'} when the
    capitals of the full name spell the acronym (first definition wins)."""
    found: dict[str, str] = {}
    for full, short in _ACRONYM.findall(text):
        words = full.split()
        letters = short.replace("&", "").upper()
        for start in range(len(words)):
            candidate = words[start:]
            initials = "".join(w[0] for w in candidate if w[0].isupper())
            if initials == letters:
                found.setdefault(short, " ".join(candidate))
                break
    return found
