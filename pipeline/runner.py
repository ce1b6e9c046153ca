"""The batch runner: discovery, documents in worker processes, one table set out."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


from .config import Config
from .discovery import discover
from .manifest import load_manifest, lookup
from .process import DocumentOutcome
from .supervisor import run_in_process, run_supervised
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
                               config.min_confidence, config.document_memory_mb, MODEL))
    rows = load_manifest(Path(manifest)) if manifest else {}
    tasks = [(path, lookup(rows, path)) for path in discover(paths)]
    run = run_in_process if config.strict else run_supervised
    outcomes = run(tasks, config, progress)
    outcomes.sort(key=lambda o: o.source_path)
    tables = collect_tables(outcomes, previous_threads(Path(out_dir)))
    write_tables(Path(out_dir), tables)
    return BatchSummary(outcomes, tables, time.perf_counter() - started)
