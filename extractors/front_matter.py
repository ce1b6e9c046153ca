"""The front matter of a paper: its first lines (a cover, a front sheet, the heading of minutes)
with their type size and left edge, and the fields a front sheet labels ('To: Cabinet – 30
January 2025', 'Subject: …'), whether printed as lines or as a two-column table.

The label vocabulary is data (data/front_matter.json). A value runs on over the lines that
continue it: the rest of its paragraph, and following lines set at the value's left edge (a
front sheet is a column of labels and a column of values, and a long value wraps in its column).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .layout import Cell, Line, Paragraph, ParsedDocument, Table

FRONT_PAGES = 4    # covers, inside covers and front sheets; minutes start on page 1
FRONT_LINES = 90
COVER_RATIO = 1.3  # a cover's title type is this much larger than the paper's body text
RUN_RATIO = 0.85   # lines of a title run are set in (nearly) the same large type
_ALIGN = 10.0      # points: a value's continuation starts at the value column, not the label's
LABEL_SHAPE = re.compile(r"^(?P<label>[A-Za-z][\w /()'&-]{0,45}?)\s*:(?:\s+|$)")


@dataclass(frozen=True)
class Vocabulary:
    label_keys: dict[str, str]          # normalised label → to, from, subject, date, …
    classifications: tuple[str, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    raw = json.loads(resources.files("extractors").joinpath("data/front_matter.json").read_text("utf-8"))
    keys = {_label_key(label): key for key, labels in raw["labels"].items() for label in labels}
    return Vocabulary(keys, tuple(raw["classifications"]))


def _label_key(label: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*/\s*", " / ", label.strip().lower()))


def label_kind(label: str) -> str | None:
    """What a printed label introduces (to, from, subject, date, …), or None if not a label."""
    return vocabulary().label_keys.get(_label_key(label))


@dataclass(frozen=True)
class FrontLine:
    text: str
    page: int
    block: int          # lines of one paragraph (or one paragraph of a cell) share it
    size: float | None  # type size in points (PDF paragraphs); None when unknown
    x0: float | None    # left edge of the text
    first: bool         # the first line of its block
    grid: bool = False  # a cell of a data table (three or more columns), not a heading


@dataclass(frozen=True)
class Field:
    key: str       # to, from, subject, date, decision_by, classification, other
    label: str     # as printed
    value: str
    line: int      # index of the labelled line


@dataclass(frozen=True)
class FrontMatter:
    lines: tuple[FrontLine, ...]
    fields: tuple[Field, ...]
    body_size: float | None  # the size most text of the paper is set in
    char_end: int = 0        # where the front matter ends in the document's text

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key and f.value), None)

    def blocks(self) -> list[tuple[int, str]]:
        """Each block's text (its lines joined by spaces) with the index of its first line."""
        out: list[tuple[int, str]] = []
        for i, line in enumerate(self.lines):
            if out and self.lines[i - 1].block == line.block:
                out[-1] = (out[-1][0], out[-1][1] + " " + line.text)
            else:
                out.append((i, line.text))
        return out


def _size(line: Line) -> float | None:
    if not line.words:
        return None
    sizes: Counter[float] = Counter()
    for w in line.words:
        if w.text:  # counted by its letters, as if one count a letter
            sizes[round(w.box.bottom - w.box.top, 1)] += len(w.text)
    return sizes.most_common(1)[0][0]


def _body_size(doc: ParsedDocument) -> float | None:
    sizes: Counter[float] = Counter()
    for line in doc.lines():
        size = _size(line)
        if size:
            sizes[size] += len(line.text)
        if sum(sizes.values()) > 40000:
            break
    return sizes.most_common(1)[0][0] if sizes else None


class _Builder:
    def __init__(self) -> None:
        self.lines: list[FrontLine] = []
        self.fields: list[Field] = []
        self.value_x0: dict[int, float] = {}   # field index → left edge of its value column
        self.block = 0
        self.char_end = 0
        self.pending: list[tuple[str, float]] = []  # header labels whose values are on the next line

    def add(self, text: str, page: int, size: float | None, x0: float | None, first: bool,
            grid: bool = False) -> int:
        if first and self.lines:
            self.block += 1
        self.lines.append(FrontLine(text, page, self.block, size, x0, first, grid))
        return len(self.lines) - 1


