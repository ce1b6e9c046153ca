"""Ruled tables from PDFium's path objects, without parsing the page a second time.

Every path is turned into the edges pdfplumber would see (a rectangle's four sides, a line's one,
the segments of a many-segment path), and pdfplumber's own grid algorithm (merge, intersect,
cells, tables) turns the edges into cells. Only the geometry is borrowed: no pdfminer parse, which
was two thirds of the time of a ruled page.
"""
from __future__ import annotations

import ctypes
from typing import Any, Iterator

import pypdfium2.raw as pdfium_c
from pdfplumber.table import (Table, cells_to_tables, edges_to_intersections,
                              intersections_to_cells, merge_edges)

_SNAP, _JOIN, _MIN_LENGTH, _INTERSECT = 3, 3, 3, 3
# pdfplumber's own prefilter: a border drawn in short pieces (Word draws the piece through the
# thickness of a crossing rule on its own) is joined first, and only then measured.
_MIN_PIECE = 1
Bbox = tuple[float, float, float, float]


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    orientation = "h" if abs(bottom - top) < abs(x1 - x0) else "v"
    if orientation == "h":
        top = bottom = (top + bottom) / 2
    else:
        x0 = x1 = (x0 + x1) / 2
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "orientation": orientation, "object_type": "line"}


