"""Ruled tables as Word draws them: every border a thin filled rectangle, in pieces, and cells
shaded with fills. Bugs: (1) the piece of a column rule that crosses the thickness of a row's top
border (2.8 pt) was dropped as too short before the pieces were joined, so the rules missed the
border and the row's cells ran together or the table was lost (an inspector's schedule of main
modifications: 75 recommendations, none found); (2) every side of every fill counted as a rule,
so a shaded cell drawn in bands, a line at a time, or shaded again inside (Word's paragraph
shading) split into slivers of columns and rows (a needs assessment's recommendations table).
A side is a rule only where the colour changes across it."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from extractors.pdf_reader import read_pdf
from extractors.pdf_rules import ruled_tables
from extractors.records import extract_records
from schemas.vocab import DocType, RecKind

WIDTH, HEIGHT = landscape(A4)
BORDER = 0.48  # Word's ½ pt border


class Sheet:
    """Draw on a landscape page with y measured from the top, as the tables are described."""

    def __init__(self, pdf: canvas.Canvas) -> None:
        self.pdf = pdf

    def fill(self, x0: float, top: float, x1: float, bottom: float, rgb=(0, 0, 0)) -> None:
        self.pdf.setFillColorRGB(*rgb)
        self.pdf.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, stroke=0, fill=1)

    def text(self, x: float, top: float, text: str, size: float = 10) -> None:
        self.pdf.setFillColorRGB(0, 0, 0)
        self.pdf.setFont("Helvetica", size)
        self.pdf.drawString(x, HEIGHT - top, text)


def _pdf(*pages) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(WIDTH, HEIGHT), invariant=1)
    for draw in pages:
        draw(Sheet(pdf))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _borders(sheet: Sheet, xs: list[float], tops: list[float]) -> None:
    """Word's pieces: a row's top border between the columns, and each column rule in two
    pieces, one through the border's thickness (2.82 pt) and one down to the next row."""
    for top, bottom in zip(tops, tops[1:]):
        for x0, x1 in zip(xs, xs[1:]):
            sheet.fill(x0 + BORDER, top, x1, top + BORDER)
        for x in xs:
            sheet.fill(x, top + BORDER, x + BORDER, top + 3.3)
            sheet.fill(x, top + 3.3, x + BORDER, bottom)
    for x0, x1 in zip(xs, xs[1:]):
        sheet.fill(x0 + BORDER, tops[-1], x1, tops[-1] + BORDER)


SCHEDULE_X = [72, 143, 221, 303, 788]
SCHEDULE = [("Ref Number", "Page Number", "Policy/ Paragraph", "Main Modification"),
            ("MM1", "12", "Paragraph 1.2.3", "Amend the second sentence of paragraph 1.2.3 as follows:"),
            ("MM2", "13", "Footnote 2", "Delete footnote 2 and renumber the footnotes that follow."),
            ("MM3", "15", "Policy CSW 4", "Add a criterion to Policy CSW 4 on the restoration of sites.")]


def _schedule(sheet: Sheet) -> None:
    sheet.text(72, 40, "Appendix 1 - Schedule of Main Modifications", 12)
    tops = [64, 94, 150, 190, 230]
    blue = (218 / 255, 233 / 255, 247 / 255)
    for x0, x1 in zip(SCHEDULE_X, SCHEDULE_X[1:]):  # the header's cell shading, and its paragraphs' again inside
        sheet.fill(x0 + BORDER, tops[0] + BORDER, x1, tops[1], blue)
        sheet.fill(x0 + 5.6, tops[0] + 3.3, x1 - 1.8, tops[0] + 17.7, blue)
    _borders(sheet, SCHEDULE_X, tops)
    for row, top in zip(SCHEDULE, tops):
        for x, cell in zip(SCHEDULE_X, row):
            sheet.text(x + 6, top + 14, cell)
    sheet.text(309, 94 + 38, "'The Plan also guides the determination of applications by the districts")
    sheet.text(309, 94 + 50, "and by the County Council.'")


