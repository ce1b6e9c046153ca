"""Soak: many small synthetic papers through an engine, the parent's memory watched (not a test).

    python bench/soak.py [--sizes 1000 5000 20000] [--engines local dask replay] [--workers 2]

Papers are made from the seed papers with varied text: each takes the opening of a seed (about
150 words: header, purpose, the recommendations or decisions asked for) and swaps about a third
of its longer words for others from the seeds' vocabulary, so every paper has its own bytes and
its own wording. One paper in ten comes from the recommendations tracker seed (recommendations,
which are linked across papers); the rest from the committee report seeds (decisions, which are
not). Each run is a fresh process, so ru_maxrss is that run's parent alone: workers (pebble's or
Dask's) are other processes. Reported per run: wall time, pages/s, the parent's peak RSS once
every document was in and at the end (after linking and writing), phase times, and whether
every paper came out as a documents or quarantine row ("nothing lost").

`--engines replay` measures the parent's part alone, without workers: real outcomes of 40
synthetic papers replayed under new ids through the spool, linking and the streamed tables, so
sizes of 100,000 papers take minutes.
Every run is a fresh output folder with the cache off, so every paper is read.
Writes bench/results/soak.json after each run, keeping the runs of other sizes or engines.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "papers" / "seeds"
TRACKER, REPORTS = "000_", ("002_", "003_")
WORDS_PER_PAPER = 150
SWAP_SHARE = 0.33
_WORD = re.compile(r"\b[a-z]{5,}\b")


def _opening(text: str, words: int) -> str:
    lines, count = [], 0
    for line in text.splitlines():
        lines.append(line)
        count += len(line.split())
        if count >= words:
            break
    return "\n".join(lines) + "\n"


def make_corpus(folder: Path, size: int) -> None:
    seeds = {p.name[:4]: p.read_text() for p in sorted(SEEDS.glob("*.txt"))}
    vocabulary = sorted({w for text in seeds.values() for w in _WORD.findall(text)})
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(size):
        rng = random.Random(n)
        seed = TRACKER if n % 10 == 0 else REPORTS[n % 2]
        opening = _opening(seeds[seed], WORDS_PER_PAPER)
        varied = _WORD.sub(lambda m: rng.choice(vocabulary) if rng.random() < SWAP_SHARE else m[0], opening)
        (folder / f"{n // 1000:03d}" / f"paper_{n:06d}.txt").parent.mkdir(exist_ok=True)
        (folder / f"{n // 1000:03d}" / f"paper_{n:06d}.txt").write_text(varied)


def run_child(engine: str, corpus: str, out: str, workers: int) -> dict:
    """In the measured process: one run_batch, its figures as JSON."""
    from pipeline.config import Config
    from pipeline.runner import run_batch
    from pipeline.writer import load_outputs
    papers = sum(1 for _ in Path(corpus).rglob("*.txt"))
    started = time.perf_counter()
    summary = run_batch([corpus], out, Config(workers=workers, engine=engine, cache=False))
    wall = time.perf_counter() - started
    tables = load_outputs(out)
    accounted = set(tables["documents"].source_path) | set(tables["quarantine"].source_path)
    return {"engine": engine, "papers": papers, "workers": workers, "wall_s": round(wall, 1),
            "pages": summary.pages, "pages_per_s": round(summary.pages / wall, 1),
            "parent_peak_rss_mb": {k: round(v, 1) for k, v in summary.peak_rss_mb.items()},
            "phase_s": {k: round(v, 1) for k, v in summary.phase_seconds.items()},
            "rows": summary.counts(), "nothing_lost": len(accounted) == papers == len(summary.outcomes)}


def _renamed(record: object, old: str, new: str) -> object:
    """A record with every id that embeds the paper's doc_id rewritten for another paper."""
    changes = {f.name: getattr(record, f.name).replace(old, new) for f in fields(record)
               if isinstance(getattr(record, f.name), str) and old in getattr(record, f.name)}
    return replace(record, **changes)


