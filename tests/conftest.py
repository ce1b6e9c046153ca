"""Shared paths and one session-wide run of the pipeline over corpus/ (reused by many tests)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = CORPUS / "papers" / "seeds"
RENDITIONS = CORPUS / "renditions"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_REAL = ROOT.parent / "shared" / "corpus" / "real"


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory):
    """`followthrough run corpus/papers --manifest corpus/manifest.csv` into a temp folder, with
    OCR off so that the outcome (and the time) does not depend on whether Tesseract is here."""
    from pipeline.config import Config
    from pipeline.runner import run_batch
    out = tmp_path_factory.mktemp("corpus_out")
    summary = run_batch([str(CORPUS / "papers")], out, Config(workers=2, ocr="off"),
                        manifest=CORPUS / "manifest.csv")
    return out, summary


def ocr_off_params(folder: Path) -> str:
    """A params file that turns OCR off, for CLI runs whose scanned papers must stay unread."""
    params = folder / "params-ocr-off.yaml"
    params.write_text("parse:\n  ocr: off\n")
    return str(params)


def update_golden() -> bool:
    return os.environ.get("UPDATE_GOLDEN") == "1"


DEV_REAL = Path(__file__).resolve().parent / "dev" / "papers" / "real"
SMALL_PDFS = [DEV_REAL / "gitforsteve_wyevalleycc__docs_A466_Road_Closure_Recommendation.pdf",
              DEV_REAL / "lusavkaedu_council-assistant__Appendix_1_-_Selection_and_Member_Services_recommendations.pdf"]


@pytest.fixture(scope="session")
def small_run(tmp_path_factory):
    """The seeds and two small real PDFs through the local engine, with its cache: the reference
    that other engines are compared with."""
    from pipeline.cli import main
    inputs = [str(SEEDS), *map(str, SMALL_PDFS)]
    out = tmp_path_factory.mktemp("small_out")
    assert main(["run", *inputs, "--out", str(out), "--workers", "2"]) == 0
    return inputs, out
