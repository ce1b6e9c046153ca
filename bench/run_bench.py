"""followthrough against the text extractors it is built on, interleaved in one run (make bench).

    python bench/run_bench.py [--corpus DIR] [--rounds N] [--workers N] [--no-profile]

Each round runs, one after the other on the same PDFs, each contender with 2 processes:
  pipeline   — `followthrough run FILES --workers 2 --no-cache` (model load, parse, NER, finders,
               linking, Parquet; what a user runs);
  pdftotext  — `pdftotext -layout`, the files split over 2 processes;
  pypdfium2  — bare PDFium text of every page, 2 processes;
  pdfplumber — bare `extract_text()` of every page, 2 processes.
Reported: wall and CPU seconds (medians over rounds), the ratios pipeline ÷ each baseline, pages/s,
the peak RSS of the largest pipeline process (a worker), the CPU split of the pipeline by stage
(one profiled single-process pass), and the peak RSS of the pipeline on the largest PDF alone.
Ratios, not absolute times, are what the README quotes: the machine may be busy, and interleaving
exposes every contender to the same load. Writes bench/results/latest.json.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

_PYPDFIUM = ("import sys, pypdfium2 as p\n"
             "for f in sys.argv[1:]:\n"
             "    d = p.PdfDocument(f)\n"
             "    for i in range(len(d)):\n"
             "        pg = d[i]; t = pg.get_textpage(); t.get_text_range(); t.close(); pg.close()\n"
             "    d.close()\n")
_PLUMBER = ("import sys, pdfplumber\n"
            "for f in sys.argv[1:]:\n"
            "    with pdfplumber.open(f) as d:\n"
            "        for pg in d.pages:\n"
            "            pg.extract_text(); pg.close()\n")
# Runs a command as a child subreaper: every descendant (the pipeline's forkserver and its workers
# included) is reparented here when its parent exits and is reaped here, so the resource usage of
# the whole process tree is counted, not only of the processes the command itself waited for.
_TREE = ("import ctypes, os, resource, subprocess, sys\n"
         "ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER\n"
         "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
         "while True:\n"
         "    try:\n"
         "        os.wait()\n"
         "    except ChildProcessError:\n"
         "        break\n"
         "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
         "print(u.ru_utime + u.ru_stime, u.ru_maxrss, rc)\n")

# The stage a profiled function's cumulative time is counted under (first match wins).
STAGES = [
    ("pdfium words", "pdf_words.py", "page_words"),
    ("ruled grids", "pdf_rules.py", "ruled_boxes"),
    ("lines, paragraphs, borderless tables", "pdf_regions.py", "page_blocks"),
    ("pdf probe", "pdf_reader.py", "_probe"),
    ("assembly (furniture, joins, offsets)", "assembly.py", "assemble"),
    ("NER (spaCy + rules)", "entities.py", "mentions_in"),
    ("finders and records", "records.py", "extract_records"),
    ("linking", "runner.py", "_link"),
    ("writing Parquet", "tablestream.py", "write_streamed"),
]


def _halves(files: list[Path]) -> list[list[str]]:
    return [[str(f) for f in files[0::2]], [str(f) for f in files[1::2]]]


def _tree(command: list[str]) -> list[str]:
    return [sys.executable, "-c", _TREE, *command]


def _tree_usage(proc: subprocess.Popen) -> tuple[float, int, int]:
    """CPU seconds, peak RSS (KiB) of the largest process, and exit code of a command run by _TREE."""
    cpu, peak, code = proc.communicate()[0].split()
    return float(cpu), int(peak), int(code)


def _timed(commands: list[list[str]]) -> dict:
    """Run commands side by side; wall, CPU (user+sys of every process in their trees) and exit codes."""
    started = time.perf_counter()
    procs = [subprocess.Popen(_tree(c), stdout=subprocess.PIPE, text=True) for c in commands]
    usage = [_tree_usage(p) for p in procs]
    wall = time.perf_counter() - started
    return {"wall_s": wall, "cpu_s": sum(u[0] for u in usage), "ok": all(u[2] == 0 for u in usage)}


def contenders(files: list[Path], workers: int, out: Path) -> dict[str, list[list[str]]]:
    halves = _halves(files)
    pdftotext = ["sh", "-c", 'for f in "$@"; do pdftotext -q -layout "$f" /dev/null; done', "sh"]
    return {
        "pipeline": [[str(BIN / "followthrough"), "run", *map(str, files), "--workers", str(workers),
                      "--no-cache", "--out", str(out)]],
        "pdftotext": [pdftotext + h for h in halves],
        "pypdfium2": [[sys.executable, "-c", _PYPDFIUM, *h] for h in halves],
        "pdfplumber": [[sys.executable, "-c", _PLUMBER, *h] for h in halves],
    }


def peak_rss_mb(command: list[str]) -> float:
    """The largest resident size of any process the command started (the biggest worker)."""
    proc = subprocess.Popen(_tree(command), stdout=subprocess.PIPE, text=True)
    _, peak, code = _tree_usage(proc)
    if code != 0:
        raise RuntimeError(f"bench: {command[:2]} exited with {code}")
    return round(peak / 1024, 1)


def cpu_split(files: list[Path]) -> dict:
    """One single-process profiled pass of the whole pipeline; seconds and shares per stage."""
    from pipeline.config import Config
    from pipeline.runner import run_batch
    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as out:
        profile.enable()
        run_batch([str(f) for f in files], out, Config(workers=1, strict=True, cache=False))
        profile.disable()
    stats = pstats.Stats(profile).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    total = sum(tt for _, _, tt, _, _ in stats.values())
    cumulative = {}
    for (filename, _, name), (_, _, _, ct, _) in stats.items():
        for stage, module, function in STAGES:
            if filename.endswith(module) and name == function:
                cumulative[stage] = cumulative.get(stage, 0.0) + ct
    split = {stage: round(cumulative.get(stage, 0.0), 2) for stage, _, _ in STAGES}
    # finders include NER in extract_records; report them apart
    split["finders and records"] = round(split["finders and records"] - split["NER (spaCy + rules)"], 2)
    split["other (model load, discovery, cache)"] = round(total - sum(split.values()), 2)
    return {"total_cpu_s": round(total, 2), "seconds": split,
            "share": {k: round(v / total, 3) for k, v in split.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(ROOT / "tests" / "dev" / "papers" / "real"))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    if not shutil.which("pdftotext"):
        print("bench: pdftotext is needed as the baseline (Debian: apt-get install poppler-utils)", file=sys.stderr)
        return 2
    from extractors.pdf_reader import probe_pdf
    files, pages, largest = [], 0, None
    for path in sorted(Path(args.corpus).rglob("*.pdf")):
        probe = probe_pdf(path.read_bytes())
        if any(probe.text_pages):
            files.append(path)
            pages += probe.page_count
            if largest is None or probe.page_count > largest[1]:
                largest = (path, probe.page_count)
    runs: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as out:
        commands = contenders(files, args.workers, Path(out))
        for _ in range(args.rounds):
            for name, group in commands.items():
                runs.setdefault(name, []).append(_timed(group))
        worker_peak = peak_rss_mb(commands["pipeline"][0])
        large_peak = peak_rss_mb([str(BIN / "followthrough"), "run", str(largest[0]), "--workers", "1",
                                  "--no-cache", "--out", str(Path(out) / "large")])
    median = {name: {k: round(statistics.median(r[k] for r in rs), 2) for k in ("wall_s", "cpu_s")}
              for name, rs in runs.items()}
    pipe = median["pipeline"]
    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_avg_1m": round(os.getloadavg()[0], 2)},
        "corpus": {"folder": str(Path(args.corpus).relative_to(ROOT) if Path(args.corpus).is_relative_to(ROOT) else args.corpus),
                   "pdfs": len(files), "pages": pages},
        "rounds": args.rounds, "median": median,
        "all_ok": all(r["ok"] for rs in runs.values() for r in rs),
        "ratio_wall": {f"pipeline/{n}": round(pipe["wall_s"] / m["wall_s"], 2) for n, m in median.items() if n != "pipeline"},
        "ratio_cpu": {f"pipeline/{n}": round(pipe["cpu_s"] / m["cpu_s"], 2) for n, m in median.items() if n != "pipeline"},
        "pipeline_pages_per_s": round(pages / pipe["wall_s"], 1),
        "pipeline_peak_rss_largest_process_mb": worker_peak,
        "largest_pdf": {"name": largest[0].name, "pages": largest[1], "peak_rss_mb": large_peak},
    }
    if not args.no_profile:
        results["cpu_split"] = cpu_split(files)
    target = ROOT / "bench" / "results" / "latest.json"
    target.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
