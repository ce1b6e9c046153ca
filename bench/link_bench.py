"""Linking at scale: time and peak memory of extractors.linking on synthetic recommendations.

Synthetic records are made from real ones (the `recommendations.parquet` of an output folder):
each "family" is one recommendation followed across 1–12 papers of one council, a quarter apart;
its text is a real recommendation with a third of its words replaced by words drawn with the real
corpus's frequencies, and each paper reprints it with a few more words changed (one in ten only
its opening 60%). Every size runs in a fresh process, so the peak RSS is linking's own (plus the
synthetic records, measured before linking starts); wall and CPU seconds are both given, since a
busy machine stretches the first. Pairwise
precision and recall against the families show that bounding the work loses no reprints.

    python bench/link_bench.py --source outputs/dev --sizes 10000 50000 200000
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemas.records import DocumentRecord, RecommendationRecord  # noqa: E402
from schemas.vocab import DocType, DocumentStatus, RecKind, SourceFormat  # noqa: E402

COUNCILS = 400
SEED = 20250601


def real_texts(source: Path) -> list[str]:
    import pyarrow.parquet as pq
    path = source / "recommendations.parquet"
    if not path.exists():
        raise SystemExit(f"{path} not found: run `make eval` (outputs/dev) or `make run` first, or pass --source")
    texts = sorted({t for t in pq.read_table(path, columns=["text"]).column("text").to_pylist() if len(t) > 40})
    return texts


def _edit(words: list[str], share: float, vocab: list[str], cumulative: list[int], rng: random.Random) -> list[str]:
    """Each word replaced with probability `share` by one drawn with the corpus's frequencies."""
    out = list(words)
    for k in range(len(out)):
        if rng.random() < share:
            out[k] = rng.choices(vocab, cum_weights=cumulative)[0]
    return out


def synthetic(texts: list[str], n: int) -> tuple[list[DocumentRecord], list[RecommendationRecord], list[int]]:
    """n records in families; returns documents, records and each record's family number."""
    rng = random.Random(SEED)
    counts = Counter(w for t in texts for w in t.split())
    vocab = list(counts)
    weights = list(itertools.accumulate(counts.values()))
    docs: dict[tuple, DocumentRecord] = {}
    records, family_of = [], []
    family = 0
    while len(records) < n:
        base = _edit(rng.choice(texts).split(), 0.33, vocab, weights, rng)
        council = rng.randrange(COUNCILS)
        start = date(2005, 1, 1) + timedelta(days=rng.randrange(7000))
        for k in range(min(1 + int(rng.expovariate(0.45)), 12, n - len(records))):
            when = start + timedelta(days=91 * k)
            key = (council, when, rng.randrange(4))  # a council publishes a few papers a day at most
            doc = docs.setdefault(key, DocumentRecord(
                f"{len(docs):016x}", f"synthetic/{len(docs)}.pdf", SourceFormat.PDF, 1,
                None if council % 10 == 0 else f"Council {council}", None, None, when,
                DocType.TRACKER if k else DocType.INQUIRY_REPORT, None, None, DocumentStatus.OK))
            words = _edit(base, 0.04, vocab, weights, rng)
            if rng.random() < 0.1:
                words = words[:max(8, int(len(words) * 0.6))]
            ordinal = len(records) + 1
            records.append(RecommendationRecord(
                f"{doc.doc_id}:{ordinal}", doc.doc_id, ordinal, str(rng.randrange(1, 30)), RecKind.RECOMMENDATION,
                " ".join(words), None, None, None, None, None, None, None, None, None, 1, 1, 0, 1, 0.9))
            family_of.append(family)
        family += 1
    return list(docs.values()), records, family_of


def _pairs(groups: dict[object, list[int]]) -> set[tuple[int, int]]:
    return {(a, b) for members in groups.values() for i, a in enumerate(members) for b in members[i + 1:]}


def one(source: Path, n: int) -> dict:
    from extractors.linking import link_records
    docs, records, family_of = synthetic(real_texts(source), n)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    linking = link_records(docs, records)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    truth: dict[int, list[int]] = {}
    found: dict[str, list[int]] = {}
    for k, r in enumerate(records):
        truth.setdefault(family_of[k], []).append(k)
        found.setdefault(linking.thread_of[r.rec_id], []).append(k)
    true_pairs, found_pairs = _pairs(truth), _pairs(found)
    hit = len(true_pairs & found_pairs)
    return {"records": n, "papers": len(docs), "families": len(truth), "threads": len(found),
            "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "peak_rss_mb": round(peak / 1024), "rss_before_mb": round(rss_before / 1024),
            "pair_precision": round(hit / max(len(found_pairs), 1), 4),
            "pair_recall": round(hit / max(len(true_pairs), 1), 4)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default="outputs/dev", help="output folder whose recommendations seed the texts")
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 50_000, 200_000])
    parser.add_argument("--json", default="bench/results/linking.json", help="where to write the figures")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.source), args.one)))
        return 0
    results = []
    for n in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--source", args.source, "--one", str(n)],
                              check=True, capture_output=True, text=True)
        results.append(json.loads(done.stdout))
        print(json.dumps(results[-1]), flush=True)
    Path(args.json).write_text(json.dumps({"texts_from": args.source, "results": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
