"""Finders over tables: tracker tables (recommendation | stage | complete, with responses and
dated updates in the cells), audit action plans (recommendation | priority | management response
| responsibility and timescale) and boxed recommendations followed by their response."""
from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.vocab import RecKind

from .found import FoundRec, FoundResponse, FoundUpdate, Span, normalise_number
from .layout import Cell, Paragraph, ParsedDocument, Row, Table
from .responses import segment_labelled, response_label_parts, RESPONSE_LABEL

_COLUMN_ROLES = (
    ("number", r"^(no\.?|ref\.?|number|#|rec(ommendation)?\s+(no\.?|number|ref))$"),
    ("stage", r"\b(stage|status|rag|rating|category|assessment|progress\s+rating)\b"),
    ("complete", r"\b(complete[d]?|achieved\?|done)\b"),
    ("priority", r"\b(priority|risk\s+rating|grade|importance)\b"),
    ("responsibility", r"\b(responsib\w*|owner|lead\s+officer|officer|timescale|target\s+date|deadline|by\s+when)\b"),
    ("response", r"\b(response|management\s+comment|agreed\s+action|action\s+(agreed|proposed|planned))\b"),
    ("update", r"\b(update|progress|position|comment)\b"),
    ("recommendation", r"\b(recommendation|finding|issue|action)\b"),
)


@dataclass(frozen=True)
class Columns:
    roles: dict[str, int]

    def get(self, row: Row, role: str) -> Cell | None:
        index = self.roles.get(role)
        if index is None or index >= len(row.cells):
            return None
        return row.cells[index]

    def text(self, row: Row, role: str) -> str:
        cell = self.get(row, role)
        return cell.text if cell else ""


def column_roles(header: Row) -> Columns:
    roles: dict[str, int] = {}
    for index, cell in enumerate(header.cells):
        label = cell.text.lower().strip()
        if not label:
            continue
        for role, pattern in _COLUMN_ROLES:
            if role not in roles and re.search(pattern, label):
                roles[role] = index
                break
    if "number" not in roles and "recommendation" in roles and roles["recommendation"] > 0 \
            and not header.cells[0].text.strip():
        roles["number"] = 0  # an unlabelled first column holds the numbers
    return Columns(roles)


_ROW_NUMBER = re.compile(r"^\s*(?:R|Rec\.?\s*)?(\d{1,3}(?:\.\d{1,2})?[a-z]?)\.?\s*$", re.I)
_LEADING_NUMBER = re.compile(r"^(\d{1,2}(?:\s\d)?)\s+(?=[A-Z])")


def _row_number(row: Row, cols: Columns) -> str | None:
    match = _ROW_NUMBER.match(cols.text(row, "number"))
    return match.group(1) if match else None


def _span(cell: Cell | None) -> Span | None:
    if cell is None or not cell.text.strip():
        return None
    return Span(cell.text, cell.char_start, cell.char_end, cell.page_number)


def is_tracker(cols: Columns) -> bool:
    return "recommendation" in cols.roles and ("stage" in cols.roles or "complete" in cols.roles)


def is_action_plan(cols: Columns) -> bool:
    return "recommendation" in cols.roles and sum(r in cols.roles for r in ("priority", "response", "responsibility")) >= 2


def find_tracker_rows(table: Table) -> list[FoundRec]:
    """One record per numbered row; rows without a number hold its responses and updates."""
    assert table.header is not None
    cols = column_roles(table.header)
    found: list[FoundRec] = []
    for row in table.body_rows:
        number = _row_number(row, cols)
        if number is not None:
            rec_span = _span(cols.get(row, "recommendation"))
            if rec_span is None:
                continue
            rec = FoundRec(rec_span, RecKind.RECOMMENDATION, number, page_end=row.page_number,
                           stage_raw=cols.text(row, "stage") or None,
                           complete_raw=cols.text(row, "complete") or None)
            segments = segment_labelled(rec_span)
            if segments[0].kind == "text":  # the cell may carry labelled responses too
                rec.span = segments[0].span
                segments = segments[1:]
            _attach(rec, segments)
            found.append(rec)
            for role in ("response", "update"):
                span = _span(cols.get(row, role))
                if span is not None:
                    _attach(rec, segment_labelled(span), default=role)
        elif found:
            for span in (s for s in (_span(c) for c in row.cells) if s is not None):
                _attach(found[-1], segment_labelled(span), lead_is_rec=True)
            found[-1].page_end = row.page_number
    return found


