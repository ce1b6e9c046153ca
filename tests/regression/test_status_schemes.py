"""Status schemes chosen by evidence, never first match across councils: the paper's own key wins;
numbered categories of one council apply only with that council's wording or key; otherwise the
words of the stage decide. Bugs: '1 - Completed' came out stopped and '3 Complete' obstacle (the
Leeds categories were tried first in every paper); a colour key in one sentence ('green means
complete, amber …, red means not started') gave green the meaning of red."""
from __future__ import annotations

import re

from extractors.stages import CategoryEntry, CategoryScheme, choose_category
from schemas.vocab import Status

from paper import extract


def _stages(name: str):
    return [(r.number, r.stage_raw, r.stage_code, r.status) for r in extract(name).recommendations
            if r.stage_raw is not None]


def test_the_papers_own_numbered_key_wins():
    assert _stages("status_own_numbered_key.txt") == [
        ("1", "1 - Completed", "1", Status.ACHIEVED),
        ("2", "2 - In progress", "2", Status.IN_PROGRESS),
        ("3", "3 - Not started", "3", Status.BEHIND)]


def test_numbers_without_a_key_keep_their_code_and_their_words_decide():
    assert _stages("status_numbers_without_key.txt") == [
        ("1", "3 Complete", "3", Status.ACHIEVED),
        ("2", "2 Ongoing", "2", Status.IN_PROGRESS),
        ("3", "Not yet started", "not_achieved", Status.BEHIND)]


def test_bare_category_numbers_read_by_the_category_key_the_paper_prints():
    assert _stages("status_category_key.txt") == [
        ("1", "1", "1", Status.STOPPED),
        ("2", "4", "4", Status.IN_PROGRESS)]


def test_colour_key_in_one_sentence_gives_each_colour_its_own_meaning():
    assert _stages("status_colour_key_in_a_sentence.txt") == [
        ("1", "Green", "green", Status.ACHIEVED),
        ("2", "Amber", "amber", Status.IN_PROGRESS),
        ("3", "Red", "red", Status.BEHIND)]


def test_bare_category_numbers_need_the_council_whose_scheme_it_is():
    assert _stages("status_bare_numbers_in_a_council_with_categories.txt") == [
        ("1", "2", "2", Status.ACHIEVED), ("2", "5", "5", Status.BEHIND)]
    assert _stages("status_bare_numbers_elsewhere.txt") == [
        ("1", "2", "2", Status.UNKNOWN), ("2", "5", "5", Status.UNKNOWN)]


def test_a_scheme_scoped_to_a_header_wording_applies_under_that_header_only():
    scheme = CategoryScheme("assurance_levels", frozenset(), (re.compile(r"assurance\s+level", re.I),), (
        CategoryEntry("1", re.compile("substantial"), "1", Status.ACHIEVED),
        CategoryEntry("2", re.compile("limited"), "2", Status.BEHIND)))
    assert choose_category("", None, [("1", "Assurance level")], (scheme,)) is scheme
    assert choose_category("", None, [("1", "Status")], (scheme,)) is None
