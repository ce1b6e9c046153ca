"""Finders over tables: every table whose rows are recommendations (or a body's agreed actions),
ruled or borderless, from PDF, text or HTML, read by the role of each column (columns.py).

A row with a number (in its own column or leading the recommendation) starts a record; a row
without one continues it (a cell cut by a page break, or dated updates and responses set out in
rows of their own). Labels inside cells ("Cabinet response (July 2019):", "Position at January
2012") make responses and updates; unlabelled text takes its column's role. Columns of decision
codes that the paper's key explains (F = accepted in full) give one response per responder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemas.vocab import RecKind

from .columns import NUMBER, Column, Columns, header_roles, read_columns
from .found import REC_ABBREVIATION, FoundRec, FoundResponse, FoundUpdate, Span, is_layout_table, normalise_number
from .layout import Cell, ParsedDocument, Row, Table
from .responses import response_label_parts, segment_labelled
from .stages import map_complete, read_decision_key

_BLANK = frozenset({"-", "–", "—", "n/a", "N/A"})
_ROW_NUMBER = re.compile(rf"^\s*(?:(?:rec(?:ommendation)?|no|ref)\.?\s*)?(?P<n>{NUMBER})\s*[.):]?\s*$", re.I)
_LEADING_NUMBER = re.compile(rf"^(?P<n>{NUMBER}|\d{{1,2}}\s\d)[.):]?\s+(?=[A-Z(\"'])")
_TERMINAL = re.compile(r"[.!?:;)\]\"']$")


@dataclass
class TableRecords:
    trackers: list[FoundRec] = field(default_factory=list)   # stages, progress or decisions per responder
    plans: list[FoundRec] = field(default_factory=list)      # audit action plans: priorities and management responses
    responded: list[FoundRec] = field(default_factory=list)  # point / response tables
    listed: list[FoundRec] = field(default_factory=list)     # recommendations set out in a table, unanswered


@dataclass
class _Open:
    """The record being read, with what its columns gave so far."""
    rec: FoundRec
    by_column: dict[int, FoundResponse | FoundUpdate] = field(default_factory=dict)
    responsibility: dict[int, list[Span]] = field(default_factory=dict)  # lead and target cells by column
    response_label: str | None = None  # the response column's header, when the table has one

    @property
    def responds(self) -> bool:
        return self.response_label is not None


def _span(cell: Cell | None) -> Span | None:
    if cell is None or not cell.text.strip():
        return None
    return Span(cell.text, cell.char_start, cell.char_end, cell.page_number)


def _cell(row: Row, column: Column | None) -> Cell | None:
    if column is None or column.index >= len(row.cells):
        return None
    return row.cells[column.index]


def _text(row: Row, column: Column | None) -> str:
    cell = _cell(row, column)
    return cell.text.strip() if cell else ""


def _normal_number(raw: str) -> str:
    """'4a (i-iii)' → '4a(i-iii)', 'R3' → '3', '1 1' (a garbled 11) → '11'."""
    compact = re.sub(r"\s+", "", raw)
    if "(" in compact:
        return REC_ABBREVIATION.sub("", compact)
    return normalise_number(compact) or compact


def _record_cell(row: Row, cols: Columns) -> Cell | None:
    """The record's cell; when a borderless layout shifted it into an unnamed column, that one."""
    cell = row.cells[cols.record] if cols.record is not None and cols.record < len(row.cells) else None
    if cell is not None and cell.text.strip():
        return cell
    return next((row.cells[i] for i in cols.unassigned if i < len(row.cells) and row.cells[i].text.strip()), None)


def _cut(span: Span, n: int) -> Span:
    rest = span.text[n:]
    lead = len(rest) - len(rest.lstrip())
    return Span(rest.strip(), span.char_start + n + lead, span.char_end, span.page)


def _header_index(table: Table) -> int | None:
    """The header row: the first of the leading rows (perhaps after a title row) whose short
    labels name a record column; else the one the table's shape gave."""
    for i, row in enumerate(table.rows[:4]):
        cells = [c.text for c in row.cells if c.text.strip()]
        if len(cells) < 2 or any(len(c) > 80 or not (re.search(r"[A-Za-z]", c) or header_roles(c)) for c in cells):
            continue  # a header is short labels, not numbers ('2. | RECOMMENDATIONS | 10' is a contents line)
        if any(header_roles(c).keys() & {"recommendation", "action"} for c in cells):
            return i
    return table.header_index


