"""Tables across page breaks: find header and legend rows, join continued tables.

No common PDF library joins a table that runs over a page break; papers repeat the header (and a
legend such as the audit priority key) at the top of each page. We join the parts and drop the
repeats, so that one table in the paper is one table in the model.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from .layout import WEB_ADDRESS, RawBlock, RawLine, RawParagraph, RawTable

_MAX_LEAD_ROWS = 3


def row_key(cells: list[RawLine]) -> str:
    """Compare rows without spacing or case: extraction splits words over cells ('Some re|sidual')."""
    return re.sub(r"\s+", "", "".join(c.text for c in cells)).lower()


def rows_match(a: list[RawLine], b: list[RawLine], threshold: float = 0.9) -> bool:
    ka, kb = row_key(a), row_key(b)
    if not ka or not kb:
        return False
    return ka == kb or SequenceMatcher(None, ka, kb, autojunk=False).ratio() >= threshold


def _label_like(cells: list[RawLine]) -> bool:
    """A header cell set: at least two short labels containing letters, none a long sentence."""
    texts = [c.text.strip() for c in cells if c.text.strip()]
    return (len(texts) >= 2 and all(len(t) <= 40 and re.search(r"[A-Za-z]", t) for t in texts)
            and not any(re.fullmatch(r"\d+(\.\d+)*", t) for t in texts))


def find_header(rows: list[list[RawLine]]) -> int | None:
    """Index of the header row: the last label-like row among the leading rows, before data."""
    header = None
    for i, cells in enumerate(rows[:_MAX_LEAD_ROWS]):
        if _label_like(cells):
            header = i
        else:
            break
    if header is not None and header == len(rows) - 1 and len(rows) > 1:
        return None  # every row looks like a label: a list, not a header
    return header


def _width(table: RawTable) -> int:
    return max((len(r) for r in table.rows), default=0)


def _repeats_head(prev: RawTable, cur: RawTable) -> int:
    """How many leading rows of `cur` repeat `prev`'s legend and header rows."""
    head = prev.rows[: (find_header(prev.rows) or 0) + 1]
    n = 0
    while n < min(len(cur.rows), _MAX_LEAD_ROWS) and any(rows_match(cur.rows[n], h) for h in head):
        n += 1
    return n


_FOOTNOTE = re.compile(r"^(?:\d{1,3}|[\u00b9\u00b2\u00b3\u2070-\u2079]+)\s*\S")


def _footnotes_after(out: list[RawBlock]) -> int:
    """How many paragraphs at the end of `out` are footnotes at the foot of the last table's page."""
    n = 0
    while n < len(out) and isinstance(out[-1 - n], RawParagraph):
        para = out[-1 - n]
        first = para.lines[0].text.strip()
        if not (_FOOTNOTE.match(first) or WEB_ADDRESS.match(first)):
            return 0
        n += 1
    if n == len(out) or not isinstance(out[-1 - n], RawTable):
        return 0
    table_page = out[-1 - n].rows[-1][0].page_number  # type: ignore[union-attr]
    return n if all(p.lines[0].page_number == table_page for p in out[len(out) - n:]) else 0  # type: ignore[union-attr]


def join_continued_tables(blocks: list[RawBlock], paged: bool) -> list[RawBlock]:
    """Join each table with the next when the next continues it.

    The next table continues the previous one when only footnotes stand between them and either
    it repeats the previous table's header (and legend) rows, or — in a paged document — it
    starts the next page with the same number of columns and no header of its own, or the first
    ends its page and the second starts the next one.
    """
    out: list[RawBlock] = []
    for block in blocks:
        notes = _footnotes_after(out) if paged and isinstance(block, RawTable) else 0
        prev = out[-1 - notes] if len(out) > notes else None
        if isinstance(block, RawTable) and block.alone is not None and not _box_goes_on(prev, block, notes > 0):
            out.extend(block.alone)  # a frame that continues no box: the paragraphs it holds
            continue
        if isinstance(block, RawTable) and isinstance(prev, RawTable) and block.rows:
            repeated = _repeats_head(prev, block)
            next_page = block.rows[0][0].page_number == prev.rows[-1][0].page_number + 1
            same_width = _width(prev) == _width(block)
            page_break = paged and next_page and same_width and (
                (prev.ends_page and block.starts_page) or find_header(block.rows) is None)
            if repeated or page_break:
                rest = block.rows[repeated:]
                footnotes = out[len(out) - notes:] if notes else []
                del out[len(out) - notes - 1:]
                out.append(RawTable(prev.rows + rest, ends_page=block.ends_page,
                                    starts_page=prev.starts_page, header_rows=prev.header_rows))
                out.extend(footnotes)
                continue
        out.append(block)
    return out


def _box_goes_on(prev: RawBlock | None, frame: RawTable, noted: bool = False) -> bool:
    """A frame opening a page continues the one-column box that ended the page before (`noted`:
    only its footnotes came after it), when its sides stand where the box's did."""
    if not isinstance(prev, RawTable) or prev.alone is not None or _width(prev) != 1 \
            or not (prev.ends_page or noted):
        return False
    last, first = prev.rows[-1][0], frame.rows[0][0]
    return first.page_number == last.page_number + 1 and last.box is not None and first.box is not None \
        and abs(last.box.x0 - first.box.x0) <= 3 and abs(last.box.x1 - first.box.x1) <= 3
