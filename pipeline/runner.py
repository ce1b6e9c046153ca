"""The batch runner: discovery, documents on an engine, one table set out.

Order matters for what a failure leaves behind: the given paths are checked before anything is
touched (a missing one is a usage error); the output folder is locked before it is read or
written; the tables and the folder's state are published together as one generation
(pipeline.outputs) only when the run is sound — not when no input was found, and not when every
document failed for a reason that is the run's, not the documents' (a broken pool, every worker
crashing).

`append=True` processes only the paths given and keeps every other document of the output
folder, read back from its current generation (the Parquet tables are the source of truth);
`forget` removes papers. Both relink and publish the same tables a full run over the resulting
set of papers publishes.
"""
from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Callable

from schemas.reasons import quarantine_message
from schemas.records import QuarantineRecord
from schemas.vocab import Stage

from .config import Config
from .discovery import Found, discover, require_existing, shown_path
from .engines import engine_for
from .manifest import load_manifest, lookup
from .outputs import OutputFolder
from .process import DocumentOutcome
from .state import FolderState, next_state, read_state
from .supervisor import BrokenPool
from .writer import read_records

log = logging.getLogger(__name__)

Progress = Callable[[DocumentOutcome, int, int], None]
RECORD_TABLES = ("documents", "recommendations", "responses", "updates", "entities", "quarantine")
_BY_DOC = ("recommendations", "responses", "updates", "entities")
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
    """rec_id → thread_id of the folder's last run, for the aliases of ids that moved."""
    try:
        rows = read_records(out_dir, ("recommendations",))["recommendations"]
    except Exception as exc:  # an unreadable old file must not stop a new run
        log.warning("could not read earlier thread ids from %s: %s", out_dir, exc)
        return {}
    return {r.rec_id: r.thread_id for r in rows if r.thread_id}


def collect_tables(outcomes: list[DocumentOutcome], kept: dict[str, list] | None = None) -> dict[str, list]:
    """Kept records plus the outcomes' (unlinked). A paper's records appear once even when the
    same bytes were given at two paths (both paths stay in documents)."""
    tables: dict[str, list] = {name: list((kept or {}).get(name, ())) for name in RECORD_TABLES}
    have = {d.doc_id for d in tables["documents"]}
    for outcome in outcomes:
        if outcome.quarantine is not None:
            tables["quarantine"].append(outcome.quarantine)
        elif outcome.extraction is not None:
            ex = outcome.extraction
            tables["documents"].append(ex.document)
            if ex.document.doc_id in have:
                continue
            have.add(ex.document.doc_id)
            tables["recommendations"].extend(ex.recommendations)
            tables["responses"].extend(ex.responses)
            tables["updates"].extend(ex.updates)
            tables["entities"].extend(ex.entities)
    return tables


def _link_key(tables: dict[str, list]) -> str:
    """A hash of everything linking reads, and of the code: equal keys give equal threads."""
    from .cache import code_key
    digest = hashlib.sha256(code_key("link").encode())
    for d in sorted(tables["documents"], key=lambda d: (d.doc_id, d.source_path)):
        digest.update(repr((d.doc_id, d.council, d.council_code, d.meeting_date, str(d.doc_type))).encode())
    for r in sorted(tables["recommendations"], key=lambda r: r.rec_id):
        digest.update(repr((r.rec_id, r.text, r.number, r.addressee, str(r.status))).encode())
    return digest.hexdigest()[:32]


def link_tables(tables: dict[str, list], out_dir: Path, state: FolderState) -> str:
    """Set thread ids and the threads table; reuse the folder's threads when nothing linking
    reads has changed since its last run. Returns the key of the linking's inputs."""
    from extractors.linking import link_threads
    key = _link_key(tables)
    if key == state.link_key:
        reused = read_records(out_dir, ("threads",))["threads"]
        thread_of = {t.rec_id: t.thread_id for t in reused}
        if reused and set(thread_of) == {r.rec_id for r in tables["recommendations"]}:
            log.debug("linking inputs unchanged: threads reused")
            tables["recommendations"] = [replace(r, thread_id=thread_of[r.rec_id]) for r in tables["recommendations"]]
            tables["threads"] = reused
            return key
    tables["recommendations"], tables["threads"] = link_threads(tables["documents"], tables["recommendations"])
    return key


def _finish(folder: OutputFolder, tables: dict[str, list], config: Config) -> None:
    """Link, then publish the tables and the folder's next state (aliases and history) as one
    generation: a reader sees both from the same run."""
    state = read_state(folder.snapshot())
    previous = previous_threads(folder.root)
    key = link_tables(tables, folder.root, state)
    folder.publish(tables, next_state(state, tables, previous, config.run_date or date.today(), key))


def _without(kept: dict[str, list], paths: set[str], doc_ids: set[str] = frozenset()) -> dict[str, list]:
    """The kept tables minus the papers at `paths` or with `doc_ids` (records go with the last
    document row of their doc_id)."""
    def named(path: str) -> bool:
        return path in paths or shown_path(Path(path).resolve()) in paths
    out = dict(kept)
    out["documents"] = [d for d in kept["documents"] if not (named(d.source_path) or d.doc_id in doc_ids)]
    out["quarantine"] = [q for q in kept["quarantine"] if not named(q.source_path)]
    remaining = {d.doc_id for d in out["documents"]}
    for table in _BY_DOC:
        out[table] = [r for r in kept[table] if r.doc_id in remaining]
    return out


def _given(paths: list[Path]) -> set[str]:
    """Paths as the tables show them, as given and resolved."""
    return {shown_path(p) for p in paths} | {shown_path(p.resolve()) for p in paths}


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
    """Every found path's outcome, sorted by path: discovery's problems as they are, the rest
    from the engine as they complete."""
    outcomes = [_found_problem(f) for f in found if f.problem is not None]
    tasks = [(f.path, lookup(rows, f.path)) for f in found if f.problem is None]
    processed: list[DocumentOutcome] = []
    if tasks:
        try:
            for outcome in engine_for(config)(tasks, config):  # as they complete, whatever the engine
                processed.append(outcome)
                if progress:
                    progress(outcome, len(processed), len(tasks))
        except BrokenPool as exc:
            raise SystemicFailure(str(exc)) from exc
        _check_systemic(processed)
    outcomes += processed
    outcomes.sort(key=lambda o: o.source_path)
    return outcomes


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
            kept = (_without(read_records(folder.snapshot(), RECORD_TABLES), _given([f.path for f in discovery.found]))
                    if append else None)
            summary.outcomes = _run_documents(discovery.found, rows, _with_cache_key(config, out), progress)
            summary.tables = collect_tables(summary.outcomes, kept)
            _finish(folder, summary.tables, config)
            summary.written = True
    summary.seconds = time.perf_counter() - started
    return summary


def forget(out_dir: str | Path, targets: list[str], config: Config | None = None) -> list[str]:
    """Remove papers (by path as given or resolved, or by doc_id) from an output folder, relink
    and publish it. Returns the source paths removed; nothing is written when none matched.
    Raises OutputBusy when a run holds the folder."""
    if not Path(out_dir).is_dir():
        return []
    with OutputFolder(out_dir) as folder:
        kept = read_records(folder.snapshot(), RECORD_TABLES)
        paths = _given([Path(t) for t in targets])
        remaining = _without(kept, paths, set(targets))
        removed = sorted({d.source_path for d in kept["documents"]} - {d.source_path for d in remaining["documents"]}
                         | {q.source_path for q in kept["quarantine"]} - {q.source_path for q in remaining["quarantine"]})
        if removed:
            _finish(folder, remaining, config or Config())
    return removed