def test_column_rules_in_pieces_meet_the_row_borders():
    pdf = read_pdf(_pdf(_schedule))
    doc = extract_records(pdf, "m" * 16, "schedule.pdf", None)
    assert doc.document.doc_type is DocType.INQUIRY_REPORT
    assert [(r.number, r.kind, r.text) for r in doc.recommendations] == [
        ("MM1", RecKind.RECOMMENDATION, "Amend the second sentence of paragraph 1.2.3 as follows: "
                                        "'The Plan also guides the determination of applications by the districts "
                                        "and by the County Council.'"),
        ("MM2", RecKind.RECOMMENDATION, "Delete footnote 2 and renumber the footnotes that follow."),
        ("MM3", RecKind.RECOMMENDATION, "Add a criterion to Policy CSW 4 on the restoration of sites.")]
    assert doc.responses == []


NEEDS_X = [72, 103.7, 239.6, 491, 611.5, 766]
GREY, WHITE = (217 / 255,) * 3, (1, 1, 1)
NEEDS = [("REF", "RECOMMENDATION", "ACTION", "ACTION FOR?", "POSSIBLE MEASURES"),
         ("1", "Speech and language support should be offered in every family hub.",
          "Commission a service for each locality.", "NHS Trust", "Hubs with a service."),
         ("2", "Parents should find out easily what is on offer in their area.",
          "Publish a directory of services.", "County Council", "Visits to the directory."),
         ("3", "Fewer mothers should smoke in pregnancy.",
          "Refer every pregnant smoker to the stop smoking service.", "Maternity services", "Smoking at delivery.")]
NEEDS_TOPS = [131, 151, 201, 251, 301]


def _shaded_cell(sheet: Sheet, x0: float, top: float, x1: float, bottom: float, lines: int) -> None:
    """One cell's shading as Word draws it: a band at the top, one at each side, one fill per
    line of text, and a band for what is left, all of one colour."""
    sheet.fill(x0, top, x1, top + 3.4, GREY)
    sheet.fill(x0, top + 3.4, x0 + 4.7, bottom, GREY)
    sheet.fill(x1 - 4.7, top + 3.4, x1, bottom, GREY)
    line_top = top + 3.4
    for _ in range(lines):
        sheet.fill(x0 + 4.7, line_top, x1 - 4.7, line_top + 12.2, GREY)
        line_top += 12.2
    sheet.fill(x0 + 4.7, line_top, x1 - 4.7, bottom, GREY)


def _needs(sheet: Sheet) -> None:
    sheet.text(72, 60, "RECOMMENDATIONS", 12)
    sheet.text(72, 80, "These are recommendations for commissioners, providers and organisations to consider.")
    for top, bottom in zip(NEEDS_TOPS, NEEDS_TOPS[1:]):
        for x0, x1 in zip(NEEDS_X, NEEDS_X[1:]):
            _shaded_cell(sheet, x0 + 0.7, top + 0.7, x1 - 0.7, bottom - 0.7, 2)
    for x in NEEDS_X:  # white rules between the shaded cells
        sheet.fill(x - 0.7, NEEDS_TOPS[0], x + 0.7, NEEDS_TOPS[-1], WHITE)
    for top in NEEDS_TOPS:
        sheet.fill(NEEDS_X[0], top - 0.7, NEEDS_X[-1], top + 0.7, WHITE)
    for row, top in zip(NEEDS, NEEDS_TOPS):
        for x0, x1, cell in zip(NEEDS_X, NEEDS_X[1:], row):
            for n, line in enumerate(simpleSplit(cell, "Helvetica", 7, x1 - x0 - 12)):
                sheet.text(x0 + 6, top + 13 + 9 * n, line, 7)


def test_shading_drawn_in_bands_and_lines_draws_no_rules():
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(_pdf(_needs))[0]
    [(bbox, rows)] = ruled_tables(page)
    assert [[tuple(round(v) for v in cell) for cell in row] for row in rows] == [  # one cell per slot
        [(73, top, 104, bottom), (104, top, 240, bottom), (240, top, 491, bottom), (491, top, 612, bottom),
         (612, top, 765, bottom)] for top, bottom in ((132, 151), (151, 201), (201, 251), (251, 300))]


