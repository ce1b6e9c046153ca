"""A government response prints each recommendation in a ruled box and answers it below. Bug: a box
that starts at the foot of a page (its heading and a subheading) and goes on at the top of the next
was not joined when a footnote stood between the parts, because the footnote's marker was read as a
page number and dropped, leaving a bare web address: the box's recommendation was lost. Its parts
run into the stem ('We recommend that the Government (a) …; (b) …; and (c) …') are records of their
own, numbered under the paragraph."""
from __future__ import annotations

import io

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from extractors.pdf_reader import read_pdf
from extractors.records import extract_records
from schemas.vocab import RecKind

_BOX = TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.black), ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.black),
                   ("BACKGROUND", (0, 0), (-1, -1), colors.whitesmoke)])
_STYLE = getSampleStyleSheet()["BodyText"]


def _box(lines: list[str]) -> Table:
    table = Table([[Paragraph(t, _STYLE)] for t in lines], colWidths=[440])
    table.setStyle(_BOX)
    return table


def _footnote(canvas, _doc) -> None:
    """A note at the page's foot: its marker a little above the line of its web address."""
    canvas.saveState()
    canvas.setFont("Helvetica", 6)
    canvas.drawString(72, 52, "1")
    canvas.setFont("Helvetica", 8)
    canvas.drawString(76, 48, "http://www.example.gov.uk/publications/travel-plan-evidence.pdf")
    canvas.restoreState()


def _pdf(continuation_rows: list[str]) -> bytes:
    story = [Paragraph("Government Response to the Transport Committee Report on Local Travel", _STYLE),
             Spacer(1, 12),
             _box(["Inquiry Recommendation", "4.1 We recommend that the Department publish the evidence behind "
                   "each local travel plan it funds (paragraph 2.3)."]),
             Spacer(1, 8),
             Paragraph("The Government agrees with the Committee. The evidence for every funded plan is "
                       "published in a resource library open to all councils.", _STYLE),
             Spacer(1, 500),
             _box(["Inquiry Recommendation", "Reducing car use"]),
             PageBreak(),
             _box(continuation_rows + ["4.2 We recommend that the Government (a) publish a target for fewer car "
                                       "journeys; (b) publish an estimate of the carbon saved by meeting it; and (c) "
                                       "say what it will do if the target is missed."]),
             Spacer(1, 8),
             Paragraph("The Government does not believe that a target for car journeys is right. Our approach "
                       "is to make other ways of travelling more attractive.", _STYLE),
             Spacer(1, 8),
             _box(["Inquiry Recommendation", "4.3 We recommend that the Department report on the fund each year."]),
             Spacer(1, 8),
             Paragraph("The Government agrees and will report each spring.", _STYLE)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story, onFirstPage=_footnote)
    return buffer.getvalue()


# The part on the next page drawn as a row under an empty one, or as a frame of one cell (which
# is a table only when it goes on with a box: here, one with nothing but its footnote after it).
@pytest.mark.parametrize("continuation_rows", [[""], []], ids=["two_rows", "one_cell_frame"])
def test_a_box_continued_after_a_footnote_is_one_box_and_its_lettered_parts_are_records(continuation_rows):
    ex = extract_records(read_pdf(_pdf(continuation_rows)), "b" * 16, "boxed.pdf", None)
    assert [(r.number, r.kind, r.text, r.page_start, r.page_end) for r in ex.recommendations] == [
        ("4.1", RecKind.RECOMMENDATION,
         "We recommend that the Department publish the evidence behind each local travel plan it funds "
         "(paragraph 2.3).", 1, 1),
        ("4.2a", RecKind.RECOMMENDATION, "publish a target for fewer car journeys;", 2, 2),
        ("4.2b", RecKind.RECOMMENDATION, "publish an estimate of the carbon saved by meeting it;", 2, 2),
        ("4.2c", RecKind.RECOMMENDATION, "say what it will do if the target is missed.", 2, 2),
        ("4.3", RecKind.RECOMMENDATION, "We recommend that the Department report on the fund each year.", 2, 2)]
    answers = {r.rec_id.split(":")[1]: r.text for r in ex.responses}
    refused = ("The Government does not believe that a target for car journeys is right. Our approach is to "
               "make other ways of travelling more attractive.")
    assert answers == {
        "1": "The Government agrees with the Committee. The evidence for every funded plan is published in a "
             "resource library open to all councils.",
        "2": refused, "3": refused, "4": refused,
        "5": "The Government agrees and will report each spring."}
