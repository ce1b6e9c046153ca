"""The role of each column of a table, from its header words and its cells together.

Header words are data (data/column_roles.json). The cells confirm or decide: a column of short
references is the number, of dates the target, of colours, status words or ticks the status, of
short codes that the paper's key explains (F, P) one responder's decisions, of long sentences a
response or progress. A table is read as recommendations only when its header names the column
that holds them.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .periods import NO_DATE_WORDS, find_periods
from .responses import ROLE, UPDATE_LABEL
from .stages import map_stage, priority_from_words, schemes

SINGLE = ("number", "recommendation", "action", "status", "priority", "complete", "addressee")
RECORD_ROLES = ("recommendation", "action")


@dataclass(frozen=True)
class RoleWords:
    whole: frozenset[str]
    phrases: tuple[tuple[str, float], ...]


@lru_cache(maxsize=1)
def role_words() -> dict[str, RoleWords]:
    data = json.loads(resources.files("extractors").joinpath("data/column_roles.json").read_text("utf-8"))
    return {role: RoleWords(frozenset(spec["whole"]), tuple(spec["phrases"].items()))
            for role, spec in data["roles"].items()}


def normalise_header(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w#&]+", " ", text.lower())).strip()


def header_roles(text: str) -> dict[str, float]:
    """Roles a header names, with weights; of overlapping phrases the longer wins."""
    head = normalise_header(text)
    if not head:
        return {}
    hits: list[tuple[int, int, str, float]] = []
    for role, words in role_words().items():
        if head in words.whole:
            hits.append((0, len(head), role, 1.0))
        for phrase, weight in words.phrases:
            if phrase not in head:  # then the pattern cannot match either
                continue
            for match in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", head):
                hits.append((match.start(), match.end(), role, weight))
    roles: dict[str, float] = {}
    for start, end, role, weight in hits:
        longer = any(s <= start and end <= e and (e - s > end - start or (e - s == end - start and w > weight))
                     for s, e, r, w in hits if r != role)
        if not longer:
            roles[role] = max(roles.get(role, 0.0), weight)
    return roles


# ------------------------------------------------------------------ what the cells look like

NUMBER = r"(?:[A-Z]{1,3}\s?)?\d{1,3}(?:\.\d{1,3})*[a-z]?(?:\s?\([ivx]{1,5}(?:\s?-\s?[ivx]{1,5})?\))?(?:\s?-\s?[a-z])?"
NUMBER_CELL = re.compile(rf"^\s*(?:(?:rec(?:ommendation)?|no|ref)\.?\s*)?(?P<n>{NUMBER})\s*[.):]?\s*$", re.I)
_ADVISING = re.compile(r"\b(should|must|recommend\w*|ensure\w*|consider\w*|review\w*|develop\w*|needs?\s+to|"
                       r"establish\w*|introduce\w*|provide\w*|improve\w*|publish\w*|explore\w*|undertake\w*|"
                       r"put\s+in\s+place|continue\w*|work\s+with)\b|^(?:that|to)\s", re.I)  # confirms a hinted record column
_DECIDED = re.compile(r"^\W*(accepted|agreed|not\s+accepted|not\s+agreed|rejected|partially|partly|noted|"
                      r"accepted\s+in\s+principle|supported|yes|no)\b", re.I)
_NO_DATE = re.compile(rf"^\s*(?:{NO_DATE_WORDS})\s*$", re.I)
_STARS = re.compile(r"^\s*\*(?:\s?\*)*\s*$")
_NAME = re.compile(r"^(?:(?:Cllr|Councillor|Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2}\b")


def _fraction(cells: list[str], test) -> float:
    return sum(1 for c in cells if test(c)) / len(cells) if cells else 0.0


def _is_date(cell: str) -> bool:
    return len(cell) <= 80 and (bool(find_periods(cell)) or bool(_NO_DATE.match(cell)))


def _is_status(cell: str) -> bool:
    if len(cell) > 40 or NUMBER_CELL.match(cell) and not re.search(r"[A-Za-z]", cell):
        return False
    _, status = map_stage(cell)
    return status is not None and status.value != "unknown"


def _is_lead(cell: str) -> bool:
    words = cell.split()
    return 0 < len(words) <= 14 and not cell.rstrip().endswith(".") and bool(ROLE.search(cell) or _NAME.match(cell))


@dataclass(frozen=True)
class CellShape:
    """Fractions of a column's filled cells of each shape."""
    number: float
    date: float
    status: float
    complete: float
    priority: float
    lead: float
    long: float
    advising: float
    decided: float
    labelled: float
    codes: frozenset[str]