def _attach(rec: FoundRec, segments: list, default: str | None = None, lead_is_rec: bool = False) -> None:
    """Labelled segments become responses and updates. Unlabelled text takes the column's role,
    or continues the recommendation (a row split by a page break) before any response."""
    for seg in segments:
        kind = seg.kind if seg.kind != "text" else default
        if kind == "update":
            rec.updates.append(FoundUpdate(seg.span, seg.label))
            rec.last_part = rec.updates[-1]
        elif kind == "response":
            responder, _, _ = response_label_parts(seg.label)
            rec.responses.append(FoundResponse(seg.span, seg.label, responder))
            rec.last_part = rec.responses[-1]
        elif lead_is_rec and rec.last_part is not None:
            # a cell cut by a page break: the text continues the last response or update
            part = rec.last_part
            sep = "\n" if re.search(r"[.!?:]$", part.span.text) else " "
            part.span = Span.join([part.span, seg.span], sep=sep)
        elif lead_is_rec:
            rec.span = Span.join([rec.span, seg.span])


def find_action_plan_rows(table: Table) -> list[FoundRec]:
    """Action-plan rows, with rows split over pages (no number, no recommendation text or a
    continuation of it) folded into the row above. Numbers here are unreliable (DOMAIN.md)."""
    assert table.header is not None
    cols = column_roles(table.header)
    found: list[FoundRec] = []
    parts: list[dict[str, list[Span]]] = []
    for row in table.body_rows:
        number = _row_number(row, cols)
        rec_cell = _span(cols.get(row, "recommendation"))
        if rec_cell is not None and number is None:
            lead = _LEADING_NUMBER.match(rec_cell.text)
            if lead and not found:
                number = lead.group(1).replace(" ", "")
        if number is not None or not found:
            if rec_cell is None:
                continue
            found.append(FoundRec(rec_cell, RecKind.RECOMMENDATION, number, page_end=row.page_number,
                                  priority_raw=cols.text(row, "priority") or None, confidence=0.8))
            parts.append({"response": [], "responsibility": []})
        elif rec_cell is not None:
            found[-1].span = Span.join([found[-1].span, rec_cell])
        for role in ("response", "responsibility"):
            span = _span(cols.get(row, role))
            if span is not None:
                parts[-1][role].append(span)
        found[-1].page_end = row.page_number
    for rec, part in zip(found, parts):
        if part["response"] or part["responsibility"]:
            text = Span.join(part["response"]) if part["response"] else None
            who = " ".join(s.text for s in part["responsibility"]) or None
            anchor = text or part["responsibility"][0]
            rec.responses.append(FoundResponse(Span(text.text if text else "", anchor.char_start,
                                                    anchor.char_end, anchor.page),
                                               "Management response", "Management", who))
    return found


def table_finders(doc: ParsedDocument) -> tuple[list[FoundRec], list[FoundRec]]:
    """(tracker records, action-plan records) from every table with a recognised header."""
    trackers: list[FoundRec] = []
    plans: list[FoundRec] = []
    for table in doc.tables():
        if table.header is None:
            continue
        cols = column_roles(table.header)
        if is_action_plan(cols) and "stage" not in cols.roles:
            plans.extend(find_action_plan_rows(table))
        elif is_tracker(cols):
            trackers.extend(find_tracker_rows(table))
    return trackers, plans


# ------------------------------------------------------------------ boxed recommendations

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
    headed_at = None  # a headed box with no items yet: its items went on in the next box (page break)
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        lines = _table_lines(block)
        headed = bool(lines) and bool(_BOX_HEAD.search(lines[0].text)) and len(lines[0].text) <= 60
        if not headed and not (lines and headed_at is not None and index - headed_at <= 2):
            continue
        items: list[tuple[str, list[Span]]] = []
        for span in lines[1:] if headed else lines:
            match = _BOX_ITEM.match(span.text)
            if match:
                cut = match.end()
                items.append((match["num"], [Span(span.text[cut:], span.char_start + cut, span.char_end, span.page)]))
            elif items:
                items[-1][1].append(span)
        headed_at = index if headed and not items else None
        if not items:
            continue
        response = _response_after(blocks, index)
        for num, spans in items:
            rec = FoundRec(Span.join(spans), RecKind.RECOMMENDATION, normalise_number(num),
                           page_end=spans[-1].page, confidence=0.85)
            if response is not None:
                rec.responses.append(response)
            found.append(rec)
    return found


_FOOTNOTE_PARA = re.compile(r"^(?:\d{1,3}|[\u00b9\u00b2\u00b3\u2070-\u2079]+)\s*(?:https?://|\W|[A-Z])")


def _note_shaped(block: object) -> bool:
    return (isinstance(block, Paragraph) and len(block.text) < 400
            and bool(_FOOTNOTE_PARA.match(block.text) or re.match(r"^(https?://|www\.)\S+$", block.text)))


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
