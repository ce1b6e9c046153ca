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

import logging
import multiprocessing
import multiprocessing.forkserver
import resource
import signal
import tempfile
from concurrent.futures import TimeoutError as FutureTimeout, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterable

from pebble import ProcessExpired, ProcessPool

from schemas.reasons import quarantine_message
from schemas.records import QuarantineRecord
from schemas.vocab import Stage

from .config import Config
from .discovery import shown_path
from .lifeline import die_with_parent
from .manifest import ManifestRow
from .process import DocumentOutcome, process_safely

log = logging.getLogger(__name__)

Task = tuple[Path, "ManifestRow | None"]
Progress = Callable[[DocumentOutcome, int, int], None]


class BrokenPool(RuntimeError):
    """The worker pool itself failed (workers could not start or all died): a systemic failure,
    not any one document's."""


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
    die_with_parent()
    limit_memory(config.document_memory_mb)
    from extractors.records import warm_up
    warm_up()


def _stage_of(stage_file: Path) -> Stage:
    try:
        return Stage(stage_file.read_text().strip())
    except (OSError, ValueError):
        return Stage.DISCOVER  # the worker never got as far as reporting


def _lost(path: Path, code: str, stage: Stage, **details: object) -> DocumentOutcome:
    """A document whose worker was killed or died: quarantined here, never cached."""
    message = quarantine_message(code, stage=stage.value, **details)
    shown = shown_path(path)
    return DocumentOutcome(shown, quarantine=QuarantineRecord(shown, None, stage, code, message))


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            pass
    return f"exit code {code}"


def _outcome(future, path: Path, stage_file: Path, config: Config) -> DocumentOutcome:
    try:
        return future.result()
    except FutureTimeout:
        return _lost(path, "timeout", _stage_of(stage_file), seconds=config.document_timeout_s)
    except ProcessExpired as exc:
        stage = _stage_of(stage_file)
        if exc.exitcode == -signal.SIGKILL:  # the usual signature of the kernel's OOM killer
            return _lost(path, "out_of_memory", stage, limit_mb=config.document_memory_mb,
                         detail="its worker was killed by SIGKILL, as the kernel's out-of-memory killer does "
                                "(or a person with kill -9)")
        return _lost(path, "worker_crashed", stage, detail=_exit_reason(exc.exitcode))
    except MemoryError:
        return _lost(path, "out_of_memory", _stage_of(stage_file), limit_mb=config.document_memory_mb,
                     detail="an allocation failed")
    except BrokenProcessPool as exc:
        raise BrokenPool(f"the worker pool broke ({exc or type(exc).__name__}): workers could not "
                         "start or all died; check run.document_memory_mb and run with --strict") from exc
    except Exception as exc:  # the result could not come back from the worker: a bug
        return _lost(path, "internal_error", _stage_of(stage_file), detail=f"{type(exc).__name__}: {exc}")


def _worker_context():
    """Workers come from a fresh forkserver, not a fork of this process: a fork would inherit
    the caller's address space (a notebook's or a test runner's), and the memory limit would
    then count it, or fall below it. The forkserver is started here, from the calling thread,
    and dies with this process (pipeline.forkserver_preload), taking its workers with it."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pipeline.forkserver_preload", "extractors.records"])
    multiprocessing.forkserver.ensure_running()
    return context


def run_supervised(tasks: Iterable[Task], config: Config, progress: Progress | None) -> list[DocumentOutcome]:
    """Every task's outcome, in completion order; no task is lost whatever its worker does.
    Raises BrokenPool when the pool itself fails."""
    tasks = list(tasks)
    workers = max(1, min(config.worker_count, len(tasks)))
    timeout = config.document_timeout_s if config.document_timeout_s > 0 else None
    outcomes: list[DocumentOutcome] = []
    with tempfile.TemporaryDirectory(prefix="followthrough-stages-") as stages, \
            ProcessPool(max_workers=workers, initializer=init_worker, initargs=(config,),
                        context=_worker_context()) as pool:
        pending = {}
        for n, (path, row) in enumerate(tasks):
            stage_file = Path(stages) / str(n)
            future = pool.schedule(process_safely, args=(path, row, config, stage_file), timeout=timeout)
            pending[future] = (path, stage_file)
        for future in as_completed(pending):
            path, stage_file = pending[future]
            outcomes.append(_outcome(future, path, stage_file, config))
            if progress:
                progress(outcomes[-1], len(outcomes), len(tasks))
    return outcomes


def run_in_process(tasks: Iterable[Task], config: Config, progress: Progress | None) -> list[DocumentOutcome]:
    """--strict: documents in this process, so the first error surfaces with its traceback."""
    tasks = list(tasks)
    from extractors.records import warm_up
    warm_up()
    outcomes: list[DocumentOutcome] = []
    for path, row in tasks:
        outcomes.append(process_safely(path, row, config))
        if progress:
            progress(outcomes[-1], len(outcomes), len(tasks))
    return outcomes
