"""What the finders return before ids are assigned: recommendations with their responses and
updates, each with its character span in the document's normalised text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Callable, Iterator

from schemas.vocab import Decision, RecKind

from .layout import Line, Paragraph, ParsedDocument, Table


@dataclass(frozen=True)
class Span:
    """A run of text in the normalised document text."""
    text: str
    char_start: int
    char_end: int
    page: int

    @staticmethod
    def join(spans: list["Span"], sep: str = " ") -> "Span":
        text = sep.join(s.text for s in spans if s.text)
        return Span(text, spans[0].char_start, spans[-1].char_end, spans[0].page)


@dataclass
class FoundResponse:
    span: Span
    label: str | None = None          # "<Role>'s Response (Approved by <body> <month year>)"
    responder: str | None = None
    responsibility: str | None = None  # "Barbara Newton & Adam Hewitt – October 2007"
    decision: Decision | None = None   # what a decision code means by the paper's key (F = accepted)


@dataclass
class FoundUpdate:
    span: Span
    label: str | None = None


@dataclass
class FoundRec:
    span: Span
    kind: RecKind
    number: str | None = None
    page_end: int | None = None
    confidence: float = 0.9
    priority_raw: str | None = None
    stage_raw: str | None = None
    stage_header: str | None = None   # the status column's header, which may name its scheme
    complete_raw: str | None = None
    origin: str | None = None
    addressee: str | None = None
    responses: list[FoundResponse] = field(default_factory=list)
    updates: list[FoundUpdate] = field(default_factory=list)
    last_part: FoundResponse | FoundUpdate | None = None  # where a cut cell continues


@dataclass(frozen=True)
class TextLine:
    """A paragraph line with its place: `first` marks the first line of its paragraph. From PDF
    pages it also knows its left edge, type size and how much of it is set bold or italic (the
    share of its letters), which is how many reports set recommendations apart from findings."""
    text: str
    char_start: int
    char_end: int
    page: int
    block: int
    first: bool
    x0: float | None = None
    size: float | None = None
    bold: float = 0.0
    italic: float = 0.0
    word_x0: tuple[float, ...] = ()   # left edge of each space-separated word, when known

    @property
    def span(self) -> Span:
        return Span(self.text, self.char_start, self.char_end, self.page)

    def x0_at(self, offset: int) -> float | None:
        """The left edge of the word that starts at (or holds) character `offset`."""
        if not self.word_x0:
            return None
        index = self.text[:offset].count(" ") if offset < len(self.text) else len(self.word_x0) - 1
        return self.word_x0[min(index, len(self.word_x0) - 1)]

    def cut(self, offset: int) -> "TextLine":
        """The rest of the line from `offset` (after a number or a label), as a line of its own."""
        rest = self.text[offset:]
        lead = len(rest) - len(rest.lstrip())
        offset += lead
        skipped = self.text[:offset].count(" ") if self.word_x0 else 0
        return replace(self, text=self.text[offset:], char_start=self.char_start + offset,
                       x0=self.x0_at(offset), word_x0=self.word_x0[skipped:])


def _styled_line(line: Line, block: int, first: bool) -> TextLine:
    if not line.words:
        return TextLine(line.text, line.char_start, line.char_end, line.page_number, block, first,
                        line.box.x0 if line.box else None)
    letters = sum(len(w.text) for w in line.words) or 1
    sizes = sorted(w.box.bottom - w.box.top for w in line.words)
    return TextLine(line.text, line.char_start, line.char_end, line.page_number, block, first,
                    line.words[0].box.x0, round(sizes[len(sizes) // 2], 1),
                    sum(len(w.text) for w in line.words if w.bold) / letters,
                    sum(len(w.text) for w in line.words if w.italic) / letters,
                    tuple(w.box.x0 for w in line.words))


def is_layout_table(table: Table) -> bool:
    """A frame around running text (one column of content), not a table of data."""
    return all(sum(1 for c in row.cells if c.text.strip()) <= 1 for row in table.rows)


_MARKS_ONLY = re.compile(r"^(?:[-–−•▪●◦*■□➢►✓o\uf000-\uf8ff]\s*)+$")
_ENUMERATION = re.compile(r"^(?:\(?(?:[a-z]|[ivx]{1,5}|\d{1,2}(?:\.\d{1,2})?)[.)]?|\d{1,2}[a-z][.)]?)$", re.I)


def _list_marker_cell(cell: str, other: str) -> bool:
    """A first cell that holds only a list's marker ('•', '(ii)', '3.'), or a marker over a
    title when the row has nothing else ('(f)\nEstablishing the outcome …')."""
    head, _, rest = cell.strip().partition("\n")
    head = head.strip()
    if not head:
        return True
    marker = bool(_MARKS_ONLY.match(head) or _ENUMERATION.match(head))
    return marker and (not rest.strip() or not other.strip())


def is_marked_list(table: Table) -> bool:
    """A list set with a hanging indent and read as two columns: the first holds only markers."""
    return all(len(row.cells) == 2 and _list_marker_cell(row.cells[0].text, row.cells[1].text)
               for row in table.rows) and any(row.cells[0].text.strip() for row in table.rows)


def _marked_list_lines(table: Table, index: int) -> list[TextLine]:
    """One line per item of a list read as a table: its marker, then its text (bullets dropped),
    placed so that the text after the marker keeps its own characters' offsets."""
    out = []
    for row in table.rows:
        marker, content = row.cells
        mark = marker.text.strip()
        if _MARKS_ONLY.match(mark):
            mark = ""
        if content.text.strip():
            text = (mark + " " if mark else "") + content.text.replace("\n", " ")
            start = content.char_start - (len(mark) + 1 if mark else 0)
            box = content.box
            x0 = marker.box.x0 if mark and marker.box else (box.x0 if box else None)
            word_x0 = ((x0, box.x0) if mark else (x0,)) if box and x0 is not None else ()
        elif mark:
            text, start = marker.text.replace("\n", " ").strip(), marker.char_start
            x0 = marker.box.x0 if marker.box else None
            word_x0 = (x0,) if x0 is not None else ()
        else:
            continue
        out.append(TextLine(text, start, start + len(text), row.page_number, index, True, x0, word_x0=word_x0))
    return out


