"""Recommendation lists and response papers in plain text, each input written for the bug it
shows (no dev paper's wording): a numbered 'RECOMMENDATIONS' chapter, a list printed twice,
nested sub-items, conclusions told apart from recommendations, and numbered items answered in a
response paper."""
from __future__ import annotations

from pathlib import Path

from extractors.records import extract_records
from extractors.text_reader import read_html, read_text
from schemas.vocab import Decision, DocType

HERE = Path(__file__).resolve().parent


def _extract(name: str):
    return extract_records(read_text((HERE / name).read_bytes()), "d" * 16, name, None)


def _records(ex) -> list[tuple[str | None, str]]:
    return [(r.number, r.text) for r in ex.recommendations]


def test_numbered_recommendations_chapter_not_its_contents_entry_nor_discussion():
    """'2. RECOMMENDATIONS' (a numbered chapter heading) holds the list; the contents entry
    '2. RECOMMENDATIONS 7', the next chapter's numbered paragraphs and 'That said, …' are not
    recommendations."""
    ex = _extract("review_recommendations_chapter.txt")
    assert ex.document.doc_type is DocType.INQUIRY_REPORT
    assert _records(ex) == [
        ("1", "The Council shall publish the scoring of every tender within one month of the award."),
        ("2", "The Transport Committee should receive an annual report on supported routes, setting out "
              "the cost per passenger of each route."),
        ("3", "Operators shall be given at least twelve weeks to prepare a bid.")]


def test_list_printed_twice_is_read_once_with_its_first_numbers():
    """A lead-in list in the summary, repeated (renumbered) under the conclusions: one record
    each, dash bullets inside their item, an item without a full stop not run into the next."""
    ex = _extract("list_printed_twice.txt")
    assert _records(ex) == [
        ("1", "Improve identification of young carers in schools: - Train a named lead in every secondary "
              "school - Share referral data with the carers' service each term"),
        ("2", "Extend respite breaks to carers aged 8 to 11"),
        ("3", "Develop a single assessment shared by health and social care"),
        ("4", "Raise awareness of the carers' card among GP practices")]


def test_lettered_and_roman_sub_items_are_records_with_their_parents_number():
    """Titles ('2. Training', '(a) Seat belts') and stems ending in a colon are not records; the
    body under a title with no sub-items is."""
    ex = _extract("nested_recommendations.txt")
    assert _records(ex) == [
        ("1", "The County Council must fund a permanent school crossing patrol service."),
        ("2a", "Every driver contracted by the Council should complete safeguarding training each year."),
        ("2b", "Escorts should be trained in first aid before their first journey."),
        ("3a(i)", "All contracted vehicles must have a working seat belt for every seat."),
        ("3a(ii)", "Drivers should check seat belts at the start of each route."),
        ("3b(i)", "a first aid kit; and"),
        ("3b(ii)", "a fire extinguisher.")]


def test_conclusions_are_not_recommendations_and_a_stem_gives_its_letters():
    ex = _extract("conclusions_and_recommendations.txt")
    assert _records(ex) == [
        ("3", "The Cabinet Member should extend evening opening at the four largest branches."),
        ("4", "It is important that opening hours are reviewed with library users every year."),
        ("5a", "publish footfall figures for each branch quarterly; and"),
        ("5b", "consult users before any change to opening hours.")]


def test_response_paper_numbered_items_each_with_the_answer_that_follows():
    """Headings that carry a number ('1) Response targets', '3a) i-ii) Air support') are not
    records; items answered together share the answer; a number printed again inside an answer
    ('2b. Defibrillators have …') is part of it; a devolved government's decision opens one."""
    ex = _extract("response_numbered_items.txt")
    assert ex.document.doc_type is DocType.RESPONSE_REPORT
    assert _records(ex) == [
        ("1", "The eight-minute target should be reported for every rural ward"),
        ("2a", "Each health board should recruit community first responders in villages more than ten "
               "miles from a station."),
        ("2b", "Responders should be equipped with defibrillators."),
        ("3a(i)", "The air ambulance charity should be funded to fly at night."),
        ("3a(ii)", "A second night-time base should be considered for the north.")]
    joint = ("These recommendations are accepted in principle by the Welsh Government and the health "
             "boards. 2b. Defibrillators have already been provided to 140 responder schemes.")
    assert [(r.rec_id.split(":")[1], r.text, r.decision) for r in ex.responses] == [
        ("1", "This recommendation is accepted in full. The Welsh Ambulance Service will publish "
              "ward-level figures from April 2023.", Decision.ACCEPTED),
        ("2", joint, Decision.PARTIALLY_ACCEPTED),
        ("3", joint, Decision.PARTIALLY_ACCEPTED),
        ("4", "The Welsh Government accepts this recommendation in full.", Decision.ACCEPTED),
        ("5", "This recommendation is not accepted: demand does not justify a second base.",
         Decision.REJECTED)]


