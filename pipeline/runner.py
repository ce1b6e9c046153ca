"""The batch runner: discovery, documents on an engine, results spooled as they arrive, then
linking and one table set published.

Order matters for what a failure leaves behind: the given paths are checked before anything is
touched (a missing one is a usage error); the output folder is locked before it is read or
written; the tables and the folder's state are published together as one generation
(pipeline.outputs) only when the run is sound — not when no input was found, and not when every
document failed for a reason that is the run's, not the documents' (a broken pool, every worker
crashing).

The parent's memory is bounded by the batch, not the corpus: each outcome goes to the spool
(pipeline.spool) as it arrives and leaves a compact entry, linking works from a compact index of
record texts (pipeline.linkindex), and the tables are written from the spool a document at a
time (pipeline.tablestream). `append=True` processes only the paths given and keeps every other
paper of the folder, streamed from its current generation; `forget` removes papers. Both relink
and publish the same tables a full run over the resulting set of papers publishes.
"""
from __future__ import annotations

import logging
import resource
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from schemas.arrow import from_arrow
from schemas.reasons import quarantine_message
from schemas.records import QuarantineRecord
from schemas.vocab import Stage

from .collect import Collector
from .config import Config
from .discovery import Found, discover, require_existing, shown_path
from .engines import engine_for
from .manifest import load_manifest, lookup
from .outputs import OutputFolder
from .process import DocumentOutcome
from .spool import Spool, SpooledDocument
from .state import next_state, read_state
from .supervisor import BrokenPool
from .tablestream import Kept, StreamInput, write_streamed
from .writer import read_table, table_files

log = logging.getLogger(__name__)

Progress = Callable[[DocumentOutcome, int, int], None]
SYSTEMIC = frozenset({"internal_error", "worker_crashed"})
SPOOL = ".spool"
# the tables a paper's rows are in (threads are the run's, made by linking)
RECORD_TABLES = ("documents", "recommendations", "responses", "updates", "entities", "quarantine")


class SystemicFailure(RuntimeError):
    """The run failed as a whole; the tables in the output folder were left as they were."""


@dataclass
class BatchSummary:
    outcomes: list[SpooledDocument] = field(default_factory=list)  # this run's documents, by path
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  # hidden paths, ignored as asked
    warnings: list[str] = field(default_factory=list)
    written: bool = False  # False when nothing was found, so the earlier tables were kept
    # the parent's peak resident memory (MB) once the documents were in, after linking, at the
    # end; and the seconds of each phase (documents, linking, writing)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    phase_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes)

    def counts(self) -> dict[str, int]:
        return dict(self.rows)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KB


def previous_threads(folder: Path) -> dict[str, str]:
    """rec_id → thread_id of the generation in `folder`, for the aliases of ids that moved."""
    if not table_files(folder, "recommendations"):
        return {}
    try:
        table = read_table(folder, "recommendations", ["rec_id", "thread_id"])
    except Exception as exc:  # an unreadable old file must not stop a new run
        log.warning("could not read earlier thread ids from %s: %s", folder, exc)
        return {}
    return {r: t for r, t in zip(*(table.column(c).to_pylist() for c in ("rec_id", "thread_id"))) if t}


def _link(collected: Collector, before: Path, link_key: str | None) -> tuple[dict[str, str], list, str]:
    """Thread ids and rows; the folder's threads are reused when nothing linking reads has
    changed since its last run. Returns them with the key of the linking's inputs."""
    from .cache import code_key
    key = collected.links.key(code_key("link"))
    if key == link_key and table_files(before, "threads"):
        reused = from_arrow("threads", read_table(before, "threads"))
        thread_of = {t.rec_id: t.thread_id for t in reused}
        if set(thread_of) == collected.links.rec_ids():
            log.debug("linking inputs unchanged: threads reused")
            return thread_of, reused, key
    thread_of, threads = collected.links.link()
    return thread_of, threads, key


def _publish(folder: OutputFolder, collected: Collector, kept: Kept | None, config: Config,
             summary: BatchSummary) -> None:
    """Link, then publish the tables and the folder's next state (aliases and history) as one
    generation: a reader sees both from the same run."""
    before = folder.snapshot()
    state = read_state(before)
    linking = time.perf_counter()
    thread_of, threads, key = _link(collected, before, state.link_key)
    summary.peak_rss_mb["linked"] = _peak_rss_mb()
    writing = time.perf_counter()
    new_state = next_state(state, thread_of, previous_threads(before), collected.digests.fingerprints(thread_of),
                           config.run_date or date.today(), key)
    source = StreamInput(collected.spool, collected.entries, kept, thread_of, threads)
    summary.rows = folder.publish(lambda staging: _write(staging, source, config.partition), new_state)
    summary.phase_seconds.update(linking=writing - linking, writing=time.perf_counter() - writing)


