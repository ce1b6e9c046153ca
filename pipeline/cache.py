"""Per-document results keyed by content, so a rerun over an unchanged corpus parses nothing.

The key of a document is the sha256 of its bytes, its manifest row, and a code key: a hash of
every source and data file of extractors/ and schemas/ plus the parameters that change records.
Any change to the code, the data files or those parameters gives new keys, so stale results are
never served. Entries are pickles written atomically; an unreadable entry is a miss.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import replace
from pathlib import Path

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent


def code_key(*settings: object) -> str:
    digest = hashlib.sha256()
    for package in ("extractors", "schemas"):
        for path in sorted((ROOT / package).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".json", ".csv"):
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update(repr(settings).encode())
    return digest.hexdigest()[:16]


def _entry(cache_dir: Path, sha256: str, manifest_row: object, key: str) -> Path:
    row = hashlib.sha256(repr(manifest_row).encode()).hexdigest()[:8]
    return cache_dir / sha256[:2] / f"{sha256}.{row}.{key}.pkl"


def load(cache_dir: Path, sha256: str, manifest_row: object, key: str, source_path: str):
    path = _entry(cache_dir, sha256, manifest_row, key)
    if not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            outcome = pickle.load(handle)
    except Exception as exc:  # a damaged entry is only a miss
        log.debug("cache entry %s unreadable: %s", path, exc)
        return None
    return _at_path(outcome, source_path)


def _at_path(outcome, source_path: str):
    """The same bytes may sit at another path this time: records carry the path as given now."""
    outcome.source_path = source_path
    if outcome.quarantine is not None:
        outcome.quarantine = replace(outcome.quarantine, source_path=source_path)
    if outcome.extraction is not None:
        outcome.extraction.document = replace(outcome.extraction.document, source_path=source_path)
    outcome.cached = True
    return outcome


def store(cache_dir: Path, sha256: str, manifest_row: object, key: str, outcome) -> None:
    path = _entry(cache_dir, sha256, manifest_row, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(outcome, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:  # a full disk must not fail the document
        Path(tmp).unlink(missing_ok=True)
        log.warning("could not cache %s: %s", path, exc)
