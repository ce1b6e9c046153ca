"""Engines: each runs pipeline.process.process_safely over the tasks and yields the outcomes as
they complete. The runner consumes them one at a time, whatever the engine.

    local  worker processes on this machine (pipeline.supervisor)
    dask   tasks on a Dask distributed cluster, joined or started for the run (dask_engine)
"""
from __future__ import annotations

import importlib.util
from typing import Callable, Iterable, Iterator

from ..config import Config
from ..process import DocumentOutcome
from ..supervisor import Task, run_in_process, run_supervised

Engine = Callable[[Iterable[Task], Config], Iterator[DocumentOutcome]]


class EngineError(Exception):
    """An engine that does not exist or is not installed: a usage error."""


def _dask(tasks: Iterable[Task], config: Config) -> Iterator[DocumentOutcome]:
    from .dask_engine import run_dask
    return run_dask(tasks, config)


ENGINES: dict[str, Engine] = {"local": run_supervised, "dask": _dask}
_NEEDS = {"dask": ("distributed", "the distributed extra: pip install -e '.[distributed]'")}


def engine_for(config: Config) -> Engine:
    """The engine named in the config, checked before any document runs. --strict runs every
    document in this process whatever the engine, so the first error shows its traceback."""
    if config.engine not in ENGINES:
        raise EngineError(f"unknown engine '{config.engine}'; known engines: {', '.join(sorted(ENGINES))}")
    module, hint = _NEEDS.get(config.engine, (None, ""))
    if module and importlib.util.find_spec(module) is None:
        raise EngineError(f"engine '{config.engine}' needs {hint}")
    if config.scheduler and config.engine != "dask":
        raise EngineError("--scheduler joins a Dask cluster: use it with --engine dask")
    return run_in_process if config.strict else ENGINES[config.engine]
