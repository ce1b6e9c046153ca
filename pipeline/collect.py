"""What the parent keeps of a run while documents arrive: a compact entry per document (its rows
go to the spool), the linking index and the records' digests (for the folder's history). With
`--append` or `forget`, the same is read from the previous generation for the papers it keeps,
in batches, so that memory grows with the corpus only by these compact parts.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from schemas.arrow import SCHEMAS, plain_rows
from schemas.vocab import DocType, Status

from .linkindex import LinkDoc, LinkIndex, LinkRec
from .process import DocumentOutcome
from .spool import Spool, SpooledDocument
from .state import RecordDigests
from .tablestream import Kept, previous_rows

_KEPT = ""  # a paper's records chosen from the previous generation (sorts before any path)
_DIGESTED = ("recommendations", "responses", "updates")


def _columns(table: str) -> list[str]:
    return SCHEMAS[table].names


class Collector:
    """Outcomes in, as they complete: each to the spool, its compact parts kept here. A paper
    at several paths has its records taken from its first path (as the writer does), or from
    the previous generation when that keeps them."""

    def __init__(self, spool: Spool) -> None:
        self.spool = spool
        self.entries: list[SpooledDocument] = []
        self.links = LinkIndex()
        self.digests = RecordDigests()
        self.chosen: dict[str, str] = {}  # doc_id → the source its records come from

    def add(self, outcome: DocumentOutcome) -> SpooledDocument:
        entry = self.spool.add(len(self.entries), outcome)
        self.entries.append(entry)
        ex = outcome.extraction
        if outcome.quarantine is None and ex is not None:
            doc = ex.document
            self.links.add_document(LinkDoc(doc.doc_id, doc.source_path, doc.council, doc.council_code,
                                            doc.meeting_date, doc.doc_type))
            chosen = self.chosen.get(doc.doc_id)
            if chosen is None or outcome.source_path < chosen:
                self.chosen[doc.doc_id] = outcome.source_path
                self.links.add_records(doc.doc_id, [LinkRec(r.rec_id, r.doc_id, r.text, r.number, r.addressee, r.status)
                                                    for r in ex.recommendations])
                self.digests.forget({r.rec_id for r in ex.recommendations})
                for table in _DIGESTED:
                    self.digests.add_rows(table, _columns(table), plain_rows(table, getattr(ex, table)))
        return entry

    def keep(self, folder: Path, keep: Callable[[str, str | None], bool]) -> tuple[Kept, list[str]]:
        """The previous generation's papers that `keep` accepts (source_path, doc_id → kept?)
        into the index and digests; returns what the writer keeps and the paths left out."""
        kept = Kept(folder, keep)
        removed: list[str] = []
        names = _columns("documents")
        at = {n: names.index(n) for n in ("doc_id", "source_path", "council", "council_code", "meeting_date", "doc_type")}
        for row in previous_rows(folder, "documents"):
            doc_id, path = row[at["doc_id"]], row[at["source_path"]]
            if not keep(path, doc_id):
                removed.append(path)
                continue
            kept.record_docs.add(doc_id)
            self.chosen[doc_id] = _KEPT
            self.links.add_document(LinkDoc(doc_id, path, row[at["council"]], row[at["council_code"]],
                                            row[at["meeting_date"]], DocType(row[at["doc_type"]])))
        path = _columns("quarantine").index("source_path")
        removed += [r[path] for r in previous_rows(folder, "quarantine") if not keep(r[path], None)]
        self._keep_records(kept)
        return kept, removed

    def _keep_records(self, kept: Kept) -> None:
        names = _columns("recommendations")
        at = [names.index(n) for n in ("rec_id", "doc_id", "text", "number", "addressee", "status")]
        recs: dict[str, list[LinkRec]] = {}
        for table in _DIGESTED:
            batch: list[list[object]] = []
            for row in kept.rows(table):
                if table == "recommendations":
                    rec_id, doc_id, text, number, addressee, status = (row[i] for i in at)
                    recs.setdefault(doc_id, []).append(LinkRec(rec_id, doc_id, text, number, addressee,
                                                               Status(status) if status else None))
                batch.append(row)
                if len(batch) >= 1000:
                    self.digests.add_rows(table, _columns(table), batch)
                    batch = []
            self.digests.add_rows(table, _columns(table), batch)
        for doc_id, records in recs.items():
            self.links.add_records(doc_id, records)
