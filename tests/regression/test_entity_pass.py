"""The entity layer with the real model, on small texts and papers written for these tests:
general corrections for council papers, officers and roles of responses taken from the
document's one entity pass, and the model read only where its mentions are used."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.entities import load_model, mentions_in
from extractors.records import extract_records
from extractors.responses import find_acronyms
from extractors.text_reader import read_text
from schemas.vocab import EntityLabel, EntitySource

PAPERS = Path(__file__).resolve().parent / "entities"


def _mentions(text: str) -> list[tuple[str, str, str]]:
    return [(m.label.value, m.text, m.normalized) for m in mentions_in([(text, 0)], find_acronyms(text))
            if m.label is not EntityLabel.DATE]


@pytest.mark.parametrize("text, expected", [
    # stacked titles and initials before a surname, a bracketed office after it: the whole name
    ("PRESENT: Mr K L Ashdown (Chairman), Mrs P Verney (Vice-Chairman), Dr R Malik and Miss T O Brennan",
     [("PERSON", "Mr K L Ashdown", "K L Ashdown"), ("PERSON", "Mrs P Verney", "P Verney"),
      ("PERSON", "Dr R Malik", "R Malik"), ("PERSON", "Miss T O Brennan", "T O Brennan")]),
    ("Present: Cllr Mrs Doyle, Cllrs Fenwick, Marsh & Oduya and the Town Clerk.",
     [("PERSON", "Cllr Mrs Doyle", "Doyle"), ("PERSON", "Fenwick", "Fenwick"), ("PERSON", "Marsh", "Marsh"),
      ("PERSON", "Oduya", "Oduya")]),
    ("ALSO PRESENT: Harriet Quayle (Chair), Owen Pryce (Clerk)",
     [("PERSON", "Harriet Quayle", "Harriet Quayle"), ("PERSON", "Owen Pryce", "Owen Pryce")]),
    ("Contact Officer: Dominic Farrow", [("ROLE", "Contact Officer", "Contact Officer"),
                                         ("PERSON", "Dominic Farrow", "Dominic Farrow")]),
    # rooms, buildings and streets are not people (nor bodies); a school is a body
    ("The panel met in the Kennet Room at Lowther House, 4 Mill Street, before visiting Ashgrove Primary School.",
     [("BODY", "Ashgrove Primary School", "Ashgrove Primary School")]),
    # attendance-list headings are no entity
    ("Apologies", []),
    ("IN ATTENDANCE", []),
    # a body's name is not cut at a line break; two heading lines stay two names
    ("The Early Help and Family Support Commissioning\nBoard approved the plan.",
     [("BODY", "Early Help and Family Support Commissioning\nBoard", "Early Help and Family Support Commissioning Board")]),
    ("Eastfield District Council\nLicensing Committee",
     [("BODY", "Eastfield District Council", "Eastfield District Council"),
      ("BODY", "Licensing Committee", "Licensing Committee")]),
    # a role's words at the start of a body's name do not make a role
    ("The Lead Member Reference Group will advise the Cabinet Member for Leisure.",
     [("BODY", "Lead Member Reference Group", "Lead Member Reference Group"),
      ("ROLE", "Cabinet Member for Leisure", "Cabinet Member for Leisure")]),
])
def test_entity_corrections(text, expected):
    assert _mentions(text) == expected


def _extract(name: str):
    return extract_records(read_text((PAPERS / name).read_bytes()), "e" * 16, name, None)


def test_officers_come_from_the_documents_one_entity_pass(monkeypatch):
    nlp = load_model()
    calls: list[bool] = []
    real_pipe = nlp.pipe

    def counted(texts, **kwargs):
        calls.append("disable" in kwargs)  # True: the rules-only pass
        return real_pipe(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counted)
    ex = _extract("action_plan_owners.txt")
    assert calls.count(False) == 1  # the model ran once for the whole paper
    assert [(r.rec_id[-1], r.officers, r.officer_roles) for r in ex.responses] == [
        ("1", ("Priya Shah",), ("Payroll Manager",)),
        ("2", ("Tom Okafor", "Ruth Lyle"), ())]
    for response in ex.responses:  # officers are the PERSON entities in that response's row
        people = [e.normalized for e in ex.entities if e.label is EntityLabel.PERSON and e.rec_id == response.rec_id]
        assert tuple(people) == response.officers


def test_the_model_reads_records_front_matter_and_contacts_only():
    ex = _extract("ner_scope_report.txt")
    people = [(e.text, e.page, e.rec_id is not None, e.source) for e in ex.entities if e.label is EntityLabel.PERSON]
    # the contact line on the front sheet (by rule), the name inside a decision (by the model);
    # the same name in a later paragraph that is neither is left to the rules, which find none
    assert people == [("Dominic Farrow", 1, False, EntitySource.RULE), ("Mary Okonjo", 6, True, EntitySource.MODEL)]
    assert not [e for e in ex.entities if e.page == 7]
