"""Recommendations whose reading needs the page: italic recommendations among roman conclusions,
a paragraph's indent deciding which item it belongs to, and 'Recommendation N' headings at the
top of pages that are not running headers. Each PDF is drawn here (reportlab) in its own wording."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.pdf_reader import read_pdf
from extractors.records import extract_records

HEIGHT = A4[1]
PITCH = 14


def _pdf(*pages) -> bytes:
    """Each page is a list of (x, top, text, font) lines."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        for x, top, text, font in lines:
            pdf.setFont(font, 11)
            pdf.drawString(x, HEIGHT - top, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _paragraph(x: float, top: float, lines: list[str], font: str = "Helvetica", hang: float | None = None):
    """Lines of one paragraph; with `hang`, the lines after the first start there."""
    return [(x if i == 0 or hang is None else hang, top + i * PITCH, text, font) for i, text in enumerate(lines)]


def _records(data: bytes):
    ex = extract_records(read_pdf(data, "pdfium"), "p" * 16, "drawn.pdf", None)
    return [(r.number, r.text) for r in ex.recommendations]


def test_italic_paragraphs_are_the_recommendations_among_roman_conclusions():
    """The summary sets recommendations in italic; a roman conclusion that says 'should' is still
    a conclusion, an italic one without it still a recommendation."""
    page = [(72, 72, "Summary of conclusions and recommendations", "Helvetica-Bold")]
    page += _paragraph(72, 110, ["1. Operators told us that timetables should be simpler and that",
                                 "fares are too high for young people. (Paragraph 12)"])
    page += _paragraph(72, 160, ["2. The Combined Authority should publish a single timetable for",
                                 "every route by the end of 2024. (Paragraph 15)"], "Helvetica-Oblique")
    page += _paragraph(72, 210, ["3. Ridership has recovered to nine tenths of its level before",
                                 "the pandemic. (Paragraph 20)"])
    page += _paragraph(72, 260, ["4. A capped fare for under-22s, funded for three years, is the",
                                 "change most likely to grow ridership. (Paragraph 24)"], "Helvetica-Oblique")
    page += _paragraph(72, 310, ["5. Bus stops in rural areas should show the times of the next",
                                 "three departures. (Paragraph 31)"], "Helvetica-Oblique")
    page.append((72, 370, "Appendix 1: Witnesses", "Helvetica-Bold"))
    assert _records(_pdf(page)) == [
        ("2", "The Combined Authority should publish a single timetable for every route by the end of "
              "2024. (Paragraph 15)"),
        ("4", "A capped fare for under-22s, funded for three years, is the change most likely to grow "
              "ridership. (Paragraph 24)"),
        ("5", "Bus stops in rural areas should show the times of the next three departures. (Paragraph 31)")]


def test_a_paragraph_belongs_to_the_item_it_stands_under():
    """A note indented under a sub-item's text is part of it; one set back to its parent's text
    belongs to the parent (a stem, not a record)."""
    page = [(72, 72, "The Recommendations", "Helvetica-Bold")]
    page += _paragraph(72, 100, ["1. Flood resilience"])
    page += _paragraph(100, 120, ["(a) Drainage"])
    page += _paragraph(130, 140, ["(i) Gullies on main roads should be cleared twice a",
                                  "year."], hang=160)
    page += _paragraph(160, 175, ["Progress will be shown by fewer reports of blocked gullies."])
    page += _paragraph(130, 200, ["(ii) The Council should map every culvert by 2025."], hang=160)
    page += _paragraph(130, 225, ["Success will be measured by the number of properties flooded",
                                  "each winter."])
    page += _paragraph(100, 265, ["(b) Sandbags should be stored in every parish."], hang=130)
    page.append((72, 300, "Appendix A: Data", "Helvetica-Bold"))
    assert _records(_pdf(page)) == [
        ("1a(i)", "Gullies on main roads should be cleared twice a year. Progress will be shown by fewer "
                  "reports of blocked gullies."),
        ("1a(ii)", "The Council should map every culvert by 2025."),
        ("1b", "Sandbags should be stored in every parish.")]


def test_recommendation_headings_at_the_top_of_pages_are_not_running_headers():
    """'Recommendation N' opening several pages at the same height is content; the report's name
    at the top of every page and a footer whose number advances with the page are furniture."""
    pages = []
    for page_number, numbers in enumerate(([1, 2], [3], [4, 5], [6]), start=1):
        lines = [(72, 40, "Response to the Review of Coastal Paths", "Helvetica"),
                 (300, 800, f"Coastal paths {page_number + 30}", "Helvetica")]
        top = 80
        if page_number == 1:
            lines.append((72, top, "Council response to the coastal paths review", "Helvetica-Bold"))
            top += 60
        for n in numbers:
            lines.append((72, top, f"Recommendation {n}", "Helvetica-Bold"))
            lines += _paragraph(72, top + 30, [f"The Council should waymark coastal path section {n}."])
            lines += _paragraph(72, top + 70, ["Accepted. Waymarking will be done by the rangers."])
            top += 150
        pages.append(lines)
    doc = read_pdf(_pdf(*pages), "pdfium")
    assert "Coastal paths" not in doc.text and "Review of Coastal Paths" not in doc.text
    ex = extract_records(doc, "p" * 16, "drawn.pdf", None)
    assert [(r.number, r.text) for r in ex.recommendations] == [
        (str(n), f"The Council should waymark coastal path section {n}.") for n in range(1, 7)]
    assert [r.text for r in ex.responses] == ["Accepted. Waymarking will be done by the rangers."] * 6


def test_list_read_as_a_table_of_markers_and_text_keeps_its_numbering():
    """Markers set in a column of their own (the layout reads a two-column table): the items keep
    their markers and nesting, a title row heads its sub-items, and the note under an item's
    text stays with it."""
    page = [(72, 72, "The Recommendations", "Helvetica-Bold"), (72, 100, "7. Safe transfusion", "Helvetica-Bold")]
    rows = [(90, 125, "(a)", 130, ["Every hospital should report transfusion errors to the", "board monthly."]),
            (90, 165, "(b)", 130, ["Recording outcomes"]),
            (130, 190, "(i)", 170, ["A register of transfusion outcomes should be kept by", "each trust."]),
            (None, 225, "", 170, ["Success will be shown by fewer repeat transfusions."]),
            (130, 250, "(ii)", 170, ["The register should be funded nationally."])]
    for marker_x, top, marker, text_x, lines in rows:
        if marker:
            page.append((marker_x, top, marker, "Helvetica"))
        page += _paragraph(text_x, top, lines)
    page.append((72, 300, "Appendix B: Glossary", "Helvetica-Bold"))
    assert _records(_pdf(page)) == [
        ("7a", "Every hospital should report transfusion errors to the board monthly."),
        ("7b(i)", "A register of transfusion outcomes should be kept by each trust. Success will be shown "
                  "by fewer repeat transfusions."),
        ("7b(ii)", "The register should be funded nationally.")]
