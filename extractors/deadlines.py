"""Due dates: what a paper commits to, told apart from the other dates and periods it names.

A date is due when words of commitment stand before it: "by 31 October 2025", "no later than",
"target date", "will be finalised during the summer 2009 term", "report back to the Committee at
the meeting on 15 November 2007", "report back in November" (the next November after the paper's
date), "within six months" (from the paper's date). Periods the paper only names are not due:
a funding or plan period ("funded to 2014/15", "the 2025-29 plan"), a past event ("completed by
December 2024", "established in 2009/10"), a start ("from <the scheme's> start in <month year>"), a meeting's
own date ("will be held on 11 September"). A span longer than about a year is a period, never a
deadline. Periods come from the project's grammar (extractors.periods); nothing is taken from today.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .periods import _MONTH, MONTHS, Period, find_periods

LONGEST_DEADLINE_DAYS = 400  # a financial year is a deadline ("by 2009/10"); "2025-29" is a plan period
_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())} | {"a": 1, "an": 1}
_AMOUNT = r"(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?)"
_UNIT = r"(?P<u>days?|weeks?|months?|years?)"

# Right before a date: words that make it a deadline whatever the clause says.
_FIRM_CUE = re.compile(
    r"(?:\bby|\bbefore|\bno\s+later\s+than|\bnot\s+later\s+than|\bdeadline(?:\s+(?:of|is))?|"
    r"\bdue(?:\s+(?:by|in|on|for))?|\btarget(?:\s+date)?(?:\s+(?:of|is))?|\btimescale)"
    r"\s*[:\-–]?\s*(?:the\s+)?$", re.I)
# Right before a date: words that make it a deadline only in a clause that commits to something.
# "from" too: what a clause promises to start then ("will be added from April 2022") is due then.
_SOFT_CUE = re.compile(r"(?:\b(?:in|during|at|over|from)\s+(?:the\s+)?|\bmeeting\s+(?:on|in|of)\s+)$", re.I)
# A meeting's own date is when it sits, not a deadline: "the next meeting will be held on …";
# a date that starts something is not when it is due: "from <its start> in <month year>".
_SCHEDULED = re.compile(r"\b(?:held|convened|scheduled|sit)\s+$|\b(?:from|since)\s+(?:[\w']+\s+){0,3}$", re.I)
_COMMITMENT = re.compile(
    r"\b(?:will|shall|should|must|to\s+be|is\s+to|are\s+to|expected\s+to|due\s+to|plans?\s+to|"
    r"planned\s+to|aims?\s+to|intends?\s+to|report(?:s|ing)?\s+(?:back|further)|come\s+back|return)\b", re.I)
# A participle right before the cue tells a past event ("completed by", "was established in")
# unless a form of 'be' that looks forward stands before it ("to be <done> by").
_PARTICIPLE = re.compile(
    r"(?:\b(?P<aux>\w+)\s+)?\b(?P<part>(?!(?:need|proceed|exceed|succeed|indeed|speed|feed|seed|hundred)\b)"
    r"\w+ed|done|made|met|set|held|begun|built|taken|given|written|undertaken|chosen|seen)\s+"
    r"(?:(?:by|in|during|on|at|over|for|before)\s+(?:the\s+)?(?:end\s+of\s+)?)?$", re.I)
_FORWARD_AUX = {"be", "is", "are", "being"}
_CLAUSE_END = re.compile(r"[.;!?\n]")
_RELATIVE_SPAN = re.compile(rf"\b(?:(?P<w>within)|in)\s+{_AMOUNT}\s+{_UNIT}(?(w)|(?:[’']s?)?\s*time\b)", re.I)
# "within three months of the conclusion of the exercise" counts from an event the paper does not
# date; only the paper's own date (its publication, meeting or decision) is known.
_OTHER_START = re.compile(r"\s+(?:of|from|after|following)\s+(?!(?:the\s+)?(?:publication|date)\s+of\s+"
                          r"(?:this|the)\s+(?:report|decision|meeting)|(?:this|the)\s+(?:report|meeting|decision)\b)",
                          re.I)
_MONTH_ALONE = re.compile(rf"\b(?P<m>{_MONTH})\b(?!\s*(?:\d|'\d|’\d|of\s+\d))", re.I)


@dataclass(frozen=True)
class Due:
    due: date
    raw: str          # the words that set it: "by 31 October 2025", "within six months"
    char_start: int   # in the text given
    char_end: int


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _after(ref: date, amount: int, unit: str) -> date:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return ref + timedelta(days=amount)
    if unit == "week":
        return ref + timedelta(weeks=amount)
    total = ref.year * 12 + ref.month - 1 + amount * (12 if unit == "year" else 1)
    year, month = divmod(total, 12)
    return date(year, month + 1, min(ref.day, calendar.monthrange(year, month + 1)[1]))


def _clause_before(text: str, start: int) -> str:
    ends = [m.end() for m in _CLAUSE_END.finditer(text, 0, start)]
    return text[ends[-1] if ends else 0:start]


def _past_event(before: str) -> bool:
    """'completed by', 'was established in': a participle with no forward-looking 'be'."""
    match = _PARTICIPLE.search(before[-60:])
    if not match:
        return False
    return (match["aux"] or "").lower() not in _FORWARD_AUX


def _cue(text: str, start: int) -> str | None:
    """The words that make the date at `start` a deadline, or None when it is only named."""
    before = text[max(0, start - 80):start]
    firm = _FIRM_CUE.search(before)
    soft = None if firm else _SOFT_CUE.search(before)
    cue = firm or soft
    if cue is None:
        return None
    ahead = before[:cue.start()]
    if _past_event(ahead) or _SCHEDULED.search(ahead):
        return None
    if soft is not None and not _COMMITMENT.search(_clause_before(text, start)[-120:]):
        return None
    return before[cue.start():].strip()


def _is_deadline(period: Period) -> bool:
    return (period.start is not None and period.end is not None
            and (period.end - period.start).days <= LONGEST_DEADLINE_DAYS)


def _relative(text: str, ref: date | None, taken: list[tuple[int, int]]) -> list[Due]:
    """'within six months', 'in 12 months' time' from the paper's date; 'report back in
    November' as the next November after it. Without the paper's date there is none."""
    if ref is None:
        return []
    found = []
    for match in _RELATIVE_SPAN.finditer(text):
        if _past_event(text[max(0, match.start() - 60):match.start()]) or _OTHER_START.match(text, match.end()):
            continue
        amount = int(match["n"]) if match["n"].isdigit() else _NUMBERS[match["n"].lower()]
        found.append(Due(_after(ref, amount, match["u"]), match.group(), *match.span()))
    for match in _MONTH_ALONE.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken) or match["m"].lower() == "may":
            continue  # 'may' is a verb far more often than a month
        cue = _cue(text, match.start())
        if cue is None:
            continue
        month = MONTHS[match["m"].lower().rstrip(".")]
        year = ref.year if month > ref.month else ref.year + 1
        found.append(Due(_month_end(year, month), f"{cue} {match.group()}", *match.span()))
    return found


def due_in_text(text: str, ref: date | None) -> list[Due]:
    """Deadlines a passage of running text sets, in order; `ref` is the paper's date."""
    periods = find_periods(text, ref)
    found = []
    for period in periods:
        cue = _cue(text, period.char_start)
        if cue is not None and _is_deadline(period):
            found.append(Due(period.end, f"{cue} {period.raw}", period.char_start, period.char_end))
    found += _relative(text, ref, [(p.char_start, p.char_end) for p in periods])
    return sorted(found, key=lambda d: d.char_start)


