"""Kinds of paper as plug-ins: registered by name, looked up with an error listing the known
names, chosen by the strongest evidence, and a new kind added without touching the others."""
from __future__ import annotations

import pytest

from extractors.found import text_lines
from extractors.kinds import KINDS, Kind, UnknownKind, classify, find_candidates, get_kind, register, select
from extractors.text_reader import read_text
from schemas.vocab import DocType


def test_unknown_kind_names_every_known_kind():
    with pytest.raises(UnknownKind) as raised:
        get_kind("newsletter")
    message = str(raised.value)
    assert "newsletter" in message
    for name in ("tracker", "minutes", "committee_report", "inquiry_report", "response_report",
                 "audit_report", "decision_notice"):
        assert name in message


def test_a_kind_is_registered_once():
    with pytest.raises(ValueError):
        register(Kind("minutes", DocType.MINUTES, lambda e: 0.0, lambda c: []))


def _doc(text: str):
    doc = read_text(text.encode())
    return doc, find_candidates(doc, text_lines(doc))


def test_strongest_evidence_wins_and_decisions_join_any_kind():
    doc, candidates = _doc("Minutes of the Parish Council meeting\n\nRESOLVED that the accounts be approved.\n\n"
                           "RESOLVED that the clerk write to the highways authority.\n")
    kind = classify(doc, candidates, None)
    assert kind.name == "minutes"
    assert [r.kind.value for r in select(kind, candidates)] == ["decision", "decision"]


def test_a_new_kind_plugs_in_without_touching_the_others():
    doc, candidates = _doc("Newsletter of the Friends of the Park\n\nSpring events are listed below.\n")
    assert classify(doc, candidates, None).name == "other"
    newsletter = Kind("newsletter", DocType.OTHER,
                      lambda e: 0.9 if e.head_has(r"\bnewsletter\b") else 0.0, lambda c: [])
    register(newsletter)
    try:
        assert classify(doc, candidates, None) is newsletter
    finally:
        del KINDS["newsletter"]
    assert classify(doc, candidates, None).name == "other"
