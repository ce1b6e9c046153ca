"""OCR of scanned pages with OCRmyPDF and Tesseract (the `ocr` extra and Debian packages).

`ocr_tools` says what is installed and what is missing; `ocr_pages` runs
`ocrmypdf --mode skip --pages …` in a child process on the given pages only; `ocr_advice` is
the sentence a user needs when scanned pages stay unread. pipeline.pdfs decides when to OCR.
"""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import Config


INSTALL = ("`apt-get install -y tesseract-ocr tesseract-ocr-eng ghostscript` (Debian/Ubuntu) "
           "and `pip install 'followthrough[ocr]'` (Python 3.11+)")


@dataclass(frozen=True)
class OcrTools:
    missing: tuple[str, ...]  # what to install, in the words of the install command
    version: str  # OCRmyPDF and Tesseract versions, for the cache key

    @property
    def ready(self) -> bool:
        return not self.missing


def _run(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout + done.stderr


@lru_cache(maxsize=1)
def ocr_tools() -> OcrTools:
    """Which OCR tools are present (looked up once per process)."""
    missing = []
    if importlib.util.find_spec("ocrmypdf") is None:
        missing.append("the ocr extra (OCRmyPDF)")
    tesseract = shutil.which("tesseract")
    version = ""
    if tesseract is None:
        missing += ["tesseract-ocr", "tesseract-ocr-eng"]
    else:
        version = _run([tesseract, "--version"]).split("\n", 1)[0]
        if "eng" not in _run([tesseract, "--list-langs"]).split():
            missing.append("tesseract-ocr-eng")
    if shutil.which("gs") is None:
        missing.append("ghostscript")
    if "the ocr extra (OCRmyPDF)" not in missing:
        from importlib.metadata import version as package_version
        version += f"; ocrmypdf {package_version('ocrmypdf')}"
    return OcrTools(tuple(missing), version)


def ocr_advice(config: Config) -> str:
    """What the user must do to have scanned pages read."""
    if config.ocr == "off":
        return f"parse.ocr is off in params.yaml; set it to auto, with the OCR tools installed ({INSTALL}), to OCR them"
    tools = ocr_tools()
    if tools.missing:
        return f"OCR tools missing ({', '.join(tools.missing)}): install them with {INSTALL} and run again"
    return "OCR was tried and found no text; check the scan's quality or OCR it by hand (`ocrmypdf in.pdf out.pdf`)"


def ocr_pages(data: bytes, pages: tuple[int, ...], seconds: float) -> bytes:
    """The PDF with `pages` OCR'd (an invisible text layer added), other pages untouched.
    The child dies with this worker (setpriv --pdeathsig), so a killed document leaves no OCR
    running; each Tesseract call is bounded too."""
    with tempfile.TemporaryDirectory(prefix="followthrough-ocr-") as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(data)
        command = [sys.executable, "-m", "ocrmypdf", "--mode", "skip", "--pages", ",".join(map(str, pages)),
                   "--output-type", "pdf", "--optimize", "0", "--jobs", "1", "--quiet", "-l", "eng",
                   "--tesseract-timeout", str(int(seconds)), str(source), str(target)]
        setpriv = shutil.which("setpriv")
        if setpriv:
            command = [setpriv, "--pdeathsig", "KILL", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds)
        if done.returncode != 0:
            raise RuntimeError(f"ocrmypdf exit {done.returncode}: {done.stderr.strip()[-300:]}")
        return target.read_bytes()
