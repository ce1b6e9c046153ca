"""Decompression bombs: a compressed stream that would inflate past what a worker may hold.

pdfium inflates a page's content stream whole when the page is opened, and aborts the process
when an allocation fails, so a 1 MB PDF holding a stream of 1 GiB of zeros would kill its
worker (a crash, not an answer). Before any reader sees a PDF, every Flate stream in it is
inflated here in 1 MB pieces that are counted and thrown away (memory stays flat), and the
first that passes a quarter of the worker's memory limit stops the document as out_of_memory.
Streams are found by their `stream` keyword, not by parsing objects: a broken cross-reference
table or a /Length that never resolves cannot hide or hang one.
"""
from __future__ import annotations

import re
import zlib

from extractors.errors import DocumentError

_STREAM = re.compile(rb"stream\r?\n")
_IN = 64 * 1024
_OUT = 1024 * 1024


def _inflated_size(view: memoryview, limit: int) -> int:
    """Bytes the zlib data at the start of `view` inflates to, counting stops past `limit`;
    0 when it is not zlib data."""
    inflater = zlib.decompressobj()
    pending, offset, total = view[:_IN], _IN, 0
    try:
        while total <= limit:
            total += len(inflater.decompress(pending, _OUT))
            if inflater.eof:
                break
            pending = inflater.unconsumed_tail
            if not pending:
                if offset >= len(view):
                    break
                pending, offset = view[offset:offset + _IN], offset + _IN
    except zlib.error:
        return total
    return total


def check_inflation(data: bytes, memory_mb: int) -> None:
    """Raise out_of_memory if any Flate stream inflates past a quarter of `memory_mb`."""
    limit = memory_mb * 1024 * 1024 // 4
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        size = _inflated_size(view[match.end():], limit)
        if size > limit:
            raise DocumentError("out_of_memory", limit_mb=memory_mb,
                                detail=f"a compressed stream at byte {match.end()} inflates past "
                                       f"{limit // (1024 * 1024)} MB (a decompression bomb)")