def read_front(doc: ParsedDocument, pages: int = FRONT_PAGES, limit: int = FRONT_LINES) -> FrontMatter:
    build = _Builder()
    for block in doc.blocks:
        if len(build.lines) >= limit:
            break
        if isinstance(block, Paragraph):
            if block.page_number > pages:
                break
            _add_paragraph(build, block)
            build.char_end = block.lines[-1].char_end
        elif isinstance(block, Table):
            if block.page_start > pages:
                break
            _add_table(build, block)
            build.char_end = max(c.char_end for r in block.rows for c in r.cells)
    return FrontMatter(tuple(build.lines), tuple(_continued(build)), _body_size(doc), build.char_end)


def _add_paragraph(build: _Builder, block: Paragraph) -> None:
    for j, line in enumerate(block.lines):
        x0 = line.box.x0 if line.box else (line.words[0].box.x0 if line.words else None)
        index = build.add(line.text, line.page_number, _size(line), x0, j == 0)
        if build.pending:
            build.fields.extend(_values_by_column(build.pending, line, index))
            build.pending = []
        labels = _header_labels(line)
        if labels:
            build.pending = labels
            continue
        field = _labelled(line.text, index)
        if field:
            build.fields.append(field)
            if line.words:
                build.value_x0[len(build.fields) - 1] = _value_x0(line)


def _header_labels(line: Line) -> list[tuple[str, float]]:
    """'DECISION TO BE TAKEN BY: DECISION NUMBER:' — two or more labels, no values: the values
    stand under them on the next line."""
    parts = [p.strip() for p in line.text.split(":")]
    if len(parts) < 3 or parts[-1] or not all(label_kind(p) for p in parts[:-1]) or not line.words:
        return []
    starts, position = [], 0
    for word in line.words:
        at = line.text.find(word.text, position)
        if at == position or line.text[position:at].strip() == "":
            if at == 0 or line.text[:at].rstrip().endswith(":"):
                starts.append(word.box.x0)
        position = at + len(word.text)
    labels = parts[:-1]
    return list(zip(labels, starts)) if len(starts) == len(labels) else []


def _values_by_column(labels: list[tuple[str, float]], line: Line, index: int) -> list[Field]:
    out = []
    for k, (label, x0) in enumerate(labels):
        right = labels[k + 1][1] if k + 1 < len(labels) else float("inf")
        words = [w.text for w in line.words if x0 - _ALIGN <= w.box.x0 < right - _ALIGN]
        kind = label_kind(label)
        if words and kind:
            out.append(Field(kind, label, " ".join(words), index))
    return out


def _labelled(text: str, index: int) -> Field | None:
    match = LABEL_SHAPE.match(text)
    if match and label_kind(match["label"]):
        return Field(label_kind(match["label"]) or "", match["label"], text[match.end():].strip(), index)
    if label_kind(text.rstrip(" :")) and label_kind(text.rstrip(" :")) != "other":
        return Field(label_kind(text.rstrip(" :")) or "", text.rstrip(" :"), "", index)  # value on the next line
    return None


def _value_x0(line: Line) -> float | None:
    """Left edge of the first word after the label's colon."""
    seen_colon = False
    for word in line.words:
        if seen_colon:
            return word.box.x0
        seen_colon = word.text.endswith(":")
    return None


_STACKED_LABELS = re.compile(r"(?:\s*[A-Za-z][\w /()'&-]{0,45}?\s*:)+\s*")


def _add_table(build: _Builder, table: Table) -> None:
    grid = max(sum(1 for c in row.cells if c.text.strip()) for row in table.rows) >= 3
    for row in table.rows:
        cells = [c for c in row.cells if c.text.strip()]
        if len(cells) >= 2 and _STACKED_LABELS.fullmatch(cells[0].text):
            _add_label_row(build, cells[0], cells[1:])
            continue
        for cell in cells:
            for piece in cell.text.split("\n"):  # a cell's paragraphs, one block each
                index = build.add(piece, cell.page_number, None, cell.box.x0 if cell.box else None, True, grid)
                field = None if grid else _labelled(piece, index)
                if field:
                    build.fields.append(field)