def page_objects(page, kinds: tuple[int, ...], max_depth: int = 2) -> Iterator[tuple[Any, int, int]]:
    """(raw object, nesting level, type) of the page's objects of the given types, form XObjects
    opened up to max_depth levels. Native calls only: pypdfium2's get_objects wraps every object
    of the page (each glyph path of outlined text, too) in a Python object before filtering."""
    def walk(count, get, parent, level: int) -> Iterator[tuple[Any, int, int]]:
        for i in range(count(parent)):
            raw = get(parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(raw)
            if kind in kinds:
                yield raw, level, kind
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < max_depth - 1:
                yield from walk(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, raw, level + 1)
    yield from walk(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, 0)


def object_bounds(raw) -> tuple[float, float, float, float]:
    """Left, bottom, right, top of a page object, in PDF page coordinates."""
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    pdfium_c.FPDFPageObj_GetBounds(raw, left, bottom, right, top)
    return left.value, bottom.value, right.value, top.value


def _segments(raw, height: float) -> list[dict]:
    """Straight segments of a path with many parts (a whole grid drawn as one path)."""
    count = pdfium_c.FPDFPath_CountSegments(raw)
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(raw, m)
    x, y = ctypes.c_float(), ctypes.c_float()
    edges, prev = [], None
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f
        point = (px, height - py)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            (ax, ay), (bx, by) = prev, point
            if abs(ax - bx) < 1 or abs(ay - by) < 1:  # axis-aligned only: rules, not curves
                edges.append(_edge(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        prev = point
    return edges


def _fill_colour(raw) -> tuple[int, ...] | None:
    """The colour a path only fills (no stroke), or None when it strokes its outline."""
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(raw, mode, stroke)
    if stroke.value or not mode.value:
        return None
    rgba = [ctypes.c_uint() for _ in range(4)]
    pdfium_c.FPDFPageObj_GetFillColor(raw, *rgba)
    return tuple(v.value for v in rgba)


_TOUCH = 0.5  # how near two fills must come to be one patch of colour


def _uncovered(lo: float, hi: float, covers: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The parts of [lo, hi] that no interval covers."""
    pieces, at = [], lo
    for start, end in sorted(covers):
        if start > at + _TOUCH:
            pieces.append((at, min(start, hi)))
        at = max(at, end)
        if at >= hi - _TOUCH:
            break
    if at < hi - _TOUCH:
        pieces.append((at, hi))
    return [(a, b) for a, b in pieces if b - a >= _MIN_PIECE]


_BUCKET = 40.0  # points: fills are found near a side through a grid of buckets, not by a scan of the page


def _bucket_range(lo: float, hi: float) -> range:
    return range(int(lo // _BUCKET), int(hi // _BUCKET) + 1)


def _fill_index(boxes: list[Bbox]) -> dict[tuple[int, int], list[Bbox]]:
    index: dict[tuple[int, int], list[Bbox]] = {}
    for box in boxes:
        for i in _bucket_range(box[0], box[2]):
            for j in _bucket_range(box[1], box[3]):
                index.setdefault((i, j), []).append(box)
    return index


def _near(index: dict[tuple[int, int], list[Bbox]], x0: float, y0: float, x1: float, y1: float) -> list[Bbox]:
    found: dict[int, Bbox] = {}
    for i in _bucket_range(x0, x1):
        for j in _bucket_range(y0, y1):
            for box in index.get((i, j), ()):
                found[id(box)] = box
    return list(found.values())


def _fill_sides(box: Bbox, index: dict[tuple[int, int], list[Bbox]]) -> list[dict]:
    """The visible parts of a fill's sides: where the same colour goes on beyond a side (Word
    shades a cell in bands, a line at a time, or again inside it) the side draws no rule."""
    x0, y0, x1, y1 = box
    out = []
    for vertical, at, outward in ((False, y0, -1), (False, y1, 1), (True, x0, -1), (True, x1, 1)):
        lo, hi = (y0, y1) if vertical else (x0, x1)
        beyond = at + outward * _TOUCH
        near, far = min(at, beyond), max(at, beyond)
        strip = (near, lo, far, hi) if vertical else (lo, near, hi, far)
        covers = []
        for o in _near(index, *strip):
            if o is box:
                continue
            o_lo, o_hi, o_near, o_far = (o[1], o[3], o[0], o[2]) if vertical else (o[0], o[2], o[1], o[3])
            if o_near <= near + _TOUCH / 2 and o_far >= far - _TOUCH / 2 and o_lo < hi and o_hi > lo:
                covers.append((o_lo, o_hi))
        for a, b in _uncovered(lo, hi, covers):
            out.append(_edge(at, a, at, b) if vertical else _edge(a, at, b, at))
    return out


def page_edges(page) -> list[dict]:
    height = page.get_height()
    edges: list[dict] = []
    fills: dict[tuple[int, ...], list[Bbox]] = {}
    for raw, level, _ in page_objects(page, (pdfium_c.FPDF_PAGEOBJ_PATH,)):
        left, bottom, right, top = object_bounds(raw)
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        if (x1 - x0) < 2.5 or (y1 - y0) < 2.5:
            edges.append(_edge(x0, y0, x1, y1))
        elif level == 0 and pdfium_c.FPDFPath_CountSegments(raw) > 6:
            edges.extend(_segments(raw, height))
        elif (colour := _fill_colour(raw)) is not None:
            fills.setdefault(colour, []).append((x0, y0, x1, y1))
        else:
            edges += [_edge(x0, y0, x1, y0), _edge(x0, y1, x1, y1), _edge(x0, y0, x0, y1), _edge(x1, y0, x1, y1)]
    for same in fills.values():
        index = _fill_index(same)
        for box in same:
            edges += _fill_sides(box, index)
    return [e for e in edges if max(e["width"], e["height"]) >= _MIN_PIECE]


def ruled_boxes(page) -> tuple[list[tuple[Bbox, list[list[Bbox | None]]]], list[Bbox]]:
    """Each ruled table of the page (its box and its rows of cell boxes, None for a spanned slot),
    and each frame: a ruled box of one cell, which pdfplumber counts as no table."""
    edges = merge_edges(page_edges(page), _SNAP, _SNAP, _JOIN, _JOIN)
    edges = [e for e in edges if max(e["width"], e["height"]) >= _MIN_LENGTH]
    cells = intersections_to_cells(edges_to_intersections(edges, _INTERSECT, _INTERSECT))
    tables = []
    for group in cells_to_tables(cells):
        table = Table(None, group)
        tables.append((table.bbox, [list(row.cells) for row in table.rows]))
    grouped = {cell for _, rows in tables for row in rows for cell in row if cell}
    frames = sorted({cell for cell in cells if cell not in grouped}, key=lambda c: (c[1], c[0]))
    return tables, frames


def ruled_tables(page) -> list[tuple[Bbox, list[list[Bbox | None]]]]:
    return ruled_boxes(page)[0]
