"""The gated ruler gives the entities the plain EntityRuler gives, and runs fewer patterns."""
from __future__ import annotations

import pytest

from extractors.entities import load_model
from extractors.ruler_gates import GatedMatcher, needed_words

TEXTS = [
    "The Deputy Director of Public Health (Interim) and the Chief Executive met the Lead Executive Member.",
    "Cllrs Hayward and Hoskins asked the Head of Democratic Services to write to Mr B J Cole.",
    "The Audit and Governance Sub-Committee and the Kent Police and Crime Panel (PCP) noted it.",
    "A report of the Select Committee on Housing and Local Government to the Cabinet.",
    "The portfolio holder for Adult Social Care, Councillor Mrs Ann Hill, and the Service Manager.",
    "We met Mr Audit Committee today.",  # one span, PERSON and BODY: the set's order decides
    "nothing here names anyone, any role or any body at all.",
]


def _entities(nlp, text: str, matcher) -> list[tuple[str, int, int]]:
    ruler = nlp.get_pipe("entity_ruler")
    kept = ruler.matcher
    ruler.matcher = matcher
    try:
        return [(e.label_, e.start, e.end) for e in ruler(nlp.make_doc(text)).ents]
    finally:
        ruler.matcher = kept


@pytest.mark.parametrize("text", TEXTS)
def test_same_entities_as_the_full_matcher(text):
    nlp = load_model()
    gated = nlp.get_pipe("entity_ruler").matcher
    assert isinstance(gated, GatedMatcher)
    assert _entities(nlp, text, gated) == _entities(nlp, text, gated.full)


def test_a_span_under_two_labels_gets_the_full_matchers_list():
    nlp = load_model()
    gated = nlp.get_pipe("entity_ruler").matcher
    # the gated groups would list the person first; the full Matcher lists the first body first
    doc = nlp.make_doc("The Kent Audit Committee met Mr Audit Committee today.")
    assert gated(doc) == gated.full(doc)


def test_only_patterns_whose_words_the_text_holds_run():
    nlp = load_model()
    gated = nlp.get_pipe("entity_ruler").matcher
    ran = []

    def recording(needs, matcher):
        return lambda doc: ran.append(needs) or matcher(doc)

    kept = gated.groups
    gated.groups = [(needs, recording(needs, matcher)) for needs, matcher in kept]
    try:
        gated(nlp.make_doc("The Council agreed the budget."))
    finally:
        gated.groups = kept
    # the body patterns ('… Council'), not the 160 role patterns nor the councillors'
    assert ran and all(any("council" in words for words, _ in needs) for needs in ran)
    assert len(ran) < len(kept) / 10


def test_needed_words_of_a_pattern():
    pattern = [{"LOWER": {"IN": ["deputy", "acting"]}}, {"LOWER": "chief"}, {"LOWER": "officer"},
               {"ORTH": "(", "OP": "?"}, {"TEXT": {"REGEX": "^[A-Z]"}, "OP": "+"},
               {"LOWER": {"IN": ["board", "sub-committee"]}, "TEXT": {"REGEX": "^[A-Z]"}},
               {"LOWER": "of", "OP": "?"}]
    assert needed_words(pattern) == {(frozenset({"deputy", "acting"}), False), (frozenset({"chief"}), False),
                                     (frozenset({"officer"}), False), (frozenset({"board", "sub"}), True)}


@pytest.mark.parametrize("entry", [{"label": "BODY", "pattern": "Audit Committee"},
                                   {"label": "BODY", "pattern": [{"LOWER": "board"}], "id": "board"}])
def test_patterns_the_ruler_keys_otherwise_are_refused(entry):
    nlp = load_model()
    with pytest.raises(ValueError, match="token patterns without an id"):
        GatedMatcher(nlp.vocab, [entry], nlp.get_pipe("entity_ruler").matcher.full)
