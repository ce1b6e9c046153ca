"""One document, start to finish, inside a worker: read bytes, parse, extract, or quarantine.

This module and runner.py are the only places that catch per-document errors.
"""
from __future__ import annotations

import hashlib
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from extractors.errors import DocumentError
from extractors.pdf_reader import read_pdf
from extractors.records import Extraction, extract_records
from extractors.text_reader import read_html, read_text
from schemas.reasons import quarantine_message
from schemas.records import QuarantineRecord
from schemas.vocab import Stage

from . import cache
from .config import Config
from .discovery import source_format
from .manifest import ManifestRow


@dataclass
class DocumentOutcome:
    source_path: str
    pages: int = 0
    extraction: Extraction | None = None
    quarantine: QuarantineRecord | None = None
    seconds: float = 0.0
    cached: bool = False


class _Timeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """SIGALRM-based limit; only in a main thread (a worker process's or the CLI's)."""
    if seconds <= 0 or not hasattr(signal, "SIGALRM"):
        yield
        return

    def _raise(signum, frame):  # noqa: ARG001
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def doc_id_for(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _read_bytes(path: Path, config: Config) -> bytes:
    fmt = source_format(path)
    if fmt is None:
        raise DocumentError("unsupported_format", Stage.DISCOVER, suffix=path.suffix or "(none)")
    try:
        size = path.stat().st_size
        if size > config.max_file_mb * 1024 * 1024:
            raise DocumentError("too_large", Stage.DISCOVER,
                                detail=f"{size / 1e6:.0f} MB (limit {config.max_file_mb} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError("unreadable", Stage.DISCOVER, detail=f"{exc.strerror or exc}") from exc
    if not data.strip():
        raise DocumentError("empty", Stage.DISCOVER, detail=f"{len(data)} bytes")
    return data


def _parse(data: bytes, fmt: str, config: Config):
    if fmt == "pdf":
        return read_pdf(data, config.page_parser, config.max_pages)
    parsed = read_html(data) if fmt == "html" else read_text(data)
    if not parsed.text.strip():
        raise DocumentError("empty", detail="no text once markup and furniture are removed")
    return parsed


def process_document(path: Path, data: bytes, manifest_row: ManifestRow | None,
                     config: Config) -> DocumentOutcome:
    """Parse and extract one document's bytes. Raises DocumentError for bad input; any other
    exception is a bug."""
    fmt = source_format(path)
    assert fmt is not None
    parsed = _parse(data, fmt, config)
    extraction = extract_records(parsed, doc_id_for(data), str(path), manifest_row,
                                 config.min_confidence)
    if not extraction.has_records:
        raise DocumentError("no_records", Stage.EXTRACT, pages=parsed.page_count,
                            doc_type=extraction.document.doc_type.value)
    return DocumentOutcome(str(path), parsed.page_count, extraction)


def _sha256(path: Path) -> str | None:
    """For a file quarantined before it was read (unsupported, too large): hash it still."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _quarantined(path: Path, sha: str | None, stage: Stage, code: str, message: str,
                 pages: object = 0) -> DocumentOutcome:
    return DocumentOutcome(str(path), pages if isinstance(pages, int) else 0,
                           quarantine=QuarantineRecord(str(path), sha, stage, code, message))


def process_safely(path: Path, manifest_row: ManifestRow | None, config: Config) -> DocumentOutcome:
    """process_document with every failure turned into a quarantine row (unless --strict);
    each file is read once, and results of unchanged files come from the cache."""
    started = time.perf_counter()
    try:
        data = _read_bytes(path, config)
    except DocumentError as exc:
        if config.strict:
            raise
        sha = None if exc.reason_code == "unreadable" else _sha256(path)
        return _quarantined(path, sha, exc.stage, exc.reason_code, str(exc))
    sha = hashlib.sha256(data).hexdigest()
    use_cache = bool(config.cache_dir and config.cache_key)
    if use_cache:
        hit = cache.load(Path(config.cache_dir), sha, manifest_row, config.cache_key, str(path))
        if hit is not None:
            return hit
    outcome = _process_guarded(path, data, sha, manifest_row, config)
    outcome.seconds = time.perf_counter() - started
    if use_cache and (outcome.quarantine is None or outcome.quarantine.reason_code != "timeout"):
        cache.store(Path(config.cache_dir), sha, manifest_row, config.cache_key, outcome)
    return outcome


def _process_guarded(path: Path, data: bytes, sha: str, manifest_row: ManifestRow | None,
                     config: Config) -> DocumentOutcome:
    try:
        with _time_limit(config.document_timeout_s):
            return process_document(path, data, manifest_row, config)
    except DocumentError as exc:
        if config.strict:
            raise
        return _quarantined(path, sha, exc.stage, exc.reason_code, str(exc), exc.details.get("pages"))
    except _Timeout:
        if config.strict:
            raise
        return _quarantined(path, sha, Stage.PARSE, "timeout", quarantine_message(
            "timeout", seconds=config.document_timeout_s, stage="parse"))
    except Exception as exc:  # a bug: keep the batch going, say so loudly in the row
        if config.strict:
            raise
        return _quarantined(path, sha, Stage.EXTRACT, "internal_error", quarantine_message(
            "internal_error", stage="extract", detail=f"{type(exc).__name__}: {exc}"))
