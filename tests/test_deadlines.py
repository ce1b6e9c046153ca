"""Due dates: a table of phrasings with the due date and source each must give, including periods
that are not deadlines and must give none; when a thread is overdue."""
from __future__ import annotations

from datetime import date

import pytest

from extractors.deadlines import due_in_column, due_in_record, due_in_text, says_done
from extractors.followup import Member, follow_up
from extractors.responses import response_timescale, responsibility_timescale
from schemas.records import RecommendationRecord, ResponseRecord, UpdateRecord
from schemas.vocab import DueSource, RecKind, Status, StatusSource

MEETING = date(2025, 6, 12)

TEXT = [  # (words in a recommendation, decision or response, [(due, raw)])
    ("The Cabinet Member to report back by 31 October 2025.", [(date(2025, 10, 31), "by 31 October 2025")]),
    ("Officers to report back in November on the consultation.", [(date(2025, 11, 30), "in November")]),
    ("Officers to report back in June next year.", [(date(2026, 6, 30), "in June")]),
    ("That the Director implements the new protocol within six months.", [(date(2025, 12, 12), "within six months")]),
    ("A review to be carried out within 28 days.", [(date(2025, 7, 10), "within 28 days")]),
    ("report back to the Committee in six months' time", [(date(2025, 12, 12), "in six months' time")]),
    ("These should be implemented within 12 months of the publication of this report.",
     [(date(2026, 6, 12), "within 12 months")]),
    ("report back to the Select Committee with a draft plan at the meeting on 15 November 2007.",
     [(date(2007, 11, 15), "meeting on 15 November 2007")]),
    ("This will be completed by September 2009.", [(date(2009, 9, 30), "by September 2009")]),
    ("Changes will be finalised for approval during the summer 2009 term.",
     [(date(2009, 7, 31), "during the summer 2009 term")]),
    ("to be completed by the end of March 2026", [(date(2026, 3, 31), "by the end of March 2026")]),
    ("Target date: 31/03/2026", [(date(2026, 3, 31), "Target date: 31/03/2026")]),
    ("The plan should be in place no later than Q2 2026.", [(date(2026, 6, 30), "no later than Q2 2026")]),
    ("Savings to be delivered by 2026/27.", [(date(2027, 3, 31), "by 2026/27")]),
    # periods that are not deadlines
    ("The MAST team will all remain in place to August '09.", []),
    ("Funding for the service is secured to 2014/15.", []),
    ("Grant funding from 2012/13 to 2014/15 was agreed.", []),
    ("The Council Plan 2025-29 sets out our priorities.", []),
    ("The strategy will run by 2025-2029.", []),
    ("The review was completed by December 2024.", []),
    ("Action completed by December 2024.", []),
    ("A new financial planning framework established in 2009/10 will ensure that all aspects are considered.", []),
    ("approved by Executive Board April 2009 and will be reviewed", []),
    ("The next meeting will be held on 11 September 2025.", []),
    ("This will be delivered within existing resources.", []),
    ("Officers may report back in due course.", []),
    ("publish an exercise report within three months of the conclusion of the exercise", []),
    ("The Hub, which will form part of the Academy from its launch in April 2025, will ensure that", []),
]


@pytest.mark.parametrize("text, expected", TEXT, ids=[t[:40] for t, _ in TEXT])
def test_due_dates_in_running_text(text, expected):
    assert [(d.due, d.raw) for d in due_in_text(text, MEETING)] == expected


def test_a_record_cannot_set_a_deadline_already_past_when_its_paper_was_written():
    told = "By 27 November 2020, the Post Office had received 2,417 claims; all should be settled by 31 October 2025."
    assert [d.due for d in due_in_record(told, date(2025, 7, 8))] == [date(2025, 10, 31)]
    assert [d.due for d in due_in_text(told, date(2025, 7, 8))] == [date(2020, 11, 27), date(2025, 10, 31)]


def test_relative_deadlines_need_the_papers_date():
    assert due_in_text("Officers to report back in November.", None) == []
    assert due_in_text("implement within six months", None) == []


