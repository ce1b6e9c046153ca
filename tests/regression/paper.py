"""Read a regression paper of this folder and extract its records, as the pipeline does."""
from __future__ import annotations

from pathlib import Path

from extractors.records import Extraction, extract_records
from extractors.text_reader import read_html, read_text

HERE = Path(__file__).resolve().parent


def extract(name: str) -> Extraction:
    data = (HERE / name).read_bytes()
    doc = read_html(data) if name.endswith(".html") else read_text(data)
    return extract_records(doc, "r" * 16, name, None)
