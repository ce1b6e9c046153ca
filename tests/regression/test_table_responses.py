"""Responses set out as tables: an acceptance matrix (one response per recommendation and
responder, the decision from the paper's key) and a two-column point/response table. Bugs: the
matrix and point/response tables were not read at all (or read as a boxed recommendation with the
next heading's paragraphs as its response); a table of consultation comments is not a table of
recommendations."""
from __future__ import annotations

import random
import re

from extractors.stages import codes_after
from schemas.vocab import Decision, DocType, RecKind

from paper import extract


def test_acceptance_matrix_gives_one_response_per_responder_decided_by_the_key():
    ex = extract("fp_matrix_key.txt")
    assert [(r.number, r.text) for r in ex.recommendations] == [
        ("1", "Publish the number of GP appointments offered each month in every practice."),
        ("2", "Offer evening appointments in every primary care network."),
        ("3", "Fund a patient transport service to the urgent treatment centre.")]
    assert [(r.rec_id.split(":")[1], r.responder, r.text, r.decision) for r in ex.responses] == [
        ("1", "Council", "A", Decision.ACCEPTED), ("1", "CCG", "AP", Decision.PARTIALLY_ACCEPTED),
        ("2", "CCG", "A", Decision.ACCEPTED),
        ("3", "Council", "NA", Decision.REJECTED), ("3", "CCG", "NA", Decision.REJECTED)]


def test_point_response_table_but_not_a_table_of_consultation_comments():
    ex = extract("point_response_table.txt")
    assert ex.document.doc_type is DocType.RESPONSE_REPORT
    assert [(r.number, r.kind, r.text) for r in ex.recommendations] == [
        (None, RecKind.RECOMMENDATION, "The price of beach huts should be frozen for 2021/22."),
        (None, RecKind.RECOMMENDATION, "A waiting list for beach huts should be published online.")]
    assert [(r.responder, r.decision, r.text) for r in ex.responses] == [
        ("Cabinet", Decision.ACCEPTED, "Agreed. Prices for 2021/22 are frozen at the 2020/21 level."),
        ("Cabinet", Decision.REJECTED, "Not agreed. Publishing names would breach data protection law.")]


def test_the_decision_is_the_first_sentence_that_states_one_not_the_most_hedged_word():
    """Bug: 'accepted in full by the Council. … accepted it in principle …' came out partially
    accepted: the whole opening was searched for the most hedged wording first."""
    ex = extract("decision_from_first_sentence.txt")
    assert [(r.rec_id.split(":")[1], r.decision) for r in ex.responses] == [
        ("1", Decision.ACCEPTED), ("2", Decision.NOTED)]


def test_decision_codes_are_read_from_the_codes_backwards_exactly_as_the_regex_reads_them():
    # The key reader once ran a lazy regex from every letter of the text, 1.3 s on a 300-page
    # report; codes_after must keep its matches exactly (leftmost start, shortest meaning).
    regex = re.compile(r"(?P<desc>[A-Za-z][A-Za-z\s,'-]{2,120}?)\s*\((?P<code>[A-Z]{1,3})\)")
    pieces = list("abcXYZ  ,'-.1()\n\t") + ["(F)", "(P)", "(ABCD)", "(NA)", "  ", "é", "accepted in full "]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 300)))
        assert list(codes_after(text)) == [(m["code"], m["desc"]) for m in regex.finditer(text)], text
    assert list(codes_after("accepted in full (F) or in principle (P)")) == [
        ("F", "accepted in full"), ("P", "or in principle")]