def _clone(outcome, n: int):
    """Paper n of a replay: a real outcome under a new path and doc_id, its texts numbered."""
    from extractors.records import Extraction
    ex = outcome.extraction
    old, new = ex.document.doc_id, f"{n:016x}"
    path = f"replay/{n // 1000:03d}/paper_{n:06d}.txt"
    tables = {name: [_renamed(r, old, new) for r in getattr(ex, name)]
              for name in ("recommendations", "responses", "updates", "entities")}
    tables["recommendations"] = [replace(r, text=f"{r.text} (paper {n})") for r in tables["recommendations"]]
    document = replace(_renamed(ex.document, old, new), source_path=path)
    return replace(outcome, source_path=path, extraction=Extraction(document, **tables))


def replay_child(size: int, out: str) -> dict:
    """The parent's part alone (spool, linking index, linking, streamed tables) for `size`
    papers: real outcomes of 40 synthetic papers, extracted here once, replayed under new ids.
    No worker runs, so large sizes take minutes; the memory is the same parent code's."""
    from pipeline.collect import Collector
    from pipeline.config import Config
    from pipeline.spool import Spool
    from pipeline.supervisor import run_in_process
    from pipeline.tablestream import StreamInput, write_streamed
    with tempfile.TemporaryDirectory() as corpus:
        make_corpus(Path(corpus), 40)
        tasks = [(p, None) for p in sorted(Path(corpus).rglob("*.txt"))]
        templates = [o for o in run_in_process(tasks, Config(cache=False)) if o.extraction is not None]
    baseline = _peak_rss_mb()
    started = time.perf_counter()
    Path(out).mkdir(parents=True, exist_ok=True)
    with Spool(Path(out) / ".spool") as spool:
        collected = Collector(spool)
        for n in range(size):
            collected.add(_clone(templates[n % len(templates)], n))
        spooled = _peak_rss_mb()
        thread_of, threads = collected.links.link()
        fingerprints = collected.digests.fingerprints(thread_of)
        linked = _peak_rss_mb()
        rows = write_streamed(Path(out), StreamInput(spool, collected.entries, None, thread_of, threads))
    return {"engine": "replay", "papers": size, "wall_s": round(time.perf_counter() - started, 1),
            "parent_peak_rss_mb": {"before": round(baseline, 1), "documents": round(spooled, 1),
                                   "linked": round(linked, 1), "end": round(_peak_rss_mb(), 1)},
            "threads": len(fingerprints), "rows": rows, "nothing_lost": rows["documents"] == size}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--engines", nargs="+", default=["local", "dask"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, corpus, out = args.child
        figures = replay_child(int(corpus), out) if engine == "replay" else run_child(engine, corpus, out, args.workers)
        print(json.dumps(figures))
        return
    target = ROOT / "bench" / "results" / "soak.json"
    # runs of other sizes or engines measured before are kept: a long soak can go in parts
    results = json.loads(target.read_text()) if target.exists() else []
    with tempfile.TemporaryDirectory(prefix="followthrough-soak-") as work:
        for size in args.sizes:
            corpus = Path(work) / f"corpus-{size}"
            if set(args.engines) - {"replay"}:
                make_corpus(corpus, size)
            for engine in args.engines:
                if engine == "replay":  # the child takes the size in place of a corpus
                    corpus = Path(str(size))
                out = Path(work) / f"out-{engine}-{size}"
                done = subprocess.run([sys.executable, __file__, "--child", engine, str(corpus), str(out),
                                       "--workers", str(args.workers)], cwd=ROOT, check=True,
                                      capture_output=True, text=True)
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                print(json.dumps(figures), flush=True)
                results = [r for r in results if (r["engine"], r["papers"]) != (engine, size)] + [figures]
                results.sort(key=lambda r: (r["papers"], r["engine"]))
                target.write_text(json.dumps(results, indent=2) + "\n")  # after each run


if __name__ == "__main__":
    main()