def text_lines(doc: ParsedDocument) -> list[TextLine]:
    """The running text as lines: paragraphs, and the content of layout tables (papers framed in
    a one-column table) and of lists read as tables; each paragraph of such a cell counts as a
    paragraph."""
    out: list[TextLine] = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            for i, line in enumerate(block.lines):
                out.append(_styled_line(line, index, i == 0))
        elif isinstance(block, Table) and is_marked_list(block):
            out.extend(_marked_list_lines(block, index))
        elif isinstance(block, Table) and is_layout_table(block):
            for row in block.rows:
                for cell in row.cells:
                    out.extend(_cell_lines(cell, index))
        elif isinstance(block, Table):
            out.extend(list_table_lines(block, index))
    return out


def _cell_lines(cell, index: int) -> list[TextLine]:
    """Each paragraph of a cell as a line; a bare marker or number ('3)', '305.') joins the
    paragraph after it, as it was printed."""
    lines: list[TextLine] = []
    pos, held = 0, None
    for piece in cell.text.split("\n"):
        start = cell.char_start + pos
        pos += len(piece) + 1
        if not piece.strip():
            continue
        if held is not None:
            piece, start = held.text + " " + piece, held.char_start
            held = None
        line = TextLine(piece, start, start + len(piece), cell.page_number, index, True)
        if _LIST_MARK.fullmatch(piece.strip()) or re.fullmatch(r"\d{1,4}", piece.strip()):
            held = line
            continue
        lines.append(line)
    return lines + ([held] if held else [])


_LIST_MARK = re.compile(r"(?:[-–•▪●◦*·]|\(?(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,4})[.)]|\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)"
                        r"|\d{1,2}(?:\.\d{1,2})+\.?)", re.I)  # the last: a section's numbered paragraphs (2.1)


