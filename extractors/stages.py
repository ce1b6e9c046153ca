"""stage_raw → (stage_code, status), ticks → complete, priority keys, response decisions.

The mappings are versioned data (data/status_schemes.json), not code. A paper's own RAG key
("Green = complete") and its priority key ("*** Significant residual risk") override defaults.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator
from importlib import resources

from schemas.vocab import Decision, Priority, Status


@dataclass(frozen=True)
class StageEntry:
    pattern: re.Pattern[str]
    code: str
    status: Status


@dataclass(frozen=True)
class CategoryEntry:
    number: str
    words: re.Pattern[str]
    code: str
    status: Status


@dataclass(frozen=True)
class CategoryScheme:
    """Numbered categories with meanings, used where there is evidence for them (see the data)."""
    name: str
    councils: frozenset[str]
    headers: tuple[re.Pattern[str], ...]
    entries: tuple[CategoryEntry, ...]

    def numbered(self, number: str | None) -> CategoryEntry | None:
        return next((e for e in self.entries if e.number == number), None)

    def worded(self, text: str) -> CategoryEntry | None:
        return next((e for e in self.entries if e.words.search(text)), None)


@dataclass(frozen=True)
class Schemes:
    version: str
    categories: tuple[CategoryScheme, ...]
    colours: tuple[StageEntry, ...]
    words: tuple[StageEntry, ...]
    complete_true: re.Pattern[str]
    complete_false: re.Pattern[str]
    priority: tuple[tuple[Priority, re.Pattern[str]], ...]
    decision: tuple[tuple[Decision, re.Pattern[str]], ...]


def _entries(items: list[dict]) -> tuple[StageEntry, ...]:
    return tuple(StageEntry(re.compile(e["pattern"], re.I), e["code"], Status(e["status"])) for e in items)


@lru_cache(maxsize=1)
def schemes() -> Schemes:
    data = json.loads(resources.files("extractors").joinpath("data/status_schemes.json").read_text("utf-8"))
    categories = tuple(
        CategoryScheme(c["name"], frozenset(c["councils"]), tuple(re.compile(h, re.I) for h in c["headers"]),
                       tuple(CategoryEntry(e["number"], re.compile(e["words"], re.I), e["code"], Status(e["status"]))
                             for e in c["entries"]))
        for c in data["categories"])
    return Schemes(
        data["version"], categories, _entries(data["colours"]), _entries(data["words"]),
        re.compile(data["complete"]["true"], re.I), re.compile(data["complete"]["false"], re.I),
        tuple((Priority(k), re.compile(v, re.I)) for k, v in data["priority"].items()),
        tuple((Decision(d["decision"]), re.compile(d["pattern"], re.I)) for d in data["decision"]))


def word_status(text: str) -> Status | None:
    entry = _first(schemes().words, text)
    return entry.status if entry else None


def _first(entries: tuple[StageEntry, ...], text: str) -> StageEntry | None:
    return next((e for e in entries if e.pattern.search(text)), None)


def meaning_status(text: str) -> Status | None:
    """What a key's description means: a category wording first (the most specific: 'Not fully
    implemented (obstacle)'), then the general words."""
    for scheme in schemes().categories:
        entry = scheme.worded(text)
        if entry is not None:
            return entry.status
    return word_status(text)


# ------------------------------------------------------------------ a paper's own keys

_COLOUR = r"\b(?:blue|green|amber|red|(?-i:[BGAR]))\b"
_COLOUR_KEY = re.compile(rf"({_COLOUR})\s*(?:=|:|-|–|means|indicates)\s*"
                         rf"((?:(?!{_COLOUR})[^\n;.,]){{3,80}}?)(?=\s*(?:[\n;.,]|(?:and|or)?\s*{_COLOUR}|$))", re.I)
_INITIAL = {"b": "blue", "g": "green", "a": "amber", "r": "red"}
_KEY_WORDS = re.compile(r"\b(key|categor\w*|status\w*|stages?|legend|ratings?|scale|assessment|codes?)\b", re.I)
_SEP = r"(?:=|:|-|–|—)"
_NUMBER_ITEM = re.compile(
    rf"(?:(?<=^)|(?<=[\s;,(]))(?P<n>[1-9])(?:\s*{_SEP}\s*|[.)]?\s+(?=[A-Z]))"
    rf"(?P<desc>[A-Za-z][^\n;\t]{{1,100}}?)(?=[ ]*(?:[;\n]|$|[,.]?[ ]+[1-9][ ]*{_SEP}[ ]))", re.M)


