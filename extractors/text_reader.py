"""Text and HTML papers → raw blocks.

Text (the seeds): a line with tabs, or with cells between pipes ("| No | Recommendation |"), is
a table row; consecutive rows form a table; blank lines end paragraphs; a form feed starts a new
page. Cells may hold HTML fragments (<p>, <u>, <i>, <ul>) left by conversion: block tags become
line breaks and the rest is stripped.
HTML: <table>/<tr>/<td|th> are tables, block elements are lines, a CSS page break starts a page.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .assembly import assemble
from .encodings import decode_bytes
from .layout import PageInfo, ParsedDocument, RawBlock, RawLine, RawParagraph, RawTable
from schemas.vocab import SourceFormat

_BLOCK_TAG = re.compile(r"<\s*/?\s*(p|br|li|ul|ol|div|tr|h[1-6])\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]+>")
_RULE_ROW = re.compile(r"[\s\-=_|+:]*")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$|^[^|]*\S\s+\|\s+\S[^|]*\|\s+\S")


def _cells(line: str) -> list[str] | None:
    """The cells of a table row: tab-separated, or between pipes; None for a line of prose."""
    if "\t" in line:
        return line.split("\t")
    if _PIPE_ROW.match(line):
        cells = line.strip().split("|")
        if line.strip().startswith("|"):
            cells = cells[1:-1] if line.strip().endswith("|") else cells[1:]
        return [c.strip() for c in cells]
    return None


def strip_markup(text: str) -> str:
    """HTML fragment → plain text with one line per paragraph, list item or inline bullet."""
    text = _BLOCK_TAG.sub("\n", text)
    return html.unescape(_ANY_TAG.sub("", text))


def read_text(data: bytes) -> ParsedDocument:
    decoded = decode_bytes(data)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[RawBlock] = []
    paragraph: list[RawLine] = []
    table: list[list[RawLine]] = []

    def flush(keep_table: bool = False) -> None:
        nonlocal paragraph, table
        if paragraph:
            blocks.append(RawParagraph(paragraph))
            paragraph = []
        if table and not keep_table:
            blocks.append(RawTable(table))
            table = []

    pages = text.split("\f")
    for page_number, page_text in enumerate(pages, start=1):
        for raw_line in page_text.split("\n"):
            cells = _cells(raw_line)
            if cells is not None:
                if _RULE_ROW.fullmatch(raw_line):
                    continue
                if paragraph:
                    flush(keep_table=True)
                table.append([RawLine(strip_markup(c), page_number) for c in cells])
            elif raw_line.strip():
                if table:
                    flush()
                paragraph.append(RawLine(strip_markup(raw_line), page_number))
            else:
                flush()
        flush()
    page_infos = [PageInfo(i, True) for i in range(1, len(pages) + 1)]
    return assemble(blocks, page_infos, SourceFormat.TXT, notes=decoded.notes)


class _HtmlBlocks(HTMLParser):
    BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "ul", "ol", "tr",
             "section", "article", "header", "footer", "blockquote", "pre", "caption"}
    SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[RawBlock] = []
        self.page = 1
        self.line: list[str] = []
        self.paragraph: list[RawLine] = []
        self.rows: list[list[RawLine]] | None = None
        self.cell: list[str] | None = None
        self.header_cell = False
        self.row_header_end = 10**6
        self.cell_span = (1, 1)  # rowspan, colspan of the open cell
        self.pending: dict[int, int] = {}  # column → rows still covered by a rowspan from above
        self.covered: set[int] = set()  # columns of this row that a cell above spans into
        self.skip = 0
        self.title: str | None = None
        self._in_title = False

    def _page_break(self, attrs: list[tuple[str, str | None]]) -> bool:
        style = (dict(attrs).get("style") or "").replace(" ", "").lower()
        return "page-break-before:always" in style or "break-before:page" in style

    def _end_line(self) -> None:
        text = "".join(self.line).strip()
        self.line = []
        if text:
            self.paragraph.append(RawLine(text, self.page))

    def _end_paragraph(self) -> None:
        self._end_line()
        if self.paragraph:
            self.blocks.append(RawParagraph(self.paragraph))
            self.paragraph = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
            self._in_title = tag == "title"
            return
        if self._page_break(attrs):
            self._end_paragraph()
            self.page += 1
        if tag == "input":
            return  # checkboxes are furniture
        if tag == "table" and self.rows is None:
            self._end_paragraph()
            self.rows = []
            self.row_header_end = 10**6  # index of the first row with a <td>
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
            self.covered = {c for c, n in self.pending.items() if n > 0}
            self.pending = {c: n - 1 for c, n in self.pending.items() if n > 1}
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []
            self.header_cell = tag == "th"
            self.cell_span = (_span_attr(attrs, "rowspan"), _span_attr(attrs, "colspan"))
        elif self.cell is not None and tag in self.BLOCK:
            self.cell.append("\n")
        elif tag in self.BLOCK:
            self._end_paragraph() if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6") else self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(self.skip - 1, 0)
            self._in_title = False
            return
        if tag in ("td", "th") and self.cell is not None and self.rows is not None:
            if not self.rows:
                self.rows.append([])
            self._place("".join(self.cell))
            if not self.header_cell and len(self.rows) - 1 < self.row_header_end:
                self.row_header_end = len(self.rows) - 1
            self.cell = None
        elif tag == "tr" and self.rows:
            self._fill_covered(self.rows[-1])
        elif tag == "table" and self.rows is not None:
            rows = [r for r in self.rows if r]
            head = min(self.row_header_end, len(rows) - 1)
            self.blocks.append(RawTable(rows, header_rows=head if head > 0 else None))
            self.rows = None
        elif self.cell is not None and tag in self.BLOCK:
            self.cell.append("\n")
        elif tag in self.BLOCK:
            self._end_paragraph() if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6") else self._end_line()

    def _fill_covered(self, row: list[RawLine]) -> None:
        while len(row) in self.covered:
            row.append(RawLine("", self.page))

    def _place(self, text: str) -> None:
        """A cell in its column: columns spanned from the rows above stay empty here, and a cell
        spanning several columns or rows leaves empty cells in them, so every column keeps its place."""
        row = self.rows[-1]  # type: ignore[index]
        self._fill_covered(row)
        column = len(row)
        rowspan, colspan = self.cell_span
        row.append(RawLine(text, self.page))
        row.extend(RawLine("", self.page) for _ in range(colspan - 1))
        if rowspan > 1:
            self.pending.update({column + k: rowspan - 1 for k in range(colspan)})

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        if self.skip:
            return
        target = self.cell if self.cell is not None else self.line
        target.append(data.replace("\n", " "))


def _span_attr(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = dict(attrs).get(name) or "1"
    return max(1, min(int(value), 50)) if value.strip().isdigit() else 1


def read_html(data: bytes) -> ParsedDocument:
    parser = _HtmlBlocks()
    decoded = decode_bytes(data)
    parser.feed(decoded.text)
    parser.close()
    parser._end_paragraph()
    pages = [PageInfo(i, True) for i in range(1, parser.page + 1)]
    return assemble(parser.blocks, pages, SourceFormat.HTML, pdf_title=parser.title or None,
                    notes=decoded.notes)
