"""A summary of an output folder: what was read, what came out, why anything was quarantined."""
from __future__ import annotations

import json
from pathlib import Path

from schemas import PIPELINE_VERSION, SCHEMA_VERSION

from .writer import load_outputs


def summarise(out_dir: str | Path) -> dict:
    tables = load_outputs(out_dir)
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


def write_report(out_dir: str | Path, target: str | Path) -> dict:
    report = summarise(out_dir)
    Path(target).write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", "utf-8")
    return report
