"""Imported only in the forkserver, as a preload module (pipeline.supervisor): a preload import
is the one hook multiprocessing runs inside the forkserver, so the work is done at import —
the forkserver asks the kernel to kill it when the run that started it dies. Never import this
module anywhere else: the importing process would die with its own parent (a shell, a notebook).
"""
from __future__ import annotations

from .lifeline import die_with_parent

die_with_parent()
