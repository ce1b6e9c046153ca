"""Peak memory of hostile inputs under the default limits, each measured in a fresh process set
up like a worker (pipeline.supervisor: the address-space limit, the model loaded), so its peak
is that document's own. Measured, not asserted in tests.

    python bench/fault_memory.py [--pages 1000]

Cases: the decompression bomb of tests/faults/hostile.py (1 MB inflating to 1 GiB) through the
pipeline's PDF reading; the same bomb handed straight to pdfium (what the pipeline's inflation
check prevents); a text PDF of 1,000 pages through the whole document (parse, extract, entities).
Writes bench/results/faults.json and prints it.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

CHILD = """
import json, resource, sys, time
from pathlib import Path
from pipeline.config import Config
from pipeline.supervisor import limit_memory
config = Config()
limit_memory(config.document_memory_mb)
from extractors.records import warm_up
warm_up()
started = time.perf_counter()
if sys.argv[2] == "pdfium":
    from extractors.pdf_reader import probe_pdf
    probe_pdf(Path(sys.argv[1]).read_bytes())
    outcome = "read"
else:
    from pipeline.process import process_safely
    result = process_safely(Path(sys.argv[1]), None, config)
    outcome = result.quarantine.reason_code if result.quarantine else result.extraction.document.status.value
print(json.dumps({"outcome": outcome, "seconds": round(time.perf_counter() - started, 1),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""


def measure(path: Path, mode: str) -> dict:
    """The child's own report, or, when it died, its exit and its peak from the kernel (wait4)."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), mode], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        return {"outcome": f"process died (exit {child.returncode})", "peak_rss_mb": usage.ru_maxrss // 1024}
    return json.loads(output.strip().splitlines()[-1])


def thousand_pages(pages: int) -> bytes:
    from faults import hostile
    lines = hostile.RECOMMENDATIONS + [f"Paragraph line {n}: the committee noted progress on item {n}."
                                       for n in range(30)]
    return hostile.text_pdf([lines] * pages)


def main() -> None:
    from faults import hostile
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    results = {"limits": "defaults: run.document_memory_mb 2048, parse.max_pages 2000"}
    with tempfile.TemporaryDirectory() as folder:
        bomb = Path(folder) / "bomb.pdf"
        bomb.write_bytes(hostile.decompression_bomb())
        results["decompression_bomb"] = {"file_mb": round(bomb.stat().st_size / 1e6, 2),
                                         "pipeline": measure(bomb, "pipeline"),
                                         "pdfium_alone": measure(bomb, "pdfium")}
        big = Path(folder) / "pages.pdf"
        big.write_bytes(thousand_pages(args.pages))
        results[f"{args.pages}_page_pdf"] = {"file_mb": round(big.stat().st_size / 1e6, 2),
                                             "pipeline": measure(big, "pipeline")}
    out = ROOT / "bench" / "results" / "faults.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
