"""Processes that die with their parent, so nothing outlives a killed run.

Workers are children of the forkserver, not of the run, and each holds the forkserver's "alive"
pipe open, so a forkserver outlives a killed run for as long as its workers do, and workers
outlive it too: orphans that can run for ever on a hostile document. So the forkserver dies
with the run (pipeline.forkserver_preload) and each worker with the forkserver
(pipeline.supervisor.init_worker).
"""
from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent goes; elsewhere nothing (the pool's own
    shutdown still stops workers on a normal exit)."""
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
