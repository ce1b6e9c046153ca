"""The period grammar: (start, end, precision) for every form in DOMAIN.md and its kind, and no
part of any date ever taken from today."""
from __future__ import annotations

from datetime import date

import pytest

from extractors.periods import _RULES, _has, find_periods, parse_period

REF = date(2009, 4, 1)  # the paper's own date, for relative phrases
D = date

# phrase, expected (start, end, precision) or None for "no date", "missing" for no period at all
TABLE = [
    ("1st April 2009", (D(2009, 4, 1), D(2009, 4, 1), "day")),
    ("5 th September 2007", (D(2007, 9, 5), D(2007, 9, 5), "day")),
    ("25.03.2010", (D(2010, 3, 25), D(2010, 3, 25), "day")),
    ("25/03/2010", (D(2010, 3, 25), D(2010, 3, 25), "day")),
    ("3/4/09", (D(2009, 4, 3), D(2009, 4, 3), "day")),
    ("2010-03-25", (D(2010, 3, 25), D(2010, 3, 25), "day")),
    ("22nd October 2006", (D(2006, 10, 22), D(2006, 10, 22), "day")),
    ("3rd October 2007", (D(2007, 10, 3), D(2007, 10, 3), "day")),
    ("31 Dec 2008", (D(2008, 12, 31), D(2008, 12, 31), "day")),
    ("1 Sept 2009", (D(2009, 9, 1), D(2009, 9, 1), "day")),
    ("September 5, 2007", (D(2007, 9, 5), D(2007, 9, 5), "day")),
    ("Tuesday 5 September 2007", (D(2007, 9, 5), D(2007, 9, 5), "day")),
    ("on 14 June 2007", (D(2007, 6, 14), D(2007, 6, 14), "day")),
    ("the 2nd of February 2010", (D(2010, 2, 2), D(2010, 2, 2), "day")),
    ("end of March 2009", (D(2009, 3, 31), D(2009, 3, 31), "day")),
    ("by the end of March 2010", (D(2010, 3, 31), D(2010, 3, 31), "day")),
    ("end of 2009", (D(2009, 12, 31), D(2009, 12, 31), "day")),
    ("March 2010", (D(2010, 3, 1), D(2010, 3, 31), "month")),
    ("March 2010 update", (D(2010, 3, 1), D(2010, 3, 31), "month")),
    ("Update on Latest Position/Activity May 2009", (D(2009, 5, 1), D(2009, 5, 31), "month")),
    ("Position at January 2012", (D(2012, 1, 1), D(2012, 1, 31), "month")),
    ("By December 2007", (D(2007, 12, 1), D(2007, 12, 31), "month")),
    ("by November 2007", (D(2007, 11, 1), D(2007, 11, 30), "month")),
    ("February 2008", (D(2008, 2, 1), D(2008, 2, 29), "month")),
    ("February 2009", (D(2009, 2, 1), D(2009, 2, 28), "month")),
    ("August '09", (D(2009, 8, 1), D(2009, 8, 31), "month")),
    ("Sept 2009", (D(2009, 9, 1), D(2009, 9, 30), "month")),
    ("Dec. 2007", (D(2007, 12, 1), D(2007, 12, 31), "month")),
    ("June 1999", (D(1999, 6, 1), D(1999, 6, 30), "month")),
    ("Approved by Executive Board April 2009", (D(2009, 4, 1), D(2009, 4, 30), "month")),
    ("October – December 2007", (D(2007, 10, 1), D(2007, 12, 31), "month")),
    ("October - December 2007", (D(2007, 10, 1), D(2007, 12, 31), "month")),
    ("October to December 2007", (D(2007, 10, 1), D(2007, 12, 31), "month")),
    ("November 2006 – January 2007", (D(2006, 11, 1), D(2007, 1, 31), "month")),
    ("November – January 2008", (D(2007, 11, 1), D(2008, 1, 31), "month")),
    ("June – November 2006", (D(2006, 6, 1), D(2006, 11, 30), "month")),
    ("Spring 2008", (D(2008, 3, 1), D(2008, 5, 31), "season")),
    ("spring 2008", (D(2008, 3, 1), D(2008, 5, 31), "season")),
    ("summer 2009", (D(2009, 6, 1), D(2009, 8, 31), "season")),
    ("the summer of 2009", (D(2009, 6, 1), D(2009, 8, 31), "season")),
    ("autumn 2007", (D(2007, 9, 1), D(2007, 11, 30), "season")),
    ("Autumn 2010", (D(2010, 9, 1), D(2010, 11, 30), "season")),
    ("winter 2008", (D(2008, 12, 1), D(2009, 2, 28), "season")),
    ("Winter 2011", (D(2011, 12, 1), D(2012, 2, 29), "season")),
    ("summer 2009 term", (D(2009, 4, 1), D(2009, 7, 31), "season")),
    ("autumn term 2008", (D(2008, 9, 1), D(2008, 12, 31), "season")),
    ("spring term 2010", (D(2010, 1, 1), D(2010, 4, 30), "season")),
    ("the summer term 2008", (D(2008, 4, 1), D(2008, 7, 31), "season")),
    ("Q2 2008", (D(2008, 4, 1), D(2008, 6, 30), "quarter")),
    ("Q1 2009", (D(2009, 1, 1), D(2009, 3, 31), "quarter")),
    ("Q4 2010", (D(2010, 10, 1), D(2010, 12, 31), "quarter")),
    ("quarter 3 2009", (D(2009, 7, 1), D(2009, 9, 30), "quarter")),
    ("Quarter two 2008", (D(2008, 4, 1), D(2008, 6, 30), "quarter")),
    ("Q3 2024/25", (D(2024, 10, 1), D(2024, 12, 31), "quarter")),
    ("Q1 2019/20", (D(2019, 4, 1), D(2019, 6, 30), "quarter")),
    ("Q4 2008/09", (D(2009, 1, 1), D(2009, 3, 31), "quarter")),
    ("2009/10", (D(2009, 4, 1), D(2010, 3, 31), "year")),
    ("2008-09", (D(2008, 4, 1), D(2009, 3, 31), "year")),
    ("2008/09", (D(2008, 4, 1), D(2009, 3, 31), "year")),
    ("2009/2010", (D(2009, 4, 1), D(2010, 3, 31), "year")),
    ("2006/07 Audit and Inspection Plan", (D(2006, 4, 1), D(2007, 3, 31), "year")),
    ("1999/00", (D(1999, 4, 1), D(2000, 3, 31), "year")),
    ("2006-09", (D(2006, 4, 1), D(2009, 3, 31), "year")),
    ("2008-2011", (D(2008, 1, 1), D(2011, 12, 31), "year")),
    ("2008 – 2011", (D(2008, 1, 1), D(2011, 12, 31), "year")),
    ("Plan 2006-2009", (D(2006, 1, 1), D(2009, 12, 31), "year")),
    ("in 2008", (D(2008, 1, 1), D(2008, 12, 31), "year")),
    ("during 2010", (D(2010, 1, 1), D(2010, 12, 31), "year")),
    ("next month", (D(2009, 5, 1), D(2009, 5, 31), "month")),
    ("this month", (D(2009, 4, 1), D(2009, 4, 30), "month")),
    ("last month", (D(2009, 3, 1), D(2009, 3, 31), "month")),
    ("next year", (D(2010, 1, 1), D(2010, 12, 31), "year")),
    ("the following year", (D(2010, 1, 1), D(2010, 12, 31), "year")),
    ("by the end of the year", (D(2009, 12, 31), D(2009, 12, 31), "day")),
    ("end of the month", (D(2009, 4, 30), D(2009, 4, 30), "day")),
    ("by the end of the financial year", (D(2010, 3, 31), D(2010, 3, 31), "day")),
    ("next financial year", (D(2010, 4, 1), D(2011, 3, 31), "year")),
    ("Ongoing", None),
    ("ongoing", None),
    ("On-going", None),
    ("Implemented", None),
    ("TBC", None),
    ("To be confirmed", None),
    ("Complete", None),
    ("Immediate", None),
    ("September", "missing"),
    ("the 5th", "missing"),
    ("later this year", (D(2009, 1, 1), D(2009, 12, 31), "year")),
]