_MAX_COLUMNS = 12  # wider grids are words set out by a layout, not a table of recommendations


def _is_records(cols: Columns, body: tuple[Row, ...]) -> bool:
    """A record column of sentences, and another column that says something about them."""
    if cols.record is None or len(cols.columns) > _MAX_COLUMNS:
        return False
    texts = [r.cells[cols.record].text for r in body if cols.record < len(r.cells) and r.cells[cols.record].text.strip()]
    worded = sum(len(t.split()) >= 4 for t in texts)
    return worded >= max(1, len(texts) / 2) and cols.has(
        "number", "response", "responder", "status", "complete", "progress", "lead", "target", "priority")


def _group(cols: Columns) -> str:
    if cols.has("status", "complete", "progress", "responder"):
        return "trackers"
    if cols.has("priority"):
        return "plans"
    if cols.has("response", "lead", "target"):
        return "responded"
    return "listed"  # number, place and text only: an inspector's schedule, a report's own list


@dataclass
class _Reading:
    """One table as the paper prints it, perhaps over several tables of the layout."""
    cols: Columns
    width: int
    page_end: int
    numbered_inline: bool | None = None  # numbers lead the record text ('4a (i) Offer …')
    opened: list[_Open] = field(default_factory=list)


def table_finders(doc: ParsedDocument) -> TableRecords:
    """Records from every table read as recommendations; a table with no header of its own that
    follows one of the same width on the same or the next page, with no text between, continues it."""
    key = read_decision_key(doc.text)
    decodes = lambda codes: bool(codes - _BLANK) and all(c in key or c in _BLANK for c in codes)  # noqa: E731
    readings: list[tuple[str, _Reading]] = []
    last: _Reading | None = None
    for table in doc.blocks:
        if not isinstance(table, Table):
            last = None  # running text between two tables: the second starts afresh
            continue
        if is_layout_table(table):
            continue  # a frame around text, or a fragment of a cell: not a grid of data
        width = max(len(r.cells) for r in table.rows)
        head = _header_index(table)
        if head is None:  # a grid without a header of its own is read only as the continuation of one
            if last is None or last.width != width or table.page_start - last.page_end > 1:
                last = None
                continue
            body = table.rows
        else:
            body = table.rows[head + 1:]
            cols = read_columns([c.text for c in table.rows[head].cells], [[c.text for c in r.cells] for r in body], decodes)
            if not _is_records(cols, body):
                last = None
                continue
            last = _Reading(cols, width, table.page_end)
            readings.append((_group(cols), last))
        _read_rows(body, last, key)
        last.page_end = table.page_end
    out = TableRecords()
    for group, reading in readings:
        getattr(out, group).extend(_finish(o) for o in reading.opened)
    return out


def _number_of(row: Row, cols: Columns, rec_span: Span | None, numbered_inline: bool,
               first: bool) -> tuple[str | None, Span | None]:
    """The row's printed number, and its record text without a leading number."""
    number_col = cols.first("number")
    match = _ROW_NUMBER.match(_text(row, number_col)) if number_col else None
    if match:
        return _normal_number(match["n"]), rec_span
    lead = _LEADING_NUMBER.match(rec_span.text) if rec_span else None
    if lead and (numbered_inline or (number_col is not None and first)):
        return _normal_number(lead["n"]), _cut(rec_span, lead.end())
    return None, rec_span


def _continues(opened: list[_Open], rec_span: Span, row: Row) -> bool:
    """Unnumbered rows: a row cut by a page break continues the record above it."""
    if not opened:
        return False
    prev = opened[-1].rec
    return row.page_number > (prev.page_end or prev.span.page) and (
        bool(re.match(r"^[a-z(]", rec_span.text)) or not _TERMINAL.search(prev.span.text.rstrip()))


_NOTE = re.compile(r"^(?:source|sources|note|notes|key)\s*:", re.I)


def _read_rows(rows: tuple[Row, ...], reading: _Reading, key) -> None:
    cols, opened = reading.cols, reading.opened
    record_cells = [_span(_record_cell(r, cols)) for r in rows]
    if reading.numbered_inline is None:
        filled = [s for s in record_cells if s is not None]
        reading.numbered_inline = cols.first("number") is None and bool(filled) and \
            sum(bool(_LEADING_NUMBER.match(s.text)) for s in filled) >= 0.5 * len(filled)
    numbered = cols.first("number") is not None or reading.numbered_inline
    for row, rec_span in zip(rows, record_cells):
        if rec_span is not None and _NOTE.match(rec_span.text):
            continue  # a note under the table ('Source: …'), not part of a record
        number, rec_span = _number_of(row, cols, rec_span, reading.numbered_inline, not opened)
        new = number is not None if numbered else (rec_span is not None and not _continues(opened, rec_span, row))
        if new and rec_span is not None:
            opened.append(_start(row, cols, number, rec_span, key))
        elif opened and (number is None or not numbered):
            _continue(opened[-1], row, cols)


