"""Raw blocks → ParsedDocument: furniture out, continued tables joined, offsets assigned."""
from __future__ import annotations

from functools import lru_cache

from .furniture import drop_furniture
from .layout import (split_inline_bullets, Word, Cell, Line, PageInfo, Paragraph, ParsedDocument, RawBlock, RawParagraph,
                     RawTable, Row, Table, clean_text)
from .tables import find_header, join_continued_tables
from schemas.vocab import SourceFormat

BLOCK_SEPARATOR = "\n\n"
CELL_SEPARATOR = "\t"
ROW_SEPARATOR = "\n"


class _TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.page_starts: list[tuple[int, int]] = []

    def add(self, text: str, page_number: int) -> tuple[int, int]:
        if not self.page_starts or self.page_starts[-1][1] != page_number:
            self.page_starts.append((self.length, page_number))
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def sep(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


# Words repeat ('the', 'of', 'Council'): cleaning each distinct one once is a tenth of the work.
_clean_word = lru_cache(maxsize=1 << 16)(clean_text)


def _cleaned_words(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """The words with their texts cleaned; a word cleaning does not change stays the same
    (immutable) word, and a printable ASCII word without a space is one, unlooked-up."""
    out = []
    for word in words:
        text = word.text
        if not (text.isascii() and text.isprintable() and " " not in text):
            text = _clean_word(text)
        out.append(word if text == word.text else Word(text, word.box, word.bold, word.italic))
    return tuple(out)


def _build_paragraph(raw: RawParagraph, tb: _TextBuilder) -> Paragraph | None:
    lines = []
    for raw_line in raw.lines:
        text = clean_text(raw_line.text).replace("\n", " ")
        if not text:
            continue
        if lines:
            tb.sep("\n")
        start, end = tb.add(text, raw_line.page_number)
        words = _cleaned_words(raw_line.words)
        if " ".join(w.text for w in words) != text:
            words = ()  # cleaning merged or split words: no boxes rather than misplaced ones
        lines.append(Line(text, raw_line.page_number, raw_line.box, start, end, words))
    return Paragraph(tuple(lines)) if lines else None


def _build_table(raw: RawTable, tb: _TextBuilder) -> Table | None:
    rows = []
    for raw_row in raw.rows:
        if not any(clean_text(c.text) for c in raw_row):
            continue
        if rows:
            tb.sep(ROW_SEPARATOR)
        cells = []
        for i, raw_cell in enumerate(raw_row):
            if i:
                tb.sep(CELL_SEPARATOR)
            text = split_inline_bullets(clean_text(raw_cell.text))
            start, end = tb.add(text, raw_cell.page_number)
            cells.append(Cell(text, raw_cell.page_number, raw_cell.box, start, end))
        rows.append(Row(tuple(cells), raw_row[0].page_number))
    if not rows:
        return None
    if raw.header_rows:
        header = raw.header_rows - 1
    else:
        header = find_header([[c for c in r.cells] for r in rows])  # type: ignore[misc]
    return Table(tuple(rows), header)


def _has_text(raw: RawBlock) -> bool:
    lines = [c for row in raw.rows for c in row] if isinstance(raw, RawTable) else raw.lines
    return any(clean_text(line.text) for line in lines)


def assemble(raw_blocks: list[RawBlock], pages: list[PageInfo], source_format: SourceFormat,
             pdf_title: str | None = None) -> ParsedDocument:
    paged = source_format is SourceFormat.PDF
    blocks_in = join_continued_tables(drop_furniture(raw_blocks, paged=paged), paged=paged)
    tb = _TextBuilder()
    blocks = []
    for raw in (b for b in blocks_in if _has_text(b)):
        if blocks:
            tb.sep(BLOCK_SEPARATOR)
        built = _build_table(raw, tb) if isinstance(raw, RawTable) else _build_paragraph(raw, tb)
        assert built is not None  # _has_text guarantees content
        blocks.append(built)
    return ParsedDocument(source_format, tuple(pages), tuple(blocks), tb.text(), pdf_title,
                          tuple(tb.page_starts))