def test_unanswered_headed_recommendation_keeps_its_list_and_closing_instruction():
    """In a report that answers none of its 'Recommendation N' headings, a recommendation keeps
    the list its sentence introduces and the instruction after it, but not the discussion that
    follows ('During the review we heard …')."""
    ex = _extract("unanswered_headed_recommendations.txt")
    assert ex.document.doc_type is DocType.INQUIRY_REPORT
    assert _records(ex) == [
        ("1", "Every acute trust should publish its delayed discharge figures each month. The figures "
              "should: show the number of patients medically fit for discharge show the reason for each "
              "delay Integrated care boards should use the figures to plan community capacity each winter."),
        ("2", "The Department should fund a shared discharge record for hospitals and councils by 2026."),
        ("3", "Commissioners should review the discharge-to-assess model within a year.")]
    assert not ex.responses


def test_bulleted_recommendations_each_a_record_and_a_lower_case_line_no_heading():
    """Each bullet under 'Recommendations' is a record (no number); 'recommendations' cut onto a
    line of its own mid-sentence does not start a list, and a web address ends the last item."""
    ex = _extract("bulleted_recommendations.txt")
    assert _records(ex) == [
        (None, "A focus on shortening waits for hearing aid fitting."),
        (None, "A focus on hearing checks for care home residents."),
        (None, "A focus on awareness of hearing loss among GP practice staff.")]


def test_sub_items_run_into_their_stem_sentence_are_records():
    """'We recommend that the Council (a) …; (b) …; and' with '(c) …' on a line of its own gives
    7a, 7b and 7c; the joining 'and' belongs to neither."""
    ex = _extract("inline_sub_items.txt")
    assert _records(ex) == [
        ("7a", "publish fly-tipping hot spots on its website;"),
        ("7b", "consult parish councils on where cameras are placed;"),
        ("7c", "report the number of fixed penalty notices to this Committee every six months."),
        ("8", "The Cabinet Member should review the charges for bulky waste collection.")]


def test_a_recommendation_keeps_its_colon_list_and_never_swallows_its_answer():
    """The list after 'should offer:' stays with the recommendation; an unlabelled answer before
    the sentence that states the decision ('The Council already funds …', 'Schools already
    work …') is the answer's, and a deciding body other than a government opens one."""
    ex = _extract("response_after_instructions.txt")
    assert ex.document.doc_type is DocType.RESPONSE_REPORT
    assert _records(ex) == [
        ("1", "The Council should open two more youth centres in the south of the borough. The new centres "
              "should offer: evening sessions on at least four days a week a drop-in health clinic"),
        ("2", "Youth workers should be trained in mental health first aid."),
        ("3", "Every secondary school should have a named youth worker.")]
    assert [(r.text, r.decision) for r in ex.responses] == [
        ("The Council already funds three centres and has secured a site in Southbank for a fourth. The "
         "Cabinet accepts this recommendation in part: one new centre will open by September 2025.",
         Decision.PARTIALLY_ACCEPTED),
        ("Accepted. Training will be completed by March 2025.", Decision.ACCEPTED),
        ("Schools already work with the youth service through the termly liaison meetings. The Cabinet "
         "agrees with the aim of this recommendation and will pilot named workers in six schools.",
         Decision.ACCEPTED)]


def test_boxed_recommendation_whose_box_a_page_break_cut_keeps_its_items():
    """A 'Committee Recommendation' box holding only its heading at the foot of a page, its item
    in the next box after the page break (and a footnote): the item is a recommendation with the
    answer after it."""
    ex = extract_records(read_html((HERE / "boxed_recommendation_over_page_break.html").read_bytes()),
                         "d" * 16, "boxed.html", None)
    assert ex.document.doc_type is DocType.RESPONSE_REPORT
    assert _records(ex) == [
        ("4.1", "The Department should publish coverage maps every quarter."),
        ("4.2", "The Department should fund community fibre schemes in the hardest-to-reach villages.")]
    assert [r.text for r in ex.responses] == [
        "The Government agrees and will publish the first map in April.",
        "Community schemes can already apply to the gigabit voucher scheme."]
