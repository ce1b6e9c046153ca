"""Formal minutes (a RESOLVED label): one record per resolved item, numbered under its minute;
quoted motions, procedure and lost amendments are not records. Inputs written for these tests."""
from __future__ import annotations

from pathlib import Path

from extractors.records import extract_records
from extractors.text_reader import read_text
from schemas.vocab import DocType, RecKind

HERE = Path(__file__).parent


def _records(name: str):
    ex = extract_records(read_text((HERE / name).read_bytes()), "r" * 16, name, None)
    return ex.document, [(r.number, r.kind, r.text) for r in ex.recommendations]


def test_resolved_items_numbered_under_their_minute():
    document, records = _records("minutes_resolved_items.txt")
    assert document.doc_type is DocType.MINUTES
    d = RecKind.DECISION
    assert records == [
        ("42", d, "RESOLVED that the minutes of the meeting held on 4 February 2025 be agreed as a correct record."),
        ("43a", d, "increase allotment rents by 4 per cent from 1 October 2025;"),
        ("43b", d, "waive the rent for plots let to schools; and"),
        ("43c", d, "delegate to the Head of Parks, in consultation with the portfolio holder: "
                   "(i) the setting of concessionary rates, and (ii) the approval of new tenancy terms."),
        ("44(1)", d, "Writes to the bus operator about the loss of evening services."),
        ("44(2)", d, "Publishes a report on rural routes by the end of the year."),
        ("45", d, "Councillor Ashby proposed, and Councillor Okafor seconded, that the Executive record its "
                  "thanks to former Mayor Ruth Dale for forty years of service."),
        ("46", d, "The review of leisure centre charges proceeds on the timetable in the report."),
        ("46", d, "Officers report the outcome of the tenant consultation to the next meeting."),
    ]


def test_parish_minutes_record_decisions_in_sentences():
    """No RESOLVED label: the deciding sentence (or its clause after a long lead-in), a bare assent
    with the proposal before it, '– all approved' with the list it closes, 'resolved to pay :-'
    with the list it opens; not one councillor's undertaking nor an old decision recalled."""
    document, records = _records("parish_minutes_sentences.txt")
    assert document.doc_type is DocType.MINUTES
    d, r = RecKind.DECISION, RecKind.RECOMMENDATION
    assert records == [
        ("22.04.2", d, "All agreed they were a true record and they were signed."),
        ("22.04.3", d, "it was resolved to accept the quotation of £1,450 from Fieldline Sports."),
        ("22.04.4", d, "It was resolved to pay :- Ashcombe Village Hall £60 Clerk's salary £310 Website hosting £48"),
        ("22.04.4", d, "Footpath sign repairs – Cllr Vaughan proposed the repairs be carried out by the volunteers. "
                       "All councillors agreed."),
        ("22.04.5", d, "Grass cutting - £220 (Chq 000412) Litter picking equipment - £85 (Chq 000413) "
                       "Insurance renewal - £395 (Chq 000414) – all approved."),
        ("22.04.6", r, "PL/22/0311 – Orchard House, Mill Lane. Two storey rear extension. No objections, "
                       "approval recommended."),
        ("22.04.7", d, "The Christmas tree lights need replacing before December, resolved to buy new lights."),
    ]
