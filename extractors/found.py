"""What the finders return before ids are assigned: recommendations with their responses and
updates, each with its character span in the document's normalised text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemas.vocab import Decision, RecKind

from .layout import Paragraph, ParsedDocument, Table


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
                    pos = 0
                    for piece in cell.text.split("\n"):
                        if piece.strip():
                            start = cell.char_start + pos
                            out.append(TextLine(piece, start, start + len(piece), cell.page_number, index, True))
                        pos += len(piece) + 1
    return out


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