def _write(staging: Path, source: StreamInput, partition: str | None) -> dict[str, int]:
    counts = write_streamed(staging, source)
    if partition is not None:
        from .partition import partition_tables
        partition_tables(staging, partition)
    return counts


def _given(paths: list[Path]) -> set[str]:
    """Paths as the tables show them, as given and resolved."""
    return {shown_path(p) for p in paths} | {shown_path(p.resolve()) for p in paths}


def _keeping(paths: set[str], doc_ids: set[str] = frozenset()) -> Callable[[str, str | None], bool]:
    """Whether a row of the previous generation stays: not at one of `paths` (as given or
    resolved), not of one of `doc_ids`."""
    def keep(source_path: str, doc_id: str | None) -> bool:
        named = source_path in paths or shown_path(Path(source_path).resolve()) in paths
        return not (named or doc_id in doc_ids)
    return keep


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


def _check_systemic(processed: list[SpooledDocument]) -> None:
    """Two or more documents went to workers and every one failed with a bug or a crash: the
    cause is the run's (a broken install, a broken library), not the papers'. One document
    alone that crashes is more likely a bad paper, and gets its quarantine row."""
    codes = {o.reason_code for o in processed}
    if len(processed) >= 2 and codes <= SYSTEMIC:
        example = next(o.message for o in processed if o.message)
        raise SystemicFailure(f"every document ({len(processed)}) failed with {' or '.join(sorted(codes))}, "
                              f"e.g. {example}")


def _run_documents(found: list[Found], rows, config: Config, progress: Progress | None,
                   collected: Collector) -> None:
    """Every found path's outcome into the collector: discovery's problems as they are, the rest
    from the engine as they complete."""
    for problem in (f for f in found if f.problem is not None):
        collected.add(_found_problem(problem))
    tasks = [(f.path, lookup(rows, f.path)) for f in found if f.problem is None]
    if not tasks:
        return
    first = len(collected.entries)
    try:
        for done, outcome in enumerate(engine_for(config)(tasks, config), start=1):  # as they complete
            collected.add(outcome)
            if progress:
                progress(outcome, done, len(tasks))
    except BrokenPool as exc:
        raise SystemicFailure(str(exc)) from exc
    _check_systemic(collected.entries[first:])


def run_batch(paths: list[str], out_dir: str | Path = "outputs", config: Config | None = None,
              manifest: str | Path | None = None, progress: Progress | None = None,
              append: bool = False, ignore_hidden: bool = True) -> BatchSummary:
    """Run every document under `paths` and publish all tables to `out_dir`; with `append`,
    keep the folder's other documents. From Python:

        summary = run_batch(["papers/"], "outputs")

    Raises MissingInput (a path does not exist), ManifestError, OutputBusy (another run holds
    the folder), EngineError, SystemicFailure (tables kept), OSError (the output cannot be written).
    """
    config = config or Config()
    started = time.perf_counter()
    require_existing(paths)
    rows, warnings = load_manifest(Path(manifest)) if manifest else ({}, [])
    out = Path(out_dir)
    with OutputFolder(out) as folder:
        discovery = discover(paths, ignore_hidden)
        summary = BatchSummary(skipped=[shown_path(p) for p in discovery.skipped], warnings=warnings)
        if discovery.found:
            with Spool(out / SPOOL) as spool:
                collected = Collector(spool)
                kept = (collected.keep(folder.snapshot(), _keeping(_given([f.path for f in discovery.found])))[0]
                        if append else None)
                _run_documents(discovery.found, rows, _with_cache_key(config, out), progress, collected)
                summary.outcomes = sorted(collected.entries, key=lambda e: e.source_path)
                summary.peak_rss_mb["documents"] = _peak_rss_mb()
                summary.phase_seconds["documents"] = time.perf_counter() - started
                _publish(folder, collected, kept, config, summary)
            summary.written = True
    summary.peak_rss_mb["end"] = _peak_rss_mb()
    summary.seconds = time.perf_counter() - started
    return summary


def forget(out_dir: str | Path, targets: list[str], config: Config | None = None) -> list[str]:
    """Remove papers (by path as given or resolved, or by doc_id) from an output folder, relink
    and publish it. Returns the source paths removed; nothing is written when none matched.
    Raises OutputBusy when a run holds the folder."""
    out = Path(out_dir)
    if not out.is_dir():
        return []
    with OutputFolder(out) as folder, Spool(out / SPOOL) as spool:
        collected = Collector(spool)
        kept, removed = collected.keep(folder.snapshot(), _keeping(_given([Path(t) for t in targets]), set(targets)))
        if removed:
            _publish(folder, collected, kept, config or Config(), BatchSummary())
    return sorted(set(removed))
