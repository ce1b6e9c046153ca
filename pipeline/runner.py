"""The batch runner: discovery, documents in worker processes, one table set out.

Order matters for what a failure leaves behind: the given paths are checked before anything is
touched (a missing one is a usage error); the output folder is locked before it is read or
written; the tables are published as one generation (pipeline.outputs) only when the run is
sound — not when no input was found, and not when every document failed for a reason that is
the run's, not the documents' (a broken pool, every worker crashing).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from schemas.reasons import quarantine_message
from schemas.records import QuarantineRecord
from schemas.vocab import Stage

from .config import Config
from .discovery import Found, discover, require_existing, shown_path
from .manifest import load_manifest, lookup
from .outputs import OutputFolder
from .process import DocumentOutcome
from .supervisor import BrokenPool, run_in_process, run_supervised

log = logging.getLogger(__name__)

Progress = Callable[[DocumentOutcome, int, int], None]
SYSTEMIC = frozenset({"internal_error", "worker_crashed"})


class SystemicFailure(RuntimeError):
    """The run failed as a whole; the tables in the output folder were left as they were."""


@dataclass
class BatchSummary:
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    tables: dict[str, list[object]] = field(default_factory=dict)
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  # hidden paths, ignored as asked
    warnings: list[str] = field(default_factory=list)
    written: bool = False  # False when nothing was found, so the earlier tables were kept

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


def previous_threads(out_dir: Path) -> dict[str, str]:
    """rec_id → thread_id from an earlier run into the same folder, so thread ids are kept."""
    import pyarrow.parquet as pq
    path = out_dir / "recommendations.parquet"
    if not path.exists():
        return {}
    try:
        table = pq.read_table(path, columns=["rec_id", "thread_id"]).to_pylist()
    except Exception as exc:  # an unreadable old file must not stop a new run
        log.warning("could not read earlier thread ids from %s: %s", path, exc)
        return {}
    return {row["rec_id"]: row["thread_id"] for row in table if row["thread_id"]}


def collect_tables(outcomes: list[DocumentOutcome], previous: dict[str, str] | None = None) -> dict[str, list[object]]:
    from extractors.linking import link_threads
    tables: dict[str, list[object]] = {name: [] for name in (
        "documents", "recommendations", "responses", "updates", "entities", "threads", "quarantine")}
    for outcome in outcomes:
        if outcome.quarantine is not None:
            tables["quarantine"].append(outcome.quarantine)
        elif outcome.extraction is not None:
            ex = outcome.extraction
            tables["documents"].append(ex.document)
            tables["recommendations"].extend(ex.recommendations)
            tables["responses"].extend(ex.responses)
            tables["updates"].extend(ex.updates)
            tables["entities"].extend(ex.entities)
    tables["recommendations"], tables["threads"] = link_threads(
        tables["documents"], tables["recommendations"], previous)
    return tables


def _found_problem(found: Found) -> DocumentOutcome:
    """A path discovery would not open (FIFO, device, loop, broken link, unreadable)."""
    assert found.problem is not None
    code, shown = found.problem.reason_code, shown_path(found.path)
    message = quarantine_message(code, stage=Stage.DISCOVER.value, detail=shown_path(found.problem.detail))
    return DocumentOutcome(shown, quarantine=QuarantineRecord(shown, None, Stage.DISCOVER, code, message))


def _with_cache_key(config: Config, out_dir: Path) -> Config:
    if not config.cache:
        return config
    from extractors.entities import MODEL
    from .cache import code_key
    from .ocr import ocr_tools
    tools = ocr_tools()
    return config.with_overrides(cache_dir=str(out_dir / ".cache"), cache_key=code_key(
        MODEL, config.page_parser, config.max_pages, config.max_file_mb, config.min_confidence,
        config.document_memory_mb, config.document_timeout_s, config.ocr, tools.missing, tools.version))


def _check_systemic(outcomes: list[DocumentOutcome]) -> None:
    """Two or more documents went to workers and every one failed with a bug or a crash: the
    cause is the run's (a broken install, a broken library), not the papers'. One document
    alone that crashes is more likely a bad paper, and gets its quarantine row."""
    codes = {o.quarantine.reason_code if o.quarantine else None for o in outcomes}
    if len(outcomes) >= 2 and codes <= SYSTEMIC:
        example = next(o.quarantine.message for o in outcomes if o.quarantine)
        raise SystemicFailure(f"every document ({len(outcomes)}) failed with {' or '.join(sorted(codes))}, "
                              f"e.g. {example}")


def _run_documents(found: list[Found], rows, config: Config, progress: Progress | None) -> list[DocumentOutcome]:
    outcomes = [_found_problem(f) for f in found if f.problem is not None]
    tasks = [(f.path, lookup(rows, f.path)) for f in found if f.problem is None]
    run = run_in_process if config.strict else run_supervised
    if tasks:
        try:
            processed = run(tasks, config, progress)
        except BrokenPool as exc:
            raise SystemicFailure(str(exc)) from exc
        _check_systemic(processed)
        outcomes += processed
    outcomes.sort(key=lambda o: o.source_path)
    return outcomes


def run_batch(paths: list[str], out_dir: str | Path = "outputs", config: Config | None = None,
              manifest: str | Path | None = None, progress: Progress | None = None,
              ignore_hidden: bool = True) -> BatchSummary:
    """Run every document under `paths` and publish all tables to `out_dir`. From Python:

        summary = run_batch(["papers/"], "outputs")

    Raises MissingInput (a path does not exist), ManifestError, OutputBusy (another run holds
    the folder), SystemicFailure (tables kept), OSError (the output cannot be written).
    """
    config = config or Config()
    started = time.perf_counter()
    require_existing(paths)
    rows, warnings = load_manifest(Path(manifest)) if manifest else ({}, [])
    out = Path(out_dir)
    with OutputFolder(out) as folder:
        discovery = discover(paths, ignore_hidden)
        summary = BatchSummary(skipped=[shown_path(p) for p in discovery.skipped], warnings=warnings)
        if not discovery.found:
            summary.seconds = time.perf_counter() - started
            return summary
        summary.outcomes = _run_documents(discovery.found, rows, _with_cache_key(config, out), progress)
        summary.tables = collect_tables(summary.outcomes, previous_threads(out))
        folder.publish(summary.tables)
        summary.written = True
    summary.seconds = time.perf_counter() - started
    return summary
