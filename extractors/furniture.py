"""Page furniture: lines that belong to the printed page, not to the paper's content (DOMAIN.md).

Bullets, numbering and headings are content and are kept. What is furniture is data
(data/furniture.json): general lines everywhere, a template's front-sheet lines only in papers
printed on that template.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .layout import RawBlock, RawLine, RawParagraph, RawTable


@dataclass(frozen=True)
class Template:
    """A council's page template: its lines are furniture only in papers printed on it."""
    name: str
    min_signature: int
    signature: tuple[re.Pattern[str], ...]
    lines: tuple[re.Pattern[str], ...]

    def prints(self, texts: list[str]) -> bool:
        """Is a paper with these whole lines printed on this template?"""
        found = sum(1 for p in self.signature if any(p.fullmatch(t) for t in texts))
        return found >= self.min_signature


def _patterns(items: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in items)


@lru_cache(maxsize=1)
def furniture_data() -> tuple[tuple[re.Pattern[str], ...], tuple[Template, ...]]:
    data = json.loads(resources.files("extractors").joinpath("data/furniture.json").read_text("utf-8"))
    templates = tuple(Template(t["name"], t["min_signature"],
                               _patterns(t["signature"]), _patterns(t["lines"])) for t in data["templates"])
    return _patterns(data["general"]), templates


# Furniture only when it stands at the very top or bottom of a PDF page.
EDGE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.I) for p in (
    r"\d{1,4}",
    r"page \d+",
))


def is_furniture(text: str, templates: tuple[Template, ...] = ()) -> bool:
    """Furniture in any paper, or on one of the paper's own templates."""
    text = text.strip()
    general, _ = furniture_data()
    return any(p.fullmatch(text) for p in general) or any(p.fullmatch(text) for t in templates for p in t.lines)


def paper_templates(blocks: list[RawBlock]) -> tuple[Template, ...]:
    """The templates a paper is printed on, from its own lines (paragraph lines and cell lines)."""
    texts = [piece.strip() for block in blocks
             for line in (block.lines if isinstance(block, RawParagraph) else [c for row in block.rows for c in row])
             for piece in line.text.split("\n") if piece.strip()]
    return tuple(t for t in furniture_data()[1] if t.prints(texts))


def _edge_lines(blocks: list[RawBlock], edge_lines: int) -> dict[int, list[RawLine]]:
    """The first and last `edge_lines` paragraph lines of each page."""
    by_page: dict[int, list[RawLine]] = {}
    for block in blocks:
        if isinstance(block, RawParagraph):
            for line in block.lines:
                by_page.setdefault(line.page_number, []).append(line)
    return {page: lines[:edge_lines] + lines[-edge_lines:] for page, lines in by_page.items()}


def _running_lines(edges: dict[int, list[RawLine]], min_pages: int) -> set[str]:
    """Texts that recur at a page edge on many pages at one height: running headers and
    footers. A number in them is the same on every page, or the page's own: it advances with
    the page, page after page. A heading that opens many pages ('Recommendation 8',
    'Recommendation 12' …) recurs with other numbers, and is content."""
    if len(edges) < min_pages:
        return set()
    seen: dict[tuple, list[tuple[int, float]]] = {}
    for page, lines in edges.items():
        for line in {id(x): x for x in lines}.values():
            key, top = _edge_key(line.text), line.box.top if line.box else 0.0
            seen.setdefault((key, line.text.strip().lower()), []).append((page, top))
            for i, number in enumerate(re.findall(r"\d+", line.text)):
                seen.setdefault((key, i, int(number) - page), []).append((page, top))
    threshold = max(min_pages, len(edges) // 4)  # odd and even pages may differ
    running = set()
    for group, found in seen.items():
        if not group[0] or group[0] == "#":
            continue
        # Each chapter may have its own header: one that carries the page number needs only
        # a short run of pages.
        if len(group) == 3 and _run_at_one_height(found) >= min_pages or _run_at_one_height(found, None) >= threshold:
            running.add(group[0])
    return running


def _run_at_one_height(found: list[tuple[int, float]], max_gap: int | None = 2,
                       tolerance: float = 4.0) -> int:
    """The most lines that stand within `tolerance` points of one height on pages no more than
    `max_gap` apart (None: on any pages)."""
    best = 0
    for _, anchor in found:
        pages = sorted(page for page, top in found if abs(top - anchor) <= tolerance)
        run = 1
        for prev, page in zip(pages, pages[1:]):
            run = run + 1 if max_gap is None or page - prev <= max_gap else 1
            best = max(best, run)
        best = max(best, run)
    return best


def _edge_key(text: str) -> str:
    """Running headers differ only by page number: compare without digits."""
    return re.sub(r"\d+", "#", text.strip().lower())


def _furniture_row(row: list[RawLine], templates: tuple[Template, ...]) -> bool:
    """A table row whose every filled cell is furniture (a call-in box, a checkbox)."""
    texts = [line.strip() for cell in row for line in cell.text.split("\n") if line.strip()]
    return bool(texts) and all(is_furniture(t, templates) for t in texts)


def drop_furniture(blocks: list[RawBlock], paged: bool, edge_lines: int = 2,
                   min_pages: int = 3) -> list[RawBlock]:
    """Remove furniture lines (and paragraphs left empty). `paged` enables page-edge rules."""
    edge_ids: set[int] = set()
    running: set[str] = set()
    templates = paper_templates(blocks)
    if paged:
        edges = _edge_lines(blocks, edge_lines)
        edge_ids = {id(line) for lines in edges.values() for line in lines}
        running = _running_lines(edges, min_pages)

    def keep(line: RawLine) -> bool:
        text = line.text.strip()
        if not text or is_furniture(text, templates):
            return False
        if id(line) in edge_ids:
            if any(p.fullmatch(text) for p in EDGE_PATTERNS) or _edge_key(text) in running:
                return False
        return True

    kept: list[RawBlock] = []
    for block in blocks:
        if isinstance(block, RawTable):
            rows = [row for row in block.rows if not _furniture_row(row, templates)]
            alone = None if block.alone is None else [
                RawParagraph(lines) for p in block.alone if (lines := [line for line in p.lines if keep(line)])]
            if rows:
                kept.append(RawTable(rows, block.ends_page, block.starts_page, block.header_rows, alone))
            continue
        lines = [line for line in block.lines if keep(line)]
        if lines:
            kept.append(RawParagraph(lines))
    return kept
