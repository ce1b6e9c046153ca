"""Decisions in reports and decision notices: what a report asks its committee to decide ("The
Committee is requested to:", "Cabinet is asked to: A. … B. …", "It is recommended that …"), the
"Decision: <The body> agree to: a) …" of a record of decision, and resolutions a report relays
("<body> resolved the following: a. … b. …", "the Committee resolved … to refer the matter").

A report prints its recommendations in the summary and again in its Recommendation(s) section:
the two are one set, kept at the first appearance with the number of the numbered one. When a
paper has such sections, a request outside them ("Members are asked to consider the balance of
…") is not a decision. Minutes are the minutes finder's."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from schemas.vocab import RecKind

from .decision_grammar import notice_titles, reported_resolution
from .decision_lists import ITEM_SHAPE, NUMBERED_LINE, list_items, section_heading
from .motions import answer_in_paragraph, answer_parts, relayed_kind, that_clauses
from .rec_lists import vocabulary
from .resolutions import INLINE_ENUM
from .found import MARKER, FoundRec, Span, TextLine, norm_key, paragraphs_of, text_similarity

DECISION_TRIGGER = re.compile(
    r"\b(?:is|are|be)\s+(?:hereby\s+)?(?:requested|asked|recommended|invited|advised)\s+to\b|"
    r"\bit\s+is\s+recommended\s+that\b|(?-i:\bRESOLVED\b)|^resolved\b|\bagrees?\s+to\s*:|"
    r"\bmay\b[^.]{0,100}\bresolve\b|^(?:we|I)\s+(?:request|ask)\s+that\b", re.I)
# Every match of DECISION_TRIGGER holds one of these words, in some case.
_TRIGGER_WORDS = ("ask", "request", "recommended", "invited", "advised", "resolve", "agree")


def decision_trigger(text: str) -> re.Match[str] | None:
    """DECISION_TRIGGER.search, not run on ASCII text that holds none of its words (most
    paragraphs of a long report). Text with other characters is always searched: re's case
    folding matches some of them to ASCII letters ('ſ' to 's') where str.lower does not."""
    if text.isascii():
        low = text.lower()
        if not any(word in low for word in _TRIGGER_WORDS):
            return None
    return DECISION_TRIGGER.search(text)


# '… is requested to' also in the active voice: 'We request that <the committee> recommends …'
_OPENS_DECISION = re.compile(
    r"^(?:(?:we|I)\s+(?:request|ask)\s+that\s+|that\s+)?(?:the\s+)?(?:it\s+is|RESOLVED|resolved|as\s+[^.]{0,120}?\bI\s+agree\b|"
    r"(?:[A-Z][\w']*\s+){0,5}(?:committee|board|cabinet|council|members?|panel|forum|executive|"
    r"member|leader|mayor)\b)", re.I)
# "Recommendation(s):", "4. Recommendations", "Decision:" before the text of a paragraph.
_LABEL = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:recommendations?(?:\(s\))?|decisions?)\s*:\s*", re.I)
_NUMBER = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})*)\.?\s*(?=[A-Z(\"“])")
_DECISION_HEADING = re.compile(r"^(?:\d+\.?\s+)?(?:formal\s+)?decisions?\s*:?\s*$", re.I)
_ALTERNATIVES = re.compile(r"\bone\s+of\s+the\s+following\b", re.I)


@dataclass
class _Block:
    """The decisions one paragraph asks for or relays, with its items."""
    items: list[FoundRec]
    requested: bool          # asked of the committee, not relayed from another meeting
    section: int | None = None   # which Recommendation(s) / Decision section it stands in
    keys: list[str] = field(default_factory=list)


def find_decisions(lines: list[TextLine]) -> list[FoundRec]:
    """Decisions a report asks for or relays; a list repeated later is kept once."""
    paras = _paragraphs(lines)
    sections = _decision_sections(paras)
    blocks: list[_Block] = []
    taken = -1
    for k, para in enumerate(paras):
        if k <= taken:
            continue
        block, last = _request(paras, k)
        if block is None:
            block, last = _relayed(paras, k)
        if block is None:
            block, last = _decided(paras, k)
        if block is None:
            block, last = _listed(paras, k)
        if block is None or not block.items:
            continue
        block.section = sections.get(k)
        blocks.append(block)
        taken = last
    if any(b.requested and b.section is not None for b in blocks):
        blocks = [b for b in blocks if b.section is not None or not b.requested]
    return _once(blocks)


def _paragraphs(lines: list[TextLine]) -> list[list[TextLine]]:
    """Paragraphs, cut where a text paper runs a decision's lines together: at a line opening a
    decision, a marked or numbered line, the line after one ending in ':' and an item opening in
    capitals after a finished one ('… 1 April 2025.' then 'INSTRUCT the Head of …')."""
    opens: set[int] = set()
    for prev, line in zip(lines, lines[1:]):
        ended = prev.text.rstrip()
        if ended.endswith(":") or (re.search(r"[.;]$|\band$", ended) and ITEM_SHAPE.match(line.text)):
            opens.add(line.char_start)
    return paragraphs_of(lines, breaks=lambda l: _starts_decision(l) or bool(MARKER.match(l.text))
                         or bool(NUMBERED_LINE.match(l.text)) or l.char_start in opens)


def is_decision_notice(text: str) -> bool:
    """A record of decision or appeal decision, by its title at the top of the paper."""
    head = re.sub(r"\s+", " ", text[:300]).lower()
    return any(title in head for title in notice_titles())


def _starts_decision(line: TextLine) -> bool:
    """A line inside a paragraph that opens a decision: 'RESOLVED …', 'Members are asked to:'."""
    if re.match(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:RESOLVED|Resolved)\b", line.text):
        return True
    return line.text[:1].isupper() and bool(decision_trigger(line.text)) \
        and bool(_OPENS_DECISION.match(line.text)) and line.text.rstrip().endswith(":")


def _decision_sections(paras: list[list[TextLine]]) -> dict[int, int]:
    """Paragraphs inside a 'Recommendation(s)' or 'Decision' section or label, up to the next
    heading, each with the number of its section."""
    inside: dict[int, int] = {}
    current: int | None = None
    count = 0
    for k, para in enumerate(paras):
        text = " ".join(l.text for l in para)
        kind = None if decision_trigger(text) else section_heading(text)
        if kind == "decision" or (kind is None and _LABEL.match(text)):
            count += 1
            current = count
        elif kind == "other":
            current = None
        if current is not None:
            inside[k] = current
        if kind is None and _LABEL.match(text) and len(text) > _LABEL.match(text).end():
            current = None   # an inline label ('Recommendation: Council is asked to note …') is its own section
    return inside


def _body(text: str) -> tuple[int, str | None]:
    """Where a paragraph's own text starts (after 'Recommendation(s):' and its number) and the
    number printed before it."""
    start = 0
    label = _LABEL.match(text)
    if label:
        start = label.end()
    number = _NUMBER.match(text[start:])
    if number and not label:
        return start + number.end(), number["n"]
    return start, None


def _request(paras: list[list[TextLine]], k: int) -> tuple[_Block | None, int]:
    para = paras[k]
    text = " ".join(l.text for l in para)
    start, number = _body(text)
    body = text[start:]
    trigger = decision_trigger(body)
    if not trigger or not _OPENS_DECISION.match(body) or len(body[:trigger.start()]) > 300:
        return None, k
    tail = body[trigger.end():].strip(" :–-")
    span = _span(para, start, len(text))
    if body.rstrip().endswith((":", " to", ":-", ": -")) or not tail:
        items, last = list_items(paras, k + 1)
        if _ALTERNATIVES.search(body) and items:   # the committee resolves one of them: one decision
            whole = Span.join([span] + [s for _, s in items])
            return _Block([FoundRec(whole, RecKind.DECISION, number, confidence=0.8)], True), last
        recs = [FoundRec(s, RecKind.DECISION, n, page_end=s.page, confidence=0.85) for n, s in items]
        return _Block(recs or [FoundRec(span, RecKind.DECISION, number, confidence=0.8)], True), last
    inline = list(INLINE_ENUM.finditer(body, trigger.end()))
    if len(inline) >= 2:
        return _Block(_inline_items(para, text, inline), True), k
    return _Block([FoundRec(span, RecKind.DECISION, number, confidence=0.85)], True), k


def _relayed(paras: list[list[TextLine]], k: int) -> tuple[_Block | None, int]:
    """'<body> resolved the following: a. … b. …', '12. After the debate, the Committee resolved
    … to refer the matter to full Council.'"""
    para = paras[k]
    text = " ".join(l.text for l in para)
    start, number = _body(text)
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text[start:])
    if sentences[-1].rstrip().endswith(":") and reported_resolution(sentences[-1]):
        items, last = list_items(paras, k + 1)   # '… the Board resolved the following:' and its items
        kind = relayed_kind(sentences[-1])
        # an unmarked item may run several 'That …;' parts together; a marked item is one by its marker
        parts = [(n, part) for n, s in items for part in (that_clauses(s) if n is None else [s])]
        # unmarked parts share the paragraph's number, which then names none of them
        recs = [FoundRec(part, kind, _joined(number, n) if n or len(parts) == 1 else None, page_end=part.page,
                         confidence=0.75) for n, part in parts]
        if kind is RecKind.RECOMMENDATION:
            answer_parts(recs, paras, last + 1)   # the decision-maker answers what was proposed to it
        return _Block(recs, False), last
    first = sentences[0]
    if not reported_resolution(first):
        return None, k
    span = _span(para, start, start + len(first))
    rec = FoundRec(span, RecKind.DECISION, number, confidence=0.75)
    rec.responses = answer_in_paragraph(first, _span(para, start + len(first), len(text)))
    return _Block([rec], False), k