def read_rag_key(text: str) -> dict[str, Status]:
    """A paper's own colour key: 'Green = complete', 'Amber - on track but at risk', 'G = complete'."""
    key: dict[str, Status] = {}
    for colour, meaning in _COLOUR_KEY.findall(text):
        status = word_status(meaning)
        if status is not None:
            key.setdefault(_INITIAL.get(colour.lower(), colour.lower()), status)
    return key


def read_number_key(text: str) -> dict[str, Status]:
    """A paper's own numbered key: 'The categories are: 1 – Stop monitoring …; 2 – Achieved …',
    or one line a number: a run of 1, 2, 3 … after a key word, every meaning understood."""
    items = list(_NUMBER_ITEM.finditer(text))
    runs: list[list[re.Match[str]]] = []
    for item in items:
        last = runs[-1][-1] if runs else None
        if last is not None and int(item["n"]) == int(last["n"]) + 1 and item.start() - last.end() <= 4:
            runs[-1].append(item)
        else:
            runs.append([item])
    for run in runs:
        if len(run) < 2 or run[0]["n"] != "1" or not _KEY_WORDS.search(text[max(0, run[0].start() - 120):run[0].start()]):
            continue
        meanings = {m["n"]: meaning_status(m["desc"]) for m in run}
        if all(status is not None for status in meanings.values()):
            return meanings  # type: ignore[return-value]
    return {}


@dataclass(frozen=True)
class StatusKey:
    """How one paper's printed stages are read: its own keys, and the category scheme it uses."""
    numbers: dict[str, Status]
    colours: dict[str, Status]
    category: CategoryScheme | None = None


_LEADING_NUMBER = re.compile(r"^\s*(?:(?:category|cat\.?|level|stage)\s*)?(?P<n>\d{1,2})\b(?!\.\d)\s*[-–—:.)(]*\s*", re.I)


def _split_number(raw: str) -> tuple[str | None, str]:
    match = _LEADING_NUMBER.match(raw)
    return (match["n"], raw[match.end():].strip(" ()")) if match else (None, raw.strip())


def _agreement(scheme: CategoryScheme, raw: str) -> int:
    """+1 when a printed stage's number and wording are the same entry of the scheme ('2 (Achieved)'),
    -1 when its wording means something else ('1 - Completed' against '1 = stop monitoring'), 0 otherwise."""
    number, words = _split_number(raw)
    entry = scheme.numbered(number)
    if entry is None or not words:
        return 0
    if entry.words.search(words):
        return 1
    meant = meaning_status(words)
    return -1 if meant is not None and meant is not entry.status else 0


def _printed_wordings(scheme: CategoryScheme, text: str) -> int:
    return sum(1 for e in scheme.entries if e.words.search(text))


def choose_category(text: str, council_code: str | None, stages: list[tuple[str, str | None]],
                    candidates: tuple[CategoryScheme, ...] | None = None) -> CategoryScheme | None:
    """The category scheme a paper uses, by evidence: its council, its status header, its printed
    wordings (three or more), or its stages agreeing with the scheme; never against its stages."""
    for scheme in schemes().categories if candidates is None else candidates:
        votes = [_agreement(scheme, raw) for raw, _ in stages]
        if votes.count(-1) > votes.count(1):
            continue
        headed = any(h.search(header or "") for h in scheme.headers for _, header in stages)
        if council_code in scheme.councils or headed or 1 in votes or _printed_wordings(scheme, text) >= 3:
            return scheme
    return None


def read_status_key(text: str, council_code: str | None = None,
                    stages: list[tuple[str, str | None]] | None = None) -> StatusKey:
    stages = [(raw, header) for raw, header in stages or [] if raw and raw.strip()]
    return StatusKey(read_number_key(text), read_rag_key(text), choose_category(text, council_code, stages))


def map_stage(raw: str | None, key: StatusKey | None = None) -> tuple[str | None, Status | None]:
    """(stage_code, status) for a printed stage; (None, None) when nothing is printed. The paper's
    own key first, then its category scheme, then colours, then words; a number that nothing
    explains is kept as the code with status unknown."""
    if raw is None or not raw.strip():
        return None, None
    key = key or StatusKey({}, {})
    number, words = _split_number(raw)
    if number is not None and number in key.numbers:
        return number, key.numbers[number]
    if key.category is not None:
        entry = key.category.numbered(number) if number else key.category.worded(raw)
        if entry is not None:
            return entry.code, entry.status
    colour = _first(schemes().colours, words or raw)
    if colour is not None:
        return number or colour.code, key.colours.get(colour.code, colour.status)
    worded = _first(schemes().words, words or raw)
    if worded is not None:
        return number or worded.code, worded.status
    return number or raw.strip().lower(), Status.UNKNOWN


