"""Front-sheet lines of one council's template are furniture in papers on that template only.
Bug: 'Equality and Diversity', 'Community Cohesion', 'Council Function' and the call-in panel's
lines were dropped from every council's papers, so another council's section headings vanished."""
from __future__ import annotations

from extractors.text_reader import read_text

from paper import HERE


def _lines(name: str) -> list[str]:
    return [line.text for line in read_text((HERE / name).read_bytes()).lines()]


def test_headings_of_another_councils_paper_are_kept():
    assert _lines("furniture_headings_in_another_template.txt") == [
        "Bury Council", "Cabinet", "10 March 2021", "Library opening hours", "Recommendations",
        "Cabinet is asked to approve the new opening hours set out in Appendix 1.",
        "Equality and Diversity",
        "An equality impact assessment found no adverse impact on any protected group.",
        "Community Cohesion",
        "Longer weekend opening will support community groups that meet in libraries."]


def test_a_paper_on_the_template_loses_its_front_sheet_lines():
    assert _lines("furniture_front_sheet_template.txt") == [
        "Report of the Director of City Development", "Report to Executive Board", "Date: 16 June 2010",
        "Subject: Markets strategy", "The strategy has been screened for its effect on equality."]
