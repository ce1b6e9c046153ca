"""The per-document store of a run: each document's rows go to one JSON file under
`<out>/.spool` the moment its result arrives, so the parent holds one document at a time and
keeps only a compact entry per document; the tables are then written from here in a stream
(pipeline.tablestream).

JSON, not pickle: an entry is plain rows of the contract's columns (dates as ISO text), readable
by anything and safe to load. The spool is cleared when a run starts and removed when it ends.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa

from schemas.arrow import SCHEMAS, plain_rows

from .process import DocumentOutcome

ROW_TABLES = ("documents", "recommendations", "responses", "updates", "entities")
QUARANTINED = "quarantined"


@dataclass(frozen=True, slots=True)
class SpooledDocument:
    """What the parent keeps of a document once its rows are in the spool."""
    number: int
    source_path: str
    doc_id: str | None  # None when quarantined
    pages: int
    seconds: float
    cached: bool
    status: str  # the document's status, or "quarantined"
    reason_code: str | None
    message: str | None  # the quarantine message
    council_code: str | None
    year: int | None
    rows: tuple[int, ...]  # rows per table of ROW_TABLES

    def has_rows(self, table: str) -> bool:
        return table in ROW_TABLES and self.rows[ROW_TABLES.index(table)] > 0


def _iso(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _date_columns(table: str) -> tuple[list[int], list[int]]:
    """Positions of the date and list-of-date columns, revived from ISO text on reading."""
    schema = SCHEMAS[table]
    dates = [i for i, f in enumerate(schema) if f.type == pa.date32()]
    lists = [i for i, f in enumerate(schema) if f.type == pa.list_(pa.date32())]
    return dates, lists


_DATES = {table: _date_columns(table) for table in (*ROW_TABLES, "quarantine")}


def _revive(table: str, rows: list[list[object]]) -> list[list[object]]:
    dates, lists = _DATES[table]
    for row in rows:
        for i in dates:
            row[i] = date.fromisoformat(row[i]) if row[i] else None
        for i in lists:
            row[i] = [date.fromisoformat(v) for v in row[i]] if row[i] is not None else None
    return rows


class Spool:
    """One JSON file per document, numbered in arrival order (order never matters: the writer
    sorts by the tables' keys)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> "Spool":
        shutil.rmtree(self.folder, ignore_errors=True)  # left by a run that was stopped
        self.folder.mkdir(parents=True)
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _file(self, number: int) -> Path:
        return self.folder / f"{number // 1000:05d}" / f"{number:08d}.json"

    def add(self, number: int, outcome: DocumentOutcome) -> SpooledDocument:
        """Write the outcome's rows and return the compact entry the parent keeps."""
        ex, q = outcome.extraction, outcome.quarantine
        if q is not None:
            tables = {"quarantine": plain_rows("quarantine", [q])}
        else:
            assert ex is not None
            tables = {name: plain_rows(name, getattr(ex, name)) for name in ROW_TABLES[1:]}
            tables["documents"] = plain_rows("documents", [ex.document])
        path = self._file(number)
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(tables, default=_iso, separators=(",", ":")))
        doc = ex.document if ex is not None and q is None else None
        return SpooledDocument(
            number, outcome.source_path, doc.doc_id if doc else None, outcome.pages, outcome.seconds,
            outcome.cached, doc.status.value if doc else QUARANTINED, q.reason_code if q else None,
            q.message if q else None, doc.council_code if doc else None,
            doc.meeting_date.year if doc and doc.meeting_date else None,
            tuple(len(tables.get(name, ())) for name in ROW_TABLES))

    def read(self, entry: SpooledDocument) -> dict[str, list[list[object]]]:
        """The entry's rows per table, in column order, with dates as dates again."""
        tables = json.loads(self._file(entry.number).read_text())
        return {name: _revive(name, rows) for name, rows in tables.items()}
