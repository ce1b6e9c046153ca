"""Decisions outside formal minutes: a report's requests printed twice (kept once, numbered from
the numbered copy), a resolution the report relays, decision notices, and tables in minutes (a
decision column; a resolution's items the layout set out as a table). Inputs written for these
tests."""
from __future__ import annotations

from pathlib import Path

from extractors.records import extract_records
from extractors.text_reader import read_html, read_text
from schemas.vocab import DocType, RecKind

HERE = Path(__file__).parent
D, R = RecKind.DECISION, RecKind.RECOMMENDATION


def _records(name: str):
    data = (HERE / name).read_bytes()
    doc = read_html(data) if name.endswith(".html") else read_text(data)
    ex = extract_records(doc, "r" * 16, name, None)
    return ex.document, [(r.number, r.kind, r.text) for r in ex.recommendations]


def test_report_requests_once_and_relayed_resolution():
    """The summary's unmarked items and section 4's (i), (ii) are one set; 'asked to consider'
    outside the Recommendation(s) sections and a decision dated years back are not records."""
    document, records = _records("report_requests_repeated.txt")
    assert document.doc_type is DocType.COMMITTEE_REPORT
    assert records == [
        ("i", D, "EXTEND the current lease of the Quayside Market for one year from 1 April 2025."),
        ("ii", D, "INSTRUCT the Head of Property to run a procurement for a new operator."),
        ("2.2a", D, "That the market should remain on the quay."),
        ("2.2b", D, "That stall fees should not rise in 2025."),
    ]


def test_record_of_decision_items_not_its_reasons():
    document, records = _records("decision_notice.txt")
    assert document.doc_type is DocType.OTHER
    assert records == [
        ("a", D, "convert the remaining sodium street lights to LED by March 2025;"),
        ("b", D, "dim lights on residential roads between midnight and 5am."),
    ]


def test_appeal_decision_under_its_decision_heading():
    document, records = _records("appeal_decision.txt")
    assert document.doc_type is DocType.OTHER
    assert records == [
        ("1", D, "The appeal is allowed and planning permission is granted for six dwellings subject to "
                 "the conditions in the Schedule."),
    ]


def test_minutes_decision_column_and_items_set_out_as_a_table():
    document, records = _records("minutes_tables.html")
    assert document.doc_type is DocType.MINUTES
    assert records == [
        ("17", D, "Approved. £800 from the youth budget."),
        ("17", R, "Recommend approval to Full Council as the sum exceeds delegated limits."),
        ("17", D, "Refused. Does not meet the grant criteria."),
        ("18a", D, "twenty street trees be planted on Mill Road; and"),
        ("18b", D, "the Clerk seeks sponsorship for the trees."),
    ]


def test_recommendations_to_note_are_the_reports_decisions():
    """Bugs: '2 | Recommendations' (a section number set off by a bar) was no heading, so items
    asking the committee to note, agree or approve with no 'is asked to' before them were lost,
    and the later 'Cabinet is asked to approve the following changes:' over a table of figures
    took the next heading ('5 | Reserves Monitoring') as its item. Under '2. Recommendations'
    the same items were read as recommendations made to someone else."""
    expected = [("2.1", D, "Note the forecast revenue overspend of £12.4m."),
                ("2.2", D, "Consider and note the progress on the delivery of savings."),
                ("2.3", D, "Note and agree the changes to the Capital Budget.")]
    document, records = _records("report_recommendations_to_note.txt")
    assert document.doc_type is DocType.COMMITTEE_REPORT
    assert records == expected
    text = (HERE / "report_recommendations_to_note.txt").read_bytes()
    ex = extract_records(read_text(text.replace(b"2 | Recommendations", b"2. Recommendations")), "r" * 16, "x", None)
    assert ex.document.doc_type is DocType.COMMITTEE_REPORT
    assert [(r.number, r.kind, r.text) for r in ex.recommendations] == expected
