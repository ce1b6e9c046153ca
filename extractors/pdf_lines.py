"""Lines and paragraphs from word geometry and typography, for any PDF reader.

A paragraph boundary is decided from the page's own measures, not one fixed threshold: the modal
line pitch of its body text, a change of type size or weight (headings), a list marker, and a
previous line that stops short of the column's right edge after a full stop. Hyphenated line
ends are joined, and a drop cap (one large capital) is rejoined to the rest of its word.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .layout import Box, RawLine, RawParagraph, Word
from .pdf_words import PdfWord

NEW_ITEM = re.compile(r"^\s*([•▪●◦■□➢►\-–*]\s|\(?[a-z0-9]{1,3}[.)]\s|\(\w{1,4}\)\s|\d+(\.\d+)+\.?\s)", re.I)
_SENTENCE_END = re.compile(r"[.:;!?)\"']$")
_HYPHENATED = re.compile(r"[a-z]-$")


class _kept:
    """A measure of a line, computed on first reading and kept until its words change."""

    def __init__(self, compute) -> None:
        self.compute, self.name = compute, compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, line, owner=None):
        if line is None:
            return self
        memo = line._memo
        try:
            return memo[self.name]
        except KeyError:
            value = memo[self.name] = self.compute(line)
            return value


@dataclass
class PdfLine:
    """Words on one baseline (within one column or table cell). Its measures are read many
    times while paragraphs are decided, so each is kept until the words change (`changed`)."""
    words: list[PdfWord] = field(default_factory=list)
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def changed(self) -> PdfLine:
        self._memo.clear()
        return self

    @_kept
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @_kept
    def top(self) -> float:
        return min(w.top for w in self.words)

    @_kept
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @_kept
    def size(self) -> float:
        """The size most of the line's characters are set in."""
        sizes = Counter()
        for w in self.words:
            sizes[w.size] += len(w.text)
        return sizes.most_common(1)[0][0]

    @_kept
    def bold(self) -> bool:
        return sum(len(w.text) for w in self.words if w.bold) > 0.6 * len(self.text)

    def raw(self, page_number: int) -> RawLine:
        return RawLine(self.text, page_number, Box(self.x0, self.top, self.x1, self.bottom),
                       tuple(Word(w.text, Box(w.x0, w.top, w.x1, w.bottom), w.bold, w.italic) for w in self.words))


def _baseline(word: PdfWord) -> float:
    return word.bottom - 0.2 * word.size


def group_lines(words: list[PdfWord]) -> list[PdfLine]:
    """Words into lines by shared baseline (a superscript may sit a little above it), each line
    left to right; lines top to bottom. Drop caps are set aside and rejoined to their word."""
    body = Counter(w.size for w in words).most_common(1)[0][0] if words else 0.0
    caps = [w for w in words if _is_drop_cap(w, body)]
    lines: list[PdfLine] = []
    for word in sorted((w for w in words if not _is_drop_cap(w, body)), key=lambda w: (round(_baseline(w)), w.x0)):
        home = None
        for line in reversed(lines[-8:]):
            ref = line.words[0]
            if abs(_baseline(word) - _baseline(ref)) <= 0.4 * min(word.size, ref.size) + 0.5:
                home = line
                break
        if home is None:
            lines.append(PdfLine([word]))
        else:
            home.words.append(word)
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
        line.changed()
    lines.sort(key=lambda l: (round(l.top), l.x0))
    for cap in caps:
        _attach_drop_cap(cap, lines)
    return lines


def _is_drop_cap(word: PdfWord, body: float) -> bool:
    return len(word.text) == 1 and word.text.isupper() and body > 0 and word.size >= 1.8 * body