def _decided(paras: list[list[TextLine]], k: int) -> tuple[_Block | None, int]:
    """A decision notice's 'Decision' heading over the decision itself ('1. The appeal is
    dismissed.'), with no 'agree to:' to introduce it: its paragraphs up to the next heading."""
    if not _DECISION_HEADING.match(" ".join(l.text for l in paras[k])):
        return None, k
    found, j = [], k + 1
    while j < len(paras):
        text = " ".join(l.text for l in paras[j])
        if section_heading(text) or decision_trigger(text) or _LABEL.match(text):
            break
        start, number = _body(text)
        found.append(FoundRec(_span(paras[j], start, len(text)), RecKind.DECISION, number, confidence=0.75))
        j += 1
    return (_Block(found, True), j - 1) if found and j > k + 1 else (None, k)


def _listed(paras: list[list[TextLine]], k: int) -> tuple[_Block | None, int]:
    """A 'Recommendations' heading over numbered items that each open with a verb of the
    committee's own deciding ('2.1 Note the forecast …', '2.2 Approve …'): the decisions the
    report asks for, with no 'is asked to' before them."""
    if section_heading(" ".join(l.text for l in paras[k])) != "decision":
        return None, k
    found, j = [], k + 1
    while j < len(paras):
        text = " ".join(l.text for l in paras[j])
        start, number = _body(text)
        if number is None or not vocabulary().imperatives.match(text[start:]):
            break
        span = _span(paras[j], start, len(text))
        found.append(FoundRec(span, RecKind.DECISION, number, page_end=paras[j][-1].page, confidence=0.8))
        j += 1
    return (_Block(found, True), j - 1) if found else (None, k)