def test_recommendations_for_others_keep_their_proposed_actions_out_of_responses():
    doc = extract_records(read_pdf(_pdf(_needs)), "n" * 16, "needs.pdf", None)
    assert doc.document.doc_type is DocType.INQUIRY_REPORT
    assert [(r.number, r.text) for r in doc.recommendations] == [
        ("1", "Speech and language support should be offered in every family hub."),
        ("2", "Parents should find out easily what is on offer in their area."),
        ("3", "Fewer mothers should smoke in pregnancy.")]
    assert doc.responses == []


NAVY, PALE = (0, 0.2, 0.4), (0.91, 1, 1)
BOX_X = (72, 525)


def _box_part(sheet: Sheet, top: float, lines: list[str], head: str | None = None) -> float:
    """A part of a one-column box: a navy head row (on the first page only), then a pale body
    shaded a line at a time, inside ½ pt navy borders. Returns the box's bottom."""
    x0, x1 = BOX_X
    rows = ([(head, 18.0)] if head else []) + [(None, 13.8 * len(lines))]
    edge = top
    for text, height in rows:
        sheet.fill(x0, edge, x1, edge + BORDER, NAVY)
        sheet.fill(x0, edge, x0 + BORDER, edge + height, NAVY)
        sheet.fill(x1 - BORDER, edge, x1, edge + height, NAVY)
        if text:
            sheet.fill(x0 + BORDER, edge + BORDER, x1 - BORDER, edge + height, NAVY)
            sheet.pdf.setFillColorRGB(1, 1, 1)
            sheet.pdf.setFont("Helvetica-Bold", 11)
            sheet.pdf.drawString(x0 + 6, HEIGHT - edge - 13, text)
        else:
            for n, line in enumerate(lines):
                sheet.fill(x0 + 5.2, edge + 13.8 * n, x1 - 5.2, edge + 13.8 * (n + 1), PALE)
                sheet.text(x0 + 6, edge + 13.8 * n + 10.5, line, 11)
            sheet.fill(x0 + BORDER, edge, x0 + 5.2, edge + height, PALE)
            sheet.fill(x1 - 5.2, edge, x1 - BORDER, edge + height, PALE)
        edge += height
    sheet.fill(x0, edge, x1, edge + BORDER, NAVY)
    return edge


def _box_before_break(sheet: Sheet) -> None:
    sheet.text(72, 60, "Government Response to the Select Committee Report on Behaviour Change", 12)
    sheet.text(72, 300, "The Government welcomes the Committee's report and responds to each recommendation below.")
    _box_part(sheet, 440, ["8.12. We recommend that the Cabinet Office review the mechanisms for sharing",
                           "knowledge about behaviour change among government departments (paragraph"],
              head="Inquiry Recommendation")
    sheet.text(290, 570, "5")


def _box_after_break(sheet: Sheet) -> None:
    bottom = _box_part(sheet, 72, ["4.41).", "8.13. We recommend further that the revised structure keep an archive of",
                                   "interventions, unsuccessful as well as successful (paragraph 4.42)."])
    sheet.text(72, bottom + 30, "We agree that knowledge about behavioural interventions should be shared.")
    sheet.text(290, 570, "6")


def test_a_box_cut_by_a_page_break_goes_on_in_the_frame_that_opens_the_next_page():
    """Bug: with line shading no longer read as rules, the rest of a box on the next page is one
    ruled cell, which pdfplumber counts as no table, so the box's last recommendation was lost."""
    doc = extract_records(read_pdf(_pdf(_box_before_break, _box_after_break)), "b" * 16, "box.pdf", None)
    assert [(r.number, r.text, r.page_start, r.page_end) for r in doc.recommendations] == [
        ("8.12", "We recommend that the Cabinet Office review the mechanisms for sharing knowledge about "
                 "behaviour change among government departments (paragraph 4.41).", 1, 2),
        ("8.13", "We recommend further that the revised structure keep an archive of interventions, "
                 "unsuccessful as well as successful (paragraph 4.42).", 2, 2)]
    assert [(r.rec_id[-1], r.text) for r in doc.responses] == [
        ("1", "We agree that knowledge about behavioural interventions should be shared."),
        ("2", "We agree that knowledge about behavioural interventions should be shared.")]