def _attach_drop_cap(cap: PdfWord, lines: list[PdfLine]) -> None:
    """'T' set large beside 'he Committee …': the first line to its right, level with its top."""
    beside = [l for l in lines if cap.top - cap.size * 0.2 <= l.top <= cap.bottom
              and 0 <= l.x0 - cap.x1 <= cap.size]
    if not beside:
        lines.append(PdfLine([cap]))
        lines.sort(key=lambda l: (round(l.top), l.x0))
        return
    line = min(beside, key=lambda l: l.top)
    first = line.words[0]
    if first.text[:1].islower():
        line.words[0] = PdfWord(cap.text + first.text, cap.x0, first.top, first.x1, first.bottom,
                                first.size, first.bold, first.italic)
    else:
        line.words.insert(0, cap)
    line.changed()


def split_segments(line: PdfLine) -> list[PdfLine]:
    """A line cut where the gap between two words is wider than a wide word space: columns of
    a table or of a page set side by side."""
    pieces = [PdfLine([line.words[0]])]
    for prev, word in zip(line.words, line.words[1:]):
        if word.x0 - prev.x1 > max(1.2 * min(prev.size, word.size), 9.0):
            pieces.append(PdfLine([word]))
        else:
            pieces[-1].words.append(word)
    return pieces


def line_pitch(lines: list[PdfLine]) -> float | None:
    """The distance from one line's top to the next's inside a paragraph: the smallest step
    between body-size lines that occurs at least twice (paragraph spacing is wider, and on a
    page of short paragraphs can be the most common step). None without that evidence."""
    if len(lines) < 2:
        return None
    body = Counter(l.size for l in lines).most_common(1)[0][0]
    steps = Counter(round(b.top - a.top) for a, b in zip(lines, lines[1:])
                    if a.size == body and b.size == body and 0.8 * body < b.top - a.top < 3 * body)
    repeated = sorted(step for step, n in steps.items() if n + steps.get(step + 1, 0) >= 2)
    return float(repeated[0]) if repeated else None


def _starts_paragraph(prev: PdfLine, line: PdfLine, pitch: float | None, right: float, width: float) -> bool:
    step = line.top - prev.top
    limit = 1.4 * pitch if pitch else 1.5 * prev.size
    if step > limit + 0.5 or step < 0:
        return True
    if abs(line.size - prev.size) >= 1.0 or line.bold != prev.bold:
        return True
    if NEW_ITEM.match(line.text):
        return True
    # The author broke the line: the next line's first word would have fitted after it.
    room = right - prev.x1
    first = line.words[0]
    fits = room > (first.x1 - first.x0) + 0.6 * prev.size
    return fits and (bool(_SENTENCE_END.search(prev.text)) or room > 0.3 * width)


def _join_hyphenated(prev: PdfLine, line: PdfLine) -> None:
    """'recom-' + 'mendation …' → 'recommendation' + '…' (only before a lower-case letter)."""
    if not (_HYPHENATED.search(prev.words[-1].text) and line.words[0].text[:1].islower()):
        return
    tail, head = prev.words[-1], line.words[0]
    prev.words[-1] = PdfWord(tail.text[:-1] + head.text, tail.x0, tail.top, max(tail.x1, head.x1),
                             tail.bottom, tail.size, tail.bold, tail.italic)
    del line.words[0]
    prev.changed()
    line.changed()


def paragraphs(lines: list[PdfLine], page_number: int) -> list[tuple[float, RawParagraph]]:
    """Lines of one column, top to bottom, grouped into paragraphs; each with its top."""
    if not lines:
        return []
    pitch = line_pitch(lines)
    right = max(l.x1 for l in lines)
    width = max(right - min(l.x0 for l in lines), 1.0)
    groups: list[list[PdfLine]] = []
    for line in lines:
        prev = groups[-1][-1] if groups else None
        if prev is None or _starts_paragraph(prev, line, pitch, right, width):
            groups.append([line])
            continue
        _join_hyphenated(prev, line)
        if line.words:
            groups[-1].append(line)
    return [(g[0].top, RawParagraph([l.raw(page_number) for l in g])) for g in groups]