def list_table_lines(table: Table, index: int) -> list[TextLine]:
    """A list the layout read as a table (a column of markers beside a column of text, no
    header, stray paragraphs in single cells) as the lines it was printed as; [] for a real table.
    A third column beside the items is a side note (a cross-reference to another section), not their words."""
    if table.header_index is not None or any(len(row.cells) > 3 for row in table.rows):
        return []
    out: list[TextLine] = []
    marked = 0
    for row in table.rows:
        cells = [c for c in row.cells if c.text.strip()]
        if len(cells) == 3 and row.cells[0].text.strip():
            cells = cells[:2]
        marks = [t for t in cells[0].text.split() if t.strip(",;.")] if len(cells) == 2 else []
        if len(cells) == 1:
            out.extend(_cell_lines(cells[0], index))
        elif marks and all(_LIST_MARK.fullmatch(m) for m in marks):
            items = _cell_lines(cells[1], index)
            if len(marks) != len(items) and len(marks) != 1:
                return []
            for k, item in enumerate(items):
                mark = marks[k] if len(marks) == len(items) else (marks[0] if k == 0 else None)
                if mark is None:
                    out.append(TextLine(item.text, item.char_start, item.char_end, item.page, index, False))
                    continue
                # The marker stands just before its text in the document (a tab between them).
                out.append(TextLine(f"{mark} {item.text}", item.char_start - len(mark) - 1, item.char_end,
                                    item.page, index, True))
            marked += 1
        elif cells:
            return []
    return out if marked else []


def paragraphs_of(lines: list[TextLine], breaks=None) -> list[list[TextLine]]:
    """Lines grouped by paragraph; `breaks(line)` may start a new group inside a paragraph."""
    groups: list[list[TextLine]] = []
    for line in lines:
        if line.first or not groups or groups[-1][-1].block != line.block or (breaks and breaks(line)):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def units_of(lines: list[TextLine], cuts: Callable[[list[TextLine], TextLine], bool]) -> Iterator[list[TextLine]]:
    """Lines in units: one opens at each paragraph's first line, and inside a paragraph where
    `cuts(unit so far, line)` says the line starts something new (an item run on by the layout)."""
    unit: list[TextLine] = []
    for line in lines:
        if unit and not line.first and not cuts(unit, line):
            unit.append(line)
            continue
        if unit:
            yield unit
        unit = [line]
    if unit:
        yield unit


def sub_span(parent: Span, start: int, end: int) -> Span:
    """The part of `parent.text` between `start` and `end`, stripped, as a span."""
    piece = parent.text[start:end]
    lead = len(piece) - len(piece.lstrip())
    text = piece.strip()
    return Span(text, parent.char_start + start + lead, parent.char_start + start + lead + len(text), parent.page)


# A list item's marker: a bullet, or an enumeration such as (a), a), 1., (iv), optionally after a bullet.
GLYPHS = "•▪●◦■□➢►✓\uf0a7\uf0b7\uf0d8\uf0fc"  # the last four: Symbol and Wingdings bullets
_BULLET = rf"(?:[{GLYPHS}]\s*|[-–−*]\s+)"
MARKER = re.compile(
    rf"^{_BULLET}?(?:\((?P<e1>[a-z]{{1,2}}|[ivx]{{1,5}}|\d{{1,2}})\)|(?P<e2>[a-z]|[ivx]{{1,5}}|\d{{1,2}})[.)])\s+"
    rf"|^(?P<bullet>{_BULLET})", re.I)


_WS = re.compile(r"\s+")


def norm_key(text: str) -> str:
    """Text for comparing: lower case, letters and digits only, single spaces."""
    return _WS.sub(" ", re.sub(r"[^a-z0-9 ]+", " ", text.lower())).strip()


NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50})


# 'R3', 'Rec 3': the letters abbreviate 'recommendation'; other letters are the reference's own (MM12)
REC_ABBREVIATION = re.compile(r"^(?:r|rec|recs)\.?\s?(?=\d)", re.I)


def normalise_number(raw: str | None) -> str | None:
    """'Four' → '4', 'Twenty-One' → '21', '8.32.' → '8.32', 'R3' → '3', 'MM12' stays."""
    if raw is None:
        return None
    text = raw.strip().strip(".:)(").strip()
    words = re.split(r"[\s-]+", text.lower())
    if words and all(w in NUMBER_WORDS for w in words):
        return str(sum(NUMBER_WORDS[w] for w in words))
    text = REC_ABBREVIATION.sub("", text)
    return text or None


def text_similarity(a: str, b: str) -> float:
    """How alike two recommendation texts are, robust to truncation and split rows."""
    ka, kb = norm_key(a), norm_key(b)
    if not ka or not kb:
        return 0.0
    wa, wb = set(ka.split()), set(kb.split())
    containment = len(wa & wb) / min(len(wa), len(wb))
    return max(SequenceMatcher(None, ka, kb, autojunk=False).ratio(), containment * 0.95)
