"""`followthrough report`: the councils compared, as one static HTML page or as JSON.

Both views format the same CouncilReport (pipeline.compare); the JSON also keeps the corpus-wide
summary of what was read, what came out and why anything was quarantined.
"""
from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from schemas import PIPELINE_VERSION, SCHEMA_VERSION

from .compare import CouncilReport, build_report
from .writer import load_outputs

FORMATS = ("html", "json")


def summarise(tables: dict[str, pd.DataFrame]) -> dict:
    """Corpus-wide counts: rows per table, documents by type and council, records by kind and status."""
    docs, recs = tables["documents"], tables["recommendations"]
    responses, updates, quarantine = tables["responses"], tables["updates"], tables["quarantine"]

    def counts(series) -> dict:
        return {str(k): int(v) for k, v in series.value_counts(dropna=False).sort_index().items()}

    return {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": PIPELINE_VERSION,
        "rows": {name: int(len(frame)) for name, frame in tables.items()},
        "documents_by_type": counts(docs["doc_type"]) if len(docs) else {},
        "documents_by_council": counts(docs["council"].fillna("(unknown)")) if len(docs) else {},
        "recommendations_by_kind": counts(recs["kind"]) if len(recs) else {},
        "recommendations_by_status": counts(recs["status"].fillna("(not stated)")) if len(recs) else {},
        "responses_by_decision": counts(responses["decision"].fillna("(not stated)")) if len(responses) else {},
        "responses_with_officers": int(sum(len(o) > 0 for o in responses["officers"])) if len(responses) else 0,
        "updates_with_date": int(updates["as_of"].notna().sum()) if len(updates) else 0,
        "quarantine_by_reason": counts(quarantine["reason_code"]) if len(quarantine) else {},
    }


def plain(value: object) -> object:
    """A JSON value: NaN as null ('no data'), numpy scalars as numbers, dates in ISO form."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def breakdown(report: CouncilReport) -> dict:
    """The per-council part of the JSON: the comparison table, the overdue list and the load."""
    return {
        "as_of": report.as_of.isoformat(),
        "councils": {council: {k: plain(v) for k, v in row.items()}
                     for council, row in report.comparison.to_dict(orient="index").items()},
        "overdue": _records(report.overdue),
        "load": _records(report.load),
    }


def write_report(out_dir: str | Path, target: str | Path, fmt: str = "html", as_of: date | None = None,
                 councils: Sequence[str] = (), timeline: str | None = None) -> CouncilReport:
    """Write the report for an output folder; `as_of` (default today) decides what is overdue."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}: use {' or '.join(FORMATS)}")
    tables = load_outputs(out_dir)
    report = build_report(tables, as_of or date.today(), councils, timeline, outputs=str(out_dir))
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        text = json.dumps({**summarise(tables), **breakdown(report)}, indent=2, sort_keys=True,
                          ensure_ascii=False) + "\n"
    else:
        from .report_html import render_html  # needs matplotlib (the `report` extra)
        text = render_html(report)
    target.write_text(text, encoding="utf-8")
    return report
