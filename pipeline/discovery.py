"""Find the input files: files as given, folders recursed in sorted order."""
from __future__ import annotations

from pathlib import Path

ACCEPTED_SUFFIXES = {".pdf": "pdf", ".txt": "txt", ".html": "html", ".htm": "html"}


def discover(paths: list[str]) -> list[Path]:
    """Every file under the given paths, sorted and without duplicates; hidden files skipped
    only inside folders (a hidden file named explicitly is still read)."""
    found: dict[Path, None] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(p.startswith(".") for p in child.relative_to(path).parts):
                    found.setdefault(child, None)
        else:
            found.setdefault(path, None)
    return list(found)


def source_format(path: Path) -> str | None:
    return ACCEPTED_SUFFIXES.get(path.suffix.lower())
