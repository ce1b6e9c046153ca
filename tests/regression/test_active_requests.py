"""A request to a committee in the active voice ('We request that the Scrutiny Committee
recommends …') is a decision sought, as '… is requested to' is. Bug: a call-in's desired outcome
gave no record, and the paper none at all. Input written for this test."""
from __future__ import annotations

from schemas.vocab import DocumentStatus, RecKind

from paper import extract


def test_we_request_that_a_committee_decides():
    ex = extract("call_in_request.txt")
    assert ex.document.status is DocumentStatus.OK
    assert [(r.number, r.kind, r.text) for r in ex.recommendations] == [
        (None, RecKind.DECISION, "We request that the Scrutiny Committee recommends that the implementation of "
                                 "the decision be postponed until the cost of transport has been set out.")]
