"""A page's words → paragraphs and borderless tables, from alignment alone.

Lines are cut into segments at wide gaps. A run of lines where several have two or more
segments whose left edges line up in the same places is a grid: a table without ruling lines
(its rows separated by a wider gap or a new entry in the first column; a cell that wraps stays
one cell), or, when it has two wide columns of running text, a page set in columns, read column
by column. Everything else is running text, grouped into paragraphs by pdf_lines.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .furniture import is_furniture
from .layout import Box, RawBlock, RawLine, RawParagraph, RawTable
from .pdf_lines import PdfLine, group_lines, line_pitch, paragraphs, split_segments
from .pdf_words import PdfWord

_MARKER = re.compile(r"^(?:[•▪●◦■□➢►\-–*]|\(?[a-z0-9]{1,3}[.)]|\(\w{1,4}\)|\d+(?:\.\d+)*\.?|[A-Z]{1,3}\d{1,3}\.?)$", re.I)
_ALIGN = 4.0
_MAX_SINGLE_RUN = 8


@dataclass
class _Row:
    line: PdfLine
    segments: list[PdfLine]

    @property
    def multi(self) -> bool:
        return len(self.segments) >= 2


def _row(line: PdfLine) -> _Row:
    return _Row(line, split_segments(line))


def _column_starts(rows: list[_Row]) -> list[float]:
    multi = [r for r in rows if r.multi]
    xs = sorted(s.x0 for r in multi for s in r.segments)
    clusters: list[list[float]] = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= _ALIGN:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    support = max(2, len(multi) // 3)
    return [min(c) for c in clusters if len(c) >= support]


def _fits(row: _Row, starts: list[float]) -> bool:
    """A one-segment line inside a grid: a wrapped cell, standing in one column."""
    if row.multi:
        return True
    seg = row.segments[0]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else None
        if abs(seg.x0 - start) <= _ALIGN or (start < seg.x0 and (end is None or seg.x0 < end)):
            return end is None or seg.x1 <= end + _ALIGN
    return False


def _grid_runs(rows: list[_Row]) -> list[tuple[int, int]]:
    """(start, end) index ranges of rows that form grids, end exclusive."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(rows):
        if not rows[i].multi:
            i += 1
            continue
        j, last_multi, singles = i + 1, i, 0
        while j < len(rows) and singles <= _MAX_SINGLE_RUN:
            if rows[j].multi:
                last_multi, singles = j, 0
            else:
                singles += 1
            j += 1
        end = last_multi + 1
        while end < len(rows) and end < last_multi + 4 and not rows[end].multi \
                and rows[end].line.top - rows[end - 1].line.top < 2 * rows[end].line.size:
            end += 1  # the wrapped last lines of the last row
        # a single line that crosses the columns ends the grid (a full-width paragraph)
        starts = _column_starts(rows[i:end])
        k = i
        while k < end and (len(starts) >= 2 and _fits(rows[k], starts)):
            k += 1
        if sum(1 for r in rows[i:k] if r.multi) >= 2 and len(_column_starts(rows[i:k])) >= 2:
            runs.append((i, k))
            i = k
        else:
            i += 1
    return runs


def _column_of(seg: PdfLine, starts: list[float]) -> int:
    return max([i for i, s in enumerate(starts) if s <= seg.x0 + _ALIGN] or [0])


def _cell(lines: list[PdfLine], page_number: int) -> RawLine:
    if not lines:
        return RawLine("", page_number)
    box = Box(min(l.x0 for l in lines), min(l.top for l in lines), max(l.x1 for l in lines),
              max(l.bottom for l in lines))
    paras = paragraphs(lines, page_number)  # may move a hyphenated word's head between lines
    text = "\n".join(" ".join(l.text for l in p.lines) for _, p in paras)
    return RawLine(text, page_number, box)


def _table(rows: list[_Row], starts: list[float], page_number: int) -> RawTable:
    pitch = line_pitch([r.line for r in rows]) or 1.2 * rows[0].line.size
    columns = []
    for row in rows:
        by_column: dict[int, list[PdfLine]] = {}
        for seg in row.segments:
            by_column.setdefault(_column_of(seg, starts), []).append(seg)
        columns.append(by_column)
    opens = [i == 0 or row.line.top - rows[i - 1].line.top > 1.35 * pitch + 0.5 or (
        0 in columns[i] and _MARKER.match(columns[i][0][0].words[0].text.rstrip(".")) is not None)
        for i, row in enumerate(rows)]
    for i in range(1, len(rows)):
        # a first column centred on a cell of two lines: its marker sits lower than the first of them
        if opens[i] and not opens[i - 1] and 0 not in columns[i - 1] and \
                rows[i].line.top < rows[i - 1].line.bottom - 1:
            opens[i - 1], opens[i] = True, False
    table: list[list[list[PdfLine]]] = []
    for opened, by_column in zip(opens, columns):
        if opened:
            table.append([[] for _ in starts])
        for col, segs in by_column.items():
            table[-1][col].extend(segs)
    return RawTable([[_cell(cell, page_number) for cell in r] for r in table])


def _is_text_columns(rows: list[_Row], starts: list[float]) -> bool:
    """Two columns of running text (long lines in both), not a table."""
    if len(starts) != 2 or len(rows) < 6:
        return False
    lengths: list[list[int]] = [[], []]
    for row in rows:
        for seg in row.segments:
            lengths[_column_of(seg, starts)].append(len(seg.text))
    return all(n and sorted(n)[len(n) // 2] >= 25 for n in lengths)


def _is_marked_list(rows: list[_Row], starts: list[float]) -> bool:
    """'1.   The Council should …' with a hanging indent: two columns, the first only markers."""
    if len(starts) != 2:
        return False
    firsts = [seg for r in rows for seg in r.segments if _column_of(seg, starts) == 0]
    return bool(firsts) and all(_MARKER.match(seg.text) for seg in firsts)


def _columns_as_text(rows: list[_Row], starts: list[float], page_number: int):
    out = []
    for col in range(len(starts)):
        lines = [seg for r in rows for seg in r.segments if _column_of(seg, starts) == col]
        out.extend(paragraphs(lines, page_number))
    return out


def page_blocks(words: list[PdfWord], page_number: int, page_width: float) -> list[tuple[float, RawBlock]]:
    """The page's blocks in reading order, each with its top."""
    rows = [_row(line) for line in group_lines(words)]
    placed: list[tuple[float, RawBlock]] = []
    pos = 0
    for start, end in _grid_runs(rows) + [(len(rows), len(rows))]:
        placed.extend(paragraphs([r.line for r in rows[pos:start]], page_number))
        if start < end:
            grid = rows[start:end]
            starts = _column_starts(grid)
            if _is_marked_list(grid, starts):
                placed.extend(paragraphs([r.line for r in grid], page_number))
            elif _is_text_columns(grid, starts):
                placed.extend(_columns_as_text(grid, starts, page_number))
            else:
                table = _table(grid, starts, page_number)
                table.starts_page = _only_furniture(rows[:start])
                table.ends_page = _only_furniture(rows[end:])
                placed.append((grid[0].line.top, table))
        pos = end
    return placed


def _only_furniture(rows: list[_Row]) -> bool:
    return all(is_furniture(r.line.text) or re.fullmatch(r"\d{1,4}", r.line.text.strip()) for r in rows)
