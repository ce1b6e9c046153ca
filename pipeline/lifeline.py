"""Imported only as a forkserver preload (pipeline.supervisor): ties the forkserver's life to
the process that started it.

Workers are children of the forkserver, not of the run, and each holds the forkserver's "alive"
pipe open, so a forkserver outlives a killed run for as long as its workers do, and its workers
(which die with their parent, the forkserver) outlive it too: orphans that can run for ever on
a hostile document. Importing this module in the forkserver asks the kernel to kill the
forkserver when the run dies, and the workers follow. A preload import is the only hook
multiprocessing runs inside the forkserver, hence the work done at import.
"""
from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent goes; elsewhere nothing (the pool's own
    shutdown still stops workers on a normal exit)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request was made
        os._exit(1)


die_with_parent()
