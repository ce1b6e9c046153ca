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
from typing import Callable, Protocol

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .assembly import assemble
from .errors import DocumentError
from .furniture import is_furniture
from schemas.vocab import SourceFormat

from .layout import Box, Word, PageInfo, ParsedDocument, RawBlock, RawLine, RawParagraph, RawTable

_NEW_PARAGRAPH = re.compile(r"^\s*([•▪●◦\-–]\s|\(?[a-z0-9]{1,3}[.)]\s|\d+(\.\d+)+\.?\s)", re.I)


@dataclass(frozen=True)
class PdfProbe:
    page_count: int
    text_pages: tuple[bool, ...]
    ruled_pages: tuple[bool, ...]
    title: str | None
    image_pages: tuple[bool, ...]  # no text layer but a picture of one: an image, or drawn outlines

    @property
    def scanned_pages(self) -> tuple[int, ...]:
        """1-based numbers of pages that picture text without a text layer (a blank page does not)."""
        return tuple(i + 1 for i, (text, image) in enumerate(zip(self.text_pages, self.image_pages))
                     if image and not text)


def _has_object(page, kind: int) -> bool:
    return next(iter(page.get_objects(filter=(kind,), max_depth=2)), None) is not None


# Text converted to curves draws each glyph as a path: hundreds a page. A blank page with a
# border or a rule has a few, and is not a picture of text.
_DRAWN_TEXT_PATHS = 50


def _is_picture(page) -> bool:
    """A page with no text layer that shows something to read: an image, or drawn outlines."""
    if _has_object(page, pdfium_c.FPDF_PAGEOBJ_IMAGE):
        return True
    paths = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2)
    return sum(1 for _, _ in zip(range(_DRAWN_TEXT_PATHS), paths)) >= _DRAWN_TEXT_PATHS


def probe_pdf(data: bytes, max_pages: int | None = None) -> PdfProbe:
    """Open with pdfium: classify encrypted/corrupt, find text layers, images and ruling lines.
    The page limit is checked before any page is opened, so a page bomb costs nothing."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError("encrypted") from exc
        raise DocumentError("corrupt", fmt="PDF", detail=str(exc)) from exc
    try:
        if max_pages and len(pdf) > max_pages:
            raise DocumentError("too_large", detail=f"{len(pdf)} pages (limit {max_pages})")
        text_pages, ruled_pages, image_pages = [], [], []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text_pages.append(textpage.count_chars() > 0)
            textpage.close()
            ruled_pages.append(_has_object(page, pdfium_c.FPDF_PAGEOBJ_PATH))
            image_pages.append(not text_pages[-1] and _is_picture(page))
            page.close()
        title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
        return PdfProbe(len(text_pages), tuple(text_pages), tuple(ruled_pages), title, tuple(image_pages))
    finally:
        pdf.close()


class PageParser(Protocol):
    name: str

    def __call__(self, page: "pdfplumber.page.Page", page_number: int,
                 ruled: bool) -> list[RawBlock]: ...


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _words(line: dict) -> tuple[Word, ...]:
    """Word boxes from the characters of a text line (the line's text has the spaces)."""
    chars = [c for c in line.get("chars", ()) if not c["text"].isspace()]
    words: list[Word] = []
    current: list[dict] = []
    k = 0
    for ch in line["text"] + " ":
        if ch.isspace():
            if current:
                words.append(Word("".join(c["text"] for c in current),
                                  Box(min(c["x0"] for c in current), min(c["top"] for c in current),
                                      max(c["x1"] for c in current), max(c["bottom"] for c in current))))
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


def plumber_page(page, page_number: int, ruled: bool) -> list[RawBlock]:
    """Full character-level parse: ruled tables with cell boxes, then the text outside them."""
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


PAGE_PARSERS: dict[str, Callable[..., list[RawBlock]]] = {"plumber": plumber_page}


def _text_source(has_text: bool, page_number: int, probe: PdfProbe, ocr_pages: frozenset[int]) -> str:
    if has_text:
        return "ocr" if page_number in ocr_pages else "text"
    return "scanned" if probe.image_pages[page_number - 1] else "blank"


def read_pdf(data: bytes, page_parser: str = "plumber", max_pages: int | None = None,
             probe: PdfProbe | None = None, ocr_pages: frozenset[int] = frozenset()) -> ParsedDocument:
    """Parse the pages with text. `probe` is this data's probe when the caller has it already;
    `ocr_pages` are pages whose text layer was made by OCR (marked so in PageInfo.text_source)."""
    probe = probe or probe_pdf(data, max_pages)
    if probe.page_count == 0:
        raise DocumentError("empty", detail="a PDF with no pages")
    if max_pages and probe.page_count > max_pages:
        raise DocumentError("too_large", detail=f"{probe.page_count} pages (limit {max_pages})")
    if not any(probe.text_pages):
        if not any(probe.image_pages):
            raise DocumentError("empty", detail=f"{probe.page_count} blank page(s): no text and no image")
        raise DocumentError("no_text_layer", pages=probe.page_count,
                            advice="OCR it first (e.g. `ocrmypdf in.pdf out.pdf`) and run again")
    parse = PAGE_PARSERS[page_parser]
    blocks: list[RawBlock] = []
    pages: list[PageInfo] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for one cause: a file it cannot read
        raise DocumentError("corrupt", fmt="PDF", detail=f"{type(exc).__name__}: {exc}") from exc
    with pdf:
        for index, page in enumerate(pdf.pages):
            number = index + 1
            has_text = probe.text_pages[index]
            if has_text:
                blocks.extend(parse(page, number, probe.ruled_pages[index]))
            pages.append(PageInfo(number, has_text, float(page.width), float(page.height),
                                  page_parser if has_text else "none",
                                  _text_source(has_text, number, probe, ocr_pages)))
            page.close()
    return assemble(blocks, pages, SourceFormat.PDF, pdf_title=probe.title)
