"""Every PDF we hold parses on both page parsers without error. The PDFium path reads every page
of every paper (the corpus and dev-set runs do that through the pipeline); here the slower
pdfplumber path reads three pages of each (first, middle, last) and the PDFium path the same pages,
and both must find text on a page that has a text layer."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors.pdf_reader import PAGE_PARSERS, PageSource, probe_pdf
from extractors.layout import RawParagraph, RawTable

from conftest import CORPUS, ROOT

PDFS = sorted(p for folder in (CORPUS, ROOT / "tests" / "dev" / "papers") for p in folder.rglob("*.pdf"))


def _text_of(blocks) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, RawParagraph):
            parts += [line.text for line in block.lines]
        elif isinstance(block, RawTable):
            parts += [cell.text for row in block.rows for cell in row]
    return " ".join(parts)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name[:60])
def test_both_page_parsers_read_sampled_pages(path: Path):
    data = path.read_bytes()
    probe = probe_pdf(data)
    pages = sorted({0, probe.page_count // 2, probe.page_count - 1})
    pdf = pdfium.PdfDocument(data)
    plumber: list = []
    try:
        for index in (i for i in pages if probe.text_pages[i]):  # as the pipeline: scans are not parsed
            for name in ("pdfium", "plumber"):
                blocks = PAGE_PARSERS[name](PageSource(pdf, data, index, plumber), index + 1, probe.ruled_pages[index])
                text = _text_of(blocks)
                assert text.strip() or not pdf[index].get_textpage().get_text_range().strip(), (name, index)
    finally:
        for opened in plumber:
            opened.close()
        pdf.close()
