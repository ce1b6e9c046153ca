"""Golden files for the five seeds: the text seed and its PDF rendition must both give exactly the
records in tests/golden/<seed>.json. UPDATE_GOLDEN=1 rewrites them from the text seeds; review
the diff like code."""
from __future__ import annotations

import pytest

from extractors.pdf_reader import read_pdf
from extractors.records import extract_records
from extractors.text_reader import read_text

from conftest import RENDITIONS, seed_paths, update_golden
from golden import golden_view, read_golden, write_golden

GOLDEN = __import__("pathlib").Path(__file__).resolve().parent / "golden"


def _extract(path, data, reader):
    return golden_view(extract_records(reader(data), "0" * 16, str(path), None))


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.stem[:3])
def test_text_seed_matches_golden(seed):
    view = _extract(seed, seed.read_bytes(), read_text)
    target = GOLDEN / f"{seed.stem}.json"
    if update_golden():
        write_golden(target, view)
    assert view == read_golden(target)


@pytest.mark.parametrize("parser", ["pdfium", "plumber"])
@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.stem[:3])
def test_pdf_rendition_gives_the_same_records_on_both_page_parsers(seed, parser):
    pdf = RENDITIONS / f"{seed.stem}.pdf"
    view = _extract(pdf, pdf.read_bytes(), lambda data: read_pdf(data, parser))
    assert view == read_golden(GOLDEN / f"{seed.stem}.json")
