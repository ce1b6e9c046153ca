"""Tables inside minutes: a column of decisions (a grants table's 'Recommendation' column, one
decision per application) or the minutes themselves set out in a table ('Matters discussed' beside
'Action by'). The column's role comes from its header, matched against data/decision_words.json."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from schemas.vocab import RecKind

from .found import FoundRec, Span, TextLine, is_layout_table, list_table_lines
from .layout import ParsedDocument, Table

_RECOMMENDS = re.compile(r"^recommend", re.I)


@dataclass(frozen=True)
class _Columns:
    decision: frozenset[str]
    minute_text: frozenset[str]


@lru_cache(maxsize=1)
def _columns() -> _Columns:
    data = json.loads(resources.files("extractors").joinpath("data/decision_words.json").read_text("utf-8"))
    cols = data["table_columns"]
    return _Columns(frozenset(cols["decision"]), frozenset(cols["minute_text"]))


@dataclass
class TableDecisions:
    """A table's decisions, placed by the table's block so they take its minute's number."""
    block: int
    records: list[FoundRec]


def minute_tables(doc: ParsedDocument) -> tuple[list[TableDecisions], list[TextLine]]:
    """Decision columns as records, and minute-text columns as lines to read with the rest."""
    decided: list[TableDecisions] = []
    lines: list[TextLine] = []
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Table) or is_layout_table(block) or list_table_lines(block, index):
            continue
        header = block.rows[block.header_index or 0]
        names = [re.sub(r"\s+", " ", c.text).strip().lower() for c in header.cells]
        column = next((i for i, n in enumerate(names) if n in _columns().decision), None)
        if column is not None:
            decided.append(TableDecisions(index, _column_records(block, column)))
            continue
        text_column = next((i for i, n in enumerate(names)
                            if set(re.findall(r"[a-z]+", n)) & _columns().minute_text), None)
        if text_column is not None:
            lines.extend(_column_lines(block, text_column, index))
    return decided, lines


def _body_rows(table: Table):
    return table.rows[(table.header_index or 0) + 1:]


def _column_records(table: Table, column: int) -> list[FoundRec]:
    """One record per row of the decision column; a row with an empty first cell continues the
    row above (a cell cut by the page or by the table's own lines)."""
    found: list[FoundRec] = []
    for row in _body_rows(table):
        if column >= len(row.cells):
            continue
        cell = row.cells[column]
        if not cell.text.strip():
            continue
        span = Span(cell.text.strip(), cell.char_start, cell.char_end, cell.page_number)
        if found and not row.cells[0].text.strip():
            last = found[-1]
            last.span = Span.join([last.span, span])
            last.page_end = span.page
            continue
        kind = RecKind.RECOMMENDATION if _RECOMMENDS.match(span.text) else RecKind.DECISION
        found.append(FoundRec(span, kind, None, page_end=span.page, confidence=0.7))
    return found


def _column_lines(table: Table, column: int, index: int) -> list[TextLine]:
    """Each paragraph of the minute-text column as a line, a new paragraph per row."""
    lines: list[TextLine] = []
    for row in _body_rows(table):
        if column >= len(row.cells):
            continue
        cell = row.cells[column]
        pos, first = 0, True
        for piece in cell.text.split("\n"):
            start = cell.char_start + pos
            pos += len(piece) + 1
            if piece.strip():   # a row is one minute: its cell's paragraphs read as one
                lines.append(TextLine(piece, start, start + len(piece), cell.page_number, index, first))
                first = False
    return lines
