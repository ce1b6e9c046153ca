"""The optional manifest CSV (path,council,body,meeting_date,doc_type,url): values that override
what is inferred from the document.

The file may be UTF-8 (with or without a byte-order mark), Windows-1252 (a spreadsheet's "CSV")
or UTF-16; it is decoded like a text paper (extractors.encodings). A path listed twice is
reported as a warning naming both lines, and the first row wins.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from extractors.encodings import decode_bytes
from schemas.vocab import DocType

COLUMNS = ("path", "council", "body", "meeting_date", "doc_type", "url")


@dataclass(frozen=True)
class ManifestRow:
    council: str | None = None
    body: str | None = None
    meeting_date: date | None = None
    doc_type: DocType | None = None
    url: str | None = None


class ManifestError(ValueError):
    pass


def _key(path: Path) -> str:
    return str(path.resolve())


def _read(path: Path) -> tuple[str, tuple[str, ...]]:
    try:
        decoded = decode_bytes(path.read_bytes())
    except OSError as exc:
        raise ManifestError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    return decoded.text, decoded.notes


def _row(path: Path, line: int, raw: dict) -> tuple[Path, ManifestRow]:
    values = {k: (raw.get(k) or "").strip() or None for k in COLUMNS}
    if not values["path"]:
        raise ManifestError(f"{path}:{line}: empty path")
    try:
        when = date.fromisoformat(values["meeting_date"]) if values["meeting_date"] else None
        doc_type = DocType(values["doc_type"]) if values["doc_type"] else None
    except ValueError as exc:
        raise ManifestError(f"{path}:{line}: {exc} (meeting_date is YYYY-MM-DD; doc_type one of "
                            f"{', '.join(d.value for d in DocType)})") from exc
    target = Path(values["path"])
    if not target.is_absolute():
        target = path.parent / target
    return target, ManifestRow(values["council"], values["body"], when, doc_type, values["url"])


def load_manifest(path: Path) -> tuple[dict[str, ManifestRow], list[str]]:
    """Rows keyed by resolved path (a relative path is taken relative to the manifest's folder),
    and warnings: how the file was decoded when unusual, and every duplicated path."""
    text, notes = _read(path)
    warnings = [f"{path}: {note}" for note in notes]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "path" not in reader.fieldnames:
        raise ManifestError(f"{path}: the manifest needs a 'path' column; columns are {', '.join(COLUMNS)}")
    rows: dict[str, ManifestRow] = {}
    first_line: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        target, row = _row(path, line, raw)
        key = _key(target)
        if key in rows:
            warnings.append(f"{path}:{line}: {target} is listed again (first on line {first_line[key]}); "
                            f"line {first_line[key]} is used, line {line} ignored")
            continue
        rows[key], first_line[key] = row, line
    return rows, warnings


def lookup(manifest: dict[str, ManifestRow], path: Path) -> ManifestRow | None:
    return manifest.get(_key(path))
