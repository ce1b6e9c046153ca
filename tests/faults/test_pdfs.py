"""Hostile and odd PDFs, made here (tests/faults/hostile.py), run through the whole pipeline under
the default limits: each ends as a document or a quarantine row with its exact reason, and the
batch goes on. OCR is off in these runs so that the outcome does not depend on what is
installed; tests/faults/test_ocr.py covers OCR."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from faults import hostile
from pipeline.config import Config
from pipeline.ocr import INSTALL
from pipeline.runner import run_batch
from pipeline.writer import load_outputs

from conftest import FIXTURES, ROOT

OCR_OFF = ("parse.ocr is off in params.yaml; set it to auto, with the OCR tools installed "
           f"({INSTALL}), to OCR them")


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    text = hostile.text_pdf([hostile.RECOMMENDATIONS])
    files = {
        "deep_nesting.pdf": hostile.deep_nesting(),
        "page_bomb.pdf": hostile.page_bomb(),
        "decompression_bomb.pdf": hostile.decompression_bomb(),
        "blank_then_text.pdf": hostile.text_pdf([[], hostile.RECOMMENDATIONS]),
        "all_blank.pdf": hostile.text_pdf([[], []]),
        "text_scanned_blank.pdf": hostile.joined(text, hostile.scanned(text), hostile.text_pdf([[]])),
        "drawn_text.pdf": hostile.drawn_pdf(400),
        "bordered_blank_then_text.pdf": hostile.joined(hostile.drawn_pdf(4), text),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    out = tmp_path_factory.mktemp("out")
    summary = run_batch([str(folder)], out, Config(workers=2, ocr="off"))
    tables = load_outputs(out)
    quarantine = {os.path.basename(p): row for p, row in
                  zip(tables["quarantine"].source_path, tables["quarantine"].itertuples())}
    documents = {os.path.basename(p): row for p, row in
                 zip(tables["documents"].source_path, tables["documents"].itertuples())}
    return summary, documents, quarantine, tables


def test_the_hostile_files_end_as_expected(hostile_run):
    _, documents, quarantine, _ = hostile_run
    assert {name: row.status for name, row in documents.items()} == {
        "deep_nesting.pdf": "ok", "blank_then_text.pdf": "ok", "text_scanned_blank.pdf": "partial",
        "bordered_blank_then_text.pdf": "ok"}
    assert {name: (row.stage, row.reason_code) for name, row in quarantine.items()} == {
        "page_bomb.pdf": ("parse", "too_large"), "decompression_bomb.pdf": ("parse", "out_of_memory"),
        "all_blank.pdf": ("parse", "empty"), "drawn_text.pdf": ("parse", "no_text_layer")}


def test_a_page_bomb_is_refused_before_any_page_is_opened(hostile_run):
    _, _, quarantine, _ = hostile_run
    assert quarantine["page_bomb.pdf"].message.startswith("too large: 1000000 pages (limit 2000); raise ")


def test_a_decompression_bomb_is_refused_before_a_reader_inflates_it(hostile_run):
    _, _, quarantine, _ = hostile_run
    assert quarantine["decompression_bomb.pdf"].message == (
        "out of memory in stage parse: a compressed stream at byte 375 inflates past 512 MB (a "
        "decompression bomb); the limit is 2048 MB per document; raise run.document_memory_mb in "
        "params.yaml or split the file")


def test_deep_nesting_is_read(hostile_run):
    _, documents, _, tables = hostile_run
    recs = tables["recommendations"]
    mine = recs[recs.doc_id == documents["deep_nesting.pdf"].doc_id]
    assert list(mine.text) == ["Note the progress made in reshaping the locality arrangements",
                               "Endorse the approach to extended service clusters set out in this report"]


def test_blank_pages_are_not_scanned(hostile_run):
    _, documents, quarantine, _ = hostile_run
    for name in ("blank_then_text.pdf", "bordered_blank_then_text.pdf"):
        assert (documents[name].page_count, documents[name].status) == (2, "ok")
        assert pd.isna(documents[name].status_reason)
    assert quarantine["all_blank.pdf"].message.startswith("empty file (2 blank page(s): no text and no image)")
    mixed = documents["text_scanned_blank.pdf"]
    assert mixed.status_reason == ("parse: 1 of 3 page(s) are images with no text layer, not read "
                                   f"(scanned: 2); parse: {OCR_OFF}")


def test_text_drawn_as_outlines_is_a_picture_of_text(hostile_run):
    _, _, quarantine, _ = hostile_run
    assert quarantine["drawn_text.pdf"].message == f"no text layer — scanned image (1 page(s)); {OCR_OFF}"


def test_a_reference_cycle_length_is_stopped_by_the_deadline(tmp_path):
    """pdfminer resolves a /Length that refers to itself for ever (PDFium does not, so the file
    is read with the plumber page parser, all pdfminer): the worker is killed at the deadline and
    the batch goes on. The file is alone in its batch, so the short limit can catch nothing else
    however busy the machine is."""
    (tmp_path / "cycle.pdf").write_bytes(hostile.reference_cycle_length())
    run_batch([str(tmp_path / "cycle.pdf")], tmp_path / "out",
              Config(workers=1, document_timeout_s=5, page_parser="plumber"))
    quarantine = load_outputs(tmp_path / "out")["quarantine"]
    assert list(zip(quarantine.reason_code, quarantine.stage)) == [("timeout", "parse")]
    assert quarantine.message[0].startswith("timeout: gave up after 5 s in stage parse;")


def test_without_the_ocr_tools_the_message_says_what_to_install(tmp_path):
    """A run whose PATH has no tesseract and no gs: the scanned paper's quarantine row and the
    partly scanned paper's status_reason name exactly what is missing and how to install it."""
    shutil.copy(FIXTURES / "bad" / "scanned.pdf", tmp_path / "scanned.pdf")
    text = hostile.text_pdf([hostile.RECOMMENDATIONS])
    (tmp_path / "mixed.pdf").write_bytes(hostile.joined(text, hostile.scanned(text)))
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(tmp_path / "scanned.pdf"),
                           str(tmp_path / "mixed.pdf"), "--out", str(tmp_path / "out"), "--workers", "1"],
                          capture_output=True, text=True, timeout=900, cwd=ROOT,
                          env={"PATH": str(tmp_path / "no-tools"), "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    import importlib.util
    extra = [] if importlib.util.find_spec("ocrmypdf") else ["the ocr extra (OCRmyPDF)"]
    missing = ", ".join(extra + ["tesseract-ocr", "tesseract-ocr-eng", "ghostscript"])
    advice = f"OCR tools missing ({missing}): install them with {INSTALL} and run again"
    tables = load_outputs(tmp_path / "out")
    assert list(tables["quarantine"].message) == [f"no text layer — scanned image (1 page(s)); {advice}"]
    assert list(tables["documents"].status_reason) == [
        f"parse: 1 of 2 page(s) are images with no text layer, not read (scanned: 2); parse: {advice}"]