def cell_shape(cells: list[str]) -> CellShape:
    cells = [c.strip() for c in cells if c.strip()][:40]
    first_lines = [c.split("\n")[0] for c in cells]
    codes = frozenset(cells) if cells and all(len(c) <= 3 for c in cells) else frozenset()
    return CellShape(
        _fraction(cells, lambda c: bool(NUMBER_CELL.match(c))),
        _fraction(cells, _is_date),
        _fraction(cells, _is_status),
        _fraction(cells, lambda c: bool(schemes().complete_true.match(c) or schemes().complete_false.match(c))),
        _fraction(cells, lambda c: bool(_STARS.match(c)) or (len(c) <= 20 and priority_from_words(c) is not None)),
        _fraction(cells, _is_lead),
        _fraction(cells, lambda c: len(c) >= 40),
        _fraction(cells, lambda c: len(c) >= 25 and bool(_ADVISING.search(c))),
        _fraction(first_lines, lambda c: bool(_DECIDED.match(c))),
        _fraction(cells, lambda c: any(UPDATE_LABEL.match(line) for line in c.split("\n"))),
        codes)


# ------------------------------------------------------------------ roles of a whole table


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    roles: frozenset[str]


@dataclass(frozen=True)
class Columns:
    columns: tuple[Column, ...]
    record: int | None               # the column whose rows are the records
    record_role: str | None          # "recommendation" or "action"

    def first(self, role: str) -> Column | None:
        return next((c for c in self.columns if role in c.roles), None)

    @property
    def unassigned(self) -> list[int]:
        return [c.index for c in self.columns if not c.roles]

    def has(self, *roles: str) -> bool:
        return any(self.first(r) is not None for r in roles)


_CONTENT_ROLE = (("number", "number", 0.7), ("complete", "complete", 0.7), ("priority", "priority", 0.7),
                 ("status", "status", 0.6), ("target", "date", 0.6), ("lead", "lead", 0.6))


def _confirmed(role: str, weight: float, shape: CellShape) -> bool:
    """A sure header word stands; a hint needs the cells' agreement."""
    if weight >= 0.8:
        return True
    support = {"number": shape.number, "status": shape.status, "priority": shape.priority,
               "complete": shape.complete, "target": shape.date, "lead": shape.lead,
               "recommendation": shape.advising, "action": shape.long}.get(role, shape.long)
    return support >= 0.5


def _roles_of(header: str, shape: CellShape, decodes) -> set[str]:
    named = header_roles(header)
    roles = {role for role, weight in named.items() if _confirmed(role, weight, shape)}
    if {"status", "priority"} <= roles:  # 'Rating': the cells say which
        roles.discard("priority" if shape.status >= shape.priority else "status")
    if roles == {"status"} and shape.long >= 0.5:
        roles.add("progress")  # a status column that also reports progress
    if roles or named:
        return roles
    if header.strip() and shape.codes and decodes(shape.codes):
        return {"responder"}
    for role, feature, threshold in _CONTENT_ROLE:
        if getattr(shape, feature) >= threshold:
            return {role}
    return set()


def read_columns(header: list[str], body: list[list[str]], decodes) -> Columns:
    """Roles for every column. `decodes(codes)` says whether the paper's key explains a set of
    short codes (F, P …) as decisions."""
    width = max([len(header)] + [len(r) for r in body])
    heads = list(header) + [""] * (width - len(header))
    shapes = [cell_shape([r[i] if i < len(r) else "" for r in body]) for i in range(width)]
    roles = [_roles_of(heads[i], shapes[i], decodes) for i in range(width)]
    for role in SINGLE:  # one column each: the surest header, then the first ('Findings | Recommendations')
        claimed = [i for i in range(width) if role in roles[i]]
        keep = max(claimed, key=lambda i: (header_roles(heads[i]).get(role, 0.0), -i), default=None)
        for i in claimed:
            if i != keep:
                roles[i].discard(role)
    record_role, record = _record_column(heads, roles)
    if record is not None:
        roles[record] = {record_role} | (roles[record] - {"response", "progress"})
    # a table that says whom its recommendations are for is the recommender's own: its actions propose
    answered = not any("addressee" in r for r in roles)
    for i, r in enumerate(roles):
        if i != record and "action" in r:  # the actions taken in answer to the recommendations, or proposed with them
            r.discard("action")
            if answered:
                r.add("response")
    _text_columns(roles, shapes, record)
    columns = tuple(Column(i, heads[i], frozenset(roles[i])) for i in range(width))
    return Columns(columns, record, record_role)


def _record_column(heads: list[str], roles: list[set[str]]) -> tuple[str | None, int | None]:
    """The column of recommendations; without one, of actions (an action log: 'Ref | Action | Owner')."""
    for role in RECORD_ROLES:
        found = next((i for i, r in enumerate(roles) if role in r), None)
        if found is not None:
            return role, found
    acting = next((i for i, r in enumerate(roles) if "response" in r and re.search(r"\baction", heads[i], re.I)), None)
    if acting is not None:
        return "action", acting
    return None, None


def _text_columns(roles: list[set[str]], shapes: list[CellShape], record: int | None) -> None:
    """Unnamed columns of long text after the records: a response when it states decisions,
    progress when it carries dated labels."""
    if record is None:
        return
    for i in range(record + 1, len(roles)):
        if roles[i] or shapes[i].long < 0.5:
            continue
        if shapes[i].decided >= 0.3:
            roles[i] = {"response"}
        elif shapes[i].labelled >= 0.3:
            roles[i] = {"progress"}
