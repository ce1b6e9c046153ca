"""A borderless PDF tracker (columns by alignment only, header cells wrapped over two lines) with a
key of colour initials ('G = complete, A = in progress, R = …'). Bug: the initials' key was not
read, so G came out in progress, against the paper's own key."""
from __future__ import annotations

import io
from datetime import date

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from extractors.pdf_reader import read_pdf
from extractors.records import extract_records
from schemas.vocab import Status

ROWS = [["Ref", "Recommendation", "Lead<br/>Officer", "Target<br/>Date", "RAG", "Update (June 2020)"],
        ["R1", "The Council should set up a tenants' panel to review repair standards every year.",
         "Head of Housing", "March 2020", "G", "The panel met for the first time in February 2020."],
        ["R2", "Damp complaints should be inspected within ten working days and the results reported "
               "to tenants in writing.", "Repairs Manager", "June 2020", "A",
         "Inspections are within ten days for 70% of complaints."],
        ["R3", "A mould treatment service should be offered to every household in a property with a "
               "history of damp.", "Asset Manager", "September 2020", "R", "Procurement has been delayed."]]


def _pdf() -> bytes:
    style = getSampleStyleSheet()["BodyText"]
    cell = style.clone("cell", fontSize=9, leading=11)
    story = [Paragraph(t, style) for t in (
        "Oxford City Council", "Housing and Homelessness Scrutiny Panel", "2 July 2020",
        "Damp and Mould Review: monitoring of recommendations",
        "RAG: G = complete, A = in progress, R = not started or delayed.")]
    table = Table([[Paragraph(t, cell) for t in row] for row in ROWS],
                  colWidths=[1.2 * cm, 7 * cm, 3.5 * cm, 2.5 * cm, 1.2 * cm, 7 * cm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))  # as word processors set cells
    story += [Spacer(1, 8), table]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4), invariant=1).build(story)
    return buffer.getvalue()


def test_borderless_tracker_with_a_key_of_colour_initials():
    ex = extract_records(read_pdf(_pdf()), "p" * 16, "borderless.pdf", None)
    assert [(r.number, r.stage_raw, r.stage_code, r.status) for r in ex.recommendations] == [
        ("1", "G", "green", Status.ACHIEVED), ("2", "A", "amber", Status.IN_PROGRESS), ("3", "R", "red", Status.BEHIND)]
    assert ex.recommendations[1].text == ("Damp complaints should be inspected within ten working days and the "
                                          "results reported to tenants in writing.")
    assert [(u.label, u.as_of, u.text) for u in ex.updates] == [
        ("Update (June 2020)", date(2020, 6, 1), "The panel met for the first time in February 2020."),
        ("Update (June 2020)", date(2020, 6, 1), "Inspections are within ten days for 70% of complaints."),
        ("Update (June 2020)", date(2020, 6, 1), "Procurement has been delayed.")]
    assert ex.responses == []


def _recommendations_page() -> bytes:
    """'2 | Recommendations' over a borderless table: number | request | a side note, each row a
    line but the last, whose request wraps onto two lines with its number centred between them."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=landscape(A4), invariant=1)
    top = landscape(A4)[1]

    def text(x: float, y: float, words: str, size: float = 11) -> None:
        pdf.setFont("Helvetica", size)
        pdf.drawString(x, top - y, words)

    text(72, 40, "Budget Monitoring Report: Quarter 2", 16)
    text(72, 64, "To: Cabinet - 14 November 2024")
    text(72, 100, "2 | Recommendations", 20)
    rows = [("2.1", "Note the forecast revenue overspend of £12.4m", "Please refer to Section 3"),
            ("2.2", "Note the forecast capital underspend of £8.2m", "Please refer to Section 5"),
            ("2.3", "Note and agree the changes to the Capital Budget", "Please refer to Section 6")]
    y = 130
    for number, request, note in rows:
        text(72, y, number)
        text(127, y, request)
        text(540, y, note)
        y += 18.9
    text(127, y, "Note the Reserves Monitoring, Treasury Management and Prudential")
    text(72, y + 6.3, "2.4")
    text(540, y + 6.3, "Please refer to Sections 7 and 8")
    text(127, y + 12.7, "Indicators Monitoring")
    text(72, y + 60, "3 | Revenue Budget Forecast", 20)
    text(72, y + 90, "The forecast overspend has fallen by £2.1m since the first quarter.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_numbered_requests_set_out_as_a_borderless_table_with_side_notes():
    """Bugs: a number centred on a request of two lines sat below the request's first line, which
    went to the row above; and a list whose numbers are a section's (2.1) with a third column of
    side notes was read as a table of data, not as the list of requests it is."""
    ex = extract_records(read_pdf(_recommendations_page()), "q" * 16, "recommendations.pdf", None)
    assert ex.document.doc_type.value == "committee_report"
    assert [(r.number, r.kind.value, r.text) for r in ex.recommendations] == [
        ("2.1", "decision", "Note the forecast revenue overspend of £12.4m"),
        ("2.2", "decision", "Note the forecast capital underspend of £8.2m"),
        ("2.3", "decision", "Note and agree the changes to the Capital Budget"),
        ("2.4", "decision", "Note the Reserves Monitoring, Treasury Management and Prudential Indicators Monitoring")]
