"""Documents in supervised child processes with hard limits, enforced from outside the work.

Signals inside the worker cannot bound a document: pdfminer and pdfplumber catch `Exception`
(a SIGALRM exception becomes a PdfminerException), and native calls do not return to Python.
So the parent supervises: pebble's ProcessPool kills the worker running a document past its
deadline and starts a fresh one, a worker that dies (kill -9, a native crash, the kernel's OOM
killer) costs only the document it was running, and every worker has an address-space limit set
by the OS and dies with its parent. The worker reports which stage it is in through a small file
per document, so a timeout or crash row names the stage that was running.
"""
from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import resource
import signal
import tempfile
from concurrent.futures import FIRST_COMPLETED, TimeoutError as FutureTimeout, wait
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from pebble import ProcessExpired, ProcessPool

from schemas.reasons import quarantine_message
from schemas.records import QuarantineRecord
from schemas.vocab import Stage

from .config import Config
from .manifest import ManifestRow
from .process import DocumentOutcome, process_safely

log = logging.getLogger(__name__)

Task = tuple[Path, "ManifestRow | None"]
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the parent goes, so no orphan outlives a run."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still stops workers
        pass


def limit_memory(megabytes: int) -> None:
    """An address-space limit the OS enforces: allocations past it fail (MemoryError in Python,
    a crash in native code), and either way only this worker's document is lost."""
    if megabytes <= 0:
        return
    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def init_worker(config: Config) -> None:
    """Runs once per worker process: limits first, then load what is heavy once."""
    _die_with_parent()
    limit_memory(config.document_memory_mb)
    from extractors.records import warm_up
    warm_up()
    collect_less()


# Young collections after this many new container objects instead of 700 (see collect_less).
GC_THRESHOLD = (50_000, 20, 10)


def collect_less() -> None:
    """A worker's garbage collector, tuned for documents: what warm_up loaded (the model, the
    data files) is frozen out of the collector's reach, or every full collection walks it again;
    and a collection waits for 50,000 new objects, since a page makes tens of thousands of words,
    lines and boxes that reference counting frees anyway, and each early collection walked them
    for nothing. Cycles are still collected, less often. About a tenth of a worker's CPU; no
    record changes."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def _stage_of(stage_file: Path) -> Stage:
    try:
        return Stage(stage_file.read_text().strip())
    except (OSError, ValueError):
        return Stage.DISCOVER  # the worker never got as far as reporting


def _lost(path: Path, code: str, stage: Stage, **details: object) -> DocumentOutcome:
    """A document whose worker was killed or died: quarantined here, never cached."""
    message = quarantine_message(code, stage=stage.value, **details)
    return DocumentOutcome(str(path), quarantine=QuarantineRecord(str(path), None, stage, code, message))


def outcome_of(future, path: Path, stage_file: Path, config: Config, attempt: int = 1) -> DocumentOutcome:
    """A scheduled document's outcome; a kill or death becomes its quarantine row. `attempt`
    counts the tries of an engine that retries crashed documents, so the row says so."""
    try:
        return future.result()
    except FutureTimeout:
        return _lost(path, "timeout", _stage_of(stage_file), seconds=config.document_timeout_s)
    except ProcessExpired as exc:
        stage = _stage_of(stage_file)
        if exc.exitcode == -signal.SIGKILL:  # the usual signature of the kernel's OOM killer
            return _lost(path, "out_of_memory", stage, limit_mb=config.document_memory_mb)
        tries = f"; tried {attempt} times" if attempt > 1 else ""
        return _lost(path, "worker_crashed", stage, detail=f"exit code {exc.exitcode}{tries}")
    except MemoryError:
        return _lost(path, "out_of_memory", _stage_of(stage_file), limit_mb=config.document_memory_mb)


def _worker_context():
    """Workers come from a fresh forkserver, not a fork of this process: a fork would inherit
    the caller's address space (a notebook's or a test runner's), and the memory limit would
    then count it, or fall below it. The forkserver imports what every worker needs, spaCy
    included (which this process never imports), once for all of them."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["extractors.records", "spacy"])
    return context


def start_pool(config: Config, workers: int) -> ProcessPool:
    """Supervised worker processes, each with the limits set and the model loaded once."""
    return ProcessPool(max_workers=workers, initializer=init_worker, initargs=(config,),
                       context=_worker_context())


def schedule_document(pool: ProcessPool, path: Path, row: ManifestRow | None, config: Config,
                      stage_file: Path):
    """One document on the pool, killed from outside past the per-document deadline."""
    timeout = config.document_timeout_s if config.document_timeout_s > 0 else None
    return pool.schedule(process_safely, args=(path, row, config, stage_file), timeout=timeout)


# Documents in flight per worker: enough to keep every worker busy, few enough that the
# parent's memory does not grow with the corpus.
IN_FLIGHT_PER_WORKER = 4


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the worker reports what is wrong with it


def largest_first(tasks: Iterable[Task]) -> list[Task]:
    """Biggest files first: a long report started last would leave the other workers idle at
    the end of the batch. Outcomes are sorted when written, so the order changes no output."""
    return sorted(tasks, key=lambda task: -_file_size(Path(task[0])))


def run_supervised(tasks: Iterable[Task], config: Config) -> Iterator[DocumentOutcome]:
    """Every task's outcome, yielded in completion order as it arrives; no task is lost
    whatever its worker does."""
    tasks = largest_first(tasks)
    workers = max(1, min(config.worker_count, len(tasks)))
    queue = iter(enumerate(tasks))
    pending: dict = {}
    with tempfile.TemporaryDirectory(prefix="followthrough-stages-") as stages:
        pool = start_pool(config, workers)

        def submit_next() -> None:
            for n, (path, row) in islice(queue, 1):
                stage_file = Path(stages) / str(n)
                pending[schedule_document(pool, path, row, config, stage_file)] = (path, stage_file)

        try:
            for _ in range(workers * IN_FLIGHT_PER_WORKER):
                submit_next()
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    path, stage_file = pending.pop(future)
                    outcome = outcome_of(future, path, stage_file, config)
                    stage_file.unlink(missing_ok=True)
                    submit_next()
                    yield outcome
        finally:  # a consumer that stops early must not wait for the documents still running
            if pending:
                pool.stop()
            else:
                pool.close()
            pool.join()


def run_in_process(tasks: Iterable[Task], config: Config) -> Iterator[DocumentOutcome]:
    """--strict: documents in this process, so the first error surfaces with its traceback."""
    from extractors.records import warm_up
    warm_up()
    for path, row in tasks:
        yield process_safely(path, row, config)
