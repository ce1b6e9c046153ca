"""Views of one Evaluation: the text tables `followthrough evaluate` prints and the JSON it writes.

Both read the same Score objects, so the printed figures and bench/results/accuracy.json agree.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .evaluate import TABLES, DocumentScore, Evaluation, FieldTally, Score, Tally


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _tally_json(tally: Tally) -> dict[str, Any]:
    return {"tp": tally.tp, "fp": tally.fp, "fn": tally.fn, "precision": _rounded(tally.precision),
            "recall": _rounded(tally.recall), "f1": _rounded(tally.f1)}


def _field_json(tally: FieldTally) -> dict[str, Any]:
    return {"scored": tally.scored, "correct": tally.correct, "accuracy": _rounded(tally.accuracy)}


def score_json(score: Score) -> dict[str, Any]:
    return {"records": _tally_json(score.records),
            "tables": {t: _tally_json(score.tables[t]) for t in TABLES},
            "field_accuracy": _field_json(score.field_total),
            "fields": {name: _field_json(score.fields[name]) for name in sorted(score.fields)}}


def _document_json(doc: DocumentScore) -> dict[str, Any]:
    return {"set": doc.paper.set_name, "file": doc.paper.file, "gold_file": str(doc.paper.path),
            "source_path": doc.source_path, "note": doc.note, **score_json(doc.score), "errors": list(doc.errors)}


def evaluation_json(evaluation: Evaluation) -> dict[str, Any]:
    """Everything, in a fixed key order: overall, per set (sorted), per document (gold path order)."""
    return {"documents_scored": len(evaluation.documents),
            "overall": score_json(evaluation.overall()),
            "sets": {name: {"documents": evaluation.papers_in(name), **score_json(score)}
                     for name, score in evaluation.by_set().items()},
            "documents": [_document_json(d) for d in evaluation.documents]}


def write_json(evaluation: Evaluation, path: str | Path) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(evaluation_json(evaluation), indent=2, ensure_ascii=False) + "\n",
                      encoding="utf-8")


def _prf(tally: Tally) -> str:
    return f"P {_ratio(tally.precision):>5} R {_ratio(tally.recall):>5} F1 {_ratio(tally.f1):>5}"


def _summary_lines(label: str, score: Score, documents: int) -> list[str]:
    fields = score.field_total
    records = score.records
    head = f"{label:<12} {documents:>4} papers  "
    lines = [f"{head}{'records':<16}{_prf(records)}   ({records.tp} TP, {records.fp} FP, {records.fn} FN)   "
             f"fields {_ratio(fields.accuracy)} ({fields.correct}/{fields.scored})"]
    lines += [f"{'':<{len(head)}}{t:<16}{_prf(score.tables[t])}" for t in TABLES]
    return lines


def _document_table(evaluation: Evaluation) -> list[str]:
    width = max([len(d.paper.file) for d in evaluation.documents] + [4])
    lines = [f"{'set':<8} {'file':<{width}} {'gold':>5} {'pred':>5} {'TP':>5} {'P':>6} {'R':>6} "
             f"{'F1':>6} {'fields':>6}  note"]
    for doc in evaluation.documents:
        r = doc.score.records
        lines.append(f"{doc.paper.set_name:<8} {doc.paper.file:<{width}} {r.tp + r.fn:>5} {r.tp + r.fp:>5} "
                     f"{r.tp:>5} {_ratio(r.precision):>6} {_ratio(r.recall):>6} {_ratio(r.f1):>6} "
                     f"{_ratio(doc.score.field_total.accuracy):>6}  {doc.note}".rstrip())
    return lines


def _field_table(score: Score) -> list[str]:
    lines = [f"{'field':<32} {'scored':>7} {'correct':>7} {'accuracy':>8}"]
    for name in sorted(score.fields):
        tally = score.fields[name]
        lines.append(f"{name:<32} {tally.scored:>7} {tally.correct:>7} {_ratio(tally.accuracy):>8}")
    return lines


def render_text(evaluation: Evaluation, per_document: bool = True) -> str:
    """The per-document table (unless not wanted), per-set and overall lines, the per-field table."""
    lines: list[str] = []
    if per_document:
        lines += _document_table(evaluation) + [""]
    for name, score in evaluation.by_set().items():
        lines += _summary_lines(f"set {name}", score, evaluation.papers_in(name))
    lines += _summary_lines("overall", evaluation.overall(), len(evaluation.documents))
    return "\n".join(lines + [""] + _field_table(evaluation.overall()))
