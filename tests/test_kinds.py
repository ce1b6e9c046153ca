"""One small paper per kind, written in other councils' wordings, with the exact records expected.
None of these phrasings appears in the seeds."""
from __future__ import annotations

from datetime import date

import pytest

from extractors.decisions import DECISION_TRIGGER, decision_trigger
from extractors.records import extract_records
from extractors.text_reader import read_html, read_text
from schemas.vocab import Decision, DocType, Priority, RecKind, Status


def _extract(text: str, html: bool = False):
    data = text.encode()
    doc = read_html(data) if html else read_text(data)
    return extract_records(doc, "d" * 16, "test", None)


TRACKER = """Sheffield City Council
Overview and Scrutiny Management Committee
Date: 14 June 2012
Recommendation tracking: Housing Repairs Inquiry

Rec No\tRecommendation\tRAG Status\tCompleted?
R1\tThe Executive Member for Housing should publish repair response times quarterly.\tGreen\tYes
\tCabinet response: Accepted. Response times will be published from Q2 2011.\t\t
\tPosition at January 2012: Figures for Q2 and Q3 have been published on the website.\t\t
R2\tThat the Council reviews the out-of-hours repairs contract.\tRed\tNo
\tCabinet response: Accepted in principle, subject to procurement advice.\t\t
\tProgress update (March 2012): Procurement advice received; review slipped to autumn 2012.\t\t

Key: Green = complete; Amber = on track; Red = behind schedule
"""


def test_tracker_in_another_councils_wording():
    ex = _extract(TRACKER)
    assert ex.document.doc_type is DocType.TRACKER
    assert ex.document.council == "Sheffield City Council" and ex.document.council_code == "E08000019"
    assert ex.document.meeting_date == date(2012, 6, 14)
    recs = ex.recommendations
    assert [(r.number, r.kind, r.stage_raw, r.stage_code, r.status, r.complete) for r in recs] == [
        ("1", RecKind.RECOMMENDATION, "Green", "green", Status.ACHIEVED, True),
        ("2", RecKind.RECOMMENDATION, "Red", "red", Status.BEHIND, False)]
    assert recs[0].text == "The Executive Member for Housing should publish repair response times quarterly."
    assert [(r.rec_id.split(":")[1], r.responder, r.decision) for r in ex.responses] == [
        ("1", "Cabinet", Decision.ACCEPTED), ("2", "Cabinet", Decision.PARTIALLY_ACCEPTED)]
    assert ex.responses[0].text == "Accepted. Response times will be published from Q2 2011."
    assert [(u.label, u.as_of, u.as_of_precision.value) for u in ex.updates] == [
        ("Position at January 2012", date(2012, 1, 1), "month"),
        ("Progress update (March 2012)", date(2012, 3, 1), "month")]
    assert "Cabinet response" not in " ".join(r.text for r in recs)


RESPONSE_REPORT = """Report of the Strategic Director, Adult Social Care
To: Cabinet
Date: 3rd March 2015
Subject: Response to the Health Scrutiny Panel review of hospital discharge

1. Summary
1.1 This report sets out the response to the Panel's recommendations.

Recommendation 1
The Council should agree a joint discharge protocol with the hospital trust by December 2015.
Response: Agreed. A draft protocol is with the Trust and the Head of Commissioning will sign it off by October 2015.

Recommendation 2
That a carers' assessment is offered to every carer on discharge.
Response: Not accepted. Assessments are already offered through the Carers Centre.

5. Recommendations
5.1 Cabinet is asked to approve the responses set out in section 3.
"""


