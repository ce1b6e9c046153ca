"""Responses and updates by label, as one grammar (label words × responder × date × punctuation):
"<who>'s response (<month year>):", "Officer comment:", "Agreed action:", "Position at <date> -",
"Update (<month year>):", "<Month year> progress update –", "Progress to date:", "Current position"
run straight into its text. Bugs: only "<who> response" and dated "update" labels were known;
"Officer comment", "Agreed action", "Progress to date" and "Current position" were swallowed
into the response before them; a response committing to "spring 2023" with "will … in" had no
due date."""
from __future__ import annotations

from datetime import date

from schemas.vocab import Decision
from extractors.responses import response_timescale

from paper import extract


def test_every_label_form_in_a_cell_is_a_response_or_an_update():
    ex = extract("labels_in_cells.txt")
    assert [(r.rec_id.split(":")[1], r.responder, r.decision, r.approved_date, r.text) for r in ex.responses] == [
        ("1", "Cabinet Member", Decision.ACCEPTED, date(2020, 3, 1), "Agreed, from the start of the summer season."),
        ("2", "Officer", Decision.PARTIALLY_ACCEPTED, None, "Accepted in principle, subject to capital funding."),
        ("3", None, None, None, "Officers will write to all town centre businesses.")]
    assert [(u.rec_id.split(":")[1], u.label, u.as_of, u.text) for u in ex.updates] == [
        ("1", "Position at 30 September 2020", date(2020, 9, 30), "Opening hours were extended in June."),
        ("2", "Update (August 2020)", date(2020, 8, 1), "A bid has been made to the capital programme."),
        ("2", "November 2020 progress update", date(2020, 11, 1), "The bid was approved for 2021/22."),
        ("3", "Progress to date", date(2020, 11, 19), "Twelve businesses have joined."),
        ("3", "Current position", date(2020, 11, 19), "The scheme is being advertised again in the new year.")]
    assert [r.text for r in ex.recommendations] == [
        "The Council should keep the toilets in the three market towns open until 8pm.",
        "Changing Places toilets should be provided in each town centre.",
        "A community toilet scheme should be offered to cafes and shops."]


def test_a_promise_in_the_future_tense_is_a_due_date_a_past_event_is_not():
    promised = response_timescale("Agreed. A survey will be carried out in spring 2023 if funding allows.", None)
    assert (promised.raw, promised.due_dates) == ("in spring 2023", (date(2023, 5, 31),))
    past = response_timescale("Agreed. The rates were published in April 2022.", None)
    assert (past.raw, past.due_dates) == (None, ())


def test_in_running_text_the_response_ends_at_an_update_label_or_a_numbered_heading():
    """Bugs: 'Position at February 2021: …' was swallowed into the response before it, and the last
    response ran on through '4. Financial implications' (a heading numbered '4.' was not one)."""
    ex = extract("running_text_updates.txt")
    assert [(r.rec_id.split(":")[1], r.responder, r.text) for r in ex.responses] == [
        ("1", "Lead Member", "Agreed. Cameras will be installed by January 2021."),
        ("2", "Lead Member", "Not agreed, because of the cost.")]
    assert [(u.rec_id.split(":")[1], u.label, u.as_of, u.text) for u in ex.updates] == [
        ("1", "Position at February 2021", date(2021, 2, 1),
         "Eight cameras are in place; two sites are awaiting power supplies.")]
