"""Per-document results keyed by content, so a rerun over an unchanged corpus parses nothing.

The key of a document is the sha256 of its bytes, its manifest row, and a code key: a hash of
every source and data file of the package (pipeline/, extractors/, schemas/), the versions of
the libraries that read papers (pdfplumber, pdfminer.six, pypdfium2, spaCy, the model, the OCR
tools), and the parameters that change records or limit them. Any change gives new keys, so
stale results are never served.

An entry is JSON, never pickle: a first line with the format, its version, the entry's key and
the sha256 of the body, then the body, the document's records. Reading it back checks all of
these and decodes every field against the record types (pipeline.codec); anything else — a
truncated, foreign, older or crafted file — is a miss, logged, never executed and never fatal.
The checksum catches damage, not malice: whoever can write the cache can also write a valid
entry, but what they write can only be records.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import replace
from importlib import metadata
from pathlib import Path

from .codec import DecodeError, decode, encode

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
FORMAT = "followthrough.cache"
VERSION = 1
PACKAGES = ("pipeline", "extractors", "schemas")
LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "spacy", "ocrmypdf")
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # far above any real document's records


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def code_key(model: str, *settings: object, root: Path = ROOT) -> str:
    """Hash of the package's code and data (under `root`), the reading libraries and model,
    and `settings`."""
    digest = hashlib.sha256()
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".json", ".csv"):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    versions = [(name, _version(name)) for name in (*LIBRARIES, model.replace("_", "-"))]
    digest.update(repr((versions, settings)).encode())
    return digest.hexdigest()[:16]


def _entry(cache_dir: Path, sha256: str, manifest_row: object, key: str) -> Path:
    row = hashlib.sha256(repr(manifest_row).encode()).hexdigest()[:8]
    return cache_dir / sha256[:2] / f"{sha256}.{row}.{key}.json"


def _read(path: Path, key: str, sha256: str) -> object:
    """The entry's body as JSON values, or ValueError saying why it is not usable."""
    if path.stat().st_size > MAX_ENTRY_BYTES:
        raise ValueError("too large")
    head, _, body = path.read_bytes().partition(b"\n")
    header = json.loads(head)
    if not isinstance(header, dict):
        raise ValueError("no header")
    expected = {"format": FORMAT, "version": VERSION, "key": key, "sha256": sha256}
    if any(header.get(k) != v for k, v in expected.items()):
        raise ValueError(f"header {header!r} is not {expected!r}")
    if hashlib.sha256(body).hexdigest() != header.get("checksum"):
        raise ValueError("checksum does not match")
    return json.loads(body)


def load(cache_dir: Path, sha256: str, manifest_row: object, key: str, source_path: str):
    """The stored outcome of these bytes with this manifest row and code, or None (a miss)."""
    from .process import DocumentOutcome
    path = _entry(cache_dir, sha256, manifest_row, key)
    if not path.exists():
        return None
    try:
        outcome = decode(DocumentOutcome, _read(path, key, sha256))
    except (OSError, ValueError, DecodeError, TypeError, RecursionError, MemoryError) as exc:
        log.warning("cache entry %s not used (%s: %s); the document is read again",
                    path, type(exc).__name__, exc)
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
    body = json.dumps(encode(replace(outcome, cached=False)),
                      separators=(",", ":")).encode("ascii")
    header = {"format": FORMAT, "version": VERSION, "key": key, "sha256": sha256,
              "checksum": hashlib.sha256(body).hexdigest()}
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(header).encode() + b"\n" + body)
        os.replace(tmp, path)
    except OSError as exc:  # a full disk must not fail the document
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        log.warning("could not cache %s: %s", path, exc)
