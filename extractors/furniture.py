"""Page furniture: lines that belong to the printed page, not to the paper's content (DOMAIN.md).

Bullets, numbering and headings are content and are kept.
"""
from __future__ import annotations

import re

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
