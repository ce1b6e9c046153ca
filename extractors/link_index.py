"""The compact index linking works from, and candidate pairs whose number per record is bounded.

Each record becomes its features (words and word pairs of its text, without stop words or the
words of procedure every decision uses) as integer ids with IDF weights; features seen once in
the corpus are kept only as their share of the record's norm, since they can never be shared.
Candidate pairs come from a posting list per feature, records in date order: each record looks
up its K_RAREST rarest features and takes up to WINDOW neighbours on each side of itself in each
list. Work per record is bounded by K_RAREST × 2 × WINDOW whatever the corpus size, and a
recommendation reprinted in many papers is still found: its rarest features' lists are mostly its
own reprints, and each reprint pairs with the reprints nearest in date, which chains them all.
Everything after the features is done in bulk with numpy, in chunks that bound memory.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .found import norm_key

K_RAREST = 6
WINDOW = 8
MIN_CONTAINED_FEATURES = 12  # shorter texts are too easily contained in a long one
CHUNK = 1024                 # records per bulk step
_STOP = frozenset(
    "the a an and or of to in for on by with that this be is are should will would could must "
    "its their it as at from which who has have been being not all any such into also than "
    "within we our they them there these those "
    # words of procedure: every decision notes, agrees or approves something
    "note noted notes noting agree agreed agrees approve approved approves endorse endorsed "
    "resolved recommend recommended recommends recommendation recommendations".split())


def words_of(text: str) -> list[str]:
    """The words that carry a text's identity, in order; features are these and each adjacent pair."""
    return [w for w in norm_key(text).split() if len(w) > 2 and w not in _STOP]


def _feature_keys(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(owner record, feature key) for every distinct feature of every text, sorted. A word's key
    is its id; a word pair's is W + a·W + b, so no string is made per pair. Done a block of
    records at a time, so the temporaries stay small."""
    vocabulary: dict[str, int] = {}
    tokens = [np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for w in words_of(t)), dtype=np.int32)
              for t in texts]
    width = max(len(vocabulary), 1)
    space = width + width * width
    owners, keys = [np.zeros(0, dtype=np.int32)], [np.zeros(0, dtype=np.int64)]
    for lo in range(0, len(texts), 8 * CHUNK):
        block = tokens[lo:lo + 8 * CHUNK]
        flat = np.concatenate(block).astype(np.int64)
        owner = np.repeat(np.arange(len(block)), [len(t) for t in block])
        adjacent = owner[1:] == owner[:-1]
        pairs = width + flat[:-1][adjacent] * width + flat[1:][adjacent]
        combined = np.unique(np.concatenate((owner * space + flat, owner[1:][adjacent] * space + pairs)))
        owners.append((combined // space + lo).astype(np.int32))
        keys.append(combined % space)
    return np.concatenate(owners), np.concatenate(keys)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices start..start+length of every range, concatenated."""
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))


@dataclass(frozen=True)
class PairScores:
    """Similarity evidence for pairs (left[k], right[k])."""
    left: np.ndarray
    right: np.ndarray
    cosine: np.ndarray       # TF-IDF cosine of the two texts
    containment: np.ndarray  # share of the shorter text's weight the other holds (0 when too short)
    shared: np.ndarray       # number of features in common


