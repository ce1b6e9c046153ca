"""Building one record from the cells of a table: a cell by its role (a response, progress, the
lead officer or target date, one responder's decision code), labels inside a cell, a cell cut by a
page break. Shared by the grid reader (tabular.py) and the form reader (forms.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .columns import Column
from .found import FoundRec, FoundResponse, FoundUpdate, Span
from .layout import Cell
from .responses import response_label_parts, segment_labelled

BLANK = frozenset({"-", "–", "—", "n/a", "N/A"})


@dataclass
class OpenRecord:
    """The record being read, with what its columns gave so far."""
    rec: FoundRec
    by_column: dict[int, FoundResponse | FoundUpdate] = field(default_factory=dict)
    responsibility: dict[int, list[Span]] = field(default_factory=dict)  # lead and target cells by column
    response_label: str | None = None  # the response column's header, when the table has one

    @property
    def responds(self) -> bool:
        return self.response_label is not None


def cell_span(cell: Cell | None) -> Span | None:
    if cell is None or not cell.text.strip():
        return None
    return Span(cell.text, cell.char_start, cell.char_end, cell.page_number)


def fill_cell(opened: OpenRecord, column: Column, cell: Span, key) -> None:
    """A cell of the record's own row, by its column's role."""
    if "responder" in column.roles:
        if cell.text.strip() not in BLANK:
            opened.rec.responses.append(FoundResponse(cell, None, column.header.strip() or None,
                                                      decision=key.get(cell.text.strip())))
    elif "response" in column.roles or "progress" in column.roles:
        default = "response" if "response" in column.roles else "update"
        segments = segment_labelled(cell)
        if default == "response" and segments[0].kind == "text":
            segments = segments[1:] if _answer_more(opened, column, segments[0].span) else segments
        attach(opened, segments, column, default=default)
    elif column.roles & {"lead", "target"}:
        opened.responsibility.setdefault(column.index, []).append(cell)
    elif not column.roles:  # an unnamed column: only what its labels say
        attach(opened, [s for s in segment_labelled(cell) if s.kind != "text"], None)


def _answer_more(opened: OpenRecord, column: Column, text: Span) -> bool:
    """A second response column of the same responder ('Cabinet response | Action to be taken')
    adds to the one answer rather than making another."""
    earlier = next((p for p in opened.by_column.values() if isinstance(p, FoundResponse)), None)
    if earlier is None or response_label_parts(column.header)[0] not in (None, earlier.responder):
        return False
    earlier.span = Span.join([earlier.span, text], sep="\n")
    opened.by_column[column.index] = earlier
    return True


def attach(opened: OpenRecord, segments: list, column: Column | None, default: str | None = None,
            in_record: bool = False) -> None:
    """Labelled segments become responses and updates; unlabelled text takes its column's role,
    or, in the record's own column, continues the last labelled part or the record itself."""
    rec = opened.rec
    for seg in segments:
        kind = seg.kind if seg.kind != "text" else default
        if kind == "update":
            label = seg.label or (column.header.strip() if column else None) or None
            part: FoundResponse | FoundUpdate = FoundUpdate(seg.span, label)
            rec.updates.append(part)
        elif kind == "response":
            label = seg.label or (column.header.strip() if column else None) or None
            responder, _, _ = response_label_parts(label)
            part = FoundResponse(seg.span, label, responder)
            rec.responses.append(part)
        elif in_record and rec.last_part is not None:
            last = rec.last_part  # a cell cut by a page break: the text continues the last part
            last.span = Span.join([last.span, seg.span], sep="\n" if re.search(r"[.!?:]$", last.span.text) else " ")
            continue
        elif in_record:
            rec.span = Span.join([rec.span, seg.span])
            continue
        else:
            continue
        if in_record:
            rec.last_part = part
        if column is not None:
            opened.by_column[column.index] = part


def finish(opened: OpenRecord) -> FoundRec:
    """Lead officer and target date belong to the record's first response; in a table with a
    response column, a row that names them without a response still has one (its text empty)."""
    rec = opened.rec
    if opened.responsibility:
        # a column's cells on lines of their own, columns apart with a dash: a role ends at its cell
        who = " – ".join("\n".join(s.text.strip() for s in spans) for _, spans in sorted(opened.responsibility.items()))
        if not rec.responses and opened.responds:
            first = min(opened.responsibility.values(), key=lambda spans: spans[0].char_start)[0]
            rec.responses.append(FoundResponse(Span("", first.char_start, first.char_end, first.page),
                                               opened.response_label, *response_label_parts(opened.response_label)[:1]))
        if rec.responses and rec.responses[0].responsibility is None:
            rec.responses[0].responsibility = who
    return rec
