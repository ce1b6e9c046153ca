"""Finders by name, run only when a kind asks for their results, each at most once a paper."""
from __future__ import annotations

from typing import Callable

from ..decisions import find_decisions
from ..found import FoundRec, TextLine
from ..layout import ParsedDocument
from ..minutes import find_minute_decisions
from ..recommendations import find_headed, find_numbered_conclusions, find_that_items
from ..boxed import find_boxed
from ..tabular import table_finders

Finder = Callable[["Candidates"], list[FoundRec]]

FINDERS: dict[str, Finder] = {
    "tables": lambda c: table_finders(c.doc),  # trackers, action plans, point/response tables: one pass
    "trackers": lambda c: c.tables.trackers,
    "plans": lambda c: c.tables.plans,
    "table_responses": lambda c: c.tables.responded,
    "table_lists": lambda c: c.tables.listed,
    "boxed": lambda c: find_boxed(c.doc),
    "headed": lambda c: find_headed(c.lines, with_responses=True),
    "conclusions": lambda c: find_numbered_conclusions(c.lines),
    "decisions": lambda c: find_decisions(c.lines),
    "minutes": lambda c: find_minute_decisions(c.doc, c.lines),
    "that_items": lambda c: find_that_items(c.lines, with_responses=True),
}


class Candidates:
    """Attribute access runs the named finder once and keeps its result: `candidates.headed`."""

    def __init__(self, doc: ParsedDocument, lines: list[TextLine]) -> None:
        self.doc, self.lines, self._found = doc, lines, {}

    def __getattr__(self, name: str) -> list[FoundRec]:
        if name.startswith("_") or name in ("doc", "lines"):
            raise AttributeError(name)
        if name not in FINDERS:
            raise AttributeError(f"no finder named {name!r}; known: {', '.join(sorted(FINDERS))}")
        if name not in self._found:
            self._found[name] = FINDERS[name](self)
        return self._found[name]


def find_candidates(doc: ParsedDocument, lines: list[TextLine]) -> Candidates:
    return Candidates(doc, lines)
