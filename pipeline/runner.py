"""The batch runner: discovery, documents on an engine, results spooled as they arrive, then
linking and the tables written in a stream from the spool.

The parent never holds more than one document's records: each outcome goes to the spool
(pipeline.spool) and leaves a compact entry; linking gets a compact index of recommendation
texts (pipeline.linkindex); the tables are written row group by row group
(pipeline.tablestream). So memory grows with the corpus only by those entries and that index.
"""
from __future__ import annotations

import logging
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .config import Config
from .discovery import discover
from .engines import engine_for
from .linkindex import LinkIndex
from .manifest import load_manifest, lookup
from .process import DocumentOutcome
from .spool import Spool, SpooledDocument
from .tablestream import write_from_spool

log = logging.getLogger(__name__)

Progress = Callable[[DocumentOutcome, int, int], None]


@dataclass
class BatchSummary:
    outcomes: list[SpooledDocument] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    # the parent's peak resident memory (MB) once the documents were all in, after linking and
    # at the end;
    # seconds of each phase (documents, linking, writing)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    phase_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes)

    def counts(self) -> dict[str, int]:
        return dict(self.rows)


def previous_threads(out_dir: Path) -> dict[str, str]:
    """rec_id → thread_id from an earlier run into the same folder (one file or a partitioned
    dataset), so thread ids are kept."""
    import pyarrow.parquet as pq
    path = out_dir / "recommendations"
    if not path.is_dir():
        path = out_dir / "recommendations.parquet"
    if not path.exists():
        return {}
    try:
        table = pq.read_table(path, columns=["rec_id", "thread_id"]).to_pylist()
    except Exception as exc:  # an unreadable old file must not stop a new run
        log.warning("could not read earlier thread ids from %s: %s", path, exc)
        return {}
    return {row["rec_id"]: row["thread_id"] for row in table if row["thread_id"]}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KB


def _with_cache(config: Config, out_dir: Path) -> Config:
    if not config.cache:
        return config
    from extractors.entities import MODEL
    from .cache import code_key
    return config.with_overrides(
        cache_dir=str(out_dir / ".cache"),
        cache_key=code_key(config.page_parser, config.max_pages, config.max_file_mb,
                           config.min_confidence, config.document_memory_mb, MODEL))


def run_batch(paths: list[str], out_dir: str | Path = "outputs", config: Config | None = None,
              manifest: str | Path | None = None, progress: Progress | None = None) -> BatchSummary:
    """Run every document under `paths` and write all tables to `out_dir`. From Python:

        summary = run_batch(["papers/"], "outputs")
    """
    config = config or Config()
    started = time.perf_counter()
    out = Path(out_dir)
    config = _with_cache(config, out)
    engine = engine_for(config)
    rows = load_manifest(Path(manifest)) if manifest else {}
    tasks = [(path, lookup(rows, path)) for path in discover(paths)]
    out.mkdir(parents=True, exist_ok=True)
    summary = BatchSummary()
    links = LinkIndex()
    with Spool(out / ".spool") as spool:
        for outcome in engine(tasks, config):
            summary.outcomes.append(spool.add(len(summary.outcomes), outcome))
            links.add(outcome)
            if progress:
                progress(outcome, len(summary.outcomes), len(tasks))
        summary.peak_rss_mb["documents"] = _peak_rss_mb()
        linking = time.perf_counter()
        thread_of, threads = links.link(previous_threads(out))
        del links  # its texts are spent: the tables are written without them
        summary.peak_rss_mb["linked"] = _peak_rss_mb()
        writing = time.perf_counter()
        summary.rows = write_from_spool(out, spool, summary.outcomes, thread_of, threads, config.partition)
    ended = time.perf_counter()
    summary.phase_seconds = {"documents": linking - started, "linking": writing - linking,
                             "writing": ended - writing}
    summary.outcomes.sort(key=lambda o: o.source_path)
    summary.peak_rss_mb["end"] = _peak_rss_mb()
    summary.seconds = ended - started
    return summary
