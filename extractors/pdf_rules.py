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
Bbox = tuple[float, float, float, float]


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    orientation = "h" if abs(bottom - top) < abs(x1 - x0) else "v"
    if orientation == "h":
        top = bottom = (top + bottom) / 2
    else:
        x0 = x1 = (x0 + x1) / 2
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "orientation": orientation, "object_type": "line"}


def page_objects(page, kinds: tuple[int, ...], max_depth: int = 2) -> Iterator[tuple[Any, int]]:
    """(raw object, nesting level) of the page's objects of the given types, form XObjects
    opened up to max_depth levels. Native calls only: pypdfium2's get_objects wraps every object
    of the page (each glyph path of outlined text, too) in a Python object before filtering."""
    def walk(count, get, parent, level: int) -> Iterator[tuple[Any, int]]:
        for i in range(count(parent)):
            raw = get(parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(raw)
            if kind in kinds:
                yield raw, level
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


def page_edges(page) -> list[dict]:
    height = page.get_height()
    edges: list[dict] = []
    for raw, level in page_objects(page, (pdfium_c.FPDF_PAGEOBJ_PATH,)):
        left, bottom, right, top = object_bounds(raw)
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        if (x1 - x0) < 2.5 or (y1 - y0) < 2.5:
            edges.append(_edge(x0, y0, x1, y1))
        elif level == 0 and pdfium_c.FPDFPath_CountSegments(raw) > 6:
            edges.extend(_segments(raw, height))
        else:
            edges += [_edge(x0, y0, x1, y0), _edge(x0, y1, x1, y1), _edge(x0, y0, x0, y1), _edge(x1, y0, x1, y1)]
    return [e for e in edges if max(e["width"], e["height"]) >= _MIN_LENGTH]


def ruled_tables(page) -> list[tuple[Bbox, list[list[Bbox | None]]]]:
    """Each ruled table of the page: its box and its rows of cell boxes (None for a spanned slot)."""
    edges = merge_edges(page_edges(page), _SNAP, _SNAP, _JOIN, _JOIN)
    edges = [e for e in edges if max(e["width"], e["height"]) >= _MIN_LENGTH]
    cells = intersections_to_cells(edges_to_intersections(edges, _INTERSECT, _INTERSECT))
    tables = []
    for group in cells_to_tables(cells):
        table = Table(None, group)
        tables.append((table.bbox, [list(row.cells) for row in table.rows]))
    return tables
