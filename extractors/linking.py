"""Follow one recommendation or decision across papers: group the records that are the same one.

Every record is in a thread (a thread of one when it is seen in one paper). Decisions link as
recommendations do: a report's decision and the minutes or record of decision that adopt it, a
call-in and the reconsideration. The evidence is the text — TF-IDF cosine over words and word
pairs, so that words every paper uses weigh little, or, when one paper quotes a record in full
and another only its opening, the share of the shorter text's weight the longer one holds — with
small bonuses for the same printed number and the same body addressed (neither links on its own:
papers misnumber), a penalty when a response or tracker is dated before the report it would
answer, and a floor of MIN_SHARED features in common, so "Note the report" links nothing. Records
of two different councils are never compared. Pairs are joined best first; a thread never holds
two records of one paper. Candidate pairs come from extractors.link_index (bounded per record).

Ids come from extractors.thread_ids: a function of the thread's earliest member, never of the
run's history.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from schemas.records import DocumentRecord, RecommendationRecord, ThreadRecord
from schemas.vocab import DocType

from .found import norm_key
from .link_index import FeatureIndex, PairScores, candidate_pairs
from .thread_ids import thread_ids

LINK_THRESHOLD = 0.5
NUMBER_BONUS = 0.08
BODY_BONUS = 0.04
ORDER_PENALTY = 0.2
CONTAINMENT_WEIGHT = 0.9
MIN_SHARED = 4
_ORIGIN_KINDS = (DocType.INQUIRY_REPORT, DocType.AUDIT_REPORT, DocType.COMMITTEE_REPORT)


@dataclass(frozen=True)
class LinkItem:
    """What linking needs of one record: the compact view, not the whole record."""
    rec_id: str
    doc_id: str
    text: str
    number: str | None
    body: str | None        # whom the record addresses (a decision's committee, a recommendation's officer)
    council: str | None     # ONS code, else name; None when unknown
    when: date | None       # the paper's meeting date
    origin_paper: bool      # a paper that makes recommendations, not one that answers them
    order_key: tuple


def order_key(doc: DocumentRecord | None, rec_id: str) -> tuple:
    """Earliest first: by the paper's date (undated last), papers that make records before papers
    that answer them. A thread's first member in this order is its anchor."""
    when = doc.meeting_date if doc else None
    return (when or date.max, 0 if doc is not None and doc.doc_type in _ORIGIN_KINDS else 1, rec_id)


def link_items(documents: list[DocumentRecord], records: list[RecommendationRecord]) -> list[LinkItem]:
    """Records as LinkItems, earliest first."""
    docs = {d.doc_id: d for d in documents}
    items = []
    for r in records:
        doc = docs.get(r.doc_id)
        items.append(LinkItem(
            r.rec_id, r.doc_id, r.text, r.number, norm_key(r.addressee) if r.addressee else None,
            (doc.council_code or doc.council) if doc else None, doc.meeting_date if doc else None,
            bool(doc and doc.doc_type in _ORIGIN_KINDS), order_key(doc, r.rec_id)))
    return sorted(items, key=lambda it: it.order_key)


class _Columns:
    """Per-item attributes as integer arrays, so pairs are filtered and scored in bulk."""

    def __init__(self, items: list[LinkItem]) -> None:
        def coded(values) -> np.ndarray:
            codes: dict[str, int] = {}
            return np.array([-1 if v is None else codes.setdefault(v, len(codes)) for v in values], dtype=np.int64)
        self.doc = coded(it.doc_id for it in items)
        self.council = coded(it.council for it in items)
        self.number = coded(it.number for it in items)
        self.body = coded(it.body for it in items)
        self.when = np.array([it.when.toordinal() if it.when else -1 for it in items], dtype=np.int64)
        self.origin = np.array([it.origin_paper for it in items], dtype=bool)

    def allowed(self, records: np.ndarray, others: np.ndarray) -> np.ndarray:
        """Never two records of one paper; never two councils (unknown matches any)."""
        mine, theirs = self.council[records], self.council[others]
        return (self.doc[others] != self.doc[records]) & ((mine < 0) | (theirs < 0) | (mine == theirs))

    def adjustment(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        same_number = (self.number[left] >= 0) & (self.number[left] == self.number[right])
        same_body = (self.body[left] >= 0) & (self.body[left] == self.body[right])
        wl, wr = self.when[left], self.when[right]
        dated = (wl >= 0) & (wr >= 0)
        early_answer = dated & ((self.origin[left] & ~self.origin[right] & (wr < wl))
                                | (self.origin[right] & ~self.origin[left] & (wl < wr)))
        return NUMBER_BONUS * same_number + BODY_BONUS * same_body - ORDER_PENALTY * early_answer


def _similarity(scores: PairScores) -> np.ndarray:
    return np.maximum(scores.cosine, CONTAINMENT_WEIGHT * scores.containment)


def _groups(items: list[LinkItem], scores: PairScores, total: np.ndarray) -> list[list[int]]:
    """Union best pair first (ties by rec_ids); a thread never holds two records of one paper."""
    keep = np.flatnonzero((total >= LINK_THRESHOLD) & (scores.shared >= MIN_SHARED))
    rounded = np.round(total[keep], 6).tolist()
    ranked = sorted((-score, items[i].rec_id, items[j].rec_id, i, j) for score, i, j in
                    zip(rounded, scores.left[keep].tolist(), scores.right[keep].tolist()))
    parent = list(range(len(items)))
    papers = [{it.doc_id} for it in items]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, _, _, i, j in ranked:
        a, b = find(i), find(j)
        if a != b and not papers[a] & papers[b]:
            parent[b] = a
            papers[a] |= papers[b]
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)  # items are in order, so each group is earliest first
    return list(groups.values())


@dataclass(frozen=True)
class Linking:
    thread_of: dict[str, str]     # rec_id → thread_id
    rows: list[ThreadRecord]      # one per record


def link_records(documents: list[DocumentRecord], records: list[RecommendationRecord]) -> Linking:
    """Every record's thread and the threads table."""
    items = link_items(documents, records)
    index = FeatureIndex([it.text for it in items])
    columns = _Columns(items)
    left, right = candidate_pairs(index, len(items), columns.allowed)
    scores = index.score_pairs(left, right)
    groups = _groups(items, scores, _similarity(scores) + columns.adjustment(left, right))
    ids = thread_ids([[items[i] for i in g] for g in groups])
    firsts = np.array([g[0] for g in groups for _ in g[1:]], dtype=np.int64)
    others = np.array([i for g in groups for i in g[1:]], dtype=np.int64)
    order = np.argsort(firsts, kind="stable")
    to_first = index.score_pairs(firsts[order], others[order])
    similarity = dict(zip(others[order].tolist(), _similarity(to_first).tolist()))
    status = {r.rec_id: r.status for r in records}
    thread_of, rows = {}, []
    for tid, group in zip(ids, groups):
        for i in group:
            it = items[i]
            thread_of[it.rec_id] = tid
            rows.append(ThreadRecord(tid, it.rec_id, it.doc_id, it.when, status[it.rec_id],
                                     round(min(similarity.get(i, 1.0), 1.0), 4)))
    return Linking(thread_of, rows)


def link_threads(documents: list[DocumentRecord], records: list[RecommendationRecord]
                 ) -> tuple[list[RecommendationRecord], list[ThreadRecord]]:
    """Records with thread_id set, and the threads table."""
    linking = link_records(documents, records)
    return [replace(r, thread_id=linking.thread_of[r.rec_id]) for r in records], linking.rows
