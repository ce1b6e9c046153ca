"""The items a report asks its committee to decide, after "… is asked to:".

Marked items ((a), A., 1., (ii), bullets) are one decision each; a sub-list under an item ending
in ':' stays inside it; a paragraph of commentary under an item is not part of it, and the list
goes on at the next marker. Unmarked items are paragraphs opening alike ('APPROVE …', 'DELEGATE
…' or 'That …'). The list ends at a heading ('1. Introduction', 'Reason(s) for decision:') or a
marker of another list ('1.' after 'A.', 'B.')."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .decision_grammar import decision_words, title_like
from .found import MARKER, Span, TextLine
from .layout import SUPERSCRIPT_DIGITS

_FOOTNOTE = re.compile(f"^[{SUPERSCRIPT_DIGITS}]")
# A section's number, perhaps set off by a bar or a dash ('2.', '2 | Recommendations', '4 – Background').
SECTION_NUMBER = r"\d+(?:\.\d+)*\.?(?:\s*[|–—-](?=\s))?"
_DECISION_SECTION = re.compile(
    rf"^(?:{SECTION_NUMBER}\s+)?(?:(?:[\w']+\s+){{0,3}}and\s+)?(?:recommendations?(?:\(s\))?|decisions?)\s*:?\s*$", re.I)
# A line that opens a numbered paragraph or minute even inside a paragraph of a text paper.
NUMBERED_LINE = re.compile(r"^(?:\d{1,4}\.|\d{1,2}(?:\.\d{1,2})+\.?)\s+[A-Z(]")
_HEADING_NUMBER = re.compile(r"^\d{1,2}(?:\.0)?\.?(?:\s*[|–—-](?=\s))?\s+(?=[A-Z])")
_TERMINAL = re.compile(r"[.!?;,)]\W*$")


_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s*[A-Z]")


def _ends_mid_phrase(text: str) -> bool:
    """'… apply for formal permission from' cannot end an item: the next paragraph goes on."""
    last = text.lower().split()
    return bool(last) and last[-1] in decision_words().continuations


@dataclass
class _Item:
    number: str | None
    style: str
    lines: list[TextLine] = field(default_factory=list)
    sub: str | None = None

    @property
    def text(self) -> str:
        return self.lines[-1].text


def section_heading(text: str) -> str | None:
    """'decision' for a Recommendation(s) / Decision heading, 'other' for any other heading, None
    for running text."""
    text = text.strip()
    if _DECISION_SECTION.match(text):
        return "decision"
    return "other" if is_heading(text) else None


def is_heading(text: str) -> bool:
    """A section heading: short, in capitals or with its words capitalised, numbered or not
    ('1. Introduction', '11. Background Documents', 'INTRODUCTION', 'Reason(s) for decision:'),
    not an item ('1. APPROVE the winter service plan')."""
    text = text.strip()
    if not text or len(text) > 80 or _TERMINAL.search(text):
        return False
    number = _HEADING_NUMBER.match(text)
    rest = text[number.end():] if number else text
    letters = re.sub(r"[^A-Za-z]", "", rest)
    if len(letters) >= 4 and letters.isupper():
        return True
    return len(rest.rstrip(":").split()) <= (10 if number else 5) and title_like(rest)


def _strong_heading(text: str) -> bool:
    """A heading even where an item is expected: numbered, or in capitals."""
    letters = re.sub(r"[^A-Za-z]", "", text)
    return (bool(_HEADING_NUMBER.match(text.strip())) and is_heading(text)) or (len(letters) >= 4 and letters.isupper())


def list_items(paras: list[list[TextLine]], j: int) -> tuple[list[tuple[str | None, Span]], int]:
    """The items from paragraph `j` on, and the index of the last paragraph they take."""
    items: list[_Item] = []
    last = j - 1
    shape = None
    footnote_block = None
    i = j
    while i < len(paras):
        para = paras[i]
        text = " ".join(l.text for l in para)
        if _FOOTNOTE.match(text):
            footnote_block = para[0].block
        if para[0].block == footnote_block:
            i += 1
            continue
        heading = section_heading(text)
        if heading == "decision" or (heading and (items or _strong_heading(text))):
            break
        marker = MARKER.match(text)
        if marker:
            if (items and is_heading(text)) or not _add_marked(items, para, marker):
                break
            last = i
        elif not items:
            shape = _shape(text)
            if text[:1].islower():
                break
            items.append(_Item(None, "none", list(para)))
            last = i
            if shape is None:
                break
        elif items[-1].style == "none":
            if shape is None or _shape(text) != shape:
                break
            items.append(_Item(None, "none", list(para)))
            last = i
        elif _SECTION_NUMBER.match(text):
            break
        elif not _TERMINAL.search(items[-1].text) and (text[:1].islower() or _ends_mid_phrase(items[-1].text)):
            items[-1].lines.extend(para)   # the item goes on after a page break
            last = i
        elif not _marker_ahead(paras, i + 1, items[-1].style):
            break
        i += 1
    return [(it.number, Span.join([l.span for l in it.lines])) for it in items], last


def _add_marked(items: list[_Item], para: list[TextLine], marker: re.Match) -> bool:
    """Add a marked paragraph as a new item or as a sub-item of the last; False when it starts
    another list."""
    style = _style(marker, items[0].style if items else None)
    parent = items[-1] if items else None
    if parent is not None:
        opens_sublist = parent.text.rstrip().endswith(":")
        if opens_sublist or (parent.sub is not None and parent.sub == style != parent.style):
            parent.sub = parent.sub or style
            bullet = re.match(r"^[-–•▪●◦*]\s+", para[0].text)
            cut = bullet.end() if bullet and style != "bullet" else 0
            first = para[0]
            parent.lines.append(TextLine(first.text[cut:], first.char_start + cut, first.char_end,
                                         first.page, first.block, first.first))
            parent.lines.extend(para[1:])
            return True
        if style != items[0].style and items[0].style != "none":
            return False
    first = para[0]
    clean = TextLine(first.text[marker.end():], first.char_start + marker.end(), first.char_end,
                     first.page, first.block, first.first)
    items.append(_Item(marker["e1"] or marker["e2"], style, [clean] + list(para[1:])))
    return True


def _style(marker: re.Match, first: str | None = None) -> str:
    """bullet, digit, alpha or roman; a lone 'i' opens a roman list, 'v' or 'x' goes on one."""
    enum = marker["e1"] or marker["e2"]
    if enum is None:
        return "bullet"
    if enum.isdigit():
        return "digit"
    roman = re.fullmatch(r"[ivx]+", enum, re.I)
    if roman and (len(enum) > 1 or first == "roman" or (first is None and enum.lower() == "i")):
        return "roman"
    return "alpha"


# An unmarked item opens with a verb in capitals ('APPROVE …') or with 'That …' ('And, that …'
# for the last of such items).
ITEM_SHAPE = re.compile(r"^(?:(?P<caps>[A-Z]{3,})\b(?![-/])|(?P<that>That|And,?\s+that)\s)")


def _shape(text: str) -> str | None:
    match = ITEM_SHAPE.match(text)
    if not match:
        return None
    return "caps" if match["caps"] else "that"


def _marker_ahead(paras: list[list[TextLine]], i: int, style: str, reach: int = 6) -> bool:
    """Does the list go on after commentary: a marker of the same style before any heading?"""
    for para in paras[i:i + reach]:
        text = " ".join(l.text for l in para)
        if section_heading(text):
            return False
        marker = MARKER.match(text)
        if marker:
            return _style(marker, style) == style
    return False