class FeatureIndex:
    """Records' shared features as sorted id arrays (CSR), their weights, and posting lists."""

    def __init__(self, texts: list[str]) -> None:
        n = len(texts)
        owner, keys = _feature_keys(texts)
        features, position = np.unique(keys, return_inverse=True)
        del keys
        df_all = np.bincount(position, minlength=len(features))
        size = np.bincount(owner, minlength=n)
        shared = df_all[position] >= 2  # a feature seen once can never be shared: it only weighs in the norm
        new_id = np.cumsum(df_all >= 2) - 1
        self.df = df_all[df_all >= 2]
        self.idf = np.log((n + 1) / (self.df + 0.5))
        self.indices = new_id[position[shared]].astype(np.int32)  # by record, then feature id
        self.owner = owner[shared]
        del position, shared, owner
        lengths = np.bincount(self.owner, minlength=n)
        self.indptr = np.concatenate(([0], np.cumsum(lengths)))
        single = math.log((n + 1) / 1.5)  # the weight of a feature seen once
        unique = size - lengths
        idf = self.idf[self.indices]
        self.size = size
        self.total = np.bincount(self.owner, weights=idf, minlength=n) + unique * single
        norm = np.sqrt(np.bincount(self.owner, weights=idf * idf, minlength=n) + unique * single * single)
        self.norm = np.where(norm > 0, norm, 1.0)
        posting = np.lexsort((self.owner, self.indices))  # by feature, then record (date order)
        self.post_records = self.owner[posting]
        self.post_start = np.searchsorted(self.indices[posting], np.arange(len(self.df) + 1))
        self.post_at = np.empty(len(posting), dtype=np.int64)
        self.post_at[posting] = np.arange(len(posting))  # where each (record, feature) sits in its list

    def rarest(self, lo: int, hi: int) -> np.ndarray:
        """Entries (CSR positions) of the K_RAREST rarest features of records lo..hi-1; ties by id."""
        entries = np.arange(self.indptr[lo], self.indptr[hi])
        owner = self.owner[entries]
        order = np.lexsort((self.indices[entries], self.df[self.indices[entries]], owner))
        ranked = entries[order]
        rank = np.arange(len(ranked)) - (self.indptr[owner[order]] - self.indptr[lo])
        return ranked[rank < K_RAREST]

    def neighbours(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """(record, neighbour) for records lo..hi-1: up to WINDOW each side in each rarest list."""
        entries = self.rarest(lo, hi)
        at = self.post_at[entries]
        feature = self.indices[entries]
        steps = np.concatenate((np.arange(-WINDOW, 0), np.arange(1, WINDOW + 1)))
        near = at[:, None] + steps[None, :]
        valid = (near >= self.post_start[feature][:, None]) & (near < self.post_start[feature + 1][:, None])
        records = np.broadcast_to(self.owner[entries][:, None], near.shape)[valid]
        return records, self.post_records[near[valid]]

    def score_pairs(self, left: np.ndarray, right: np.ndarray) -> PairScores:
        """Evidence for pairs sorted by their left record, computed a chunk of left records at a time."""
        cosine, containment = np.zeros(len(left)), np.zeros(len(left))
        shared = np.zeros(len(left), dtype=np.int64)
        width = len(self.df) + 1
        bounds = np.searchsorted(left, np.arange(0, int(left.max(initial=-1)) + CHUNK + 1, CHUNK))
        for a, b in zip(bounds[:-1], bounds[1:]):
            if a == b:
                continue
            lefts, local = np.unique(left[a:b], return_inverse=True)
            mine = _ranges(self.indptr[lefts], self.indptr[lefts + 1] - self.indptr[lefts])
            keys = np.repeat(np.arange(len(lefts)), self.indptr[lefts + 1] - self.indptr[lefts]) * width + self.indices[mine]
            others = right[a:b]
            lengths = self.indptr[others + 1] - self.indptr[others]
            theirs = self.indices[_ranges(self.indptr[others], lengths)]
            probe = np.repeat(local, lengths) * width + theirs
            at = np.minimum(np.searchsorted(keys, probe), max(len(keys) - 1, 0))
            hit = (keys[at] == probe) if len(keys) else np.zeros(len(probe), dtype=bool)
            pair = np.repeat(np.arange(b - a), lengths)
            weight = self.idf[theirs] * hit
            shared_w = np.bincount(pair, weights=weight, minlength=b - a)
            cosine[a:b] = np.bincount(pair, weights=weight * weight, minlength=b - a) / (
                self.norm[left[a:b]] * self.norm[others])
            smaller = np.where(self.size[left[a:b]] <= self.size[others], left[a:b], others)
            containment[a:b] = np.where(self.size[smaller] >= MIN_CONTAINED_FEATURES,
                                        shared_w / self.total[smaller], 0.0)
            shared[a:b] = np.bincount(pair, weights=hit, minlength=b - a).astype(np.int64)
        return PairScores(left, right, cosine, containment, shared)


def candidate_pairs(index: FeatureIndex, n: int,
                    allowed: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Unique pairs (i < j), sorted, of neighbours that `allowed(records, others)` (a mask) lets
    be compared: not from one paper, not from two different councils."""
    keys = []
    for lo in range(0, n, CHUNK):
        mine, near = index.neighbours(lo, min(n, lo + CHUNK))
        ok = allowed(mine, near)
        mine, near = mine[ok].astype(np.int64), near[ok].astype(np.int64)
        low, high = np.minimum(mine, near), np.maximum(mine, near)
        keys.append(np.unique(low * n + high))
    unique = np.unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    return unique // max(n, 1), unique % max(n, 1)
