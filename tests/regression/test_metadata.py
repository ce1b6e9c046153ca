"""Document metadata from the front matter, on small papers written for these tests in other
councils' wordings (tests/regression/metadata/): body, council, meeting date and title by the
general rules of front sheets, minutes, headings and covers; council names from a manifest
canonicalised against the gazetteer."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.metadata import canonical_council
from extractors.pdf_reader import read_pdf
from extractors.records import extract_records
from extractors.text_reader import read_text
from pipeline.manifest import ManifestRow

PAPERS = Path(__file__).resolve().parent / "metadata"


def _document(name: str, manifest: ManifestRow | None = None):
    doc = read_text((PAPERS / name).read_bytes())
    return extract_records(doc, "m" * 16, name, manifest).document


def _fields(d) -> tuple:
    return d.council, d.council_code, d.body, d.meeting_date, d.title


@pytest.mark.parametrize("name, expected", [
    # 'Report to:' names the body; a wrapped subject is whole; 'by May 2019' in the text is no date
    ("front_sheet_subject_wraps.txt",
     (None, None, "Executive", date(2019, 11, 12),
      "Review of the residents' parking permit scheme following the summer consultation")),
    # a parish council is the council with no ONS code; 'the above Council' is the heading's
    ("parish_minutes_above_council.txt",
     ("Ashwell Parish Council", None, "Ashwell Parish Council", date(2020, 2, 4),
      "Minutes of the Meeting of the above Council held on Tuesday 4th February 2020 at 7.30pm "
      "in the Village Hall.")),
    # a committee named in capitals under the council's name; the minutes' opening is the title
    ("committee_minutes_in_capitals.txt",
     ("Norfolk County Council", "E10000020", "People and Communities Select Committee", date(2020, 1, 15),
      "MINUTES of a meeting of the People and Communities Select Committee held at County Hall on "
      "Wednesday 15 January 2020 at 10am.")),
    # a government response is HM Government's; a month alone dates it from the first
    ("government_response_cover.txt",
     (None, None, "HM Government", date(2021, 3, 1),
      "Government Response to the Public Accounts Committee Report on Rural Broadband")),
    # '<council> Meeting – <date>' dates the paper; the subject under it is the title
    ("town_council_heading_then_subject.txt",
     ("Exmouth Town Council", None, "Exmouth Town Council", date(2022, 3, 9), "Purchase of Christmas Lights")),
    # a letter has no title without a subject line; a date in its text is not its date
    ("letter_without_subject.txt",
     ("Westshire Council", None, "Department for Levelling Up", None, None)),
])
def test_metadata_from_the_front_matter(name, expected):
    assert _fields(_document(name)) == expected


@pytest.mark.parametrize("given, name, code", [
    ("Dudley", "Dudley Metropolitan Borough Council", "E08000027"),
    ("Dudley MBC", "Dudley Metropolitan Borough Council", "E08000027"),
    ("Kent", "Kent County Council", "E10000016"),
    ("KENT COUNTY COUNCIL", "Kent County Council", "E10000016"),
    ("Newcastle upon Tyne City Council", "Newcastle City Council", "E08000021"),
    ("Little Snoring Parish Council", "Little Snoring Parish Council", None),
])
def test_manifest_council_names_are_canonicalised(given, name, code):
    council = canonical_council(given)
    assert (council.name, council.code) == (name, code)
    d = _document("front_sheet_subject_wraps.txt", ManifestRow(council=given))
    assert (d.council, d.council_code) == (name, code)


def _cover_pdf() -> bytes:
    """An inquiry report: its name in the largest type, the rest of its title smaller, a
    publication line, then body text."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    height = A4[1]
    for top, size, text in ((120, 40, "Thames Estuary Flooding Inquiry"), (180, 28, "Lessons for coastal"),
                            (215, 28, "defence"), (300, 14, "A report by the Chair of the Inquiry"),
                            (700, 12, "Ordered by the House of Commons to be printed 4 May 2022")):
        pdf.setFont("Helvetica", size)
        pdf.drawString(60, height - top, text)
    pdf.showPage()
    pdf.setFont("Helvetica", 11)
    for n in range(30):
        pdf.drawString(60, height - 80 - 14 * n, f"Paragraph text of the report, line {n + 1}, sets the body size.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_cover_in_large_type_gives_body_title_and_date():
    d = extract_records(read_pdf(_cover_pdf()), "c" * 16, "cover.pdf", None).document
    assert _fields(d) == (None, None, "Thames Estuary Flooding Inquiry", date(2022, 5, 4),
                          "Thames Estuary Flooding Inquiry Lessons for coastal defence")
