"""PDF papers → raw blocks, one page at a time.

pypdfium2 opens the file first (≈100 pages/s): it tells encrypted from corrupt, which pages have a
text layer and which have vector paths (ruling lines). Only text pages go through a page parser;
the parser is chosen per page from PAGE_PARSERS, so that a faster one can take pages without
ruling lines. Each pdfplumber page is closed as soon as it is parsed, or memory grows with pages.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Callable

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .assembly import assemble
from .errors import DocumentError
from .furniture import is_furniture
from schemas.vocab import SourceFormat

from .layout import Box, Word, PageInfo, ParsedDocument, RawBlock, RawLine, RawParagraph, RawTable
from .pdf_lines import group_lines, paragraphs
from .pdf_regions import page_blocks
from .pdf_rules import Bbox, object_bounds, page_objects, ruled_boxes
from .pdf_words import PdfWord, page_words

_NEW_PARAGRAPH = re.compile(r"^\s*([•▪●◦\-–]\s|\(?[a-z0-9]{1,3}[.)]\s|\d+(\.\d+)+\.?\s)", re.I)


@dataclass(frozen=True)
class PdfProbe:
    page_count: int
    text_pages: tuple[bool, ...]
    ruled_pages: tuple[bool, ...]  # a grid of ruling lines that can form table cells
    title: str | None
    image_pages: tuple[bool, ...] = ()


def _open(data: bytes):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError("encrypted") from exc
        raise DocumentError("corrupt", fmt="PDF", detail=str(exc)) from exc


class _Grid:
    """Ruling that can form cells: three or more horizontal rules and two or more vertical ones
    across the same span. Any path at all (a logo, an underline, a shaded box) is not enough."""

    def __init__(self) -> None:
        self.horizontal: set[tuple[int, int, int]] = set()
        self.vertical: set[tuple[int, int, int]] = set()
        self.found = False

    def add(self, raw) -> None:
        """One path object; `found` once the paths so far form a grid."""
        left, bottom, right, top = object_bounds(raw)
        width, height = right - left, top - bottom
        horizontal, vertical = self.horizontal, self.vertical
        if height <= 2.5 and width >= 15:
            horizontal.add((round(bottom), round(left), round(right)))
        elif width <= 2.5 and height >= 8:
            vertical.add((round(left), round(bottom), round(top)))
        elif width >= 15 and height >= 8:  # a stroked cell rectangle: four edges
            horizontal.update({(round(bottom), round(left), round(right)), (round(top), round(left), round(right))})
            vertical.update({(round(left), round(bottom), round(top)), (round(right), round(bottom), round(top))})
        self.found = len({y for y, _, _ in horizontal}) >= 3 and len({x for x, _, _ in vertical}) >= 2


def _grid_and_image(page, text: bool) -> tuple[bool, bool]:
    """Whether a page with text has a grid of ruling lines, and whether the page draws an image:
    one walk over its objects, stopped as soon as both are known."""
    grid, image = _Grid(), False
    for raw, _, kind in page_objects(page, (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE)):
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            image = True
        elif text and not grid.found:
            grid.add(raw)
        if image and (grid.found or not text):
            break
    return text and grid.found, image


def probe_pdf(data: bytes) -> PdfProbe:
    """Open with pdfium: classify encrypted/corrupt, find text layers, images and table grids."""
    pdf = _open(data)
    try:
        return _probe(pdf)
    finally:
        pdf.close()


def _probe(pdf) -> PdfProbe:
    text_pages, ruled_pages, image_pages = [], [], []
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        text_pages.append(textpage.count_chars() > 0)
        textpage.close()
        ruled, image = _grid_and_image(page, text_pages[-1])
        ruled_pages.append(ruled)
        image_pages.append(image)
        page.close()
    title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
    return PdfProbe(len(text_pages), tuple(text_pages), tuple(ruled_pages), title, tuple(image_pages))


class PageSource:
    """One page of a paper, open in PDFium; pdfplumber opened only when a page needs it."""

    def __init__(self, pdf, data: bytes, index: int, plumber: list) -> None:
        self.pdf, self.data, self.index, self._plumber = pdf, data, index, plumber

    def pdfium(self):
        return self.pdf[self.index]

    def plumber(self):
        if not self._plumber:
            try:
                self._plumber.append(pdfplumber.open(io.BytesIO(self.data)))
            except Exception as exc:  # pdfminer raises many types for one cause
                raise DocumentError("corrupt", fmt="PDF", detail=f"{type(exc).__name__}: {exc}") from exc
        pages = self._plumber[0].pages
        if self.index >= len(pages):
            raise DocumentError("corrupt", fmt="PDF", detail=f"pdfplumber reads {len(pages)} page(s) "
                                f"where PDFium reads more; use parse.page_parser: pdfium")
        return pages[self.index]


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _word_inside(word: PdfWord, boxes: list[tuple[float, float, float, float]]) -> bool:
    """_inside for a PDFium word, read from the word itself (a page has thousands)."""
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


_BOLD_NAME = re.compile(r"bold|black|heavy|semibold", re.I)
_ITALIC_NAME = re.compile(r"italic|oblique|-it$", re.I)


def _words(line: dict) -> tuple[Word, ...]:
    """Word boxes from the characters of a text line (the line's text has the spaces)."""
    chars = [c for c in line.get("chars", ()) if not c["text"].isspace()]
    words: list[Word] = []
    current: list[dict] = []
    k = 0
    for ch in line["text"] + " ":
        if ch.isspace():
            if current:
                font = current[0].get("fontname", "")
                words.append(Word("".join(c["text"] for c in current),
                                  Box(min(c["x0"] for c in current), min(c["top"] for c in current),
                                      max(c["x1"] for c in current), max(c["bottom"] for c in current)),
                                  bool(_BOLD_NAME.search(font)), bool(_ITALIC_NAME.search(font))))
                current = []
            continue
        if k >= len(chars):
            return ()  # text and characters disagree (ligatures): no word boxes rather than wrong ones
        current.append(chars[k])
        k += 1
    return tuple(words)


def _without_repeats(lines: list[dict]) -> list[dict]:
    """Some PDFs print a line twice, the second time running on ('… changes to the' then
    '… changes to the Constitution'): keep the fuller one."""
    kept = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1]["text"] if i + 1 < len(lines) else ""
        text = line["text"].strip()
        if len(text) >= 20 and nxt.strip().startswith(text):
            continue
        kept.append(line)
    return kept


