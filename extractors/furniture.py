"""Page furniture: lines that belong to the printed page, not to the paper's content (DOMAIN.md).

Bullets, numbering and headings are content and are kept.
"""
from __future__ import annotations

import re
from collections import Counter

from .layout import RawBlock, RawLine, RawParagraph, RawTable

# Whole-line patterns, matched case-insensitively after cleaning.
FURNITURE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.I) for p in (
    r"public document pack",
    r"this page (is )?(intentionally|deliberately) (left )?blank\.?",
    r"agenda item( no\.?)? ?\d+[a-z]?(\s*[-–(].{0,12})?",
    r"page \d+( of \d+)?",
    r"-\s*\d{1,4}\s*-",
    r"\d{1,4}\s*\|\s*page",
    r".{1,80}\(continued\)",
    r"<input[^>]*>",
    # the front-sheet call-in box of committee reports
    r"(?:not\s+)?eligible\s+for\s+call[\s-]*in.{0,80}",
    r".{0,60}\bavailable\s+for\s+call[\s-]*in\b.{0,80}",
    r"electoral\s+wards?\s+affected\s*:?(?:\s*all)?",
    r"ward\s+members\s+consulted.{0,40}",
    r"specific\s+implications\s+for\s*:?",
    r"(?:equality\s+and\s+diversity|community\s+cohesion|narrowing\s+the\s+gap)",
    r"council\s+function",
    r"details\s+(?:contained|set\s+out)\s+in\s+the\s+report\.?",
))

# Furniture only when it stands at the very top or bottom of a PDF page.
EDGE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.I) for p in (
    r"\d{1,4}",
    r"page \d+",
))


def is_furniture(text: str) -> bool:
    return any(p.fullmatch(text.strip()) for p in FURNITURE_PATTERNS)


def _edge_lines(blocks: list[RawBlock], edge_lines: int) -> dict[int, list[RawLine]]:
    """The first and last `edge_lines` paragraph lines of each page."""
    by_page: dict[int, list[RawLine]] = {}
    for block in blocks:
        if isinstance(block, RawParagraph):
            for line in block.lines:
                by_page.setdefault(line.page_number, []).append(line)
    return {page: lines[:edge_lines] + lines[-edge_lines:] for page, lines in by_page.items()}


def _running_lines(edges: dict[int, list[RawLine]], min_pages: int) -> set[str]:
    """Texts that recur at a page edge on many pages: running headers and footers."""
    if len(edges) < min_pages:
        return set()
    counts = Counter(_edge_key(line.text) for lines in edges.values()
                     for line in {id(x): x for x in lines}.values())
    threshold = max(min_pages, len(edges) // 4)  # odd and even pages may differ
    return {key for key, n in counts.items() if n >= threshold and key}


def _edge_key(text: str) -> str:
    """Running headers differ only by page number: compare without digits."""
    return re.sub(r"\d+", "#", text.strip().lower())


def _furniture_row(row: list[RawLine]) -> bool:
    """A table row whose every filled cell is furniture (a call-in box, a checkbox)."""
    texts = [line.strip() for cell in row for line in cell.text.split("\n") if line.strip()]
    return bool(texts) and all(is_furniture(t) for t in texts)


def drop_furniture(blocks: list[RawBlock], paged: bool, edge_lines: int = 2,
                   min_pages: int = 3) -> list[RawBlock]:
    """Remove furniture lines (and paragraphs left empty). `paged` enables page-edge rules."""
    edge_ids: set[int] = set()
    running: set[str] = set()
    if paged:
        edges = _edge_lines(blocks, edge_lines)
        edge_ids = {id(line) for lines in edges.values() for line in lines}
        running = _running_lines(edges, min_pages)

    def keep(line: RawLine) -> bool:
        text = line.text.strip()
        if not text or is_furniture(text):
            return False
        if id(line) in edge_ids:
            if any(p.fullmatch(text) for p in EDGE_PATTERNS) or _edge_key(text) in running:
                return False
        return True

    kept: list[RawBlock] = []
    for block in blocks:
        if isinstance(block, RawTable):
            rows = [row for row in block.rows if not _furniture_row(row)]
            if rows:
                kept.append(RawTable(rows, block.ends_page, block.starts_page, block.header_rows))
            continue
        lines = [line for line in block.lines if keep(line)]
        if lines:
            kept.append(RawParagraph(lines))
    return kept
