"""The batch runner: discovery, documents in worker processes, one table set out.

`append=True` processes only the paths given and keeps every other document of the output
folder, read back from its Parquet tables (the source of truth); `forget` removes papers. Both
relink and write the same tables a full run over the resulting set of papers writes.
"""
from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from .config import Config
from .discovery import discover
from .manifest import load_manifest, lookup
from .process import DocumentOutcome
from .state import FolderState, next_state, read_state, write_state
from .engines import engine_for
from .writer import read_records, write_tables

log = logging.getLogger(__name__)

Progress = Callable[[DocumentOutcome, int, int], None]
RECORD_TABLES = ("documents", "recommendations", "responses", "updates", "entities", "quarantine")
_BY_DOC = ("recommendations", "responses", "updates", "entities")


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
    """rec_id → thread_id of the folder's last run, for the aliases of ids that moved."""
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
    from dataclasses import replace
    from extractors.linking import link_threads
    key = _link_key(tables)
    if key == state.link_key and (out_dir / "threads.parquet").exists():
        reused = read_records(out_dir, ("threads",))["threads"]
        thread_of = {t.rec_id: t.thread_id for t in reused}
        if set(thread_of) == {r.rec_id for r in tables["recommendations"]}:
            log.debug("linking inputs unchanged: threads reused")
            tables["recommendations"] = [replace(r, thread_id=thread_of[r.rec_id]) for r in tables["recommendations"]]
            tables["threads"] = reused
            return key
    tables["recommendations"], tables["threads"] = link_threads(tables["documents"], tables["recommendations"])
    return key


def _finish(out_dir: Path, tables: dict[str, list], config: Config) -> None:
    """Link, write the tables, then the folder's state (aliases and history)."""
    state = read_state(out_dir)
    previous = previous_threads(out_dir)
    key = link_tables(tables, out_dir, state)
    write_tables(out_dir, tables)
    write_state(out_dir, next_state(state, tables, previous, config.run_date or date.today(), key))


def _without(kept: dict[str, list], paths: set[str], doc_ids: set[str] = frozenset()) -> dict[str, list]:
    """The kept tables minus the papers at `paths` or with `doc_ids` (records go with the last
    document row of their doc_id)."""
    def named(path: str) -> bool:
        return path in paths or str(Path(path).resolve()) in paths
    out = dict(kept)
    out["documents"] = [d for d in kept["documents"] if not (named(d.source_path) or d.doc_id in doc_ids)]
    out["quarantine"] = [q for q in kept["quarantine"] if not named(q.source_path)]
    remaining = {d.doc_id for d in out["documents"]}
    for table in _BY_DOC:
        out[table] = [r for r in kept[table] if r.doc_id in remaining]
    return out


def _given(paths: list[Path]) -> set[str]:
    return {str(p) for p in paths} | {str(p.resolve()) for p in paths}


def run_batch(paths: list[str], out_dir: str | Path = "outputs", config: Config | None = None,
              manifest: str | Path | None = None, progress: Progress | None = None,
              append: bool = False) -> BatchSummary:
    """Run every document under `paths` and write all tables to `out_dir`; with `append`, keep
    the folder's other documents. From Python:

        summary = run_batch(["papers/"], "outputs")
    """
    config = config or Config()
    out = Path(out_dir)
    started = time.perf_counter()
    if config.cache:
        from extractors.entities import MODEL
        from .cache import code_key
        config = config.with_overrides(
            cache_dir=str(out / ".cache"),
            cache_key=code_key(config.page_parser, config.max_pages, config.max_file_mb,
                               config.min_confidence, config.document_memory_mb, MODEL))
    rows = load_manifest(Path(manifest)) if manifest else {}
    found = discover(paths)
    kept = _without(read_records(out, RECORD_TABLES), _given(found)) if append else None
    tasks = [(path, lookup(rows, path)) for path in found]
    outcomes = []
    for outcome in engine_for(config)(tasks, config):  # as they complete, whatever the engine
        outcomes.append(outcome)
        if progress:
            progress(outcome, len(outcomes), len(tasks))
    outcomes.sort(key=lambda o: o.source_path)
    tables = collect_tables(outcomes, kept)
    _finish(out, tables, config)
    return BatchSummary(outcomes, tables, time.perf_counter() - started)


def forget(out_dir: str | Path, targets: list[str], config: Config | None = None) -> list[str]:
    """Remove papers (by path as given or resolved, or by doc_id) from an output folder, relink
    and rewrite it. Returns the source paths removed; nothing is written when none matched."""
    out = Path(out_dir)
    kept = read_records(out, RECORD_TABLES)
    paths = _given([Path(t) for t in targets])
    ids = set(targets)
    remaining = _without(kept, paths, ids)
    removed = sorted({d.source_path for d in kept["documents"]} - {d.source_path for d in remaining["documents"]}
                     | {q.source_path for q in kept["quarantine"]} - {q.source_path for q in remaining["quarantine"]})
    if removed:
        _finish(out, remaining, config or Config())
    return removed
