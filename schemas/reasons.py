"""The quarantine reason-code catalogue: every code, and the message that tells the user what to do.

A message template is formatted with the keyword arguments of `quarantine_message`; every template
ends with the action that fixes or explains the problem.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    summary: str
    template: str


CATALOGUE: dict[str, Reason] = {r.code: r for r in (
    Reason("unsupported_format", "not a PDF, text or HTML file",
           "unsupported format '{suffix}': followthrough reads .pdf, .txt, .html and .htm; "
           "convert the file to PDF or text first"),
    Reason("empty", "the file holds no bytes or no text",
           "empty file ({detail}): nothing to read; check the download or export that made it"),
    Reason("encrypted", "a password-protected PDF",
           "encrypted PDF: it needs a password to open; remove the protection "
           "(e.g. `qpdf --decrypt in.pdf out.pdf`) and run again"),
    Reason("corrupt", "the file cannot be parsed as its format",
           "corrupt {fmt}: {detail}; download the file again or repair it "
           "(e.g. `qpdf in.pdf out.pdf`)"),
    Reason("no_text_layer", "a scanned PDF with no text on any page, not OCR'd",
           "no text layer — scanned image ({pages} page(s)); {advice}"),
    Reason("too_large", "over the size or page limit in params.yaml",
           "too large: {detail}; raise parse.max_file_mb / parse.max_pages in params.yaml "
           "or split the file"),
    Reason("timeout", "took longer than the per-document time limit",
           "timeout: gave up after {seconds} s in stage {stage}; raise run.document_timeout_s "
           "in params.yaml or run the file alone with --strict to see where it stalls"),
    Reason("out_of_memory", "went past the per-document memory limit",
           "out of memory in stage {stage}: {detail}; the limit is {limit_mb} MB per document; "
           "raise run.document_memory_mb in params.yaml or split the file"),
    Reason("worker_crashed", "the worker process died while reading the document",
           "worker crashed in stage {stage} ({detail}), probably in a native library; the rest of "
           "the batch went on; run the file alone with --strict and report it with this file"),
    Reason("unreadable", "the file or folder could not be opened or listed, or is a broken link",
           "unreadable: {detail}; check that it exists and that you may read it "
           "(`ls -l` the path; fix the permissions or the link)"),
    Reason("not_a_file", "a FIFO, device or socket, not a regular file",
           "not a regular file ({detail}): it was not opened, since reading it could block or "
           "never end; copy the paper into a regular file and pass that"),
    Reason("symlink_loop", "a symbolic link that leads back to itself",
           "symbolic link loop ({detail}): the link never reaches a file; fix or remove the "
           "link (`ls -l` shows where it points)"),
    Reason("internal_error", "a bug in followthrough",
           "internal error in stage {stage}: {detail}; rerun with --strict for the traceback "
           "and report it with this file"),
)}


def quarantine_message(code: str, **details: object) -> str:
    """Fill the catalogue template for `code`; missing details show as '?' rather than failing."""
    reason = CATALOGUE[code]

    class _Default(dict):
        def __missing__(self, key: str) -> str:
            return "?"

    return reason.template.format_map(_Default(details))
