"""Document metadata from the front matter: council, body, meeting date, title and author.

Each is read by general rules of how papers present themselves, strongest evidence first:
a front sheet's labels ('To:', 'Subject:', 'Date:'), the opening sentence of minutes ('Minutes
of a meeting of the Cabinet held on …'), headings that name a body or a council, a cover's
largest type, a publication line ('Ordered … to be printed …'). Councils are canonicalised
against the gazetteer of principal authorities (data/councils.csv); a parish, town or community
council printed on the paper is kept by its printed name, with no ONS code.
"""
from __future__ import annotations

import calendar
import csv
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .front_matter import FrontMatter

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
    code: str | None   # ONS code; None for a parish, town or community council
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


@dataclass(frozen=True)
class Words:
    """Vocabulary of bodies and councils (data/front_matter.json)."""
    body_nouns: tuple[str, ...]
    local_councils: tuple[str, ...]
    meeting_words: tuple[str, ...]


@lru_cache(maxsize=1)
def words() -> Words:
    raw = json.loads(resources.files("extractors").joinpath("data/front_matter.json").read_text("utf-8"))
    return Words(tuple(raw["body_nouns"]), tuple(raw["local_councils"]), tuple(raw["meeting_words"]))


def canonical_council(name: str | None) -> Council | None:
    """A council as a manifest or a paper names it → the gazetteer's entry ('Dudley', 'Dudley
    MBC', 'DUDLEY METROPOLITAN BOROUGH COUNCIL' → Dudley Metropolitan Borough Council,
    E08000027); a name not in the gazetteer is kept as given, with no code."""
    if not name or not name.strip():
        return None
    key = _fold(name)
    stem = _PRINCIPAL_SUFFIX.sub("", key)
    for council in gazetteer():
        if key in (_fold(council.name), *map(_fold, council.aliases)) or stem == _fold(council.place):
            return council
    return Council(None, display_name(name.strip()), "", "local", ())


_PRINCIPAL_SUFFIX = re.compile(r"\s+(?:(?:metropolitan borough|metropolitan district|county|city|borough|"
                               r"district)\s+)?council$")


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).strip()


_SMALL = {"of", "and", "the", "for", "upon", "on", "in", "with", "&"}


def display_name(name: str) -> str:
    """A name printed in capitals, in title case ('ST MARY'S PARISH COUNCIL' → 'St Mary's …')."""
    if not name.isupper():
        return name
    out = []
    for i, word in enumerate(name.split()):
        low = word.lower()
        out.append(low if i and low in _SMALL else word[:1].upper() + word[1:].lower())
    return " ".join(out)


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
        if council.place not in head and council.name not in head and not any(a in head for a in council.aliases):
            continue  # every count below needs one of these strings; a substring test is far cheaper
        place = re.escape(council.place)
        full = len(re.findall(re.escape(council.name), head))
        styled = len(re.findall(rf"\b{place}\s+(?:City|County|Borough|Metropolitan\s+Borough|District|"
                                rf"Metropolitan\s+District)?\s*Council\b", head))
        aliases = sum(len(re.findall(rf"\b{re.escape(a)}\b", head)) for a in council.aliases)
        places = 0 if council.place in _AMBIGUOUS_PLACES else len(re.findall(rf"\b{place}\b", head))
        score = 6 * full + 4 * styled + 2 * aliases + places
        if score and council.code:
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


_LIST_ITEM = re.compile(r"^(?:[•▪●◦*-]|\(?[a-z0-9]{1,3}[.)])\s")
HEADING_BLOCKS = 14  # a paper's headings come within the first blocks of its front matter
_CONNECTORS = {"upon", "on", "in", "under", "le", "de", "la"}  # 'Newcastle upon Tyne', 'Bradford on Avon'
_PRINCIPAL_KINDS = ("county council", "city council", "borough council", "district council",
                    "metropolitan borough council", "metropolitan district council", "council")


def _council_kinds() -> list[list[str]]:
    kinds = {*words().local_councils, *_PRINCIPAL_KINDS}
    return sorted((k.split() for k in kinds), key=len, reverse=True)


def councils_named(text: str) -> list[str]:
    """Every council name in a heading: capitalised words before a council kind
    ('Upper Slaughter Parish Council', 'NORTHSHIRE COUNTY COUNCIL' → 'Northshire County Council')."""
    tokens = " \n ".join(display_name(line) for line in text.split("\n")).replace("–", " – ").split(" ")
    tokens = [t for t in tokens if t]
    names = []
    i = 0
    while i < len(tokens):
        kind = _kind_at(tokens, i)
        if kind is None:
            i += 1
            continue
        j = i
        while j > 0 and (_capitalised(tokens[j - 1]) or
                         (tokens[j - 1] in _CONNECTORS and j > 1 and _capitalised(tokens[j - 2]))):
            j -= 1
        if j < i:
            names.append(" ".join(t for t in tokens[j:kind] if t != "\n").strip(",.;:"))
        i = kind
    return names


def _kind_at(tokens: list[str], i: int) -> int | None:
    """Where a council kind ('Parish Council') that starts at token i ends, across a line break."""
    if tokens[i] == "\n":
        return None
    words = [(k, t) for k, t in enumerate(tokens[i:i + 6], start=i) if t != "\n"]
    for kind in _council_kinds():
        got = words[:len(kind)]
        if [t.lower().strip(",.;:") for _, t in got] == kind and all(t[:1].isupper() for _, t in got):
            return got[-1][0] + 1
    return None


_NOT_PLACE = {"the", "a", "an", "this", "our", "full", "county", "city", "town", "parish", "community",
              "district", "borough", "leader", "minutes", "agenda", "meeting", "report", "response",
              "summons", "notice", "members", "all", "council",
              *(m.lower() for m in calendar.month_name if m)}


def _capitalised(token: str) -> bool:
    return bool(re.match(r"^[A-Z][\w'’.-]*$", token)) and token.lower() not in _NOT_PLACE


def printed_council(front: FrontMatter) -> Council | None:
    """The first council named in the paper's headings (short blocks of the front matter): a
    principal authority by its gazetteer entry, any other council by its printed name."""
    heads = {front.lines[i].block for i, text in front.blocks()[:HEADING_BLOCKS]
             if not front.lines[i].grid and not _LIST_ITEM.match(text)}
    lines = [l.text for l in front.lines if l.block in heads and len(l.text.split()) <= 14]
    for name in councils_named("\n".join(lines)):
        return canonical_council(name)
    return None


def council_of(front: FrontMatter, text: str, given: str | None) -> Council | None:
    """The manifest's council, else the council printed at the top, else the best-scored one."""
    if given:
        return canonical_council(given)
    return printed_council(front) or infer_council(text)


def infer_author(front: FrontMatter, text: str) -> str | None:
    """Who wrote the paper: a 'Report of/by …' line, the auditor of an audit, the government
    for a government response."""
    for line in front.lines:
        match = re.match(r"^report\s+(?:of|by|from)\s*:?\s*(?:the\s+)?(?P<who>.{3,90})$", line.text, re.I)
        if match:
            return match["who"].strip(" .:")
    auditor = find_auditor(text[:20000]) if re.search(r"\baudit", text[:4000], re.I) else None
    if auditor:
        return auditor
    government = re.search(r"\b(Government|HM Government)\s+Response\b", text[:3000], re.I)
    return "HM Government" if government else None
