"""Forms: recommendations set out one field a row, each row a label and its value —

    Recommendation 3 | The Council should …
    Cabinet response | Agreed. …
    Lead officer     | Head of Highways
    Target date      | March 2020
    Update June 2020 | The map was published …
    Status           | Green

The row labels take the roles column headers take in a grid (data/column_roles.json, and the
response and update label grammar); a row labelled as a recommendation starts the next record.
"""
from __future__ import annotations

import re

from schemas.vocab import RecKind

from .cells import OpenRecord, cell_span, fill_cell, finish
from .columns import NUMBER, RECORD_ROLES, Column, header_roles
from .found import FoundRec, normalise_number
from .layout import Row, Table
from .responses import RESPONSE_LABEL, UPDATE_LABEL

_MAX_LABEL = 60
_MIN_FIELDS = 3
_LABEL_NUMBER = re.compile(rf"(?<![\w.])(?P<n>{NUMBER}|(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                           rf"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))\b", re.I)


def _label_roles(label: str) -> frozenset[str]:
    """The roles a row label names, as a header would; a response or update label is one too."""
    if not label or len(label) > _MAX_LABEL:
        return frozenset()
    roles = {role for role, weight in header_roles(label).items() if weight >= 0.6}
    if not roles and UPDATE_LABEL.match(label):
        roles.add("progress")
    elif not roles and RESPONSE_LABEL.match(label):
        roles.add("response")
    return frozenset(roles)


def _fields(row: Row) -> tuple[str, int] | None:
    """(label, index of the value cell) of a row of two filled cells, the first a short label."""
    filled = [i for i, c in enumerate(row.cells) if c.text.strip()]
    if len(filled) != 2 or len(row.cells[filled[0]].text.strip()) > _MAX_LABEL:
        return None
    return row.cells[filled[0]].text.strip(), filled[1]


_MAX_COLUMNS = 3  # a label, its value, perhaps a narrow column beside them


def is_form(table: Table) -> bool:
    """Three or more rows labelled with a role, one of them a recommendation or action."""
    if max(len(r.cells) for r in table.rows) > _MAX_COLUMNS:
        return False
    labels = [_label_roles(f[0]) for f in (_fields(r) for r in table.rows) if f is not None]
    return sum(bool(r) for r in labels) >= _MIN_FIELDS and any(r & set(RECORD_ROLES) for r in labels)


def read_form(table: Table, key) -> list[FoundRec]:
    opened: list[OpenRecord] = []
    for row in table.rows:
        fields = _fields(row)
        if fields is None:
            continue
        label, value_index = fields
        roles, value = _label_roles(label), cell_span(row.cells[value_index])
        if value is None:
            continue
        if roles & set(RECORD_ROLES):
            number = _LABEL_NUMBER.search(label)
            kind = RecKind.DECISION if "recommendation" not in roles else RecKind.RECOMMENDATION
            opened.append(OpenRecord(FoundRec(value, kind, normalise_number(number["n"]) if number else None,
                                              page_end=row.page_number, confidence=0.85)))
        elif opened:
            _field(opened[-1], label, roles, value, value_index, key)
            opened[-1].rec.page_end = row.page_number
    return [finish(o) for o in opened]


def _field(opened: OpenRecord, label: str, roles: frozenset[str], value, index: int, key) -> None:
    rec, text = opened.rec, value.text.strip()
    if "number" in roles and rec.number is None:
        rec.number = normalise_number(text)
    elif "status" in roles:
        rec.stage_raw, rec.stage_header = text, label
    elif "priority" in roles:
        rec.priority_raw = text
    elif "complete" in roles:
        rec.complete_raw = text
    elif roles:
        if "response" in roles and opened.response_label is None:
            opened.response_label = label
        fill_cell(opened, Column(index, label, roles), value, key)
