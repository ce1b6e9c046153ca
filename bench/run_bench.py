"""Speed and memory of followthrough, measured (not asserted in tests).

    python bench/run_bench.py [--corpus DIR] [--workers N] [--large PDF]

Measures, each in a fresh process so peak memory is its own:
  batch   — `run_batch` over the corpus: wall time, pages/s, peak RSS of the biggest process;
  parse   — one PDF parsed on one core: pages/s of the full parse and of the pdfium probe alone;
  memory  — peak RSS while parsing the largest PDF (pages are closed as they are parsed);
  entities — words per second of the spaCy entity layer on one core.
Writes bench/results/latest.json and prints it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus" / "real"


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def bench_batch(corpus: str, workers: int) -> dict:
    from pipeline.config import Config
    from pipeline.runner import run_batch
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        summary = run_batch([corpus], out, Config(workers=workers))
        wall = time.perf_counter() - started
    return {"corpus": corpus, "workers": workers, "documents": len(summary.outcomes),
            "pages": summary.pages, "wall_s": round(wall, 1),
            "pages_per_s": round(summary.pages / wall, 1), "rows": summary.counts(),
            "peak_rss_mb": round(_peak_rss_mb(), 1)}


def bench_parse(pdf: str) -> dict:
    from extractors.pdf_reader import probe_pdf, read_pdf
    data = Path(pdf).read_bytes()
    started = time.perf_counter()
    probe = probe_pdf(data)
    probe_s = time.perf_counter() - started
    started = time.perf_counter()
    doc = read_pdf(data)
    parse_s = time.perf_counter() - started
    words = len(doc.text.split())
    return {"pdf": Path(pdf).name, "pages": probe.page_count,
            "probe_pages_per_s": round(probe.page_count / probe_s, 1),
            "parse_pages_per_s": round(doc.page_count / parse_s, 1), "words": words,
            "peak_rss_mb": round(_peak_rss_mb(), 1)}


def bench_entities(pdf: str) -> dict:
    """Words per second of the entity layer (nlp.pipe over paragraphs and cells, tok2vec + ruler + ner)."""
    from extractors.entities import document_pieces, load_model, mentions_in
    from extractors.pdf_reader import read_pdf
    from extractors.responses import find_acronyms
    doc = read_pdf(Path(pdf).read_bytes())
    pieces = document_pieces(doc)
    words = sum(len(t.split()) for t, _ in pieces)
    started = time.perf_counter()
    load_model()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    mentions = mentions_in(pieces, find_acronyms(doc.text))
    seconds = time.perf_counter() - started
    return {"pdf": Path(pdf).name, "words": words, "mentions": len(mentions),
            "model_load_s": round(load_s, 2), "words_per_s": round(words / seconds, 1),
            "peak_rss_mb": round(_peak_rss_mb(), 1)}


def _in_subprocess(kind: str, arg: str, workers: int) -> dict:
    code = (f"import json,sys; sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'bench')!r});"
            f"import run_bench as b; print(json.dumps(b.bench_{kind}(*sys.argv[1:2], "
            f"*([int(sys.argv[2])] if len(sys.argv) > 2 else []))))")
    args = [sys.executable, "-c", code, arg] + ([str(workers)] if kind == "batch" else [])
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_corpus = SHARED if SHARED.is_dir() else ROOT / "corpus" / "papers"
    parser.add_argument("--corpus", default=str(default_corpus))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--parse-pdf", default=None, help="PDF for the one-core parse figure")
    parser.add_argument("--large", default=None, help="PDF for the peak-memory figure")
    args = parser.parse_args()
    pdfs = sorted(Path(args.corpus).rglob("*.pdf"), key=lambda p: p.stat().st_size)
    parse_pdf = args.parse_pdf or str(next((p for p in pdfs if "Behaviour-Change-Report" in p.name), pdfs[-1]))
    from extractors.pdf_reader import probe_pdf
    with_text = [p for p in pdfs if _has_text(p, probe_pdf)]
    large = args.large or str(max(with_text, key=lambda p: probe_pdf(p.read_bytes()).page_count))
    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "batch": _in_subprocess("batch", args.corpus, args.workers),
        "parse": _in_subprocess("parse", parse_pdf, 1),
        "memory": _in_subprocess("parse", large, 1),
        "entities": _in_subprocess("entities", parse_pdf, 1),
    }
    target = ROOT / "bench" / "results" / "latest.json"
    target.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


def _has_text(path: Path, probe) -> bool:
    try:
        return any(probe(path.read_bytes()).text_pages)
    except Exception:  # encrypted or corrupt files are not benchmark material
        return False


if __name__ == "__main__":
    sys.exit(main())