def due_in_record(text: str, ref: date | None) -> list[Due]:
    """Deadlines a recommendation or decision sets in its own words: as in running text, but
    never before the paper's own date, since a paper cannot set a deadline already past when it
    was written — "By <day month year> <the body> had received …" in a 2025 report tells
    what had happened by then. (A response reprinted in a later tracker keeps its dates: they
    were set when the response was made.)"""
    return [d for d in due_in_text(text, ref) if ref is None or d.due >= ref]


def due_in_column(text: str, ref: date | None) -> list[Due]:
    """Deadlines in a Timescale / Target date cell: every date the cell names is due (that is
    what the column is for) unless it tells a past event or spans more than a year."""
    found = []
    for period in find_periods(text, ref):
        if _is_deadline(period) and not _past_event(text[max(0, period.char_start - 60):period.char_start]):
            found.append(Due(period.end, period.raw, period.char_start, period.char_end))
    return found


_DONE = re.compile(
    r"\b(?:(?:has|have|had)\s+(?:now\s+)?(?:been\s+)?|(?:is|are)\s+(?:now\s+)?|(?:was|were)\s+)"
    r"(?:fully\s+|successfully\s+)?(?:completed?|implemented|achieved|delivered|finished|done|in\s+place)\b"
    r"|^\s*(?:completed?|achieved|implemented|done)\b", re.I)
_NOT_DONE = re.compile(r"\b(?:not|yet|partially|partly|being|still|once|when|until|if)\b", re.I)


def says_done(text: str) -> bool:
    """An update that states the work was done: 'has been completed', 'is now <in place|live>',
    'Completed.' — not 'will be completed', 'has not yet been implemented'."""
    for sentence in re.split(r"(?<=[.;!?])\s+|\n", text):
        match = _DONE.search(sentence)
        if match and not _NOT_DONE.search(sentence[:match.end()]):
            return True
    return False
