"""One document, start to finish, inside a worker: read bytes, parse, extract, or quarantine.

This module and runner.py are the only places that catch per-document errors.
"""
from __future__ import annotations

import hashlib
import os
import signal
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from extractors.errors import DocumentError
from extractors.records import Extraction, extract_records
from extractors.text_reader import read_html, read_text
from schemas.reasons import quarantine_message
from schemas.records import QuarantineRecord
from schemas.vocab import Stage

from . import cache
from .config import Config
from .discovery import shown_path, source_format
from .manifest import ManifestRow
from .pdfs import read_pdf_document


@dataclass
class DocumentOutcome:
    source_path: str
    pages: int = 0
    extraction: Extraction | None = None
    quarantine: QuarantineRecord | None = None
    seconds: float = 0.0
    cached: bool = False


class StageReporter:
    """Writes the stage a document is in to a file the supervising parent reads when it has to
    kill or bury the worker, so the quarantine row can say where the document stalled."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.stage = Stage.DISCOVER

    def __call__(self, stage: Stage) -> None:
        self.stage = stage
        if self.path is not None:
            try:
                self.path.write_text(stage.value)
            except OSError:  # reporting is a courtesy; the document goes on
                pass


def _injected_fault(path: Path, faults: tuple[tuple[str, str], ...]) -> None:
    """Test hook (Config.test_faults, never read from params.yaml): makes the named document
    hang, kill its own worker or allocate without bound, so limit tests trigger
    deterministically instead of racing real work."""
    for fault, name in faults:
        if name and path.name == name:
            if fault == "hang":
                while True:
                    time.sleep(3600)
            if fault == "crash":
                os.kill(os.getpid(), signal.SIGSEGV)
            if fault == "alloc":
                hoard = []
                while True:
                    hoard.append(bytearray(64 * 1024 * 1024))


def doc_id_for(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _open_regular(path: Path) -> int:
    """A descriptor on `path` if it is a regular file. O_NONBLOCK, so that a path swapped for a
    FIFO since discovery cannot block the worker on open; the check is on the open file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise DocumentError("unreadable", Stage.DISCOVER, detail=f"{path}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise DocumentError("not_a_file", Stage.DISCOVER, detail=f"{path} is not a regular file")
    return fd


def _read_bytes(path: Path, config: Config) -> bytes:
    """The file's bytes, read only after its size is checked against parse.max_file_mb."""
    if source_format(path) is None:
        raise DocumentError("unsupported_format", Stage.DISCOVER, suffix=path.suffix or "(none)")
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        limit = int(config.max_file_mb * 1024 * 1024)
        size = os.fstat(fd).st_size
        if size > limit:
            raise DocumentError("too_large", Stage.DISCOVER,
                                detail=f"{size / 1e6:.0f} MB (limit {config.max_file_mb} MB)")
        try:
            data = handle.read(limit + 1)  # a file growing meanwhile is still bounded
        except OSError as exc:
            raise DocumentError("unreadable", Stage.DISCOVER, detail=f"{path}: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise DocumentError("too_large", Stage.DISCOVER, detail=f"more than {config.max_file_mb} MB")
    if not data.strip():
        raise DocumentError("empty", Stage.DISCOVER, detail=f"{len(data)} bytes")
    return data


def _parse(data: bytes, fmt: str, config: Config):
    if fmt == "pdf":
        return read_pdf_document(data, config)
    parsed = read_html(data) if fmt == "html" else read_text(data)
    if not parsed.text.strip():
        raise DocumentError("empty", detail="no text once markup and furniture are removed")
    return parsed


def process_document(path: Path, data: bytes, manifest_row: ManifestRow | None,
                     config: Config, report: StageReporter = StageReporter(None)) -> DocumentOutcome:
    """Parse and extract one document's bytes. Raises DocumentError for bad input; any other
    exception is a bug."""
    fmt = source_format(path)
    assert fmt is not None
    report(Stage.PARSE)
    _injected_fault(path, config.test_faults)
    parsed = _parse(data, fmt, config)
    report(Stage.EXTRACT)
    extraction = extract_records(parsed, doc_id_for(data), shown_path(path), manifest_row,
                                 config.min_confidence)
    return DocumentOutcome(shown_path(path), parsed.page_count, extraction)


def _sha256(path: Path) -> str | None:
    """For a file quarantined before it was read (unsupported, too large): hash it still, by
    streaming, so a huge file is never held in memory."""
    digest = hashlib.sha256()
    try:
        with os.fdopen(_open_regular(path), "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except (OSError, DocumentError):
        return None
    return digest.hexdigest()


def _quarantined(path: Path, sha: str | None, stage: Stage, code: str, message: str,
                 pages: object = 0) -> DocumentOutcome:
    shown = shown_path(path)
    return DocumentOutcome(shown, pages if isinstance(pages, int) else 0,
                           quarantine=QuarantineRecord(shown, sha, stage, code, message))


_NEVER_CACHED = {"timeout", "out_of_memory", "worker_crashed", "internal_error"}


def process_safely(path: Path, manifest_row: ManifestRow | None, config: Config,
                   stage_file: Path | None = None) -> DocumentOutcome:
    """process_document with every failure turned into a quarantine row (unless --strict);
    each file is read once, and results of unchanged files come from the cache. This is the one
    per-document wrapper every engine runs; limits are enforced by whoever runs it
    (pipeline.supervisor), never by signals in here."""
    started = time.perf_counter()
    report = StageReporter(stage_file)
    report(Stage.DISCOVER)
    try:
        data = _read_bytes(path, config)
    except DocumentError as exc:
        if config.strict:
            raise
        sha = _sha256(path) if exc.reason_code in ("unsupported_format", "too_large", "empty") else None
        return _quarantined(path, sha, exc.stage, exc.reason_code, str(exc))
    sha = hashlib.sha256(data).hexdigest()
    use_cache = bool(config.cache_dir and config.cache_key)
    if use_cache:
        hit = cache.load(Path(config.cache_dir), sha, manifest_row, config.cache_key, shown_path(path))
        if hit is not None:
            return hit
    outcome = _process_guarded(path, data, sha, manifest_row, config, report)
    outcome.seconds = time.perf_counter() - started
    if use_cache and (outcome.quarantine is None or outcome.quarantine.reason_code not in _NEVER_CACHED):
        cache.store(Path(config.cache_dir), sha, manifest_row, config.cache_key, outcome)
    return outcome


def _process_guarded(path: Path, data: bytes, sha: str, manifest_row: ManifestRow | None,
                     config: Config, report: StageReporter) -> DocumentOutcome:
    try:
        return process_document(path, data, manifest_row, config, report)
    except DocumentError as exc:
        if config.strict:
            raise
        return _quarantined(path, sha, exc.stage, exc.reason_code, str(exc), exc.details.get("pages"))
    except MemoryError:
        if config.strict:
            raise
        return _quarantined(path, sha, report.stage, "out_of_memory", quarantine_message(
            "out_of_memory", stage=report.stage.value, limit_mb=config.document_memory_mb,
            detail="an allocation failed"))
    except Exception as exc:  # a bug: keep the batch going, say so loudly in the row
        if config.strict:
            raise
        return _quarantined(path, sha, Stage.EXTRACT, "internal_error", quarantine_message(
            "internal_error", stage="extract", detail=f"{type(exc).__name__}: {exc}"))
