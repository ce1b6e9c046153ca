"""Score an output folder against hand-labelled gold: record precision / recall / F1 and field
accuracy, per document, per gold set and overall (`followthrough evaluate`).

Gold records carry only their opening words, so a predicted record matches a gold one when that
opening is found near the start of its text (or nearly so): a longer or shorter predicted text is
a field error (`text_end`), not a missed record. Fields are scored only on matched items and only
where the gold labels them, so a label left out never counts for or against the pipeline.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from operator import attrgetter, eq
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import pandas as pd

from .gold import GoldPaper, GoldRecord, load_gold
from .writer import load_outputs

TABLES = ("recommendations", "responses", "updates")
OPENING_WINDOW = 120     # a gold opening may start this far in: a predicted text may keep a heading
FUZZY_SLACK = 10         # characters of the predicted text beyond the opening's length compared
FUZZY_THRESHOLD = 0.85   # tolerates a hyphenation or OCR slip, not a different sentence
READABLE = ("ok", "partial")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_NON_ALNUM = re.compile(r"[\W_]+")


def normalise(text: str | None) -> str:
    """NFKC, lower case, straight quotes, every run of non-alphanumerics one space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    return _NON_ALNUM.sub(" ", text).strip()


def match_score(opening: str, predicted: str) -> float | None:
    """How well a normalised gold opening fits a normalised predicted text; None if it does not."""
    at = predicted.find(opening)
    if 0 <= at <= OPENING_WINDOW:
        return 1.0
    head = predicted[: len(opening) + FUZZY_SLACK]
    ratio = SequenceMatcher(None, opening, head, autojunk=False).ratio()
    return ratio if ratio >= FUZZY_THRESHOLD else None


