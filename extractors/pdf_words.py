"""Words with boxes and type size from PDFium, at close to PDFium's own text speed.

The text page gives the page's text in one call, one UTF-16 unit per character index, with
PDFium's generated spaces and line breaks in it. Words are the runs between those; a word's box
comes from its first and last characters (two native calls per word instead of one per
character), and its size and weight from its first character. A run whose first and last
characters do not stand on one line is split character by character (rare: text drawn out of
order with no generated break).
"""
from __future__ import annotations

import ctypes
import re
from typing import NamedTuple

import pypdfium2.raw as pdfium_c

_RUN = re.compile(r"[^\s\x00\uffff]+")  # a word: the characters between PDFium's breaks
_LINE_END_HYPHEN = "\ufffe"  # PDFium's mark for a hyphen that ends a line
_BOLD_WEIGHT = 600
_ITALIC_FLAG = 0x40  # PDF font descriptor flag (PDF 1.7, 9.8.2)
_ITALIC_NAME = re.compile(rb"italic|oblique|-it$", re.I)
_BOLD_NAME = re.compile(rb"bold|black|heavy|demi", re.I)  # 'SemiBold' faces often report weight 400
_MATRIX, _FONT_SIZE = pdfium_c.FPDFText_GetMatrix, pdfium_c.FPDFText_GetFontSize


def _by_address(function, *argtypes, restype=ctypes.c_int):
    """The same native function, taking plain addresses (ints) for its pointers: ctypes passes an
    int as c_void_p in about half the time it takes to check a typed pointer, and every word
    costs several calls."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_LOOSE_BOX = _by_address(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
_ORIGIN = _by_address(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                      ctypes.c_void_p)
# The text object a character belongs to, as a plain address (a hashable int; None for a
# character PDFium generated).
_TEXT_OBJECT = _by_address(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_int, restype=ctypes.c_void_p)


class PdfWord(NamedTuple):
    """A word and its box (top-left origin), type size, weight and slant. A named tuple: a
    page makes thousands, and a tuple is made several times faster than a frozen dataclass."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    italic: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top


class _CharBoxes:
    """Native calls on one text page, with their out-parameters made once. A character's size
    and font belong to its text object, so they are read once an object (a word then costs
    three calls a character it is measured by)."""

    def __init__(self, textpage, page_height: float) -> None:
        self.raw = textpage.raw
        self.address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        self.height = page_height
        self.rect = pdfium_c.FS_RECTF()
        self.matrix = pdfium_c.FS_MATRIX()
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self._rect, self._matrix = ctypes.addressof(self.rect), ctypes.byref(self.matrix)
        self._x, self._y = ctypes.addressof(self.x), ctypes.addressof(self.y)
        self.font_name = ctypes.create_string_buffer(128)
        self.font_flags = ctypes.c_int()
        self.sizes: dict[int | None, float] = {}
        self.styles: dict[int | None, tuple[bool, bool]] = {}

    def box(self, index: int) -> tuple[float, float, float, float, int | None]:
        """Left and right from the loose box; top and bottom from the baseline and the type
        size, so every glyph of one line and size shares them (font metrics in embedded fonts
        are too often wrong to trust for height); then the character's text object."""
        address = self.address
        _LOOSE_BOX(address, index, self._rect)
        _ORIGIN(address, index, self._x, self._y)
        obj = _TEXT_OBJECT(address, index)
        size = self.sizes.get(obj)
        if size is None:
            size = self.sizes[obj] = self._size(index)
        baseline = self.height - self.y.value
        return self.rect.left, baseline - 0.8 * size, self.rect.right, baseline + 0.2 * size, obj

    def _size(self, index: int) -> float:
        """The font size scaled by the character's matrix (many PDFs set size 1 and scale)."""
        _MATRIX(self.raw, index, self._matrix)
        m = self.matrix
        return round(_FONT_SIZE(self.raw, index) * abs(m.a * m.d - m.b * m.c) ** 0.5, 1)

    def style(self, index: int, box) -> tuple[float, bool, bool]:
        """Size, bold and italic: from the weight and the font's flags or, where the font does
        not report them, its name. Reports set recommendations apart from findings in italic.
        `box` is the character's, from `box` (its text object last)."""
        obj = box[4]
        style = self.styles.get(obj)
        if style is None:
            pdfium_c.FPDFText_GetFontInfo(self.raw, index, self.font_name, len(self.font_name), self.font_flags)
            name = self.font_name.value
            italic = bool(self.font_flags.value & _ITALIC_FLAG) or bool(_ITALIC_NAME.search(name))
            bold = pdfium_c.FPDFText_GetFontWeight(self.raw, index) >= _BOLD_WEIGHT or bool(_BOLD_NAME.search(name))
            style = self.styles[obj] = (bold, italic)
        return round((box[3] - box[1]), 1), *style


def _word(text: str, first, last, style: tuple[float, bool, bool]) -> PdfWord:
    return PdfWord(text, min(first[0], last[0]), min(first[1], last[1]), max(first[2], last[2]),
                   max(first[3], last[3]), *style)


def _split_run(text: str, start: int, boxes: _CharBoxes) -> list[PdfWord]:
    """Characters one by one, cut wherever the next one is not on the same line or jumps."""
    words: list[PdfWord] = []
    begin = 0
    prev = boxes.box(start)
    for k in range(1, len(text) + 1):
        here = boxes.box(start + k) if k < len(text) else None
        if here is None or abs(here[3] - prev[3]) > 0.5 * max(prev[3] - prev[1], 1.0) or here[0] < prev[0] - 1:
            first = boxes.box(start + begin)
            words.append(_word(text[begin:k], first, prev, boxes.style(start + begin, first)))
            begin = k
        prev = here if here is not None else prev
    return words


def page_words(page) -> list[PdfWord]:
    """Every word of a PDFium page, in content order, with top-left-origin boxes."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        boxes = _CharBoxes(textpage, page.get_height())
        if len(text) != count:  # characters outside the BMP: indexes and text units differ
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(count))
        text = text.replace(_LINE_END_HYPHEN, "-")  # one character for one: indexes still hold
        words: list[PdfWord] = []
        for run in _RUN.finditer(text):
            _add_run(words, run.group(), run.start(), boxes)
        return words
    finally:
        textpage.close()


def _add_run(words: list[PdfWord], run: str, start: int, boxes: _CharBoxes) -> None:
    """A run's word, measured by its first and last characters; its words one character at a
    time if those do not stand on one line."""
    first = boxes.box(start)
    if len(run) == 1:
        words.append(_word(run, first, first, boxes.style(start, first)))
        return
    last = boxes.box(start + len(run) - 1)
    height = max(first[3] - first[1], last[3] - last[1], 1.0)
    if abs(last[3] - first[3]) > 0.5 * height or last[2] < first[0]:
        words.extend(_split_run(run, start, boxes))
    else:
        words.append(_word(run, first, last, boxes.style(start, first)))
