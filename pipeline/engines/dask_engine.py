"""--engine dask: documents as tasks on a Dask distributed cluster.

With --scheduler tcp://HOST:8786 the run joins a running cluster; without it a LocalCluster of
--workers processes (one thread each) is started for the run and stopped after it.

Each Dask worker gets a DocumentPool (a worker plugin): the same supervised pool the local engine
uses (pipeline.supervisor), one child process per worker thread, which sets the OS memory limit
and loads the model and data files once, then runs documents one at a time. So the per-document
deadline is still enforced from outside the work: the child is killed past it, and a fresh one
takes its place. A child that dies (a native crash) has its document sent again, to any worker,
up to ATTEMPTS times before it is quarantined as worker_crashed; a Dask worker that dies is
handled by the scheduler, which reruns its tasks elsewhere and gives up (KilledWorker) after
distributed.scheduler.allowed-failures deaths, and the document is then quarantined likewise.

Results stream back as they complete (as_completed), with a bounded number of documents in
flight, so the client's memory does not grow with the corpus.

Paths go to the workers absolute, so every machine must see the inputs (and, for the cache,
the output folder) at the same paths; records carry each path as it was given.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import replace
from itertools import count, islice
from pathlib import Path
from typing import Iterable, Iterator

import dask
from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin, as_completed, get_worker

from schemas.reasons import quarantine_message
from schemas.records import QuarantineRecord
from schemas.vocab import Stage

from ..config import Config
from ..discovery import shown_path
from ..manifest import ManifestRow
from ..process import DocumentOutcome
from ..supervisor import Task, largest_first, outcome_of, schedule_document, start_pool
from . import EngineError


ATTEMPTS = 3  # tries of a document whose worker process dies, before it is quarantined
IN_FLIGHT_PER_THREAD = 4
PLUGIN = "followthrough-documents"
NOT_DAEMONIC = ("a Dask worker that runs followthrough starts child processes, which a daemonic "
                "worker may not: start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False")


class DocumentPool(WorkerPlugin):
    """On every Dask worker: supervised child processes that load the model once and run
    documents under the per-document limits."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def setup(self, worker) -> None:
        if multiprocessing.current_process().daemon:
            raise RuntimeError(NOT_DAEMONIC)
        self.stages = tempfile.mkdtemp(prefix="followthrough-stages-")
        self.pool = start_pool(self.config, max(1, worker.state.nthreads))

    def teardown(self, worker) -> None:
        self.pool.stop()
        self.pool.join()
        shutil.rmtree(self.stages, ignore_errors=True)

    def run(self, key: str, path: Path, row: ManifestRow | None, attempt: int) -> DocumentOutcome:
        stage_file = Path(self.stages) / key
        future = schedule_document(self.pool, path, row, self.config, stage_file)
        try:
            return outcome_of(future, path, stage_file, self.config, attempt)
        finally:
            stage_file.unlink(missing_ok=True)


def _as_given(outcome: DocumentOutcome, given: str) -> DocumentOutcome:
    """The worker read the absolute path; the records carry the path as the user gave it."""
    outcome.source_path = given
    if outcome.quarantine is not None:
        outcome.quarantine = replace(outcome.quarantine, source_path=given)
    if outcome.extraction is not None:
        outcome.extraction.document = replace(outcome.extraction.document, source_path=given)
    return outcome


def run_document(key: str, path: str, row: ManifestRow | None, given: str, attempt: int) -> DocumentOutcome:
    """The Dask task: one document on this worker's DocumentPool."""
    pool: DocumentPool = get_worker().plugins[PLUGIN]
    return _as_given(pool.run(key, Path(path), row, attempt), given)


@contextmanager
def _client(config: Config) -> Iterator[Client]:
    if config.scheduler:
        try:
            client = Client(config.scheduler)
        except OSError as exc:  # not an output problem: a usage one
            raise EngineError(f"cannot reach the Dask scheduler at {config.scheduler}: {exc}") from exc
        with client:
            yield client
        return
    # the nannies start (and restart) worker processes from here, reading this setting each time
    with dask.config.set({"distributed.worker.daemon": False}), \
            LocalCluster(n_workers=config.worker_count, threads_per_worker=1, processes=True,
                         dashboard_address=":0", silence_logs=logging.WARNING) as cluster, \
            Client(cluster) as client:
        yield client


def _killed(path: Path, exc: KilledWorker) -> DocumentOutcome:
    detail = f"the Dask worker running it died {exc.allowed_failures + 1} times"
    message = quarantine_message("worker_crashed", stage=Stage.DISCOVER.value, detail=detail)
    shown = shown_path(path)
    return DocumentOutcome(shown, quarantine=QuarantineRecord(shown, None, Stage.DISCOVER, "worker_crashed", message))


def run_dask(tasks: Iterable[Task], config: Config) -> Iterator[DocumentOutcome]:
    """Every task's outcome, yielded as it completes on the cluster."""
    if config.cache_dir:  # workers may run in another folder, or on another machine
        config = config.with_overrides(cache_dir=os.path.abspath(config.cache_dir))
    with _client(config) as client:
        try:
            client.register_plugin(DocumentPool(config), name=PLUGIN)
        except RuntimeError as exc:  # a worker that cannot start the pool says why
            raise EngineError(str(exc)) from exc
        try:
            yield from _stream(client, iter(largest_first(tasks)))
        finally:
            client.unregister_worker_plugin(PLUGIN)


def _settle(future, path: Path, attempt: int) -> tuple[DocumentOutcome, bool]:
    """The outcome of a finished task, and whether to send the document again."""
    try:
        outcome = future.result()
    except KilledWorker as exc:  # the scheduler has already rerun it on other workers
        return _killed(path, exc), False
    crashed = outcome.quarantine is not None and outcome.quarantine.reason_code == "worker_crashed"
    return outcome, crashed and attempt < ATTEMPTS


def _stream(client: Client, queue: Iterator[Task]) -> Iterator[DocumentOutcome]:
    run_id = uuid.uuid4().hex[:8]
    window = max(8, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))
    futures = as_completed()
    pending: dict[str, tuple[Path, ManifestRow | None, int]] = {}
    keys = count()

    def submit(path: Path, row: ManifestRow | None, attempt: int = 1) -> None:
        key = f"followthrough-{run_id}-{next(keys)}"
        pending[key] = (path, row, attempt)
        futures.add(client.submit(run_document, key, os.path.abspath(path), row, str(path), attempt,
                                  key=key, pure=False))

    for path, row in islice(queue, window):
        submit(path, row)
    for future in futures:
        path, row, attempt = pending.pop(future.key)
        outcome, again = _settle(future, path, attempt)
        future.release()
        if again:
            submit(path, row, attempt + 1)
            continue
        for path, row in islice(queue, 1):
            submit(path, row)
        yield outcome
