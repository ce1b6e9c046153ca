"""Follow one recommendation across papers: group the recommendations that are the same one.

Similarity is TF-IDF cosine over words and word pairs of the recommendation texts, so that
words every paper uses ('Director of Children's Services') weigh little and the particular ones
decide, or — when one paper quotes a recommendation in full and another only its opening — the
share of the shorter text's weight the longer one holds; a matching printed number adds a little
but never links on its own (responses misnumber).
A response or tracker dated before the report it would answer is penalised. Pairs are joined best
first; a thread never holds two recommendations of one paper.

thread_id is a hash of the thread's anchor — its earliest member (meeting date, then origin
papers before responses) — and ids already given in an earlier run are kept, so ids stay the
same across runs and when papers are added.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date

from schemas.records import DocumentRecord, RecommendationRecord, ThreadRecord
from schemas.vocab import DocType, RecKind

from .found import norm_key

LINK_THRESHOLD = 0.5
NUMBER_BONUS = 0.08
ORDER_PENALTY = 0.2
_STOP = set("the a an and or of to in for on by with that this be is are should will would could must "
            "its their it as at from which who has have been being not all any such into also than "
            "within we our they them there these those".split())
_ORIGIN_KINDS = (DocType.INQUIRY_REPORT, DocType.AUDIT_REPORT, DocType.COMMITTEE_REPORT)


def _features(text: str) -> set[str]:
    words = [w for w in norm_key(text).split() if len(w) > 2 and w not in _STOP]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


def _weights(recs: list[RecommendationRecord]) -> list[dict[str, float]]:
    """IDF weight of each feature of each recommendation."""
    feats = [_features(r.text) for r in recs]
    df = Counter(f for fs in feats for f in fs)
    n = len(recs)
    return [{f: math.log((n + 1) / (df[f] + 0.5)) for f in fs} for fs in feats]


def _vectors(weights: list[dict[str, float]]) -> list[dict[str, float]]:
    vectors = []
    for w in weights:
        norm = math.sqrt(sum(x * x for x in w.values())) or 1.0
        vectors.append({f: x / norm for f, x in w.items()})
    return vectors


MIN_CONTAINED_FEATURES = 12


def _containment(a: dict[str, float], b: dict[str, float]) -> float:
    """How much of the shorter text's weight the other holds: one paper quotes a recommendation
    in full, another only its first paragraph. Short texts do not count (too easily contained)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) < MIN_CONTAINED_FEATURES:
        return 0.0
    total = sum(small.values()) or 1.0
    return sum(w for f, w in small.items() if f in large) / total


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(f, 0.0) for f, w in a.items())


def _order_key(rec: RecommendationRecord, docs: dict[str, DocumentRecord]) -> tuple:
    doc = docs.get(rec.doc_id)
    when = doc.meeting_date if doc and doc.meeting_date else date.max
    origin_first = 0 if doc and doc.doc_type in _ORIGIN_KINDS else 1
    return (when, origin_first, rec.rec_id)


def _order_penalty(a: RecommendationRecord, b: RecommendationRecord, docs: dict[str, DocumentRecord]) -> float:
    """A response or tracker dated before the report whose recommendation it would answer."""
    da, db = docs.get(a.doc_id), docs.get(b.doc_id)
    if not (da and db and da.meeting_date and db.meeting_date):
        return 0.0
    for origin, answer in ((da, db), (db, da)):
        if origin.doc_type in _ORIGIN_KINDS and answer.doc_type not in _ORIGIN_KINDS \
                and answer.meeting_date < origin.meeting_date:
            return ORDER_PENALTY
    return 0.0


def _candidate_pairs(recs, vectors) -> set[tuple[int, int]]:
    """Pairs in different papers that share a feature rare enough to tell recommendations apart
    (one used by at most max(20, 2%) of them); common features would pair everything."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for f in vec:
            index[f].append(i)
    limit = max(20, len(recs) // 50)
    pairs = set()
    for members in index.values():
        if len(members) > limit:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if recs[i].doc_id != recs[j].doc_id:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def thread_id_for(anchor_rec_id: str) -> str:
    return hashlib.sha256(f"thread:{anchor_rec_id}".encode()).hexdigest()[:16]


def link_threads(documents: list[DocumentRecord], recommendations: list[RecommendationRecord],
                 previous: dict[str, str] | None = None
                 ) -> tuple[list[RecommendationRecord], list[ThreadRecord]]:
    """Set thread_id on every recommendation (decisions stay unthreaded); thread rows for the
    threads that span two or more papers. `previous` maps rec_id → thread_id of an earlier run."""
    docs = {d.doc_id: d for d in documents}
    recs = [r for r in recommendations if r.kind is RecKind.RECOMMENDATION]
    weights = _weights(recs)
    vectors = _vectors(weights)
    scored = []
    for i, j in _candidate_pairs(recs, vectors):
        score = max(_cosine(vectors[i], vectors[j]), 0.9 * _containment(weights[i], weights[j]))
        if recs[i].number and recs[i].number == recs[j].number:
            score += NUMBER_BONUS
        score -= _order_penalty(recs[i], recs[j], docs)
        if score >= LINK_THRESHOLD:
            scored.append((round(score, 6), recs[i].rec_id, recs[j].rec_id, i, j))
    parent = list(range(len(recs)))
    papers = [{r.doc_id} for r in recs]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, _, _, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        a, b = find(i), find(j)
        if a != b and not papers[a] & papers[b]:
            parent[b] = a
            papers[a] |= papers[b]
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(recs)):
        groups[find(i)].append(i)
    thread_of: dict[str, str] = {}
    rows: list[ThreadRecord] = []
    previous = previous or {}
    for members in groups.values():
        ordered = sorted(members, key=lambda i: _order_key(recs[i], docs))
        known = sorted({previous[recs[i].rec_id] for i in members if recs[i].rec_id in previous})
        tid = known[0] if known else thread_id_for(recs[ordered[0]].rec_id)
        first = ordered[0]
        for i in members:
            thread_of[recs[i].rec_id] = tid
        if len({recs[i].doc_id for i in members}) >= 2:
            for i in ordered:
                doc = docs.get(recs[i].doc_id)
                similarity = 1.0 if i == first else max(
                    _cosine(vectors[first], vectors[i]), 0.9 * _containment(weights[first], weights[i]))
                rows.append(ThreadRecord(tid, recs[i].rec_id, recs[i].doc_id,
                                         doc.meeting_date if doc else None, recs[i].status,
                                         round(min(similarity, 1.0), 4)))
    linked = [replace(r, thread_id=thread_of.get(r.rec_id)) for r in recommendations]
    return linked, rows
