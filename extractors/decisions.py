"""Decisions: what a report asks its committee to take ("The Committee is requested to:",
"Members are asked to:", "It is recommended that …"), resolutions in minutes ("RESOLVED – (a)
that …") and motions carried ("… proposed by Cllr A, seconded by Cllr B"). A list repeated in the
summary and at the end is one set."""
from __future__ import annotations

import re

from schemas.vocab import RecKind

from .found import MARKER, FoundRec, Span, TextLine, norm_key, paragraphs_of
from .layout import SUPERSCRIPT_DIGITS
from .recommendations import _NUMBERING, _is_heading_line

_FOOTNOTE = re.compile(f"^[{SUPERSCRIPT_DIGITS}]")


DECISION_TRIGGER = re.compile(
    r"\b(?:is|are|be)\s+(?:hereby\s+)?(?:requested|asked|recommended|invited|advised|required)\s+to\b|"
    r"\bit\s+is\s+recommended\s+that\b|\brecommendations?\s*:|\bRESOLVED\b|^resolved\b", re.I)
_OPENS_DECISION = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:that\s+)?(?:the\s+)?(?:it\s+is|RESOLVED|resolved|recommendations?|"
    r"(?:[A-Z][\w']*\s+){0,5}(?:committee|board|cabinet|council|members?|panel|forum|executive|"
    r"member|leader|mayor)\b)", re.I)
_INLINE_ENUM = re.compile(r"(?:^|\s)\((?P<e>[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s+")


def _marker_style(match: re.Match) -> str:
    enum = match["e1"] or match["e2"]
    if enum is None:
        return "bullet"
    if enum.isdigit():
        return "digit"
    return "roman" if len(enum) > 1 and re.fullmatch(r"[ivx]+", enum, re.I) else "alpha"


def find_decisions(lines: list[TextLine]) -> list[FoundRec]:
    """Decisions a report asks its committee to take; a list repeated later is kept once."""
    found: list[FoundRec] = []
    seen: set[str] = set()
    paras = paragraphs_of(lines, breaks=_starts_decision)
    for k, para in enumerate(paras):
        text = " ".join(l.text for l in para)
        trigger = DECISION_TRIGGER.search(text)
        if not trigger or not _OPENS_DECISION.match(text):
            continue
        last = _line_index(para, trigger.end())  # the line the trigger ends on
        head = " ".join(l.text for l in para[:last + 1])
        if len(head) > 600:
            continue
        tail = text[trigger.end():].strip(" :–-")
        inline = list(_INLINE_ENUM.finditer(tail))
        if head.rstrip().endswith((":", " to")) or (not tail and "RESOLVED" in trigger.group().upper()):
            items = _list_items(para[last + 1:] + [l for p in paras[k + 1:k + 40] for l in p])
        elif len(inline) >= 2:
            items = _inline_items(para, inline, trigger.end())
        else:
            items = [(None, _sentence_from_trigger(para, text, trigger))]
        for number, span in items:
            span = _trim_item(span)
            key = norm_key(span.text)
            if not key or key in seen:
                continue
            cut = next((i for i, f in enumerate(found) if norm_key(f.span.text).startswith(key)
                        or key.startswith(norm_key(f.span.text))), None)
            if cut is not None:  # the same item cut short (repeated line, page break): keep the fuller
                if len(key) > len(norm_key(found[cut].span.text)):
                    found[cut].span = span
                seen.add(key)
                continue
            seen.add(key)
            found.append(FoundRec(span, RecKind.DECISION, number, page_end=span.page, confidence=0.85))
    return found


_RESOLVED_LINE = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:RESOLVED|Resolved)\b")
_ITEM_TAIL = re.compile(r"\s*(?:[;,]\s*(?:and|or)?|\s(?:and|or))\s*$")


def _line_index(para: list[TextLine], offset: int) -> int:
    """Which line of a paragraph (joined with single spaces) holds character `offset`."""
    position = 0
    for i, line in enumerate(para):
        position += len(line.text) + 1
        if offset < position:
            return i
    return len(para) - 1


# RESOLVED items are the decision finder's; these are the other ways minutes record a decision.
_MOTION = re.compile(r"\bproposed\s+by\b.{0,200}?\bseconded\s+by\b|^agreed\b"
                     r"|\bit\s+was\s+(?:agreed|unanimously\s+agreed)\b", re.I | re.S)
_MINUTE_NUMBER = re.compile(r"^(?:(?P<n>\d{1,4}(?:\.\d{1,2})?)\.?|\((?P<s>\d{1,2}|[a-z])\):?|(?P<l>[a-z])\.)\s+")