def _paragraphs(lines: list[dict], page_number: int) -> list[tuple[float, RawParagraph]]:
    """Group text lines into paragraphs by vertical gap and by bullets or numbering."""
    out: list[tuple[float, RawParagraph]] = []
    prev = None
    lines = _without_repeats(lines)
    for line in lines:
        raw = RawLine(line["text"], page_number,
                      Box(line["x0"], line["top"], line["x1"], line["bottom"]), _words(line))
        height = max(line["bottom"] - line["top"], 1.0)
        gap = line["top"] - prev["bottom"] if prev else None
        if gap is None or gap > 0.6 * height or _NEW_PARAGRAPH.match(line["text"]):
            out.append((line["top"], RawParagraph([raw])))
        else:
            out[-1][1].lines.append(raw)
        prev = line
    return out


def _cell_text(page, bbox: tuple[float, float, float, float]) -> str:
    """A cell's text with visual line wraps undone: lines join into paragraphs, and a
    paragraph break is a vertical gap, as in running text."""
    lines = page.crop(bbox, strict=False).extract_text_lines(return_chars=False)
    paragraphs = _paragraphs(lines, 0)
    return "\n".join(" ".join(l.text for l in p.lines) for _, p in paragraphs)


def _edge_only(lines: list[dict]) -> bool:
    return all(is_furniture(l["text"]) or re.fullmatch(r"\d{1,4}", l["text"].strip())
               for l in lines)


def _cells_from_words(rows: list[list], words: list[PdfWord], page_number: int) -> list[list[RawLine]]:
    """Each word into the cell its centre falls in, in one pass; then each cell's lines and
    paragraphs from the same geometry as running text (no crop per cell)."""
    cells = [(bbox, []) for row in rows for bbox in row if bbox]
    for word in words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        for bbox, found in cells:
            if bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]:
                found.append(word)
                break
    by_box = {bbox: found for bbox, found in cells}
    out = []
    for row in rows:
        texts = []
        for bbox in row:
            paras = paragraphs(group_lines(by_box.get(bbox, [])), page_number) if bbox else []
            text = "\n".join(" ".join(l.text for l in p.lines) for _, p in paras)
            texts.append(RawLine(text, page_number, Box(*bbox) if bbox else None))
        out.append(texts)
    return out


def pdfium_page(source: PageSource, page_number: int, ruled: bool) -> list[RawBlock]:
    """One PDFium pass: words with boxes, and the cells of ruled grids from its path objects."""
    page = source.pdfium()
    try:
        words = page_words(page)
        width = page.get_width()
        tables, frames = ruled_boxes(page) if ruled else ([], [])
    finally:
        page.close()
    boxes = [bbox for bbox, _ in tables]
    outside = [w for w in words if not _word_inside(w, boxes)] if boxes else words
    placed = page_blocks(outside, page_number, width)
    for bbox, rows in tables:
        inside = [w for w in words if _word_inside(w, [bbox])]
        top, bottom = bbox[1], bbox[3]
        raw = RawTable(_cells_from_words(rows, inside, page_number),
                       ends_page=_edge_only_blocks([b for t, b in placed if t >= bottom]),
                       starts_page=_edge_only_blocks([b for t, b in placed if t < top]))
        _place(placed, top, raw)
    for frame in frames:
        _opening_frame(placed, frame, outside, page_number)
    return [block for _, block in placed]


