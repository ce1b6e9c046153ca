"""OCR of scanned pages (parse.ocr: auto, the `ocr` extra and Tesseract installed; .ci/run
installs them): a page made here by rendering a text page to an image is read back, marked as
OCR'd, and its records carry a lower confidence than the same records from the text page."""
from __future__ import annotations

import pytest

from faults import hostile
from extractors.records import OCR_PENALTY
from pipeline.config import Config
from pipeline.ocr import ocr_tools
from pipeline.pdfs import read_pdf_document
from pipeline.runner import run_batch
from pipeline.writer import load_outputs

pytestmark = pytest.mark.skipif(not ocr_tools().ready,
                                reason=f"OCR tools missing: {', '.join(ocr_tools().missing)}")

DECISIONS = ["Note the progress made in reshaping the locality arrangements",
             "Endorse the approach to extended service clusters set out in this report"]


@pytest.fixture(scope="module")
def mixed_pdf() -> bytes:
    """Page 1 text, page 2 the same page scanned, page 3 blank."""
    text = hostile.text_pdf([hostile.RECOMMENDATIONS])
    return hostile.joined(text, hostile.scanned(text), hostile.text_pdf([[]]))


def test_scanned_pages_are_ocrd_and_marked(mixed_pdf):
    parsed = read_pdf_document(mixed_pdf, Config())
    assert [p.text_source for p in parsed.pages] == ["text", "ocr", "blank"]
    assert parsed.scanned_pages == ()
    page_two = parsed.text[parsed.text.index("Report of the Director", 10):]
    assert all(decision in page_two for decision in DECISIONS)


def test_records_from_ocr_pages_have_lower_confidence(tmp_path):
    """The same page as text and as a scan, in two papers (one paper would hold them as one record)."""
    text = hostile.text_pdf([hostile.RECOMMENDATIONS])
    (tmp_path / "text.pdf").write_bytes(text)
    (tmp_path / "scan.pdf").write_bytes(hostile.scanned(text))
    run_batch([str(tmp_path)], tmp_path / "out", Config(workers=1))
    tables = load_outputs(tmp_path / "out")
    docs = tables["documents"].set_index("source_path")
    assert docs.loc[f"{tmp_path}/scan.pdf", "status"] == "ok"
    assert docs.loc[f"{tmp_path}/scan.pdf", "status_reason"] == (
        "parse: 1 scanned page(s) read by OCR (Tesseract): 1; records on them have lower confidence")
    recs = tables["recommendations"].merge(tables["documents"][["doc_id", "source_path"]], on="doc_id")
    from_text = recs[recs.source_path == f"{tmp_path}/text.pdf"]
    from_scan = recs[recs.source_path == f"{tmp_path}/scan.pdf"]
    assert list(from_text.text) == list(from_scan.text) == DECISIONS
    assert list(from_scan.confidence) == pytest.approx([c - OCR_PENALTY for c in from_text.confidence])
