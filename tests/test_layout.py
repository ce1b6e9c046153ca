"""The layout model on small hand-made documents: tables, furniture, page-spanning tables,
markup in cells, HTML, and the character map back to pages."""
from __future__ import annotations

from extractors.assembly import assemble
from extractors.layout import Box, PageInfo, Paragraph, RawLine, RawParagraph, RawTable, Table
from extractors.text_reader import read_html, read_text
from schemas.vocab import SourceFormat


def _tables(doc):
    return list(doc.tables())


def test_tab_rows_form_one_table_with_header_and_empty_number_column():
    doc = read_text(b"Intro line\n\n\tRecommendation\tStage\tComplete\n"
                    b"1\tDo the thing\tGreen\t\xe2\x9c\x93\n\tMore about it\t\t\n\nAfter.\n")
    (table,) = _tables(doc)
    assert table.header.texts == ("", "Recommendation", "Stage", "Complete")
    assert [r.texts for r in table.body_rows] == [("1", "Do the thing", "Green", "✓"),
                                                  ("", "More about it", "", "")]
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["Intro line", "After."]


def test_furniture_dropped_but_bullets_numbers_and_headings_kept():
    doc = read_text("Public Document Pack\n\nAgenda Item 7\n\n3 Findings\n\n3.1 The first point.\n\n"
                    "• a bullet\n\nThis page is intentionally left blank\n\nPage 4\n\n"
                    "3 Findings (continued)\n\n- another bullet\n".encode())
    lines = [line.text for line in doc.lines()]
    assert lines == ["3 Findings", "3.1 The first point.", "• a bullet", "- another bullet"]


def test_markup_in_cells_becomes_lines_and_checkboxes_vanish():
    doc = read_text(b'\tRecommendation\tStage\n2\t<p><u>May 2009 update</u> Work began.</p>'
                    b'<ul> \xe2\x80\xa2 first \xe2\x80\xa2 second</ul><p><i>Done &amp; dusted</i></p>\t'
                    b'<input checked type="checkbox"/> Red\n')
    (table,) = _tables(doc)
    cell = table.body_rows[0].cells[1].text
    assert cell.split("\n") == ["May 2009 update Work began.", "• first", "• second", "Done & dusted"]
    assert table.body_rows[0].cells[2].text == "Red"


def test_table_repeated_after_a_break_is_one_table_without_repeated_legend_or_header():
    text = ("*** High ** Medium\t\t* Low\n\tRecommendation\tPriority\n1\tFirst\t**\n\n\n\n"
            "Page 2\n\n*** High **\tMedium\t* Low\n\tRecommendation\tPriority\n2\tSecond\t*\n"
            "\t\tcontinued text\n")
    (table,) = _tables(read_text(text.encode()))
    assert table.header_index == 1
    assert [r.texts[0] for r in table.body_rows] == ["1", "2", ""]
    assert len(table.legend_rows) == 1


def test_pdf_tables_joined_across_a_page_break_when_one_ends_and_the_next_starts_a_page():
    def cell(text, page):
        return RawLine(text, page, Box(0, 0, 1, 1))
    first = RawTable([[cell("No", 1), cell("Recommendation", 1)], [cell("1", 1), cell("Alpha", 1)]],
                     ends_page=True)
    second = RawTable([[cell("2", 2), cell("Beta", 2)]], starts_page=True)
    footer = RawParagraph([RawLine("Page 1", 1, Box(0, 800, 50, 810))])
    doc = assemble([first, footer, second], [PageInfo(1, True), PageInfo(2, True)], SourceFormat.PDF)
    (table,) = _tables(doc)
    assert [r.texts for r in table.body_rows] == [("1", "Alpha"), ("2", "Beta")]
    assert (table.page_start, table.page_end) == (1, 2)


