"""Reading a nested list of recommendations: which line starts an item, at what level, with what
number, and which paragraphs belong to it.

Items nest by their marker style, as a reader sees it: a number holds letters, a letter holds
romans ('4', '(a)', '(ii)' → '4a(ii)'); a printed compound number ('4a) ii.', '7f(ii)') says its
whole place. An item with items of its own is a stem, not a record. Bullets inside a numbered item
are its text. A paragraph without a marker belongs to the item above when it continues it (starts
in lower case, follows a colon) or stands indented under the item's text; anything else between
items — topic headings, discussion, footnotes, page numbers — belongs to no item.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .found import MARKER, TextLine

_TERMINAL = re.compile(r"[.!?:;)\]\"'”’]$")
# 'Recommendation 3:', 'Rec 3 –', 'R3 The …'; not 'Recommendation 12 of our earlier review …'.
_LABEL = re.compile(r"^(?:(?:recommendation|rec\.?)\s*(?P<n>\d{1,3}[a-z]?)\b|R(?P<r>\d{1,3})\b)"
                    r"\s*(?:[:.)\-–—]\s*|$|(?-i:(?=[A-Z\"'(‘“])))", re.I)
_COMBO = re.compile(r"^(?P<n>\d{1,2})(?P<a>[a-z])(?:\((?P<r1>[ivx]{1,5})\)|[.)]?\s*(?:\(?(?P<r2>[ivx]{1,5})[.)])?)\s*")
_NUMBER = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,3})?)(?:[.)](?![\d.])|\s)\s*(?=[A-Z\"'(\[‘“])")
_PAREN = re.compile(r"^\((?P<v>[ivx]{1,5}|[a-z]{1,2}|\d{1,2})\)\s*", re.I)
_LETTER = re.compile(r"^(?P<v>[a-z]|[ivx]{2,5})[.)]\s+")
_ROMAN = re.compile(r"^[ivx]{1,5}$")
_RANGE_REST = re.compile(r"^[-–]?(?:[a-z0-9]{1,5}\)?\s*[-–]\s*)?[a-z0-9]{1,5}\)\s*")  # 'i-iii) ', '-c) '
INDENT = 4.0  # points: how far a line must stand right of another to be indented under it


@dataclass(frozen=True)
class Mark:
    """A list marker at the start of a line: its style (which level family), value, length."""
    style: str            # 'num' | 'alpha' | 'roman' | 'pnum' | 'bullet' | 'path'
    value: str
    end: int
    path: tuple[tuple[str, str], ...] = ()   # a compound number's (style, value) levels


def read_mark(text: str) -> Mark | None:
    if match := _LABEL.match(text):
        return Mark("num", match["n"] or match["r"], match.end())
    if match := _COMBO.match(text):
        roman = match["r1"] or match["r2"]
        path = (("num", match["n"]), ("alpha", match["a"])) + ((("roman", roman),) if roman else ())
        return Mark("path", "", match.end(), path)
    if match := _NUMBER.match(text):
        return Mark("num", match["n"], match.end())
    if match := _PAREN.match(text) or _LETTER.match(text):
        value = match["v"].lower()
        style = "pnum" if value.isdigit() else ("roman" if len(value) > 1 else "alpha")
        return Mark(style, value, match.end())
    if (match := MARKER.match(text)) and match["bullet"]:
        return Mark("bullet", "", match.end())
    return None


@dataclass
class Item:
    path: tuple[tuple[str, str], ...]   # (style, value) per level; () for a bullet item
    lines: list[TextLine]
    marker_x0: float | None
    text_x0: float | None
    parent: "Item | None" = None
    children: int = 0
    body: list[TextLine] = field(default_factory=list)   # paragraphs after a title line

    @property
    def number(self) -> str | None:
        out = ""
        for style, value in self.path:
            if style == "num" or not out:
                out += value
            elif style == "alpha":
                out += value
            else:
                out += f"({value})"
        return out or None

    @property
    def titled(self) -> bool:
        """'1. Compensation', '(a) Duty of candour', '4a) i-iii) Staff training': the item's own
        text is a title (after the rest of a range of numbers it heads)."""
        whole = " ".join(l.text for l in self.lines).strip()
        text = _RANGE_REST.sub("", whole)
        if self.body and self.body[0].text[:1].islower():
            return False   # the sentence goes on in the next paragraph
        return len(text) <= 100 and not _TERMINAL.search(text) and (text[:1].isupper() or text != whole)

    def text_lines(self) -> list[TextLine]:
        return self.body if self.body and self.titled else self.lines + self.body

    @property
    def last_text(self) -> str:
        lines = self.text_lines()
        return lines[-1].text.rstrip() if lines else ""


def successor(prev: str, value: str) -> bool:
    """Does `value` continue a numbering that stood at `prev` (allowing a skipped number or two)?"""
    if "." in prev or "." in value:
        p, v = prev.split("."), value.split(".")
        return len(p) == len(v) == 2 and p[0] == v[0] and 0 < int(v[1]) - int(p[1]) <= 3
    return prev.isdigit() and value.isdigit() and 0 < int(value) - int(prev) <= 3


def _next_letter(prev: str, value: str) -> bool:
    return len(prev) == len(value) == 1 and ord(value) - ord(prev) == 1


class Levels:
    """The open items, one per level, and where a new marker goes among them."""

    def __init__(self) -> None:
        self.open: list[Item] = []

    def place(self, mark: Mark) -> tuple[tuple[tuple[str, str], ...], int] | None:
        """The new item's path and how many open levels it keeps; None when the marker does
        not fit (a roman numeral read as a letter is tried both ways)."""
        if self.open and not self.open[0].path:
            self.open.clear()   # a bulleted list ends where numbering starts
        if mark.style == "path":
            return mark.path, 0
        style, value = mark.style, mark.value
        if style == "alpha" and _ROMAN.match(value):
            # 'i' after 'h' is a letter; otherwise a single i, v or x opens or continues romans.
            current = self.open[-1].path if self.open else ()
            alpha = next((v for s, v in reversed(current) if s == "alpha"), None)
            if alpha is None or not _next_letter(alpha, value):
                style = "roman"
        # The levels of the deepest open item's number: a compound number ('4a) ii.') opens
        # several at once.
        current = self.open[-1].path if self.open else ()
        for level in range(len(current) - 1, -1, -1):
            if current[level][0] == style:
                keep = sum(1 for item in self.open if len(item.path) <= level)
                return current[:level] + ((style, value),), keep
        return current + ((style, value),), len(self.open)

    def push(self, item: Item, keep: int) -> None:
        del self.open[keep:]
        if self.open:
            item.parent = self.open[-1]
            item.parent.children += 1
        self.open.append(item)

    @property
    def deepest(self) -> Item | None:
        return self.open[-1] if self.open else None


def indented_under(line: TextLine, item: Item) -> bool:
    """Does the paragraph stand under the item's text (a hanging indent), not at its marker?"""
    if line.x0 is None or item.text_x0 is None or item.marker_x0 is None:
        return False
    return item.text_x0 - item.marker_x0 >= INDENT and line.x0 >= item.text_x0 - INDENT


def _emphasis(line: TextLine) -> tuple[bool, bool]:
    return line.italic >= 0.5, line.bold >= 0.5


def continues(para: list[TextLine], item: Item) -> bool:
    """Does an unmarked paragraph belong to `item`? It does when it carries on the item's
    sentence (lower case, after a colon); a topic heading (one short line, no closing stop) or a
    paragraph in another type does not; otherwise it does when it stands under the item's text,
    or is the body under the item's title."""
    line = para[0]
    if re.match(r"^(?:https?:|www\.)", line.text):
        return False
    if item.last_text.endswith((":", ":-")) or re.match(r"^[a-z(]", line.text) and not _TERMINAL.search(item.last_text):
        return True
    own = item.text_lines()[-1] if item.text_lines() else None
    restyled = own is not None and not item.titled and _emphasis(own) != _emphasis(line)
    # A topic heading: one short line with no closing stop, or set in another type.
    if len(para) == 1 and len(line.text) <= 100 and (restyled or not _TERMINAL.search(line.text.rstrip())):
        return False
    if indented_under(line, item):
        return True
    if restyled:
        return False
    return item.titled and not item.body and not item.children and (
        item.marker_x0 is None or line.x0 is None or line.x0 >= item.marker_x0 - INDENT)
