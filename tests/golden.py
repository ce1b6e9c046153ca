"""Golden records: a paper's tables as JSON with the fields that differ between a text seed and
its PDF rendition (ids, paths, pages, offsets) stripped, so both compare to one golden file."""
from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from enum import Enum
from pathlib import Path

from extractors.records import Extraction

VOLATILE = {"doc_id", "source_path", "source_format", "page_count", "page", "page_start", "page_end",
            "char_start", "char_end", "status", "status_reason"}


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _row(record, keep_status: bool = False) -> dict:
    row = {}
    for key, value in asdict(record).items():
        if key in VOLATILE and not (keep_status and key == "status"):
            continue
        if key in ("rec_id", "response_id", "update_id"):
            value = value.split(":", 1)[1]  # the position part; the doc_id part is volatile
        row[key] = _plain(value)
    return row


def golden_view(ex: Extraction) -> dict:
    return {
        "document": _row(ex.document),
        "recommendations": [_row(r, keep_status=True) for r in ex.recommendations],
        "responses": [_row(r) for r in ex.responses],
        "updates": [_row(u) for u in ex.updates],
    }


def read_golden(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def write_golden(path: Path, view: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(view, indent=1, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