@pytest.mark.parametrize("phrase, expected", TABLE, ids=[p for p, _ in TABLE])
def test_period_table(phrase, expected):
    period = parse_period(phrase, REF)
    if expected == "missing":
        assert period is None
    elif expected is None:
        assert period is not None and period.start is None and period.end is None
    else:
        assert period is not None
        assert (period.start, period.end, period.precision.value) == expected


def test_table_has_at_least_eighty_phrases():
    assert len(TABLE) >= 80


@pytest.mark.parametrize("phrase", [p for p, _ in TABLE] + ["Q2 2008/09", "end of March 2009", "Autumn 2008 term"])
def test_a_rule_finds_periods_only_where_the_text_has_what_it_needs(phrase):
    """find_periods skips a rule on a text without what the rule says it needs; so no rule may
    find a period in a text without it."""
    for pattern, builder, needs in _RULES:
        for ref in (REF, None):
            found = [m for m in pattern.finditer(phrase) if builder(m, ref) is not None]
            assert not found or needs <= _has(phrase, ref), (pattern.pattern, phrase, ref)


@pytest.mark.parametrize("phrase", ["next month", "this year", "by the end of the year", "next financial year"])
def test_relative_phrases_without_the_papers_date_give_nothing(phrase):
    assert parse_period(phrase, None) is None


@pytest.mark.parametrize("phrase", ["5 September", "September", "12/03", "the 21st", "Monday"])
def test_nothing_is_filled_in_from_today(phrase):
    period = parse_period(phrase, None)
    assert period is None or period.start is None


def test_find_periods_reads_a_responsibility_cell_left_to_right():
    periods = find_periods("Barbara Newton & Adam Hewitt – October 2007 By December 2007 Spring 2008")
    assert [(p.raw, p.end) for p in periods] == [
        ("October 2007", D(2007, 10, 31)), ("December 2007", D(2007, 12, 31)), ("Spring 2008", D(2008, 5, 31))]


def test_iso_forms():
    assert parse_period("September 2009").iso == "2009-09"
    assert parse_period("1st April 2009").iso == "2009-04-01"
    assert parse_period("Spring 2008").iso == "2008-03-01/2008-05-31"