def test_response_report_with_response_labels():
    ex = _extract(RESPONSE_REPORT)
    assert ex.document.doc_type is DocType.RESPONSE_REPORT
    recs = [r for r in ex.recommendations if r.kind is RecKind.RECOMMENDATION]
    assert [(r.number, r.text) for r in recs] == [
        ("1", "The Council should agree a joint discharge protocol with the hospital trust by December 2015."),
        ("2", "That a carers' assessment is offered to every carer on discharge.")]
    decisions = [r for r in ex.recommendations if r.kind is RecKind.DECISION]
    assert [d.text for d in decisions] == ["Cabinet is asked to approve the responses set out in section 3."]
    first, second = ex.responses
    assert first.text.startswith("Agreed. A draft protocol") and first.decision is Decision.ACCEPTED
    assert first.due_dates == (date(2015, 10, 31),) and "Head of Commissioning" in first.officer_roles
    assert second.decision is Decision.REJECTED
    assert ex.document.title == "Response to the Health Scrutiny Panel review of hospital discharge"


COMMITTEE_REPORT = """Report to: Licensing and Regulatory Committee
Date of meeting: 21 September 2016
Report of: Head of Environmental Health

Recommendations
Members are asked to:
(a) note the enforcement activity in the last year;
(b) approve the revised enforcement policy at Appendix A; and
(c) delegate authority to the Head of Environmental Health to make minor changes.

Background
The policy was last reviewed in 2012.

Recommendations
Members are asked to:
(a) note the enforcement activity in the last year;
(b) approve the revised enforcement policy at Appendix A; and
(c) delegate authority to the Head of Environmental Health to make minor changes.
"""


def test_committee_report_decisions_once_despite_repetition():
    ex = _extract(COMMITTEE_REPORT)
    assert ex.document.doc_type is DocType.COMMITTEE_REPORT
    # Items keep their printed text whole, list punctuation too (GOLD_FORMAT: verbatim).
    assert [(r.number, r.kind, r.text) for r in ex.recommendations] == [
        ("a", RecKind.DECISION, "note the enforcement activity in the last year;"),
        ("b", RecKind.DECISION, "approve the revised enforcement policy at Appendix A; and"),
        ("c", RecKind.DECISION, "delegate authority to the Head of Environmental Health to make minor changes.")]
    assert ex.document.author == "Head of Environmental Health"
    assert ex.document.meeting_date == date(2016, 9, 21)


AUDIT = """Internal Audit Report: Payroll controls
Grant Thornton
Bristol City Council
30 April 2019

2 Findings
Starters are set up without a signed contract.
Recommendation 1
Management should ensure that no starter is paid before a signed contract is on file.

Leavers are removed late.
Recommendation 2
HR should notify payroll of leavers within five working days of the leaving date.

Appendix A: Action plan
Priority key: High - fundamental control weakness; Medium - important; Low - housekeeping
No\tRecommendation\tPriority\tManagement response\tOwner and date
1\tHR should notify payroll of leavers within five working days of the leaving date.\tMedium\tAgreed. A weekly leavers report will be sent.\tPayroll Manager - 31 July 2019
2\tManagement should ensure that no starter is paid before a signed contract is on file.\tHigh\tAgreed.\tJane Smith, HR Business Partner - Q2 2019/20
"""


def test_audit_report_plan_reconciled_with_body_by_text_not_number():
    ex = _extract(AUDIT)
    assert ex.document.doc_type is DocType.AUDIT_REPORT
    assert ex.document.author == "Grant Thornton"
    recs = ex.recommendations
    assert [(r.number, r.priority_raw, r.priority) for r in recs] == [
        ("1", "High", Priority.HIGH), ("2", "Medium", Priority.MEDIUM)]
    by_rec = {r.rec_id.split(":")[1]: r for r in ex.responses}
    assert by_rec["1"].officers == ("Jane Smith",)
    assert by_rec["1"].due_dates == (date(2019, 9, 30),)  # Q2 of 2019/20: July to September
    assert by_rec["2"].text == "Agreed. A weekly leavers report will be sent."
    assert by_rec["2"].due_dates == (date(2019, 7, 31),)
    assert by_rec["2"].officer_roles == ("Payroll Manager",) and by_rec["2"].timescale_raw == "31 July 2019"
    assert by_rec["1"].officer_roles == ("HR Business Partner",)


