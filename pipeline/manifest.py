"""The optional manifest CSV (path,council,body,meeting_date,doc_type,url): values that override
what is inferred from the document."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

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


def load_manifest(path: Path) -> dict[str, ManifestRow]:
    """Rows keyed by resolved path; a relative path is taken relative to the manifest's folder."""
    rows: dict[str, ManifestRow] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "path" not in reader.fieldnames:
            raise ManifestError(f"{path}: the manifest needs a 'path' column; columns are {', '.join(COLUMNS)}")
        for line, raw in enumerate(reader, start=2):
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
            rows[_key(target)] = ManifestRow(values["council"], values["body"], when, doc_type, values["url"])
    return rows


def lookup(manifest: dict[str, ManifestRow], path: Path) -> ManifestRow | None:
    return manifest.get(_key(path))