def _place(placed: list[tuple[float, RawBlock]], top: float, block: RawBlock) -> None:
    at = next((i for i, (t, _) in enumerate(placed) if t > top), len(placed))
    placed.insert(at, (top, block))


def _opening_frame(placed: list[tuple[float, RawBlock]], frame: Bbox, words: list[PdfWord], page_number: int) -> None:
    """A frame that opens the page, around paragraphs only, becomes a one-cell table that keeps
    its paragraphs: the rest of a box cut by the page break, if the box before it ended its page."""
    top, bottom = frame[1], frame[3]
    within = [(t, b) for t, b in placed if top <= t < bottom]
    if not within or any(isinstance(b, RawTable) for _, b in within) or \
            not _edge_only_blocks([b for t, b in placed if t < top]):
        return
    inside = [w for w in words if _word_inside(w, [frame])]
    raw = RawTable(_cells_from_words([[frame]], inside, page_number), starts_page=True,
                   ends_page=_edge_only_blocks([b for t, b in placed if t >= bottom]),
                   alone=[b for _, b in within if isinstance(b, RawParagraph)])
    placed[:] = [(t, b) for t, b in placed if not top <= t < bottom]
    _place(placed, top, raw)


def _edge_only_blocks(blocks: list[RawBlock]) -> bool:
    lines = [l for b in blocks if isinstance(b, RawParagraph) for l in b.lines]
    return all(is_furniture(l.text) or re.fullmatch(r"\d{1,4}", l.text.strip()) for l in lines) \
        and not any(isinstance(b, RawTable) for b in blocks)


def plumber_page(source: PageSource, page_number: int, ruled: bool) -> list[RawBlock]:
    """Full character-level parse with pdfplumber: ruled tables with cell boxes, then the text
    outside them. Several times slower than pdfium_page; kept to compare the two paths."""
    page = source.plumber()
    try:
        return _plumber_blocks(page, page_number, ruled)
    finally:
        page.close()


def _plumber_blocks(page, page_number: int, ruled: bool) -> list[RawBlock]:
    tables = page.find_tables() if ruled else []
    boxes = [t.bbox for t in tables]
    text_page = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    lines = text_page.extract_text_lines(return_chars=True)
    placed: list[tuple[float, RawBlock]] = list(_paragraphs(lines, page_number))
    for table in tables:
        x0, top, x1, bottom = table.bbox
        rows = []
        for row, texts in zip(table.rows, table.extract()):
            cells = [RawLine(_cell_text(page, bbox) if bbox else (text or ""), page_number,
                             Box(*bbox) if bbox else None)
                     for bbox, text in zip(row.cells, texts)]
            rows.append(cells)
        above = [l for l in lines if l["bottom"] <= top]
        below = [l for l in lines if l["top"] >= bottom]
        placed.append((top, RawTable(rows, ends_page=_edge_only(below),
                                     starts_page=_edge_only(above))))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


PAGE_PARSERS: dict[str, Callable[[PageSource, int, bool], list[RawBlock]]] = {
    "pdfium": pdfium_page, "plumber": plumber_page}


def read_pdf(data: bytes, page_parser: str = "pdfium", max_pages: int | None = None) -> ParsedDocument:
    pdf = _open(data)
    plumber: list = []
    try:
        probe = _probe(pdf)
        if probe.page_count == 0:
            raise DocumentError("empty", detail="a PDF with no pages")
        if max_pages and probe.page_count > max_pages:
            raise DocumentError("too_large", detail=f"{probe.page_count} pages (limit {max_pages})")
        if not any(probe.text_pages):
            raise DocumentError("no_text_layer", pages=probe.page_count)
        parse = PAGE_PARSERS[page_parser]
        blocks: list[RawBlock] = []
        pages: list[PageInfo] = []
        for index in range(probe.page_count):
            number, has_text = index + 1, probe.text_pages[index]
            if has_text:
                blocks.extend(parse(PageSource(pdf, data, index, plumber), number, probe.ruled_pages[index]))
            width, height = pdf.get_page_size(index)
            pages.append(PageInfo(number, has_text, float(width), float(height),
                                  page_parser if has_text else "none", probe.image_pages[index]))
    finally:
        for opened in plumber:
            opened.close()
        pdf.close()
    return assemble(blocks, pages, SourceFormat.PDF, pdf_title=probe.title)
