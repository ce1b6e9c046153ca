"""Render each seed paper to HTML laid out as the original PDF would be, then to PDF.

The seeds are text extracted from Leeds and Dudley PDFs we do not have. This rebuilds a
plausible original: headings, numbered paragraphs, ruled tables (the tracker and the action
plan), page breaks where the seed shows them (three blank lines), and tables that the seed shows
split over pages joined into one table that runs over the page break with its header rows
repeated (<thead>). LibreOffice renders the HTML to PDF:

    python corpus/render_seeds.py            # or: make renditions

Needs `soffice` (Debian: libreoffice-writer-nogui). The PDFs are committed, so tests do not.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "papers" / "seeds"
OUT = HERE / "renditions"
HTML_OUT = OUT / "html"

_TAG = re.compile(r"</?(?:p|u|i|b|ul|li|br|input)\b[^>]*>", re.I)
_PAGE_BREAK = re.compile(r"\n[ \t]*\n[ \t]*\n[ \t]*\n")
_HEADING = re.compile(r"^(?:\d+(?:\.\d+)?\s+)?[A-Z][^.:]{2,70}$")
_STYLE = ("body{font-family:'Liberation Sans',Arial;font-size:11pt}"
          "h2{font-size:14pt}h3{font-size:12pt}td,th{font-size:10pt;vertical-align:top}")


def _escape(text: str) -> str:
    """Escape text but keep the markup the seeds carry inside cells (<p>, <u>, <i>, <ul>)."""
    out, pos = [], 0
    for match in _TAG.finditer(text):
        out.append(html.escape(text[pos:match.start()], quote=False))
        out.append(match.group())
        pos = match.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def _row_key(cells: list[str]) -> str:
    return re.sub(r"\s+", "", "".join(cells)).lower()


def _blocks(text: str) -> list[tuple[str, object]]:
    """('page', None) | ('p', line) | ('table', rows) in order."""
    blocks: list[tuple[str, object]] = []
    for number, page in enumerate(_PAGE_BREAK.split(text)):
        if number:
            blocks.append(("page", None))
        rows: list[list[str]] = []
        for line in page.split("\n"):
            if "\t" in line:
                if not re.fullmatch(r"[\s\-=|]*", line):
                    rows.append(line.split("\t"))
                continue
            if rows:
                blocks.append(("table", rows))
                rows = []
            if line.strip():
                blocks.append(("p", line.strip()))
        if rows:
            blocks.append(("table", rows))
    return _join_split_tables(blocks)


def _head_size(rows: list[list[str]]) -> int:
    """Leading legend/header rows: short labels, no long sentences, no row numbers."""
    n = 0
    for cells in rows[:3]:
        texts = [c.strip() for c in cells if c.strip()]
        if texts and all(len(t) <= 40 for t in texts) and not re.fullmatch(r"\d+", cells[0].strip()):
            n += 1
        else:
            break
    return n


def _join_split_tables(blocks: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """A table the seed shows again after a page break with the same header is one table."""
    out: list[tuple[str, object]] = []
    for kind, value in blocks:
        if kind == "table":
            last_table = next((i for i in range(len(out) - 1, -1, -1) if out[i][0] != "page"), None)
            if last_table is not None and out[last_table][0] == "table":
                prev = out[last_table][1]
                head = [_row_key(r) for r in prev[:_head_size(prev)]]
                rows = list(value)
                dropped = 0
                while rows and dropped < 3 and _row_key(rows[0]) in head or (
                        rows and dropped < 3 and head and _similar(_row_key(rows[0]), head)):
                    rows.pop(0)
                    dropped += 1
                if dropped:
                    del out[last_table + 1:]
                    out[last_table] = ("table", prev + rows)
                    continue
        out.append((kind, value))
    return out


def _similar(key: str, head: list[str]) -> bool:
    from difflib import SequenceMatcher
    return any(SequenceMatcher(None, key, h, autojunk=False).ratio() >= 0.9 for h in head)


def _table_html(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    head = _head_size(rows)
    parts = ['<table border="1" cellspacing="0" cellpadding="4" width="100%">']
    if head:
        parts.append("<thead>")
        for cells in rows[:head]:
            parts.append("<tr>" + "".join(f"<th>{_escape(c)}</th>" for c in cells + [""] * (width - len(cells))) + "</tr>")
        parts.append("</thead>")
    parts.append("<tbody>")
    for cells in rows[head:]:
        parts.append("<tr>" + "".join(f"<td>{_escape(c)}</td>" for c in cells + [""] * (width - len(cells))) + "</tr>")
    parts.append("</tbody></table>")
    return "\n".join(parts)


def _paragraph_html(line: str, page_top: bool) -> str:
    style = ' style="page-break-before: always"' if page_top else ""
    text = _escape(line)
    if re.match(r"^\s*[-•]\s", line) or line.startswith(" "):
        return f'<p{style} style="margin-left:{18 if line.startswith(" ") else 6}mm">{text}</p>'
    if line.isupper() and len(line) > 3:
        return f"<h2{style}>{text}</h2>"
    if _HEADING.match(line) and not re.search(r"\d{4}$", line) and len(line) < 70:
        return f"<h3{style}>{text}</h3>"
    return f"<p{style}>{text}</p>"


def seed_to_html(text: str, title: str) -> str:
    parts = [f'<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
             f"<style>{_STYLE}</style></head><body>"]
    page_top = False
    for kind, value in _blocks(text):
        if kind == "page":
            page_top = True
            continue
        if kind == "table":
            if page_top:
                parts.append('<p style="page-break-before: always"></p>')
            parts.append(_table_html(value))  # type: ignore[arg-type]
        else:
            line = str(value)
            blank_page = re.fullmatch(r"this page is intentionally left blank", line, re.I)
            parts.append(_paragraph_html(line, page_top or bool(blank_page)))
            if blank_page:
                page_top = True
                continue
        page_top = False
    parts.append("</body></html>")
    return "\n".join(parts)


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    HTML_OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for seed in sorted(SEEDS.glob("*.txt")):
        target = HTML_OUT / f"{seed.stem}.html"
        target.write_text(seed_to_html(seed.read_text("utf-8"), seed.stem), "utf-8")
        written.append(target)
    if soffice is None:
        print("soffice not found: wrote the HTML only; install libreoffice-writer-nogui for the PDFs",
              file=sys.stderr)
        return 1
    subprocess.run([soffice, "--headless", "--infilter=HTML (StarWriter)", "--convert-to",
                    "pdf:writer_pdf_Export", "--outdir", str(OUT), *map(str, written)],
                   check=True, stdout=subprocess.DEVNULL)
    print(f"rendered {len(written)} seed(s) to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