MINUTES = """Minutes of the Cabinet held on 9 January 2025
Present: Councillor A Jones (Chair)

12. Library Strategy
The Cabinet Member introduced the report.
RESOLVED - (a) that the Library Strategy be approved; (b) that officers report back in six months.

13. Budget monitoring
RESOLVED that the report be noted.
"""


def test_minutes_resolutions_as_decisions():
    ex = _extract(MINUTES)
    assert ex.document.doc_type is DocType.MINUTES
    # Lettered items are numbered under their minute; a single resolution keeps its label.
    assert [(r.number, r.kind, r.text) for r in ex.recommendations] == [
        ("12a", RecKind.DECISION, "that the Library Strategy be approved;"),
        ("12b", RecKind.DECISION, "that officers report back in six months."),
        ("13", RecKind.DECISION, "RESOLVED that the report be noted.")]


GOVERNMENT = """<html><body><h1>Government Response to the Select Committee on Rural Transport</h1>
<table border=1><tr><th>Committee Recommendation</th></tr>
<tr><td><p>4. The Department should publish bus usage data by district (paragraph 21).</p>
<p>5. The Department should fund a rural demand-responsive pilot (paragraph 30).</p></td></tr></table>
<p>The Government accepts these recommendations. Data will be published by March 2024.</p>
<table border=1><tr><th>Committee Recommendation</th></tr>
<tr><td><p>6. Fares should be capped at two pounds permanently (paragraph 41).</p></td></tr></table>
<p>The Government does not accept this recommendation.</p></body></html>"""


def test_government_response_one_answer_for_several_recommendations():
    ex = _extract(GOVERNMENT, html=True)
    assert ex.document.doc_type is DocType.RESPONSE_REPORT
    assert [r.number for r in ex.recommendations] == ["4", "5", "6"]
    assert [(r.rec_id.split(":")[1], r.decision) for r in ex.responses] == [
        ("1", Decision.ACCEPTED), ("2", Decision.ACCEPTED), ("3", Decision.REJECTED)]
    assert ex.responses[0].text == ex.responses[1].text
    assert ex.responses[0].due_dates == (date(2024, 3, 31),)


INQUIRY = """Select Committee on Coastal Towns
First Report of Session 2019-20

Chapter 3: Evidence
3.1 We heard from many witnesses.

Summary of conclusions and recommendations
Housing
1. The Government should set up a coastal housing fund (paragraph 3.4).
2. Local authorities should be given powers to licence houses in multiple occupation
in coastal towns (paragraph 3.9).
Transport
3. We recommend a review of coastal rail fares (paragraph 4.2).

Appendix 1: Members
"""


def test_inquiry_report_numbered_recommendations():
    ex = _extract(INQUIRY)
    assert ex.document.doc_type is DocType.INQUIRY_REPORT
    assert [(r.number, r.text) for r in ex.recommendations] == [
        ("1", "The Government should set up a coastal housing fund (paragraph 3.4)."),
        ("2", "Local authorities should be given powers to licence houses in multiple occupation "
              "in coastal towns (paragraph 3.9)."),
        ("3", "We recommend a review of coastal rail fares (paragraph 4.2).")]
    assert not ex.responses


def test_every_record_span_points_at_its_text():
    for text, html in ((TRACKER, False), (RESPONSE_REPORT, False), (AUDIT, False), (GOVERNMENT, True)):
        data = text.encode()
        doc = read_html(data) if html else read_text(data)
        ex = extract_records(doc, "d" * 16, "t", None)
        for rec in ex.recommendations:
            words = doc.text[rec.char_start:rec.char_end].split()
            assert words[:3] == rec.text.split()[:3], rec.text
        for resp in ex.responses:
            assert resp.text[:20] in " ".join(doc.text[resp.char_start:resp.char_end].split())
        for upd in ex.updates:
            assert doc.text[upd.char_start:upd.char_end].startswith(upd.text[:20])


PARISH_MINUTES = """Minutes of the meeting of Little Hampden Parish Council held on 3rd June 2021
Present: Cllrs Avery (Chair), Bell and Carter.

41. Apologies: Cllr Dunn.
42. Grass cutting contract for 2021/22: the quote from Greenway Ltd was accepted, proposed by Cllr Bell,
seconded by Cllr Carter.
43. Play area inspection: It was agreed that the Clerk obtains two quotes for the repairs.
44. Correspondence: noted.
"""


