"""The batch runner: discovery, documents in worker processes, one table set out."""
from __future__ import annotations

import logging
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from schemas.reasons import quarantine_message
from schemas.records import QuarantineRecord
from schemas.vocab import Stage

from .config import Config
from .discovery import discover
from .manifest import ManifestRow, load_manifest, lookup
from .process import DocumentOutcome, process_safely
from .writer import write_tables

log = logging.getLogger(__name__)

Progress = Callable[[DocumentOutcome, int, int], None]


@dataclass
class BatchSummary:
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    tables: dict[str, list[object]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


def _init_worker(config: Config) -> None:
    """Runs once per worker process: load what is heavy once, not per document."""
    from extractors.records import warm_up
    warm_up()


def _run_local(tasks: list[tuple[Path, ManifestRow | None]], config: Config,
               progress: Progress | None) -> list[DocumentOutcome]:
    outcomes: list[DocumentOutcome] = []
    workers = min(config.worker_count, len(tasks))
    if workers <= 1 or config.strict:
        _init_worker(config)
        for path, row in tasks:
            outcomes.append(process_safely(path, row, config))
            if progress:
                progress(outcomes[-1], len(outcomes), len(tasks))
        return outcomes
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(config,)) as pool:
        futures = {pool.submit(process_safely, path, row, config): path for path, row in tasks}
        for future in as_completed(futures):
            path = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool as exc:
                outcome = DocumentOutcome(str(path), quarantine=QuarantineRecord(
                    str(path), None, Stage.PARSE, "internal_error", quarantine_message(
                        "internal_error", stage="parse",
                        detail=f"the worker process died ({exc}); out of memory or a crash "
                               "in a native library")))
            outcomes.append(outcome)
            if progress:
                progress(outcome, len(outcomes), len(tasks))
    return outcomes


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


def run_batch(paths: list[str], out_dir: str | Path = "outputs", config: Config | None = None,
              manifest: str | Path | None = None, progress: Progress | None = None) -> BatchSummary:
    """Run every document under `paths` and write all tables to `out_dir`. From Python:

        summary = run_batch(["papers/"], "outputs")
    """
    config = config or Config()
    started = time.perf_counter()
    if config.cache:
        from extractors.entities import MODEL
        from .cache import code_key
        config = config.with_overrides(
            cache_dir=str(Path(out_dir) / ".cache"),
            cache_key=code_key(config.page_parser, config.max_pages, config.max_file_mb,
                               config.min_confidence, MODEL))
    rows = load_manifest(Path(manifest)) if manifest else {}
    tasks = [(path, lookup(rows, path)) for path in discover(paths)]
    outcomes = _run_local(tasks, config, progress)
    outcomes.sort(key=lambda o: o.source_path)
    tables = collect_tables(outcomes, previous_threads(Path(out_dir)))
    write_tables(Path(out_dir), tables)
    return BatchSummary(outcomes, tables, time.perf_counter() - started)