def _start(row: Row, cols: Columns, number: str | None, rec_span: Span, key) -> _Open:
    kind = RecKind.DECISION if cols.record_role == "action" else RecKind.RECOMMENDATION
    status_col = cols.first("status")
    stage = _text(row, status_col) or None
    if stage and "progress" in status_col.roles:
        stage = re.split(r"[\n.:;–-]", stage)[0].strip() or None  # the status word leads the cell
    complete = _text(row, cols.first("complete")) or None
    if complete is None and stage and len(stage.split()) == 1 and map_complete(stage):
        complete = stage  # a status of one word, 'Complete', states completion too
    named = bool(cols.record is not None and header_roles(cols.columns[cols.record].header))
    rec = FoundRec(rec_span, kind, number, page_end=row.page_number,
                   priority_raw=_text(row, cols.first("priority")) or None, stage_raw=stage,
                   stage_header=status_col.header if status_col else None, complete_raw=complete,
                   confidence=0.9 if named and number else 0.8)
    segments = segment_labelled(rec_span)
    if segments[0].kind == "text":  # the record's cell may carry labelled responses and updates too
        rec.span = segments[0].span
        segments = segments[1:]
    response_col = cols.first("response")
    opened = _Open(rec, response_label=(response_col.header.strip() or "Response") if response_col else None)
    _attach(opened, segments, None, in_record=True)
    for column in cols.columns:
        cell = _span(_cell(row, column))
        if cell is None or column.index == cols.record:
            continue
        _fill(opened, column, cell, key)
    return opened


def _fill(opened: _Open, column: Column, cell: Span, key) -> None:
    """A cell of the record's own row, by its column's role."""
    if "responder" in column.roles:
        if cell.text.strip() not in _BLANK:
            opened.rec.responses.append(FoundResponse(cell, None, column.header.strip() or None,
                                                      decision=key.get(cell.text.strip())))
    elif "response" in column.roles or "progress" in column.roles:
        default = "response" if "response" in column.roles else "update"
        segments = segment_labelled(cell)
        if default == "response" and segments[0].kind == "text":
            segments = segments[1:] if _answer_more(opened, column, segments[0].span) else segments
        _attach(opened, segments, column, default=default)
    elif column.roles & {"lead", "target"}:
        opened.responsibility.setdefault(column.index, []).append(cell)
    elif not column.roles:  # an unnamed column: only what its labels say
        _attach(opened, [s for s in segment_labelled(cell) if s.kind != "text"], None)


def _answer_more(opened: _Open, column: Column, text: Span) -> bool:
    """A second response column of the same responder ('Cabinet response | Action to be taken')
    adds to the one answer rather than making another."""
    earlier = next((p for p in opened.by_column.values() if isinstance(p, FoundResponse)), None)
    if earlier is None or response_label_parts(column.header)[0] not in (None, earlier.responder):
        return False
    earlier.span = Span.join([earlier.span, text], sep="\n")
    opened.by_column[column.index] = earlier
    return True


def _continue(opened: _Open, row: Row, cols: Columns) -> None:
    """A row without a number: its cells continue the open record, column by column."""
    for column in cols.columns:
        cell = _span(_cell(row, column))
        if cell is None or column.roles & {"number", "status", "complete", "priority", "responder"}:
            continue
        if column.index == cols.record or not column.roles:
            _attach(opened, segment_labelled(cell), None, in_record=True)
        elif column.index in opened.by_column:
            part = opened.by_column[column.index]
            segments = segment_labelled(cell)
            if segments[0].kind == "text":
                part.span = Span.join([part.span, segments[0].span])
                segments = segments[1:]
            _attach(opened, segments, column)
        elif column.roles & {"lead", "target"} and not column.roles & {"response", "progress"}:
            opened.responsibility.setdefault(column.index, []).append(cell)
        else:
            _fill(opened, column, cell, {})
    opened.rec.page_end = row.page_number


def _attach(opened: _Open, segments: list, column: Column | None, default: str | None = None,
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


def _finish(opened: _Open) -> FoundRec:
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
