"""What the finders return before ids are assigned: recommendations with their responses and
updates, each with its character span in the document's normalised text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from schemas.vocab import RecKind

from .layout import Cell, Paragraph, ParsedDocument, Table


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
    label: str | None = None          # "Director's Response (Approved by Executive Board April 2009)"
    responder: str | None = None
    responsibility: str | None = None  # "Barbara Newton & Adam Hewitt – October 2007"


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
    complete_raw: str | None = None
    origin: str | None = None
    addressee: str | None = None
    responses: list[FoundResponse] = field(default_factory=list)
    updates: list[FoundUpdate] = field(default_factory=list)
    last_part: FoundResponse | FoundUpdate | None = None  # where a cut cell continues


@dataclass(frozen=True)
class TextLine:
    """A paragraph line with its place: `first` marks the first line of its paragraph."""
    text: str
    char_start: int
    char_end: int
    page: int
    block: int
    first: bool

    @property
    def span(self) -> Span:
        return Span(self.text, self.char_start, self.char_end, self.page)


def is_layout_table(table: Table) -> bool:
    """A frame around running text (one column of content), not a table of data."""
    return all(sum(1 for c in row.cells if c.text.strip()) <= 1 for row in table.rows)


def text_lines(doc: ParsedDocument) -> list[TextLine]:
    """The running text as lines: paragraphs, and the content of layout tables (papers framed in
    a one-column table); each paragraph of such a cell counts as a paragraph."""
    out: list[TextLine] = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            for i, line in enumerate(block.lines):
                out.append(TextLine(line.text, line.char_start, line.char_end, line.page_number, index, i == 0))
        elif isinstance(block, Table) and is_layout_table(block):
            for row in block.rows:
                for cell in row.cells:
                    out.extend(_cell_lines(cell, index))
        elif isinstance(block, Table):
            out.extend(list_table_lines(block, index))
    return out


def _cell_lines(cell: Cell, index: int) -> list[TextLine]:
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


_LIST_MARK = re.compile(r"(?:[-–•▪●◦*·]|\(?(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,4})[.)]|\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\))",
                        re.I)


def list_table_lines(table: Table, index: int) -> list[TextLine]:
    """A list the layout read as a table (a column of markers beside a column of text, no
    header, stray paragraphs in single cells) as the lines it was printed as; [] for a real table."""
    if table.header_index is not None or any(len(row.cells) > 3 for row in table.rows):
        return []
    out: list[TextLine] = []
    marked = 0
    for row in table.rows:
        cells = [c for c in row.cells if c.text.strip()]
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


def sub_span(parent: Span, start: int, end: int) -> Span:
    """The part of `parent.text` between `start` and `end`, stripped, as a span."""
    piece = parent.text[start:end]
    lead = len(piece) - len(piece.lstrip())
    text = piece.strip()
    return Span(text, parent.char_start + start + lead, parent.char_start + start + lead + len(text), parent.page)


# A list item's marker: a bullet, or an enumeration such as (a), a), 1., (iv), optionally after a bullet.
MARKER = re.compile(
    r"^(?:[-–•▪●◦*]\s*)?(?:\((?P<e1>[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)|(?P<e2>[a-z]|[ivx]{1,5}|\d{1,2})[.)])\s+"
    r"|^(?P<bullet>[-–•▪●◦*])\s+", re.I)


_WS = re.compile(r"\s+")


def norm_key(text: str) -> str:
    """Text for comparing: lower case, letters and digits only, single spaces."""
    return _WS.sub(" ", re.sub(r"[^a-z0-9 ]+", " ", text.lower())).strip()


NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50})


def normalise_number(raw: str | None) -> str | None:
    """'Four' → '4', 'Twenty-One' → '21', '8.32.' → '8.32', 'R3' → '3'."""
    if raw is None:
        return None
    text = raw.strip().strip(".:)(").strip()
    words = re.split(r"[\s-]+", text.lower())
    if words and all(w in NUMBER_WORDS for w in words):
        return str(sum(NUMBER_WORDS[w] for w in words))
    text = re.sub(r"^[A-Za-z]{1,3}(?=\d)", "", text)
    return text or None


def text_similarity(a: str, b: str) -> float:
    """How alike two recommendation texts are, robust to truncation and split rows."""
    ka, kb = norm_key(a), norm_key(b)
    if not ka or not kb:
        return 0.0
    wa, wb = set(ka.split()), set(kb.split())
    containment = len(wa & wb) / min(len(wa), len(wb))
    return max(SequenceMatcher(None, ka, kb, autojunk=False).ratio(), containment * 0.95)