def test_pdf_tables_on_one_page_stay_apart():
    def cell(text):
        return RawLine(text, 1, None)
    a = RawTable([[cell("Name"), cell("Role")], [cell("Ann Lee"), cell("Chair")]])
    b = RawTable([[cell("Date"), cell("Item")], [cell("1 May"), cell("Budget")]])
    doc = assemble([a, RawParagraph([RawLine("Between", 1)]), b], [PageInfo(1, True)], SourceFormat.PDF)
    assert len(_tables(doc)) == 2


def test_every_line_and_cell_maps_back_to_its_text_and_page():
    doc = read_text("First page line\n\tA\tB\n1\tx\ty\n\fSecond page line\n".encode())
    for line in doc.lines():
        assert doc.text[line.char_start:line.char_end] == line.text
        assert doc.page_at(line.char_start) == line.page_number
    for table in doc.tables():
        for row in table.rows:
            for c in row.cells:
                assert doc.text[c.char_start:c.char_end] == c.text
    assert doc.page_count == 2
    assert [line.page_number for line in doc.lines()] == [1, 2]


def test_html_tables_paragraphs_and_page_breaks():
    doc = read_html(b"<html><head><title>T</title></head><body><h2>Heading</h2><p>Para one.</p>"
                    b"<table border=1><tr><th>Recommendation</th><th>Status</th></tr>"
                    b"<tr><td><p>Do it</p><p>Update: soon</p></td><td>Amber</td></tr></table>"
                    b"<p style='page-break-before: always'>Next page.</p></body></html>")
    (table,) = _tables(doc)
    assert table.body_rows[0].texts == ("Do it\nUpdate: soon", "Amber")
    assert [(line.text, line.page_number) for line in doc.lines()] == [
        ("Heading", 1), ("Para one.", 1), ("Next page.", 2)]
    assert doc.pdf_title == "T"


def test_text_cleaning_ligatures_quotes_spaces_and_footnote_marks():
    doc = read_text("The \ufb01nal \u2018report\u2019  is   here (  draft )\n\n\u00b9 A footnote\n".encode())
    assert [line.text for line in doc.lines()] == ["The final 'report' is here (draft)", "\u00b9 A footnote"]


def test_windows_1252_text_is_read():
    doc = read_text("Director\u2019s Response".encode("cp1252"))
    assert [line.text for line in doc.lines()] == ["Director's Response"]


def test_table_blocks_are_tables_and_paragraphs_are_paragraphs():
    doc = read_text(b"a line\n\tx\ty\n")
    assert [type(b) for b in doc.blocks] == [Paragraph, Table]


def test_pdf_lines_carry_words_with_boxes_in_reading_order():
    from extractors.pdf_reader import read_pdf
    from conftest import RENDITIONS
    doc = read_pdf((RENDITIONS / "001_a5be961fdb6fec4e.pdf").read_bytes())
    lines = list(doc.lines())
    assert sum(1 for line in lines if line.words) / len(lines) > 0.9
    for line in lines:
        if line.words:
            assert " ".join(w.text for w in line.words) == line.text
            xs = [w.box.x0 for w in line.words]
            assert xs == sorted(xs)
            assert all(line.box.x0 - 1 <= w.box.x0 and w.box.x1 <= line.box.x1 + 1 for w in line.words)


def test_call_in_box_is_furniture_in_tables_and_lines():
    doc = read_text(b"Report of the Chief Officer\n\nElectoral Wards Affected:\tSpecific Implications For:\n"
                    b"\tEquality and Diversity\nEligible for Call In\tNot Eligible for Call In (Details contained in the report)\n"
                    b"\nCouncil Function\t<input checked type=\"checkbox\"/>\tDelegated Executive Function available for Call In\n"
                    b"\nSummary of main issues\n\n\tRecommendation\tStatus\n1\tKeep the library open\tGreen\n")
    assert [line.text for line in doc.lines()] == ["Report of the Chief Officer", "Summary of main issues"]
    (table,) = _tables(doc)
    assert [r.texts for r in table.rows] == [("", "Recommendation", "Status"), ("1", "Keep the library open", "Green")]
