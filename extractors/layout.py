"""The document model every reader produces and every extractor reads.

Readers (pdf_reader, text_reader) emit *raw* blocks — paragraphs of lines and tables of cells, each
with its page and box. `assemble` turns them into a `ParsedDocument`: furniture dropped, tables that
run over a page break joined, and one normalised text in which every line and cell knows its
character span, so any record can point back to page, box and offsets.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterator, Union

from schemas.vocab import SourceFormat


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: "Box | None") -> "Box":
        if other is None:
            return self
        return Box(min(self.x0, other.x0), min(self.top, other.top),
                   max(self.x1, other.x1), max(self.bottom, other.bottom))


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Line:
    text: str
    page_number: int
    box: Box | None = None
    char_start: int = 0
    char_end: int = 0
    words: tuple[Word, ...] = ()  # with boxes, from PDF pages; empty for text and HTML


@dataclass(frozen=True)
class Cell:
    text: str  # paragraphs inside the cell are separated by "\n"
    page_number: int
    box: Box | None = None
    char_start: int = 0
    char_end: int = 0


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    page_number: int

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.cells)


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    header_index: int | None = None  # rows before the header are legend rows

    @property
    def header(self) -> Row | None:
        return None if self.header_index is None else self.rows[self.header_index]

    @property
    def body_rows(self) -> tuple[Row, ...]:
        start = 0 if self.header_index is None else self.header_index + 1
        return self.rows[start:]

    @property
    def legend_rows(self) -> tuple[Row, ...]:
        return self.rows[: self.header_index or 0]

    @property
    def page_start(self) -> int:
        return self.rows[0].page_number

    @property
    def page_end(self) -> int:
        return self.rows[-1].page_number


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def page_number(self) -> int:
        return self.lines[0].page_number


Block = Union[Paragraph, Table]


@dataclass(frozen=True)
class PageInfo:
    page_number: int
    has_text_layer: bool
    width: float | None = None
    height: float | None = None
    parser: str = "text"
    has_image: bool = True  # PDF: the page draws an image (a scan when it has no text layer)


@dataclass(frozen=True)
class ParsedDocument:
    source_format: SourceFormat
    pages: tuple[PageInfo, ...]
    blocks: tuple[Block, ...]
    text: str
    pdf_title: str | None = None
    _page_starts: tuple[tuple[int, int], ...] = field(default=(), repr=False)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def scanned_pages(self) -> tuple[int, ...]:
        """Pages that are pictures with no text: a blank page (no image either) is not one."""
        return tuple(p.page_number for p in self.pages if not p.has_text_layer and p.has_image)

    def page_at(self, char_offset: int) -> int:
        """The page on which the character at `char_offset` of `text` stands."""
        if not self._page_starts:
            return 1
        starts = [s for s, _ in self._page_starts]
        i = max(bisect.bisect_right(starts, char_offset) - 1, 0)
        return self._page_starts[i][1]

    def lines(self) -> Iterator[Line]:
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield from block.lines

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))


# ---------------------------------------------------------------- raw blocks, from the readers

@dataclass
class RawLine:
    text: str
    page_number: int
    box: Box | None = None
    words: tuple[Word, ...] = ()


@dataclass
class RawParagraph:
    lines: list[RawLine]


@dataclass
class RawTable:
    rows: list[list[RawLine]]  # a cell is a RawLine whose text may hold "\n"
    # PDF only: is the table the last / first thing on its page (a page-break candidate)?
    ends_page: bool = False
    starts_page: bool = False
    header_rows: int | None = None  # known from markup (<th>); otherwise found by shape
    # PDF only: a frame (a ruled box of one cell) that opens its page is a table only when it
    # continues the one-column box that ended the page before; otherwise these paragraphs
    alone: list[RawParagraph] | None = None


RawBlock = Union[RawParagraph, RawTable]

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
                         "\u00ad": "", "\u200b": ""})
_SPACES = re.compile(r"[ \t\r\f\v]+")
_SPACE_IN_BRACKETS = re.compile(r"(?<=\()\s+|\s+(?=\))")  # PDF word joins: '( Achieved )'



SUPERSCRIPT_DIGITS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"
# A footnote that is only a web address: its marker stands apart (a superscript, or a bare number
# at the page's foot that furniture drops), so the address is all that is left of the note.
WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$")
_NOT_SUPERSCRIPT = re.compile(f"[^{SUPERSCRIPT_DIGITS}]+")


_INLINE_BULLET = re.compile(r"\s+([•▪●◦])\s+")


def split_inline_bullets(text: str) -> str:
    """'… items: • one • two' → one line per bullet, as a list would be laid out."""
    return _INLINE_BULLET.sub(r"\n\1 ", text)


def clean_text(text: str) -> str:
    """Normalise one line or cell: NFKC (ligatures) except superscript digits, which mark
    footnotes; ASCII quotes; single spaces; no blank lines."""
    if not text.isascii():  # NFKC and the quotes table leave ASCII as it is
        text = _NOT_SUPERSCRIPT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        text = text.translate(_QUOTES)
    lines = (_clean_spaces(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _clean_spaces(line: str) -> str:
    """Single spaces, none inside brackets' edges, none at the ends; the patterns are run only
    on lines they can change (most lines have neither a double space nor a bracket)."""
    if "  " in line or "\t" in line or "\r" in line or "\f" in line or "\v" in line:
        line = _SPACES.sub(" ", line)
    if "(" in line or ")" in line:
        line = _SPACE_IN_BRACKETS.sub("", line)
    return line.strip()
