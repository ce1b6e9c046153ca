"""Entity mentions found by rule, at rule speed, and the general corrections the small model
needs in council papers. Vocabulary in data/entities.json.

- 'Cllrs Hayward, Hoskins & Evans': each surname after a plural councillor title is a person.
- 'Jane Hill (Chair)', 'Mr B J Cole (Clerk)': a name before a bracketed office is a person,
  whole; so is the name after 'Contact officer:' or 'Author:'.
- Role titles by their grammar (responses.ROLE: 'Democratic Services Manager', 'Director of …').
- A role's words at the start of a body's name are the body's ('Lead Member Advisory Panel').
- A body's name wrapped onto the next line is one name.
- Rooms, streets and halls are neither people nor bodies; schools and hospitals are bodies;
  attendance headings are no entity at all.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from schemas.vocab import EntityLabel, EntitySource

from .responses import ROLE


@dataclass(frozen=True)
class Mention:
    label: EntityLabel
    text: str
    normalized: str
    char_start: int
    char_end: int
    source: EntitySource


@dataclass(frozen=True)
class EntityWords:
    place_nouns: frozenset[str]
    institution_nouns: frozenset[str]
    attendance_headings: tuple[str, ...]
    chair_roles: frozenset[str]
    body_nouns_for_roles: tuple[str, ...]


@lru_cache(maxsize=1)
def entity_words() -> EntityWords:
    raw = json.loads(resources.files("extractors").joinpath("data/entities.json").read_text("utf-8"))
    return EntityWords(frozenset(raw["place_nouns"]), frozenset(raw["institution_nouns"]),
                       tuple(raw["attendance_headings"]),
                       frozenset(raw["chair_roles"]), tuple(raw["body_nouns_for_roles"]))


@lru_cache(maxsize=1)
def _attendance_heading() -> re.Pattern[str]:
    words = sorted(entity_words().attendance_headings, key=len, reverse=True)
    return re.compile(r"(?im)^[ \t]*(?:" + "|".join(re.escape(w) for w in words) + r")\b[ \t]*[:\-–]?")


def for_the_model(text: str) -> str:
    """The text the model reads, the same length so offsets hold: attendance headings blanked
    ('PRESENT:' makes the model miss the first name after it)."""
    return _attendance_heading().sub(lambda m: " " * len(m.group()), text)


@lru_cache(maxsize=1)
def _line_start_body() -> re.Pattern[str]:
    nouns = "|".join(re.escape(n) for n in sorted(entity_words().body_nouns_for_roles, key=len, reverse=True))
    return re.compile(rf"[ \t]*(?:[A-Z][\w'’&-]*[ \t]+){{0,3}}?(?i:{nouns})s?\b")


_NAME_WORDS = {"of", "and", "for", "the", "&"}


def bodies_across_lines(text: str, base: int) -> list[Mention]:
    """A body's name wrapped onto the next line ('… Integrated Commissioning' / 'Board agreed'):
    one name, when the first line's part does not already end in a body noun (a heading line
    'Westmoor Borough Council' above 'Audit Committee' is two names)."""
    out = []
    nouns = {n.lower() for n in entity_words().body_nouns_for_roles} | {"council", "cabinet", "trust"}
    for newline in (m.start() for m in re.finditer("\n", text)):
        tail = _line_start_body().match(text, newline + 1)
        if not tail or not tail.group().strip()[:1].isupper():
            continue
        line_start = text.rfind("\n", 0, newline) + 1
        words = [(line_start + w.start(), w.group()) for w in re.finditer(r"\S+", text[line_start:newline])]
        k = len(words)
        while k > 0 and (words[k - 1][1][:1].isupper() or (words[k - 1][1] in _NAME_WORDS and k < len(words))):
            k -= 1
        while k < len(words) and (not words[k][1][:1].isupper() or words[k][1] == "The"):
            k += 1  # a name starts with a capital, never with 'of' or 'the'
        if k >= len(words) or words[-1][1].lower().rstrip("s") in nouns:
            continue
        start = words[k][0]
        name = text[start:tail.end()]
        out.append(Mention(EntityLabel.BODY, name, re.sub(r"\s+", " ", name), base + start, base + tail.end(),
                           EntitySource.RULE))
    return out


def is_attendance_heading(text: str) -> bool:
    return text.strip(" :-–").lower() in entity_words().attendance_headings


def _last_word(text: str) -> str:
    words = text.split()
    return words[-1].lower().strip(".,") if len(words) >= 2 else ""


def is_place(text: str) -> bool:
    """'Kennet Room', 'Mill Street', 'Lowther House': a place, neither a person nor a body."""
    return _last_word(text) in entity_words().place_nouns


def is_institution(text: str) -> bool:
    """'Ashgrove Primary School', 'Northgate Hospital': a body, never a person."""
    return _last_word(text) in entity_words().institution_nouns


_SURNAME = r"[A-Z][\w'’-]+"
_PLURAL_TITLE = re.compile(rf"\b(?:Cllrs|Councillors)\.?\s+(?P<names>{_SURNAME}(?:\s*(?:,|&|\band\b)\s*{_SURNAME})*)")


def plural_councillors(text: str, base: int) -> list[Mention]:
    """'Cllrs Hayward, Hoskins, Cobb & Evans' → four people, by surname."""
    out = []
    for match in _PLURAL_TITLE.finditer(text):
        for name in re.finditer(_SURNAME, match["names"]):
            start = match.start("names") + name.start()
            out.append(Mention(EntityLabel.PERSON, name.group(), name.group(), base + start,
                               base + start + len(name.group()), EntitySource.RULE))
    return out


_NAMED_OFFICE = re.compile(r"(?P<name>(?:[A-Z][a-z]*\.?\s+){0,3}[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
                           r"\s*,?\s*\((?P<office>[^()]{2,90})\)")


def named_offices(text: str, base: int, person_shaped, strip_titles) -> list[Mention]:
    """'Shellina Hart (Chair)', 'Mr B J Cole (Clerk)', 'Jo Ray (Director of Finance)': the
    name before a bracketed office is a person, whole (titles and initials kept in the text)."""
    if "(" not in text:  # the pattern's bracket: most paragraphs have none, and are not searched
        return []
    out = []
    for match in _NAMED_OFFICE.finditer(text):
        office = match["office"].strip()
        if office.lower() not in entity_words().chair_roles and not ROLE.fullmatch(office):
            continue
        name = match["name"]
        bare = strip_titles(name).strip()
        if not (person_shaped(name) or (bare != name and re.fullmatch(r"(?:[A-Z]\.?\s+)*[A-Z][\w'’-]+", bare))):
            continue
        out.append(Mention(EntityLabel.PERSON, name, bare, base + match.start("name"),
                           base + match.end("name"), EntitySource.RULE))
    return out


_CONTACT_LABEL = re.compile(r"\b(?i:contact(?:\s+officer)?|lead\s+officer|report\s+author|author|officer\s+contact)s?"
                            r"\s*:\s*(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})")


def labelled_people(text: str, base: int, person_shaped, strip_titles) -> list[Mention]:
    """'Contact officer: Dana Fell' — the name a contact or author label introduces."""
    if ":" not in text:  # the label's colon
        return []
    out = []
    for match in _CONTACT_LABEL.finditer(text):
        name = match["name"]
        if person_shaped(name):
            out.append(Mention(EntityLabel.PERSON, name, strip_titles(name).strip(), base + match.start("name"),
                               base + match.end("name"), EntitySource.RULE))
    return out


def role_titles(text: str, base: int) -> list[Mention]:
    """Roles by the grammar of role titles ('Democratic Services Manager', 'Director of …')."""
    out = []
    for match in ROLE.finditer(text):
        role = re.sub(r"\s+(?:and|&)$", "", match.group(1).strip())
        start = base + match.start(1)
        out.append(Mention(EntityLabel.ROLE, role, role, start, start + len(role), EntitySource.RULE))
    return out


@lru_cache(maxsize=1)
def _role_to_body() -> re.Pattern[str]:
    """What follows a role in a body's name: up to four capitalised words, then a body noun."""
    nouns = "|".join(re.escape(n) for n in entity_words().body_nouns_for_roles)
    return re.compile(rf"(?:\s+[A-Z][\w'&-]*){{0,4}}?\s+(?:{nouns})\b", re.I)


def bodies_named_after_roles(text: str, base: int, mentions: list[Mention]) -> list[Mention]:
    """A role followed by more of a name that ends in a body noun is the body's name:
    'Lead Member Advisory Panel' is a panel, not the role 'Lead Member'."""
    roles = [m for m in mentions
             if m.label is EntityLabel.ROLE and base <= m.char_start and m.char_end <= base + len(text)]
    out = []
    for m in roles:
        rest = _role_to_body().match(text, m.char_end - base)
        if rest and rest.group()[-1:].isalpha() and rest.group().split()[-1][0].isupper():
            end = base + rest.end()
            name = text[m.char_start - base:rest.end()]
            out.append(Mention(EntityLabel.BODY, name, name, m.char_start, end, EntitySource.RULE))
    return out