def find_motions(lines: list[TextLine]) -> list[FoundRec]:
    """Minutes items carried on a motion ('… proposed by Cllr A, seconded by Cllr B') or agreed
    ('It was agreed that …'): each numbered or lettered item is a decision."""
    found: list[FoundRec] = []
    for para in paragraphs_of(lines, breaks=lambda l: bool(_MINUTE_NUMBER.match(l.text))):
        text = " ".join(l.text for l in para)
        marker = _MINUTE_NUMBER.match(text)
        if not marker or not _MOTION.search(text[marker.end():]):
            continue
        body = text[marker.end():]
        number = marker["n"] or marker["s"] or marker["l"]
        found.append(FoundRec(Span(body, para[0].char_start + marker.end(), para[-1].char_end, para[0].page),
                              RecKind.DECISION, number, page_end=para[-1].page, confidence=0.7))
    return found


def _sentence_from_trigger(para: list[TextLine], text: str, trigger: re.Match) -> Span:
    """A one-sentence decision: from the line holding the trigger (headings before it and its
    numbering dropped); for 'RESOLVED', what follows the word."""
    offset, start_line = 0, 0
    for i, line in enumerate(para):
        if offset + len(line.text) >= trigger.start():
            start_line = i
            break
        offset += len(line.text) + 1
    if trigger.group().lower() == "resolved":
        body = text[trigger.end():].lstrip(" :–-")
    else:
        body = _NUMBERING.sub("", text[offset:])
    cut = len(text) - len(body)
    return Span(body, para[0].char_start + cut, para[-1].char_end, para[start_line].page)


def _starts_decision(line: TextLine) -> bool:
    """A line inside a paragraph that opens a decision: 'RESOLVED …', 'Members are asked to:'."""
    if _RESOLVED_LINE.match(line.text):
        return True
    return line.text[:1].isupper() and bool(DECISION_TRIGGER.search(line.text)) \
        and bool(_OPENS_DECISION.match(line.text)) and line.text.rstrip().endswith(":")


def _trim_item(span: Span) -> Span:
    """List punctuation is not part of a decision: 'approve the policy; and' → 'approve the policy'."""
    tail = _ITEM_TAIL.search(span.text)
    if not tail:
        return span
    text = span.text[:tail.start()]
    return Span(text, span.char_start, span.char_end - (len(span.text) - len(text)), span.page)


def _inline_items(para: list[TextLine], enums: list[re.Match], offset: int) -> list[tuple[str | None, Span]]:
    """'RESOLVED – (a) that …; (b) that …' on one paragraph."""
    text = " ".join(l.text for l in para)
    base = para[0].char_start
    tail_start = offset + (len(text[offset:]) - len(text[offset:].lstrip(" :–-")))
    items = []
    for i, m in enumerate(enums):
        start = tail_start + m.end()
        end = tail_start + enums[i + 1].start() if i + 1 < len(enums) else len(text)
        piece = text[start:end].strip(" ;,")
        if piece:
            items.append((m["e"], Span(piece, base + start, base + start + len(piece), para[0].page)))
    return items


def _list_items(lines: list[TextLine]) -> list[tuple[str | None, Span]]:
    """Marked items after a 'requested to:' line. Items under a parent ending in ':' join the
    parent; an unmarked first paragraph is a single item; an unmarked new paragraph ends it."""
    items: list[dict] = []
    footnote_block = None
    for line in lines:
        if _FOOTNOTE.match(line.text) and line.first:
            footnote_block = line.block
        if line.block == footnote_block:
            continue
        marker = MARKER.match(line.text)
        parent = items[-1] if items else None
        if marker:
            style = _marker_style(marker)
            opens_sublist = parent is not None and parent["lines"][-1].text.rstrip().endswith(":")
            if parent is not None and (opens_sublist or (parent["sub"] == style != parent["style"])):
                parent["sub"] = parent["sub"] or style
                bullet = re.match(r"^[-–•▪●◦*]\s+", line.text)
                cut = bullet.end() if bullet and style != "bullet" else 0
                parent["lines"].append(TextLine(line.text[cut:], line.char_start + cut, line.char_end,
                                                line.page, line.block, line.first))
                continue
            clean = TextLine(line.text[marker.end():], line.char_start + marker.end(), line.char_end,
                             line.page, line.block, line.first)
            items.append({"num": marker["e1"] or marker["e2"], "lines": [clean], "style": style, "sub": None})
        elif parent is None:
            if _is_heading_line(line) or len(line.text) > 400:
                break
            items.append({"num": None, "lines": [line], "style": "none", "sub": None})
            if line.text.rstrip().endswith((".", ";")):
                break
        elif not line.first or parent["lines"][-1].text.rstrip().endswith(":"):
            parent["lines"].append(line)
        else:
            break
    return [(item["num"], Span.join([l.span for l in item["lines"]])) for item in items]
