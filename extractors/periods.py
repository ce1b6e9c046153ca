"""Dates and periods as council papers write them → (start, end, precision, raw).

"1st April 2009", "5 th September 2007", "25.03.2010", "March 2010", "By December 2007",
"October – December 2007", "2008-2011", "Spring 2008", "summer 2009 term", "Q2 2008",
"2009/10" (financial year, April to March), "end of March 2009", "August '09", "next month"
(against the paper's own date), "Ongoing" / "TBC" (a period with no dates).

Nothing is ever taken from today: a phrase without a year, or a relative phrase without a
reference date, gives no period. dateparser handles the explicit dates the grammar does not,
with every part required.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from schemas.vocab import Precision

MONTHS = {name: i for i, names in enumerate((
    (), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"))) for name in names}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?:(?:19|20)\d{2}|'\d{2}|’\d{2})"
_DASH = r"\s*(?:-|–|—|to|until)\s*"
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
TERMS = {"autumn": (9, 12), "spring": (1, 4), "summer": (4, 7)}  # school terms
NO_DATE_WORDS = r"ongoing|on-going|continuous|implemented|complete[d]?|tbc|tba|to be confirmed|n/?a|immediate(?:ly)?|as required|annually"


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None
    precision: Precision | None
    raw: str
    char_start: int = 0
    char_end: int = 0

    @property
    def iso(self) -> str | None:
        """Canonical form: '2009-09' for a month, 'start/end' for longer spans, a day as is."""
        if self.start is None or self.end is None:
            return None
        if self.precision is Precision.DAY and self.start == self.end:
            return self.start.isoformat()
        if self.precision is Precision.MONTH and (self.start.year, self.start.month) == (self.end.year, self.end.month):
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


def _year(text: str) -> int:
    text = text.strip().lstrip("'’")
    value = int(text)
    return value + (2000 if value < 50 else 1900) if value < 100 else value


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_span(y1: int, m1: int, y2: int, m2: int, raw: str, precision=Precision.MONTH) -> Period:
    return Period(date(y1, m1, 1), _month_end(y2, m2), precision, raw)


def _add_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def _day(text: str, y: int, m: int, d: int) -> Period | None:
    try:
        when = date(y, m, d)
    except ValueError:
        return None
    return Period(when, when, Precision.DAY, text)


# Each rule: (compiled pattern, builder(match, ref) -> Period | None, what it needs). Order
# matters: longer first.
_RULES: list[tuple[re.Pattern[str], object, frozenset[str]]] = []
_DIGIT = re.compile(r"\d")
_MONTH_NAME = re.compile(rf"\b{_MONTH}", re.I)


def _rule(pattern: str, needs: tuple[str, ...] = ("digit",)):
    """A rule, and what every period it finds needs: a digit in the text, a month's name (as the
    pattern writes it, after a word boundary), a reference date (the builder gives nothing
    without one). A text without one of them is not searched with the rule: most paragraphs
    name no date, and each search reads the whole text."""
    def register(builder):
        _RULES.append((re.compile(pattern, re.I), builder, frozenset(needs)))
        return builder
    return register


def _has(text: str, ref: date | None) -> set[str]:
    has = {"ref"} if ref is not None else set()
    if _DIGIT.search(text):
        has.add("digit")
        if _MONTH_NAME.search(text):
            has.add("month")
    return has


@_rule(rf"\b(?P<d>\d{{1,2}})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b", needs=("digit", "month"))
def _day_month_year(m, ref):
    return _day(m.group(), _year(m["y"]), MONTHS[m["m"].lower().rstrip(".")], int(m["d"]))


@_rule(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,\s*(?P<y>{_YEAR})\b", needs=("digit", "month"))
def _month_day_year(m, ref):
    return _day(m.group(), _year(m["y"]), MONTHS[m["m"].lower().rstrip(".")], int(m["d"]))


@_rule(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")
def _iso_day(m, ref):
    return _day(m.group(), int(m["y"]), int(m["m"]), int(m["d"]))


@_rule(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>(?:19|20)?\d{2})\b")
def _numeric_day(m, ref):
    return _day(m.group(), _year(m["y"]), int(m["m"]), int(m["d"]))  # UK order: day first


@_rule(rf"\bend\s+of\s+(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b", needs=("digit", "month"))
def _end_of_month(m, ref):
    end = _month_end(_year(m["y"]), MONTHS[m["m"].lower().rstrip(".")])
    return Period(end, end, Precision.DAY, m.group())


@_rule(rf"\b(?P<m1>{_MONTH})\s*(?P<y1>{_YEAR})?{_DASH}(?P<m2>{_MONTH})\s+(?P<y2>{_YEAR})\b", needs=("digit", "month"))
def _month_range(m, ref):
    y2 = _year(m["y2"])
    m1, m2 = MONTHS[m["m1"].lower().rstrip(".")], MONTHS[m["m2"].lower().rstrip(".")]
    y1 = _year(m["y1"]) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
    return _month_span(y1, m1, y2, m2, m.group())


@_rule(r"\b(?P<t>autumn|spring|summer)\s+(?:(?P<y>(?:19|20)\d{2})\s+term|term\s+(?P<y2>(?:19|20)\d{2}))\b")
def _school_term(m, ref):
    first, last = TERMS[m["t"].lower()]
    year = int(m["y"] or m["y2"])
    return _month_span(year, first, year, last, m.group(), Precision.SEASON)


@_rule(r"\b(?P<s>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>(?:19|20)\d{2})\b")
def _season(m, ref):
    first, last = SEASONS[m["s"].lower()]
    year = int(m["y"])
    return _month_span(year, first, year + (1 if last < first else 0), last, m.group(), Precision.SEASON)


@_rule(r"\b(?:Q(?P<q>[1-4])|quarter\s+(?P<q2>[1-4]|one|two|three|four))\s*(?P<y1>(?:19|20)\d{2})(?:\s*/\s*(?P<y2>\d{2,4}))?\b")
def _quarter(m, ref):
    words = {"one": 1, "two": 2, "three": 3, "four": 4}
    q = int(m["q"]) if m["q"] else words.get(m["q2"].lower()) or int(m["q2"])
    year = int(m["y1"])
    if m["y2"]:  # a financial-year quarter: Q1 is April to June
        first = _add_months(date(year, 4, 1), 3 * (q - 1))
    else:
        first = date(year, 3 * (q - 1) + 1, 1)
    last = _add_months(first, 2)
    return _month_span(first.year, first.month, last.year, last.month, m.group(), Precision.QUARTER)


@_rule(rf"\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b", needs=("digit", "month"))
def _month_year(m, ref):
    year, month = _year(m["y"]), MONTHS[m["m"].lower().rstrip(".")]
    return _month_span(year, month, year, month, m.group())


@_rule(r"\b(?P<y1>(?:19|20)\d{2})\s*(?P<sep>/|-|–)\s*(?P<y2>(?:19|20)?\d{2})\b(?!\s*(?:-|/)\d)")
def _year_pair(m, ref):
    y1 = int(m["y1"])
    y2 = _year(m["y2"]) if len(m["y2"]) == 2 else int(m["y2"])
    if len(m["y2"]) == 2:
        y2 = (y1 // 100) * 100 + int(m["y2"])
        if y2 < y1:
            y2 += 100
    if y2 <= y1 or y2 - y1 > 15:
        return None
    if m["sep"] == "/" or len(m["y2"]) == 2:  # 2009/10, 2008-09: financial years, April to March
        return Period(date(y1, 4, 1), date(y2, 3, 31), Precision.YEAR, m.group())
    return Period(date(y1, 1, 1), date(y2, 12, 31), Precision.YEAR, m.group())


@_rule(r"\bend\s+of\s+(?P<y>(?:19|20)\d{2})\b")
def _end_of_year(m, ref):
    end = date(int(m["y"]), 12, 31)
    return Period(end, end, Precision.DAY, m.group())


@_rule(r"\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+(?P<u>year|month|financial\s+year)\b", needs=("ref",))
def _end_of_relative(m, ref):
    if ref is None:
        return None
    unit = m["u"].lower()
    if unit == "month":
        end = _month_end(ref.year, ref.month)
    elif unit == "year":
        end = date(ref.year, 12, 31)
    else:
        end = date(ref.year + (1 if ref.month >= 4 else 0), 3, 31)
    return Period(end, end, Precision.DAY, m.group())


@_rule(r"\b(?P<w>next|this|last|following)\s+(?P<u>month|year|financial\s+year)\b", needs=("ref",))
def _relative(m, ref):
    if ref is None:
        return None
    shift = {"next": 1, "following": 1, "this": 0, "last": -1}[m["w"].lower()]
    unit = m["u"].lower()
    if unit == "month":
        first = _add_months(date(ref.year, ref.month, 1), shift)
        return _month_span(first.year, first.month, first.year, first.month, m.group())
    if unit == "year":
        return Period(date(ref.year + shift, 1, 1), date(ref.year + shift, 12, 31), Precision.YEAR, m.group())
    fy = ref.year - (1 if ref.month < 4 else 0) + shift
    return Period(date(fy, 4, 1), date(fy + 1, 3, 31), Precision.YEAR, m.group())


_BARE_YEAR = re.compile(r"\b(?:in|by|during|from|until|for|before|after)?\s*(?P<y>(?:19|20)\d{2})\b", re.I)
_NO_DATE = re.compile(rf"\b(?:{NO_DATE_WORDS})\b", re.I)


def find_periods(text: str, ref: date | None = None, bare_years: bool = False) -> list[Period]:
    """Every period named in `text`, left to right, without overlaps (earlier rules win)."""
    taken: list[tuple[int, int]] = []
    found: list[Period] = []
    has = _has(text, ref)
    for pattern, builder, needs in _RULES:
        if not needs <= has:
            continue
        for match in pattern.finditer(text):
            span = match.span()
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            period = builder(match, ref)  # type: ignore[operator]
            if period is None:
                continue
            taken.append(span)
            found.append(Period(period.start, period.end, period.precision, match.group(), *span))
    if bare_years and "digit" in has:
        for match in _BARE_YEAR.finditer(text):
            span = match.span("y")
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            year = int(match["y"])
            found.append(Period(date(year, 1, 1), date(year, 12, 31), Precision.YEAR, match["y"], *span))
    return sorted(found, key=lambda p: p.char_start)


def parse_period(text: str, ref: date | None = None) -> Period | None:
    """The period a whole phrase names: the first one found, a no-date word, or an explicit date
    dateparser reads with day, month and year all present."""
    periods = find_periods(text, ref, bare_years=True)
    if periods:
        return periods[0]
    if _NO_DATE.search(text):
        return Period(None, None, None, text.strip())
    when = parse_explicit_date(text)
    if when is not None:
        return Period(when, when, Precision.DAY, text.strip())
    return None


@lru_cache(maxsize=1)
def _dateparser_settings() -> dict:
    return {"DATE_ORDER": "DMY", "PREFER_LOCALE_DATE_ORDER": False, "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DATES_FROM": "past", "RELATIVE_BASE": None}


def parse_explicit_date(text: str) -> date | None:
    """dateparser for explicit dates only: English, day first, no part filled from today."""
    if not re.search(r"\d", text):
        return None
    import dateparser  # imported on first use: it is slow to import and rarely needed
    settings = {k: v for k, v in _dateparser_settings().items() if v is not None}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None
