"""A decision report and its record of decision relay what others asked of the decision-maker and
answer it. Bugs: an advisory committee's motion ('The committee passed a motion proposing that:
That …; That …; And, that …') gave no records — 'passed a motion' was not read as relaying one, the
parts run together in one paragraph were one item and 'And, that …' ended the list; and neither it
nor a relayed resolution that asks something ('Full Council resolved … and asked the Cabinet Member
to …') had the report's answers as responses. Inputs written for these tests."""
from __future__ import annotations

from schemas.vocab import DocType, RecKind

from paper import extract

D, R = RecKind.DECISION, RecKind.RECOMMENDATION
ASKED = [
    (None, D, "APPROVE the closure of the Eastgate Park and Ride site from 1 September 2025."),
    (None, D, "DELEGATE to the Director of Environment the disposal of the site's buses.")]
MOTION = [
    (None, R, "That the closure be deferred until the spring timetable review is complete and that the site "
              "lease be extended meanwhile;"),
    (None, R, "That a survey of site users be carried out;"),
    (None, R, "And, that a report be brought to the next committee meeting.")]


def _answers(ex) -> list[tuple[int, str, None]]:
    return [(int(r.rec_id.split(":")[1]), r.text, r.decision) for r in ex.responses]


def test_a_report_answers_a_relayed_resolution_in_its_paragraph_and_a_motion_part_by_part():
    ex = extract("relayed_motion_report.txt")
    assert ex.document.doc_type is DocType.COMMITTEE_REPORT
    assert [(r.number, r.kind, r.text) for r in ex.recommendations] == ASKED + [
        ("1.3", D, "Full Council resolved to note the petition and asked the Cabinet Member to take the views "
                   "of bus users into account before taking the decision.")] + MOTION + [
        ("1.9a", D, "That the site's buses be offered to the community transport scheme."),
        ("1.9b", D, "That the car park be marketed for sale; and that the proceeds fund the town bus service.")]
    # the paragraphs after the motion answer its first two parts (the first ask by ask), up to the
    # next relayed list; what Cabinet resolved is not answered, though the paragraph after it shares
    # its words
    assert _answers(ex) == [
        (3, "The views of bus users are set out in the consultation report at Appendix A.", None),
        (4, "In relation to the first part of the motion, the spring timetable review will not finish until "
            "June 2026, and the site lease ends in August 2025.", None),
        (4, "No extension of the lease is available from the landowner.", None),
        (5, "The committee also asked for a survey of site users. A survey of 240 users was carried out in "
            "April; most users said they would drive into the city instead. Survey responses are summarised "
            "in Appendix B.", None)]


def test_a_record_of_decision_answers_each_part_under_its_subheadings():
    ex = extract("relayed_motion_record_of_decision.txt")
    assert ex.document.doc_type is DocType.OTHER
    assert [(r.number, r.kind, r.text) for r in ex.recommendations] == ASKED + MOTION
    # a subheading opens a new answer; one that answers no part ('The information above …') is none
    assert _answers(ex) == [
        (3, "In relation to the first part of the motion, the spring timetable review will not finish until "
            "June 2026.", None),
        (3, "The closure cannot be deferred beyond August: the landowner will not extend the lease.", None),
        (4, "A survey of site users was carried out in April: 1. Weekday users 2. Weekend users Most users "
            "said they would drive into the city instead.", None),
        (5, "A report on the survey will be brought to the next committee meeting.", None)]
