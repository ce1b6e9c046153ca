"""Tables read by the role of each column, from header words (data/column_roles.json) and cell
contents together. Bugs: only headers worded like the seeds' were known ('Recommendation | Stage
| Complete', '… | Priority | Management response | Responsibility and timescale'); an action log,
an improvement plan with 'Area for improvement | Actions | Lead officer and target date', pipe
tables and a row cut by a page break were not read; a KPI table must still not be."""
from __future__ import annotations

from datetime import date

from schemas.vocab import DocType, RecKind, Status

from paper import extract


def test_action_log_rows_are_the_meetings_decisions_and_a_kpi_table_is_not_read():
    ex = extract("columns_action_log.txt")
    assert [(r.number, r.kind, r.text, r.stage_raw, r.status) for r in ex.recommendations] == [
        ("1", RecKind.DECISION, "Circulate the draft pharmacy needs assessment to all members.", "Green",
         Status.IN_PROGRESS),
        ("2", RecKind.DECISION, "Arrange a development session on the new integrated care system.", "Amber",
         Status.IN_PROGRESS)]
    assert ex.responses == [] and ex.updates == []


def test_improvement_plan_actions_answer_the_areas_for_improvement():
    ex = extract("columns_improvement_plan.txt")
    assert ex.document.doc_type is DocType.TRACKER
    assert [(r.number, r.kind, r.text) for r in ex.recommendations] == [
        (None, RecKind.RECOMMENDATION, "Out-of-court disposals are not always reviewed by a manager."),
        (None, RecKind.RECOMMENDATION, "Victims are not always offered a say in reparation."),
        (None, RecKind.RECOMMENDATION, "Sentence plans are not reviewed every three months."),
        (None, RecKind.RECOMMENDATION, "Education data is not shared promptly with schools.")]
    assert [(r.text, r.officer_roles, r.due_dates) for r in ex.responses] == [
        ("All disposals will be signed off by a team manager before the panel meets.",
         ("Head of Youth Offending Service",), (date(2021, 12, 31),)),
        ("Victim workers will contact every victim within ten days of an order.",
         ("Victim Services Manager",), (date(2022, 1, 31),)),
        ("A review date will be set in the case system for every plan.",
         ("Youth Justice Operations Manager",), (date(2022, 3, 31),)),
        ("An information-sharing agreement will be signed with all secondary schools.",
         ("Head of Inclusion",), (date(2022, 4, 30),))]
    assert [(u.rec_id.split(":")[1], u.label, u.as_of, u.text) for u in ex.updates] == [
        ("1", "Progress", date(2021, 11, 26), "A sign-off step was added to the case system in October."),
        ("2", "Progress", date(2021, 11, 26), "Contact within ten days was achieved for 80% of victims."),
        ("4", "Progress", date(2021, 11, 26), "Draft agreement sent to headteachers.")]


def test_a_row_cut_by_a_page_break_continues_in_the_headerless_table_on_the_next_page():
    ex = extract("columns_row_over_page_break.txt")
    assert [(r.number, r.text, r.stage_raw, r.status, r.complete) for r in ex.recommendations] == [
        ("1", "The waiting list for allotments should be published every six months.", "Complete",
         Status.ACHIEVED, True),
        ("2", "Vacant plots should be re-let within eight weeks of becoming empty, and plots that are not "
              "cultivated should be inspected twice a year.", "In progress", Status.IN_PROGRESS, None),
        ("3", "The Council should consider a tenants' association for each site.", "Not started",
         Status.BEHIND, None)]
    assert [(u.rec_id.split(":")[1], u.text) for u in ex.updates] == [
        ("1", "The list was first published in October 2021."),
        ("2", "The average time to re-let is now nine weeks."),
        ("3", "A survey of tenants is planned.")]
    assert ex.recommendations[1].page_end == 2