def test_minutes_motions_proposed_and_seconded_are_decisions():
    ex = _extract(PARISH_MINUTES)
    assert ex.document.doc_type is DocType.MINUTES
    assert [(r.number, r.kind) for r in ex.recommendations] == [("42", RecKind.DECISION), ("43", RecKind.DECISION)]
    assert ex.recommendations[0].text.startswith("Grass cutting contract for 2021/22")


FRAMED = """<html><body><table border=1>
<tr><td>From: Cabinet Member for Highways</td></tr>
<tr><td>To: Cabinet, 12 May 2022</td></tr>
<tr><td>Subject: Winter service plan</td></tr>
<tr><td><p>1. Introduction</p><p>The plan sets out gritting routes for the coming winter.</p></td></tr>
<tr><td><p>5. Recommendations</p><p>Cabinet is asked to:</p><p>1. APPROVE the winter service plan</p>
<p>2. NOTE the salt stock position</p></td></tr>
</table></body></html>"""


def test_paper_framed_in_a_one_column_table_is_read_as_running_text():
    ex = _extract(FRAMED, html=True)
    assert ex.document.doc_type is DocType.COMMITTEE_REPORT
    assert [(r.number, r.text) for r in ex.recommendations] == [
        ("1", "APPROVE the winter service plan"), ("2", "NOTE the salt stock position")]
    assert ex.document.title == "Winter service plan"


THAT_RESPONSE = """Government response to the Independent Review of Coastal Flood Warnings
Subject: Response to the review's recommendations

2a. That the Agency publishes warning performance data every quarter.
2b. That warning areas are reviewed with local resilience forums.
These recommendations are accepted in principle. Publication will begin by June 2024.

3. That a single national warning app replaces the regional services.
This recommendation is not accepted: the regional services are being integrated instead.
"""


def test_numbered_that_recommendations_answered_together():
    ex = _extract(THAT_RESPONSE)
    assert ex.document.doc_type is DocType.RESPONSE_REPORT
    assert [r.number for r in ex.recommendations] == ["2a", "2b", "3"]
    assert [(r.rec_id.split(":")[1], r.decision) for r in ex.responses] == [
        ("1", Decision.PARTIALLY_ACCEPTED), ("2", Decision.PARTIALLY_ACCEPTED), ("3", Decision.REJECTED)]
    assert ex.responses[0].text == ex.responses[1].text and ex.responses[0].due_dates == (date(2024, 6, 30),)
    assert "accepted" not in ex.recommendations[1].text


FOOTNOTES_NOT_RECOMMENDATIONS = """Report of the Inquiry into Library Closures

Recommendations
1 Smith, Public Libraries Review (2019), p. 12.
2 Department for Culture, Media and Sport, Annual Survey 2020.
3 Jones and Patel, Branch Usage Statistics, Library Journal 2018.
"""


def test_numbered_references_are_not_recommendations():
    ex = _extract(FOOTNOTES_NOT_RECOMMENDATIONS)
    assert [r for r in ex.recommendations if r.kind is RecKind.RECOMMENDATION] == []


@pytest.mark.parametrize("text", [
    "Members are hereby requested to note the report.", "The Cabinet is ASKED TO agree the plan.",
    "It is recommended that the Board approves it.", "RESOLVED – that the minutes be signed.",
    "resolved that the report be noted", "The Committee agrees to: a. note", "The Council may, if it wishes, resolve to",
    "We request that the Scrutiny Committee recommends", "I ask that Cabinet", "Cabinet is invited to comment",
    "The Panel is advised to", "The Board is aſked to note", "The Committee noted the report.", "",
])
def test_decision_trigger_finds_what_the_pattern_finds(text):
    found, expected = decision_trigger(text), DECISION_TRIGGER.search(text)
    assert (found and found.span()) == (expected and expected.span())