def _add_label_row(build: _Builder, label_cell: Cell, value_cells: list[Cell]) -> None:
    """A row of a front-sheet table: one label and its value, or (when the layout stacked
    them) several labels and their values, paired from the end: the last labels (date,
    classification) take one short line each, the first (From) may take several."""
    labels = [l.strip() for l in re.findall(r"([^:\n]+):", label_cell.text)]
    values = [v for c in value_cells for v in c.text.split("\n") if v.strip()]
    if len(labels) > 1 and len(values) != len(labels):
        values = _split_classification(labels, values)
    pairs: list[tuple[str, list[str]]] = [(label, []) for label in labels]
    for k in range(len(labels) - 1, -1, -1):
        if k == 0:
            pairs[0][1].extend(values)
        elif values:
            pairs[k][1].append(values.pop())
    x0 = value_cells[0].box.x0 if value_cells[0].box else None
    for label, parts in pairs:
        value = " ".join(parts)
        index = build.add(f"{label}: {value}".strip(), label_cell.page_number, None,
                          label_cell.box.x0 if label_cell.box else None, True)
        kind = label_kind(label)
        if kind:
            build.fields.append(Field(kind, label, value, index))
            if x0 is not None:
                build.value_x0[len(build.fields) - 1] = x0


def _split_classification(labels: list[str], values: list[str]) -> list[str]:
    """'… Reorganisation update Unrestricted' under 'Subject: Classification:' → two values."""
    if not values or label_kind(labels[-1]) != "classification":
        return values
    last = values[-1]
    for word in sorted(vocabulary().classifications, key=len, reverse=True):
        match = re.search(rf"\s+({re.escape(word)})$", last, re.I)
        if match and len(last) > len(word):
            return values[:-1] + [last[:match.start()], match.group(1)]
    return values


def _continued(build: _Builder) -> list[Field]:
    """Each field with the lines that continue its value."""
    out = []
    lines = build.lines
    for n, field in enumerate(build.fields):
        parts = [field.value] if field.value else []
        x0 = build.value_x0.get(n)
        i = field.line + 1
        while i < len(lines) and lines[i].page == lines[field.line].page:
            line = lines[i]
            same_block = line.block == lines[field.line].block
            aligned = x0 is not None and line.x0 is not None and abs(line.x0 - x0) <= _ALIGN
            empty_value = not parts and line.first and line.block == lines[field.line].block + 1
            if LABEL_SHAPE.match(line.text) or any(f.line == i for f in build.fields):
                break
            if not (same_block or aligned or empty_value):
                break
            parts.append(line.text)
            i += 1
            if empty_value and x0 is None:
                # a label on a line of its own: its value is the next block only
                while i < len(lines) and lines[i].block == line.block:
                    parts.append(lines[i].text)
                    i += 1
                break
        out.append(Field(field.key, field.label, " ".join(parts).strip(), field.line))
    return out


def cover_runs(front: FrontMatter, ratio: float = RUN_RATIO) -> list[list[str]]:
    """Runs of consecutive lines set in the largest type of the first page that gives type
    sizes (down to `ratio` of it), when that type is clearly larger than the body text."""
    sized = [(i, l) for i, l in enumerate(front.lines) if l.size]
    if not sized or not front.body_size:
        return []
    page = [(i, l) for i, l in sized if l.page == sized[0][1].page]
    top = max(l.size or 0 for _, l in page)
    if top < COVER_RATIO * front.body_size:
        return []
    runs: list[list[str]] = []
    last = -2
    for i, line in page:
        if (line.size or 0) < ratio * top:
            continue
        if i == last + 1:
            runs[-1].append(line.text)
        else:
            runs.append([line.text])
        last = i
    return runs