COLUMN = [  # (a Timescale / Target date cell, [due])
    ("Barbara Newton & Adam Hewitt – October 2007 By December 2007 Spring 2008",
     [date(2007, 10, 31), date(2007, 12, 31), date(2008, 5, 31)]),
    ("April 2008 – March 2009", [date(2009, 3, 31)]),
    ("To be completed by March 2010", [date(2010, 3, 31)]),
    ("Completed by March 2010", []),
    ("2008-2011", []),
    ("Ongoing", []),
]


@pytest.mark.parametrize("cell, expected", COLUMN, ids=[c for c, _ in COLUMN])
def test_due_dates_in_a_target_date_column(cell, expected):
    assert [d.due for d in due_in_column(cell, MEETING)] == expected


def test_response_timescales_keep_their_raw_words():
    told = response_timescale("The MAST team will remain in place to August '09; a report will follow "
                              "by December 2009.", MEETING)
    assert (told.raw, told.due_dates) == ("by December 2009", (date(2009, 12, 31),))
    cell = responsibility_timescale("Keith Burton – by December 2007", MEETING)
    assert (cell.raw, cell.due_dates) == ("by December 2007", (date(2007, 12, 31),))


@pytest.mark.parametrize("text, done", [
    ("This has been completed.", True), ("Completed.", True), ("The protocol is now in place.", True),
    ("All actions were implemented in March.", True), ("This will be completed by March 2010.", False),
    ("This has not yet been implemented.", False), ("Work is being completed.", False),
    ("The following items have been developed and will now be progressed.", False),
    ("Once the review is complete the plan will follow.", False)])
def test_an_update_that_says_the_work_was_done(text, done):
    assert says_done(text) is done


def _rec(rec_id: str, status: Status | None = None, due=(), stage_raw=None) -> RecommendationRecord:
    return RecommendationRecord(rec_id, rec_id.split(":")[0], 1, "1", RecKind.RECOMMENDATION, "text", None, None,
                                None, None, stage_raw, None, status, None, None, 1, 1, 0, 4, 0.9, tuple(due),
                                "by 31 October 2025" if due else None)


def _update(rec_id: str, as_of: date, text: str) -> UpdateRecord:
    return UpdateRecord(f"{rec_id}:u1", rec_id, rec_id.split(":")[0], None, as_of, None, text, 1, 10, 20)


def test_overdue_needs_a_past_due_date_and_no_statement_that_it_was_done():
    made = Member(_rec("a:1", due=[date(2025, 10, 31)]), date(2025, 6, 12))
    answer = ResponseRecord("b:1:r1", "b:1", "b", "Accepted.", None, None, None, None, None,
                            due_dates=(date(2026, 1, 31),), timescale_raw="by January 2026",
                            due_source=DueSource.TARGET_DATE_COLUMN)
    tracker = Member(_rec("b:1"), date(2025, 9, 1))
    plain = follow_up([made, tracker], [answer], [])
    assert [(d.due, d.source) for d in plain.due] == [(date(2025, 10, 31), DueSource.RECORD_TEXT),
                                                      (date(2026, 1, 31), DueSource.TARGET_DATE_COLUMN)]
    assert plain.days_overdue(date(2026, 1, 31)) is None and plain.days_overdue(date(2026, 2, 5)) == 5
    done = follow_up([made, tracker], [answer], [_update("b:1", date(2025, 12, 1), "This has been completed.")])
    assert (done.status, done.status_source, done.complete, done.days_overdue(date(2026, 2, 5))) == (
        Status.ACHIEVED, StatusSource.UPDATE, True, None)
    staged = follow_up([made, Member(_rec("b:1", Status.BEHIND, stage_raw="Red"), date(2026, 1, 4))], [answer],
                       [_update("b:1", date(2025, 12, 1), "This has been completed.")])
    assert (staged.status, staged.status_source, staged.days_overdue(date(2026, 2, 5))) == (
        Status.BEHIND, StatusSource.STAGE, 5)
