"""The NLP layer with the real model: people found, no person made from a body's name, roles
apart from names, acronyms resolved; sentences from the seeds and from ../shared/corpus/real."""
from __future__ import annotations

import pytest

from extractors.entities import load_model, mentions_in
from extractors.responses import find_acronyms
from schemas.vocab import EntityLabel


def _by_label(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for m in mentions_in([(text, 0)], find_acronyms(text)):
        found.setdefault(m.label.value, []).append(m.normalized)
    return found


def test_model_loads_once_per_process():
    assert load_model() is load_model()
    assert load_model().pipe_names == ["entity_ruler", "ner"]  # ner has its own embedding: no tok2vec


@pytest.mark.parametrize("text, people", [
    ("Barbara Newton & Adam Hewitt – October 2007 By December 2007 Spring 2008", ["Barbara Newton", "Adam Hewitt"]),
    ("Mariana Pexton & Barbara Newton 3rd October 2007", ["Mariana Pexton", "Barbara Newton"]),
    ("John Maynard & Sarah Sinclair December 2007 December 2007", ["John Maynard", "Sarah Sinclair"]),
    ("ISCB – Keith Burton – October 2007", ["Keith Burton"]),
    ("LSCB – Bryan Gocke & Jackie Wilson", ["Bryan Gocke", "Jackie Wilson"]),
    ("Contact Officer: Cindy Peek", ["Cindy Peek"]),
    ("Jane Smith, HR Business Partner - Q2 2019/20", ["Jane Smith"]),
])
def test_people_in_responsibility_cells(text, people):
    found = [m.normalized for m in mentions_in([(text, 0)], {}) if m.label is EntityLabel.PERSON]
    assert found == people


def test_councillors_normalised_without_title():
    found = _by_label("Cllr Golton fulfils this role in its broadest sense. However, Cllr Harker fulfils "
                      "the responsibilities in relation to education functions of the Council.")
    assert found["PERSON"] == ["Golton", "Harker"]
    found = _by_label("following a request for scrutiny from Councillor Brian Selby, the Children's "
                      "Services Scrutiny Board conducted an inquiry")
    assert found["PERSON"] == ["Brian Selby"]
    assert found["BODY"] == ["Children's Services Scrutiny Board"]


def test_roles_are_apart_from_names_and_acronyms_resolve():
    text = ("The Director of Children's Services (DCS) holds the statutory accountabilities. "
            "The DCS has required that the Locality Enabler (East) has met with all staff.")
    found = _by_label(text)
    assert "PERSON" not in found
    assert found["ROLE"] == ["Director of Children's Services", "Director of Children's Services",
                             "Locality Enabler (East)"]


def test_bodies_and_their_acronyms():
    text = ("the Integrated Strategic Commissioning Board (ISCB); West Yorkshire Police have attended. "
            "Leeds PCT and Ofsted were told. Partners through ISCB will be asked.")
    found = _by_label(text)
    bodies = found["BODY"]
    assert bodies[:3] == ["Integrated Strategic Commissioning Board", "West Yorkshire Police", "Leeds PCT"]
    assert bodies[-1] == "Integrated Strategic Commissioning Board"  # the bare acronym, resolved
    assert "PERSON" not in found


@pytest.mark.parametrize("text", [
    "The Children Leeds Partnership and the Vulnerable Groups Commissioning Partnership met.",
    "reports to the Corporate Governance and Audit Committee and the Executive Board",
    "The Science and Technology Select Committee published its report.",
    "The Department for Transport drew local authorities' attention to the Fund.",
])
def test_no_person_made_from_a_body_name(text):
    found = _by_label(text)
    assert "PERSON" not in found, found
    assert found.get("BODY")


def test_sentences_from_the_real_corpus():
    # Behaviour Change response (gcosma/COP509) and Kent County Council minutes (lusavkaedu/council-assistant)
    found = _by_label("the Department of Health has invested £5m over five years in the Policy Research Unit "
                      "on Behaviour and Health, based at the University of Cambridge and directed by "
                      "Professor Theresa Marteau")
    assert found["PERSON"] == ["Theresa Marteau"]
    found = _by_label("Mr Roger Gough, Leader of the Council, proposed and Mrs Sue Chandler, Cabinet Member "
                      "for Integrated Children's Services, seconded the motion.")
    assert found["PERSON"] == ["Roger Gough", "Sue Chandler"]
    assert "Cabinet Member for Integrated Children's Services" in found["ROLE"]


def test_dates_are_rule_mentions_in_iso_form():
    mentions = mentions_in([("completed by September 2009 and reviewed in 2009/10", 100)], {})
    dates = [(m.text, m.normalized, m.char_start) for m in mentions if m.label is EntityLabel.DATE]
    assert dates == [("September 2009", "2009-09", 113), ("2009/10", "2009-04-01/2010-03-31", 144)]


def test_text_kept_from_the_ruler_could_hold_no_ruler_match(monkeypatch):
    # Paragraphs with no title, role head word, capitalised body noun or inquiry committee word
    # skip the ruler; the mentions must be those the ruler gives when it reads everything.
    import re

    from extractors import entities
    texts = ["The BOARD agreed the plan.", "the board agreed the plan.", "Councillor Ann Hill spoke.",
             "A select committee on transport said so.", "The Sub-committee met; cllr Jones left.",
             "Nothing of note was said.", "Deputy Chief Executive (Interim) reported.",
             "Budget rose by 4% in 2024/25.", "services were reviewed by the area team."]
    pieces = [entities.Piece(t, i * 100, model=False) for i, t in enumerate(texts)]
    gated = mentions_in(pieces, {})
    monkeypatch.setattr(entities, "_RULER_GATE", re.compile(""))
    assert gated == mentions_in(pieces, {})
    assert {m.text for m in gated} >= {"Councillor Ann Hill", "Deputy Chief Executive (Interim)"}