def _joined(prefix: str | None, marker: str | None) -> str | None:
    if marker is None:
        return prefix
    return f"{prefix}{marker}" if prefix else marker


def _span(para: list[TextLine], start: int, end: int) -> Span:
    """The part of a paragraph (its lines joined with spaces) between two offsets."""
    text = " ".join(l.text for l in para)
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    offset, first, last = 0, para[0], para[-1]
    for line in para:
        if offset <= start + lead < offset + len(line.text) + 1:
            first = line
            char_start = line.char_start + start + lead - offset
        if offset <= start + lead + len(piece) - 1 < offset + len(line.text) + 1:
            last = line
            char_end = line.char_start + start + lead + len(piece) - offset
        offset += len(line.text) + 1
    return Span(piece, char_start, min(char_end, last.char_end), first.page)


def _inline_items(para: list[TextLine], text: str, enums: list[re.Match]) -> list[FoundRec]:
    """'RESOLVED – (a) that …; (b) that …' in one paragraph."""
    found = []
    for i, m in enumerate(enums):
        end = enums[i + 1].start() if i + 1 < len(enums) else len(text)
        span = _span(para, m.end(), end)
        if span.text.strip(" ;,"):
            found.append(FoundRec(span, RecKind.DECISION, m["e"], page_end=span.page, confidence=0.85))
    return found


def _once(blocks: list[_Block]) -> list[FoundRec]:
    """A report's summary list and its Recommendation(s) section are one set: a later block with
    as many items as an earlier one, alike in text or both in such sections, adds only numbers."""
    kept: list[_Block] = []
    twinned: set[int] = set()
    for block in blocks:
        block.keys = [norm_key(r.span.text) for r in block.items]
        twin = _twin(block, [b for b in kept if id(b) not in twinned])
        if twin is not None:
            twinned.add(id(twin))
            for old, new in zip(twin.items, block.items):
                old.number = old.number or new.number
            continue
        seen = {key for b in kept for key in b.keys}
        block.items = [r for r, key in zip(block.items, block.keys) if key and key not in seen]
        block.keys = [norm_key(r.span.text) for r in block.items]
        kept.append(block)
    return [r for b in kept for r in b.items]


def _twin(block: _Block, earlier: list[_Block]) -> _Block | None:
    """The earlier block this one repeats: as many items, alike in text (the most alike first), or
    both in Recommendation(s) sections."""
    scored = []
    for old in earlier:
        if len(old.items) != len(block.items) or old.requested != block.requested:
            continue
        alike = min(text_similarity(x.span.text, y.span.text) for x, y in zip(old.items, block.items))
        apart = old.section is not None and block.section is not None and old.section != block.section
        if alike >= 0.6 or apart:
            scored.append((alike, old))
    return max(scored, key=lambda pair: pair[0])[1] if scored else None
