"""Boxed recommendations: a one-column box headed '… Recommendation' holding numbered
paragraphs, answered by the paragraphs after the box (government and cabinet responses)."""
from __future__ import annotations

import re

from schemas.vocab import RecKind

from .found import FoundRec, FoundResponse, Span, is_layout_table, normalise_number, sub_span
from .layout import WEB_ADDRESS, Cell, Paragraph, ParsedDocument, Table
from .resolutions import INLINE_ENUM, sub_number
from .responses import RESPONSE_LABEL, response_label_parts

_BOX_HEAD = re.compile(r"\brecommendations?\b", re.I)
_BOX_ITEM = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,3})?|[A-Z]?\d{1,3})[.):]?\s+(?=\S)")


def _table_lines(table: Table) -> list[Span]:
    spans = []
    for row in table.rows:
        for cell in row.cells:
            if cell.text.strip():
                for piece in _cell_lines(cell):
                    spans.append(piece)
    return spans


def _cell_lines(cell: Cell) -> list[Span]:
    out, pos = [], 0
    for line in cell.text.split("\n"):
        if line.strip():
            out.append(Span(line, cell.char_start + pos, cell.char_start + pos + len(line), cell.page_number))
        pos += len(line) + 1
    return out


def find_boxed(doc: ParsedDocument) -> list[FoundRec]:
    """A box (a one-column table) headed '… Recommendation' holding numbered paragraphs, then
    the response as the paragraphs after the box; one response answers every item in its box."""
    blocks = list(doc.blocks)
    found: list[FoundRec] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Table) or not is_layout_table(block):
            continue  # a box holds one column of text; a grid is the table finders'
        lines = _table_lines(block)
        if not lines or not _BOX_HEAD.search(lines[0].text) or len(lines[0].text) > 60:
            continue
        items: list[tuple[str, list[Span]]] = []
        for span in lines[1:]:
            match = _BOX_ITEM.match(span.text)
            if match:
                cut = match.end()
                items.append((match["num"], [Span(span.text[cut:], span.char_start + cut, span.char_end, span.page)]))
            elif items:
                items[-1][1].append(span)
        if not items:
            continue
        response = _response_after(blocks, index)
        for num, spans in items:
            for number, span in _inline_parts(normalise_number(num), Span.join(spans)):
                rec = FoundRec(span, RecKind.RECOMMENDATION, number, page_end=spans[-1].page, confidence=0.85)
                if response is not None:
                    rec.responses.append(response)
                found.append(rec)
    return found


_SEQUENCES = (tuple("abcdefghijklmnop"), ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"))


def _inline_parts(number: str | None, span: Span) -> list[tuple[str | None, Span]]:
    """'We recommend that the Government (a) establish …; (b) publish …; and (c) set out …': each
    lettered part run into the stem is a record of its own, numbered under the paragraph
    ('8.32a'); the stem only introduces them. Markers out of sequence are references, not parts."""
    marks = list(INLINE_ENUM.finditer(span.text))
    sequence = next((seq for seq in _SEQUENCES if marks and marks[0]["e"] == seq[0]), None)
    if sequence is None or len(marks) < 2 or [m["e"] for m in marks] != list(sequence[:len(marks)]):
        return [(number, span)]
    parts = []
    for k, mark in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(span.text)
        joined = re.search(r"(?<=[;,])\s+(?:and|or)\s*$", span.text[mark.end():end])  # '…; and (c)'
        piece = sub_span(span, mark.end(), end - (len(joined.group()) if joined else 0))
        parts.append((sub_number(number, mark["e"], sequence[0] == "i"), piece))
    return parts


_FOOTNOTE_PARA = re.compile(r"^(?:\d{1,3}|[\u00b9\u00b2\u00b3\u2070-\u2079]+)\s*(?:https?://|\W|[A-Z])")


def _note_shaped(block: object) -> bool:
    return (isinstance(block, Paragraph) and len(block.text) < 400
            and bool(_FOOTNOTE_PARA.match(block.text) or WEB_ADDRESS.match(block.text)))


def _is_footnote(block: Paragraph, following: list) -> bool:
    """A short numbered note in a run of such notes that ends its page."""
    if not _note_shaped(block):
        return False
    for nxt in following:
        page = nxt.page_number if isinstance(nxt, Paragraph) else nxt.page_start
        if page != block.page_number:
            return True
        if not _note_shaped(nxt):
            return False
    return True


def _block_spans(block: Paragraph | Table) -> list[Span]:
    if isinstance(block, Paragraph):
        return [Span(block.text.replace("\n", " "), block.lines[0].char_start, block.lines[-1].char_end,
                     block.page_number)]
    lines = _table_lines(block)  # a shaded or boxed passage that is not a recommendation box
    return [Span.join(lines)] if lines else []


def _response_after(blocks: list, index: int) -> FoundResponse | None:
    paras: list[Span] = []
    label = None
    following = blocks[index + 1:]
    for k, block in enumerate(following):
        if isinstance(block, Table) and _table_lines(block) and _BOX_HEAD.search(_table_lines(block)[0].text):
            break
        if isinstance(block, Paragraph) and _is_footnote(block, following[k + 1:]):
            continue
        if not isinstance(block, (Paragraph, Table)):
            continue
        spans = _block_spans(block)
        if not spans:
            continue
        span = spans[0]
        match = RESPONSE_LABEL.match(span.text)
        if match and not paras:
            label = match["label"].strip()
            rest = span.text[match.end():].strip()
            if not rest:
                continue
            span = Span(rest, span.char_end - len(rest), span.char_end, span.page)
        paras.append(span)
    if not paras:
        return None
    responder, _, _ = response_label_parts(label)
    return FoundResponse(Span.join(paras), label, responder)