def match_items(gold: Sequence[str], predicted: Sequence[str]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best score first, then paper order."""
    gold_norm = [normalise(g) for g in gold]
    pred_norm = [normalise(p) for p in predicted]
    candidates = sorted((-score, g, p) for g, opening in enumerate(gold_norm)
                        for p, text in enumerate(pred_norm)
                        if (score := match_score(opening, text)) is not None)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append((g, p))
    return sorted(pairs)


@dataclass
class Tally:
    """Record counts; a ratio with nothing to count is None (shown as '-'), never a made-up 0 or 1."""
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None


@dataclass
class FieldTally:
    scored: int = 0
    correct: int = 0

    def add(self, other: FieldTally) -> None:
        self.scored, self.correct = self.scored + other.scored, self.correct + other.correct

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.scored if self.scored else None


def _pooled(tallies: Iterable[Any], total: Any) -> Any:
    for tally in tallies:
        total.add(tally)
    return total


@dataclass
class Score:
    """Counts for one document, one set, or all: record tallies per table, tallies per field."""
    tables: dict[str, Tally] = field(default_factory=lambda: {t: Tally() for t in TABLES})
    fields: dict[str, FieldTally] = field(default_factory=lambda: defaultdict(FieldTally))

    @property
    def records(self) -> Tally:
        return _pooled(self.tables.values(), Tally())

    @property
    def field_total(self) -> FieldTally:
        return _pooled(self.fields.values(), FieldTally())

    def add(self, other: Score) -> None:
        for name, tally in other.tables.items():
            self.tables[name].add(tally)
        for name, tally in other.fields.items():
            self.fields[name].add(tally)


@dataclass
class DocumentScore:
    paper: GoldPaper
    score: Score
    note: str = ""
    source_path: str | None = None   # the output paper it was scored against
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Evaluation:
    documents: tuple[DocumentScore, ...]

    def by_set(self) -> dict[str, Score]:
        sets: dict[str, Score] = {}
        for doc in self.documents:
            sets.setdefault(doc.paper.set_name, Score()).add(doc.score)
        return dict(sorted(sets.items()))

    def papers_in(self, set_name: str) -> int:
        return sum(doc.paper.set_name == set_name for doc in self.documents)

    def overall(self) -> Score:
        total = Score()
        for doc in self.documents:
            total.add(doc.score)
        return total


@dataclass(frozen=True)
class Predicted:
    """One paper's output: its documents row or quarantine row (or both), and its records."""
    source_path: str
    document: Any | None
    quarantine: Any | None
    recommendations: tuple[Any, ...] = ()
    responses: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    updates: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    def value(self, column: str) -> Any:
        return getattr(self.document, column) if self.document is not None else None

    @property
    def status(self) -> str | None:
        # Until the contract writes no_records as a documents status, it arrives as a quarantine row.
        if self.document is not None:
            return self.document.status
        return "no_records" if self._reason == "no_records" else None

    @property
    def quarantine_code(self) -> str | None:
        """Why the paper could not be read; None when it was read (no_records was read)."""
        if self.document is not None or self._reason == "no_records":
            return None
        return self._reason

    @property
    def _reason(self) -> str | None:
        return self.quarantine.reason_code if self.quarantine is not None else None


@dataclass(frozen=True)
class FieldCheck:
    """One scored field: the gold key it needs, how to read the prediction, how to compare."""
    name: str
    key: str
    predicted: Callable[[Any], Any]
    agrees: Callable[[Any, Any], bool]


def _month(day: Any) -> str | None:
    return day.strftime("%Y-%m") if day is not None else None


def _same_text(gold: str | None, predicted: str | None) -> bool:
    return normalise(gold) == normalise(predicted)


def _listed(values: Iterable[Any] | None) -> Iterable[Any]:
    """A list cell as read from Parquet: an array, or None when null."""
    return values if values is not None else ()


def _same_set(gold: Iterable[str], predicted: Iterable[str] | None) -> bool:
    return {g.casefold() for g in gold} == {p.casefold() for p in _listed(predicted)}


def _strip(value: str | None) -> str | None:
    return value.strip() if value is not None else None


RECORD_FIELDS = (
    FieldCheck("number", "number", attrgetter("number"), lambda g, p: _strip(g) == _strip(p)),
    FieldCheck("kind", "kind", attrgetter("kind"), eq),
    FieldCheck("text_end", "end", attrgetter("text"), lambda g, p: normalise(p).endswith(normalise(g))),
    FieldCheck("status", "status", attrgetter("status"), eq),
    FieldCheck("stage_raw", "stage_raw", attrgetter("stage_raw"), _same_text),
    FieldCheck("priority", "priority", attrgetter("priority"), eq),
    FieldCheck("complete", "complete", attrgetter("complete"), eq),
)
RESPONSE_FIELDS = (
    FieldCheck("decision", "decision", attrgetter("decision"), eq),
    FieldCheck("officers", "officers", attrgetter("officers"), _same_set),
    FieldCheck("officer_roles", "officer_roles", attrgetter("officer_roles"), _same_set),
    FieldCheck("due", "due", lambda row: sorted({_month(d) for d in _listed(row.due_dates)}),
               lambda g, p: set(g) == set(p)),
)
UPDATE_FIELDS = (FieldCheck("as_of", "as_of", lambda row: _month(row.as_of), eq),)
DOCUMENT_FIELDS = (
    FieldCheck("council", "council", lambda d: d.value("council"), _same_text),
    FieldCheck("body", "body", lambda d: d.value("body"), _same_text),
    FieldCheck("title", "title", lambda d: d.value("title"), _same_text),
    FieldCheck("meeting_date", "meeting_date", lambda d: d.value("meeting_date"), eq),
    FieldCheck("doc_type", "doc_type", lambda d: d.value("doc_type"), eq),
    FieldCheck("status", "status", lambda d: d.status,
               lambda g, p: p in READABLE if g == "ok" else p == g),
    FieldCheck("quarantine", "quarantine", lambda d: d.quarantine_code, eq),
)


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _check_fields(table: str, checks: Sequence[FieldCheck], gold: Any, predicted: Any,
                  doc: DocumentScore, label: str) -> None:
    for check in checks:
        if check.key not in gold.labelled:
            continue
        want, got = getattr(gold, check.key), check.predicted(predicted)
        right = bool(check.agrees(want, got))
        tally = doc.score.fields[f"{table}.{check.name}"]
        tally.scored += 1
        tally.correct += right
        if not right:
            shown = f"…{str(got)[-60:]}" if check.name == "text_end" and got else got
            doc.errors.append(f"{table}.{check.name} of {label}: gold {want!r}, predicted {shown!r}")


def _match_table(table: str, checks: Sequence[FieldCheck], gold: Sequence[Any],
                 predicted: Sequence[Any], doc: DocumentScore) -> list[tuple[int, int]]:
    """Match one table's items, count them, score the matched pairs' fields; return the pairs."""
    pairs = match_items([g.text for g in gold], [p.text for p in predicted])
    tally = doc.score.tables[table]
    tally.tp += len(pairs)
    tally.fp += len(predicted) - len(pairs)
    tally.fn += len(gold) - len(pairs)
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    doc.errors += [f"{table}: missed {_shorten(g.text)!r}" for i, g in enumerate(gold) if i not in matched_gold]
    doc.errors += [f"{table}: extra {_shorten(p.text)!r}" for i, p in enumerate(predicted)
                   if i not in matched_pred]
    for g, p in pairs:
        _check_fields(table, checks, gold[g], predicted[p], doc, repr(_shorten(gold[g].text, 40)))
    return pairs


def _count_children_missed(record: GoldRecord, doc: DocumentScore) -> None:
    doc.score.tables["responses"].fn += len(record.responses)
    doc.score.tables["updates"].fn += len(record.updates)


def _score_records(paper: GoldPaper, pred: Predicted, doc: DocumentScore) -> None:
    # Responses and updates are matched only under a matched pair of recommendations: an answer
    # attached to the wrong recommendation is wrong however well its words match.
    pairs = _match_table("recommendations", RECORD_FIELDS, paper.records, pred.recommendations, doc)
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    for i, record in enumerate(paper.records):
        if i not in matched_gold:
            _count_children_missed(record, doc)
    for i, row in enumerate(pred.recommendations):
        if i not in matched_pred:
            doc.score.tables["responses"].fp += len(pred.responses.get(row.rec_id, ()))
            doc.score.tables["updates"].fp += len(pred.updates.get(row.rec_id, ()))
    for g, p in pairs:
        rec_id = pred.recommendations[p].rec_id
        _match_table("responses", RESPONSE_FIELDS, paper.records[g].responses,
                     pred.responses.get(rec_id, ()), doc)
        _match_table("updates", UPDATE_FIELDS, paper.records[g].updates, pred.updates.get(rec_id, ()), doc)


def score_paper(paper: GoldPaper, pred: Predicted | None, note: str = "") -> DocumentScore:
    """One gold paper against its output (None when the output does not have it)."""
    doc = DocumentScore(paper, Score(), note, pred.source_path if pred is not None else None)
    if pred is None:
        doc.score.tables["recommendations"].fn += len(paper.records)
        for record in paper.records:
            _count_children_missed(record, doc)
        doc.errors.append("not in OUT: every gold record counts as missed")
        return doc
    _check_fields("documents", DOCUMENT_FIELDS, paper.document, pred, doc, repr(paper.file))
    _score_records(paper, pred, doc)
    return doc


def _rows(frame: pd.DataFrame) -> Iterable[Any]:
    """Rows as named tuples with None for a null: pandas reads a null string as NaN, which would
    compare unequal to a gold null and crash the text comparisons."""
    return frame.astype(object).where(frame.notna(), None).itertuples(index=False)


def _by_key(frame: pd.DataFrame, key: str, order: str) -> dict[str, tuple[Any, ...]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in _rows(frame.sort_values([key, order, frame.columns[0]])):
        grouped[getattr(row, key)].append(row)
    return {k: tuple(v) for k, v in grouped.items()}


class OutputIndex:
    """The output folder's papers, found by doc_id or by file name."""

    def __init__(self, tables: dict[str, pd.DataFrame]) -> None:
        recs = _by_key(tables["recommendations"], "doc_id", "ordinal")
        responses = _by_key(tables["responses"], "rec_id", "char_start")
        updates = _by_key(tables["updates"], "rec_id", "char_start")
        rows: dict[str, dict[str, Any]] = defaultdict(dict)
        for row in _rows(tables["quarantine"]):
            # A file quarantined before it was hashed has no sha256: it can only be found by name.
            rows[row.sha256[:16] if row.sha256 else f"path:{row.source_path}"]["quarantine"] = row
        for row in _rows(tables["documents"]):
            rows[row.doc_id]["document"] = row
        self._by_id: dict[str, Predicted] = {}
        self._by_name: dict[str, list[Predicted]] = defaultdict(list)
        for doc_id, found in sorted(rows.items()):
            document, quarantine = found.get("document"), found.get("quarantine")
            source = (document or quarantine).source_path
            # rec_ids embed the doc_id, so every paper can share the whole response and update maps.
            pred = Predicted(source, document, quarantine, recs.get(doc_id, ()), responses, updates)
            self._by_id[doc_id] = pred
            self._by_name[Path(source).name].append(pred)

    def find(self, paper: GoldPaper) -> tuple[Predicted | None, str]:
        """The paper's output and a note on how it was found ('' when plainly)."""
        if paper.doc_id and paper.doc_id in self._by_id:
            return self._by_id[paper.doc_id], ""
        named = self._by_name.get(paper.file, [])
        if not named:
            return None, "not in OUT"
        notes = []
        if paper.doc_id:
            notes.append("matched by file name; its doc_id differs (file changed?)")
        if len(named) > 1:
            notes.append(f"{len(named)} outputs named {paper.file}, first taken; give doc_id")
        return named[0], "; ".join(notes)


def evaluate(gold: str | Path, out: str | Path) -> Evaluation:
    """Read the gold (file or folder) and the output folder, and score every gold paper."""
    papers = load_gold(gold)
    index = OutputIndex(load_outputs(out))
    return Evaluation(tuple(score_paper(paper, *index.find(paper)) for paper in papers))