def map_complete(raw: str | None) -> bool | None:
    if raw is None or not raw.strip():
        return None
    if schemes().complete_true.match(raw):
        return True
    if schemes().complete_false.match(raw):
        return False
    return None


# ------------------------------------------------------------------ priorities and decisions

_STARS = re.compile(r"(\*(?:\s?\*)*)\s*([A-Za-z][A-Za-z ]*[A-Za-z])")


def read_priority_key(text: str) -> dict[int, Priority]:
    """A star key such as '*** Significant residual risk ** Some … * Little …' → stars → priority."""
    key: dict[int, Priority] = {}
    for stars, words in _STARS.findall(text):
        level = priority_from_words(words)
        if level is not None:
            key.setdefault(stars.count("*"), level)
    return key


def priority_from_words(text: str) -> Priority | None:
    for level, pattern in schemes().priority:
        if pattern.search(text):
            return level
    return None


def map_priority(raw: str | None, star_key: dict[int, Priority] | None = None) -> Priority | None:
    if raw is None or not raw.strip():
        return None
    stars = raw.count("*")
    if stars and not re.search(r"[A-Za-z0-9]", raw):
        if star_key and stars in star_key:
            return star_key[stars]
        return {3: Priority.HIGH, 2: Priority.MEDIUM, 1: Priority.LOW}.get(min(stars, 3))
    return priority_from_words(raw)


_CODE_MARK = re.compile(r"\((?P<code>[A-Z]{1,3})\)")
_DESC_MAX = 121  # a meaning before its code: a letter, then 2 to 120 letters, spaces, commas, quotes, hyphens


def _desc_char(c: str) -> bool:
    return ("A" <= c <= "Z") or ("a" <= c <= "z") or c.isspace() or c in ",'-"


def codes_after(text: str) -> Iterator[tuple[str, str]]:
    """(code, meaning) for each 'meaning (C)' in the text, leftmost and shortest as a regex would
    read them, found from the codes backwards: scanning every letter of a long report for a
    meaning that might follow costs more than the rest of the key."""
    taken = 0
    for mark in _CODE_MARK.finditer(text):
        paren = mark.start()
        end = paren  # the meaning's shortest end: before the spaces that precede the bracket
        while end > taken and text[end - 1].isspace():
            end -= 1
        start = end
        while start > max(taken, end - _DESC_MAX) and _desc_char(text[start - 1]):
            start -= 1
        while start < paren and not ("A" <= text[start] <= "Z" or "a" <= text[start] <= "z"):
            start += 1
        if paren - start < 3:
            continue
        yield mark["code"], text[start:start + max(3, end - start)]
        taken = mark.end()
_CODE_BEFORE = re.compile(r"(?:^|(?<=[\s;,(]))(?P<code>[A-Z]{1,3})\s*(?:=|:|–|—|-)\s*(?P<desc>[A-Za-z][A-Za-z ,'-]{2,60}?)(?=\s*(?:[;,.)\n]|$|\s[A-Z]{1,3}\s*(?:=|:|–|—|-)\s))", re.M)
_VERB = re.compile(r"\b(accept\w*|agree\w*|support\w*|reject\w*)\b", re.I)


def read_decision_key(text: str) -> dict[str, Decision]:
    """A paper's key of decision codes: 'accepted in full (F) or in principle (P)', 'F = fully
    accepted; P = partially accepted'. A meaning without a verb borrows the one before it
    ('… accepted in full (F) or in principle (P)': P is accepted in principle)."""
    key: dict[str, Decision] = {}
    verb = None
    found = [*codes_after(text), *((m["code"], m["desc"]) for m in _CODE_BEFORE.finditer(text))]
    for code, desc in found:
        desc = desc.split(")")[-1].strip()
        said = _VERB.search(desc)
        if said:
            verb = said.group()
        elif verb:
            desc = f"{verb} {desc}"
        decision = map_decision(desc[-80:])
        if decision is not None:
            key.setdefault(code, decision)
    return key


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z\"'(])")


def map_decision(text: str | None, window: int = 400) -> Decision | None:
    """The decision a response states, from its opening words: the first sentence that states one
    ('These recommendations are accepted in full by the UK Government. They are accepted in
    principle by …' is accepted), not the most hedged word anywhere in the opening."""
    if not text:
        return None
    for sentence in _SENTENCE_END.split(text[:window]):
        for decision, pattern in schemes().decision:
            if pattern.search(sentence):
                return decision
    return None