def test_html_cells_spanning_rows_and_columns_keep_every_column_in_its_place():
    """Bugs: a cell spanning two rows shifted the next row's cells left (its action was read as
    the recommendation's text); two officers on two rows of one cell made one role; a response
    committing to a date when the lead column names none had no due date."""
    ex = extract("html_spanned_cells.html")
    assert [(r.number, r.text) for r in ex.recommendations] == [
        ("1", "Pothole repairs should be inspected within 24 hours of being reported on a main road."),
        ("2", "Drains on flood-prone roads should be cleared twice a year.")]
    assert [(r.text, r.officer_roles, r.due_dates) for r in ex.responses] == [
        ("Inspection target added to the contract. Reporting app updated to show inspection times.",
         ("Head of Highways", "Digital Services Manager"), ()),
        ("A second annual clearance will be added from April 2022.", ("Drainage Manager",), (date(2022, 4, 30),))]
    assert [(u.rec_id.split(":")[1], u.text) for u in ex.updates] == [
        ("1", "Both actions are complete."), ("2", "Budget agreed.")]


def test_the_recommendations_column_not_the_findings_beside_it():
    """Bugs: of 'Key Findings | Recommendations' the first column claiming the role won, so the
    findings were read as the recommendations; 'Yes - July 2021' in a Complete? column was not yes."""
    ex = extract("columns_findings_and_recommendations.txt")
    assert [(r.number, r.text, r.complete) for r in ex.recommendations if r.kind is RecKind.RECOMMENDATION] == [
        ("1", "Debtors over 90 days should be referred to the recovery team every month.", True),
        ("2", "Petty cash floats should be reconciled weekly and signed by a manager.", False)]
    assert [(r.responder, r.text, r.officer_roles, r.due_dates) for r in ex.responses] == [
        ("Management", "Agreed. Monthly referral will start in July.", ("Income Manager",), (date(2021, 7, 31),)),
        ("Management", "Partially agreed: reconciliation will be monthly.", ("Finance Business Partner",),
         (date(2021, 12, 31),))]
    assert [(u.label, u.text) for u in ex.updates] == [
        ("Status Update", "Referrals began in July 2021."), ("Status Update", "Not yet started.")]


def test_an_inspectors_schedule_of_main_modifications_is_a_table_of_recommendations():
    """Bug: 'Main Modification' was no header of recommendations and 'Ref Number' no number, so an
    examination report's schedule (every recommended modification of a local plan) gave nothing;
    and any letters before a number were dropped as if they abbreviated 'recommendation' (MM1 → 1)."""
    ex = extract("columns_schedule_of_modifications.txt")
    assert ex.document.doc_type is DocType.INQUIRY_REPORT
    assert [(r.number, r.kind, r.text) for r in ex.recommendations] == [
        ("MM1", RecKind.RECOMMENDATION,
         "Amend the first sentence of paragraph 1.2.4 to read 'The Plan covers the whole county.'"),
        ("MM2", RecKind.RECOMMENDATION, "Delete criterion (c) of Policy W 3 and renumber the criteria that follow."),
        ("MM3", RecKind.RECOMMENDATION,
         "Add a new paragraph 4.1.6 after paragraph 4.1.5 setting out how sites will be monitored.")]
    assert ex.responses == [] and ex.updates == []


def test_a_table_saying_whom_its_recommendations_are_for_proposes_actions_it_does_not_answer():
    """Bug: 'Ref | Recommendation | Action | Action for? | Possible measures' in a needs assessment
    was read as a response report, each proposed action a response to its own recommendation."""
    ex = extract("columns_recommendations_for_others.txt")
    assert ex.document.doc_type is DocType.INQUIRY_REPORT
    assert [(r.number, r.kind, r.text) for r in ex.recommendations] == [
        ("1", RecKind.RECOMMENDATION, "Speech and language support should be offered in every family hub."),
        ("2", RecKind.RECOMMENDATION, "Parents should be able to find out easily what is on offer in their area."),
        ("3", RecKind.RECOMMENDATION, "Fewer mothers should smoke in pregnancy.")]
    assert ex.responses == [] and ex.updates == []
