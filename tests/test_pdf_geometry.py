"""The PDFium layout path on small PDFs drawn in the test (reportlab): paragraphs from the page's
own line pitch, columns, hanging indents, drop caps, hyphenation, borderless tables (wrapped
cells, over a page break), and ruled grids read from path objects. Each asserts exact text."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors.layout import Paragraph, Table
from extractors.pdf_reader import read_pdf

WIDTH, HEIGHT = A4


class Page:
    """Draw lines of text at (x, y-from-top) with a font and size; one call per line."""

    def __init__(self, pdf: canvas.Canvas) -> None:
        self.pdf = pdf

    def text(self, x: float, top: float, text: str, size: float = 11, bold: bool = False) -> None:
        self.pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        self.pdf.drawString(x, HEIGHT - top, text)

    def rule(self, x0: float, top: float, x1: float, bottom: float) -> None:
        self.pdf.line(x0, HEIGHT - top, x1, HEIGHT - bottom)


def make_pdf(*pages) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for draw in pages:
        draw(Page(pdf))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def paragraphs(data: bytes) -> list[str]:
    doc = read_pdf(data, "pdfium")
    return [" ".join(line.text for line in b.lines) for b in doc.blocks if isinstance(b, Paragraph)]


def tables(data: bytes) -> list[list[tuple[str, ...]]]:
    doc = read_pdf(data, "pdfium")
    return [[row.texts for row in b.rows] for b in doc.blocks if isinstance(b, Table)]


def _lines(page: Page, x: float, top: float, lines: list[str], pitch: float, **style) -> float:
    for line in lines:
        page.text(x, top, line, **style)
        top += pitch
    return top


def test_wide_line_pitch_keeps_a_wrapped_sentence_in_one_paragraph():
    """1.9 × the type size between lines, 3.2 × between paragraphs: the page's own pitch decides."""
    def draw(p):
        top = _lines(p, 72, 100, ["That the Director of Children's Services produces clear guidelines",
                                  "which support partners to manage existing and future jointly",
                                  "funded activities, projects or teams."], 21)
        _lines(p, 72, top + 14, ["That the Executive Board notes the progress made by the service",
                                 "and asks for a further report in six months."], 21)
    assert paragraphs(make_pdf(draw)) == [
        "That the Director of Children's Services produces clear guidelines which support partners "
        "to manage existing and future jointly funded activities, projects or teams.",
        "That the Executive Board notes the progress made by the service and asks for a further "
        "report in six months."]


def test_heading_in_larger_bold_type_stands_apart_and_short_last_line_ends_a_paragraph():
    def draw(p):
        p.text(72, 90, "Recommendations", size=14, bold=True)
        _lines(p, 72, 110, ["The Council should publish its plan by March 2026 and report on it",
                            "every year."], 14)
        _lines(p, 72, 138, ["Officers should consult parish councils before each review of the",
                            "plan takes place."], 14)
    assert paragraphs(make_pdf(draw)) == [
        "Recommendations",
        "The Council should publish its plan by March 2026 and report on it every year.",
        "Officers should consult parish councils before each review of the plan takes place."]


def test_two_columns_are_read_column_by_column():
    left = ["The first column opens the report and", "runs down the left half of the page",
            "until it reaches the foot of the page", "where the reader turns to the right."] * 2
    right = ["The second column continues the text", "on the right half of the page and it",
             "ends with the closing words of the", "report, after which nothing follows."] * 2
    def draw(p):
        _lines(p, 50, 100, left, 14)
        _lines(p, 310, 100, right, 14)
    assert paragraphs(make_pdf(draw)) == [" ".join(left), " ".join(right)]


def test_numbered_items_with_hanging_indent_are_one_paragraph_each():
    def draw(p):
        p.text(72, 100, "1.")
        _lines(p, 96, 100, ["The Cabinet is asked to agree the revised", "commissioning plan."], 14)
        p.text(72, 128, "2.")
        _lines(p, 96, 128, ["The Cabinet is asked to note the consultation", "responses."], 14)
    assert paragraphs(make_pdf(draw)) == [
        "1. The Cabinet is asked to agree the revised commissioning plan.",
        "2. The Cabinet is asked to note the consultation responses."]


def test_drop_cap_is_rejoined_to_its_word_and_hyphenated_line_ends_are_joined():
    def draw(p):
        p.text(72, 114, "T", size=30)
        _lines(p, 96, 100, ["he Committee welcomed the report and made recom-",
                            "mendations to the Cabinet about the service."], 14)
    assert paragraphs(make_pdf(draw)) == [
        "The Committee welcomed the report and made recommendations to the Cabinet about the service."]


ACTION_PLAN = [("No", "Recommendation", "Lead officer", "Target", "Status"),
               ("1", "Publish a carers' strategy with", "Head of Adult", "March 2026", "Amber"),
               ("", "the NHS and partners", "Services", "", ""),
               ("2", "Review respite provision in", "Director of Public", "June 2026", "Green"),
               ("", "each locality", "Health", "", "")]
COLUMNS = (50, 80, 260, 380, 470)




def test_borderless_action_plan_gives_one_table_with_wrapped_cells_kept_whole():
    def draw(p):
        p.text(50, 80, "Appendix A: Action plan", size=13, bold=True)
        top = 110
        p.text(COLUMNS[0], top, "No", bold=True)
        for x, text in zip(COLUMNS[1:], ACTION_PLAN[0][1:]):
            p.text(x, top, text, bold=True)
        top += 22
        for first, second in (ACTION_PLAN[1:3], ACTION_PLAN[3:5]):
            for x, text in zip(COLUMNS, first):
                p.text(x, top, text)
            for x, text in zip(COLUMNS, second):
                if text:
                    p.text(x, top + 13, text)
            top += 13 + 22
    assert tables(make_pdf(draw)) == [[
        ("No", "Recommendation", "Lead officer", "Target", "Status"),
        ("1", "Publish a carers' strategy with the NHS and partners", "Head of Adult Services", "March 2026", "Amber"),
        ("2", "Review respite provision in each locality", "Director of Public Health", "June 2026", "Green")]]


def test_borderless_table_over_a_page_break_is_joined_without_its_repeated_header():
    header = ("Ref", "Action", "Owner")
    xs = (50, 110, 400)
    def part(rows):
        def draw(p):
            top = 100
            for x, text in zip(xs, header):
                p.text(x, top, text, bold=True)
            top += 22
            for row in rows:
                for x, text in zip(xs, row):
                    p.text(x, top, text)
                top += 22
        return draw
    data = make_pdf(part([("R1", "Agree the budget monitoring timetable", "Treasurer"),
                          ("R2", "Train members on the new code", "Monitoring Officer")]),
                    part([("R3", "Publish the register of interests", "Clerk")]))
    assert tables(data) == [[("Ref", "Action", "Owner"),
                             ("R1", "Agree the budget monitoring timetable", "Treasurer"),
                             ("R2", "Train members on the new code", "Monitoring Officer"),
                             ("R3", "Publish the register of interests", "Clerk")]]


def test_ruled_grid_is_read_from_path_objects_with_cell_text_in_one_pass():
    rows = [("Recommendation", "Response"), ("Adopt the plan", "Accepted"), ("Fund two posts", "Rejected")]
    def draw(p):
        tops = [100, 125, 150, 175]
        for y in tops:
            p.rule(50, y, 450, y)
        for x in (50, 250, 450):
            p.rule(x, 100, x, 175)
        for row, y in zip(rows, tops):
            p.text(56, y + 16, row[0])
            p.text(256, y + 16, row[1])
    assert tables(make_pdf(draw)) == [rows]
