"""A PDF paper's bytes → ParsedDocument, with the pipeline's limits and OCR around the reader.

In order: every compressed stream is checked for a decompression bomb (pipeline.inflation);
pdfium probes the pages (page limit first, so a page bomb costs nothing); if there are scanned
pages (an image and no text layer; a blank page is not scanned) and parse.ocr is auto with the
tools installed, those pages are OCR'd (pipeline.ocr) and marked text_source "ocr", their
records getting a lower confidence; then the pages with text are parsed. Scanned pages left
unread make the paper partial, and its status_reason — or its quarantine row when no page has
text — says exactly what to install or set.
"""
from __future__ import annotations

import logging
import subprocess
from dataclasses import replace

from extractors.errors import DocumentError
from extractors.layout import ParsedDocument
from extractors.pdf_reader import PdfProbe, probe_pdf, read_pdf

from .config import Config
from .inflation import check_inflation
from .ocr import ocr_advice, ocr_pages, ocr_tools

log = logging.getLogger(__name__)


def _notes(parsed: ParsedDocument, config: Config) -> tuple[str, ...]:
    read = sorted(parsed.ocr_pages)
    notes = []
    if read:
        notes.append(f"{len(read)} scanned page(s) read by OCR (Tesseract): {', '.join(map(str, read[:10]))}"
                     f"{' …' if len(read) > 10 else ''}; records on them have lower confidence")
    if parsed.scanned_pages:
        notes.append(ocr_advice(config))
    return tuple(notes)


def _without_ocr(data: bytes, probe: PdfProbe, config: Config, failure: str | None) -> ParsedDocument:
    if not any(probe.text_pages) and any(probe.image_pages):
        raise DocumentError("no_text_layer", pages=probe.page_count, advice=failure or ocr_advice(config))
    parsed = read_pdf(data, config.page_parser, config.max_pages, probe=probe)
    notes = (failure,) if failure and parsed.scanned_pages else _notes(parsed, config)
    return replace(parsed, notes=parsed.notes + notes)


def read_pdf_document(data: bytes, config: Config) -> ParsedDocument:
    """Check, probe, OCR the scanned pages if asked and able, then parse; raises DocumentError."""
    check_inflation(data, config.document_memory_mb)
    probe = probe_pdf(data, config.max_pages)
    scanned = probe.scanned_pages
    if not (scanned and config.ocr == "auto" and ocr_tools().ready):
        return _without_ocr(data, probe, config, None)
    try:
        ocred = ocr_pages(data, scanned, config.document_timeout_s)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        log.warning("OCR failed, scanned pages left unread: %s", exc)
        return _without_ocr(data, probe, config, f"OCR failed ({exc}); the scanned pages were not read")
    after = probe_pdf(ocred, config.max_pages)
    if not any(after.text_pages):
        raise DocumentError("no_text_layer", pages=after.page_count, advice=ocr_advice(config))
    parsed = read_pdf(ocred, config.page_parser, config.max_pages, probe=after, ocr_pages=frozenset(scanned))
    return replace(parsed, notes=parsed.notes + _notes(parsed, config))
