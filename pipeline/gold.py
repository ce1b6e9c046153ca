"""Hand-labelled gold for `followthrough evaluate`: read, validate, and hold as typed objects.

One YAML (or JSON) file per paper. A value outside the contract's vocabularies, a missing or
unknown key is a GoldError naming the file and the key, so a typo in the labels cannot quietly
turn into a scored mistake of the pipeline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, NoReturn

import yaml

from schemas.reasons import CATALOGUE
from schemas.vocab import Decision, DocType, Priority, RecKind, Status

GOLD_SUFFIXES = (".yaml", ".yml", ".json")
DOCUMENT_STATUSES = ("ok", "no_records")
# A paper that was read but holds no records is `document.status: no_records`, not quarantined.
QUARANTINE_CODES = tuple(code for code in CATALOGUE if code != "no_records")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])$")
_DOC_ID = re.compile(r"[0-9a-f]{16}$")


class GoldError(ValueError):
    """A gold file that cannot be scored against: the message names the file and the key."""


@dataclass(frozen=True)
class GoldUpdate:
    text: str
    as_of: str | None
    labelled: frozenset[str]


@dataclass(frozen=True)
class GoldResponse:
    text: str
    decision: str | None
    officers: tuple[str, ...]
    officer_roles: tuple[str, ...]
    due: tuple[str, ...]
    labelled: frozenset[str]


@dataclass(frozen=True)
class GoldRecord:
    text: str
    kind: str
    number: str | None
    end: str | None
    status: str | None
    stage_raw: str | None
    priority: str | None
    complete: bool | None
    responses: tuple[GoldResponse, ...]
    updates: tuple[GoldUpdate, ...]
    labelled: frozenset[str]


@dataclass(frozen=True)
class GoldDocument:
    council: str | None
    body: str | None
    meeting_date: date | None
    doc_type: str | None
    title: str | None
    status: str | None
    quarantine: str | None   # top-level in the file, but a fact about the document like the rest
    labelled: frozenset[str]


@dataclass(frozen=True)
class GoldPaper:
    path: Path
    set_name: str          # the gold file's folder: real, real2, own …
    file: str
    doc_id: str | None
    document: GoldDocument
    records: tuple[GoldRecord, ...]

    @property
    def quarantine(self) -> str | None:
        return self.document.quarantine


class _Reader:
    """Checks one mapping of a gold file; `where` is the key path used in error messages."""

    def __init__(self, path: Path, where: str, data: Any, allowed: tuple[str, ...],
                 required: tuple[str, ...] = ()) -> None:
        self.path, self.where = path, where
        if not isinstance(data, dict):
            self.fail(f"{where or 'the file'} must be a mapping of keys, not {type(data).__name__}")
        unknown = sorted(set(map(str, data)) - set(allowed))
        if unknown:
            self.fail(f"{self.key(unknown[0])}: unknown key (known: {', '.join(allowed)})")
        for key in required:
            if key not in data or data[key] is None:
                self.fail(f"{self.key(key)}: missing; every {where or 'gold file'} needs it")
        self.data = data

    def fail(self, message: str) -> NoReturn:
        raise GoldError(f"{self.path}: {message}")

    def key(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    @property
    def labelled(self) -> frozenset[str]:
        return frozenset(self.data)

    def get(self, key: str, check: Callable[[Any], Any], expected: str) -> Any:
        """The value under `key` (None when absent or null), passed through `check`."""
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return check(value)
        except (TypeError, ValueError):
            self.fail(f"{self.key(key)}: {value!r} is not {expected}")

    def choice(self, key: str, values: tuple[str, ...]) -> str | None:
        return self.get(key, lambda v: _member(v, values), "one of " + ", ".join(values))

    def text(self, key: str) -> str | None:
        return self.get(key, _text, "a non-empty string")

    def strings(self, key: str) -> tuple[str, ...]:
        return self.get(key, lambda v: tuple(_text(s) for s in _list(v)), "a list of strings") or ()

    def items(self, key: str) -> list[tuple[str, Any]]:
        values = self.get(key, _list, "a list") or []
        return [(f"{self.key(key)}[{i}]", v) for i, v in enumerate(values)]


def _member(value: Any, values: tuple[str, ...]) -> str:
    if value not in values:
        raise ValueError(value)
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(value)
    return value


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise TypeError(value)
    return value


def _month(value: Any) -> str:
    if not isinstance(value, str) or not _MONTH.match(value):
        raise ValueError(value)
    return value


def _number(value: Any) -> str:
    # A bare 8.10 in YAML is the float 8.1: refuse floats rather than score the wrong number.
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(value)
    return str(value)


def _doc_id(value: Any) -> str:
    if not isinstance(value, str) or not _DOC_ID.match(value):
        raise ValueError(value)
    return value


def _date(value: Any) -> date:
    # YAML reads 2024-10-29 as a date; JSON leaves it a string.
    return value if isinstance(value, date) else date.fromisoformat(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(value)
    return value


def _values(enum) -> tuple[str, ...]:
    return tuple(m.value for m in enum)


def _read_update(path: Path, where: str, data: Any) -> GoldUpdate:
    r = _Reader(path, where, data, ("as_of", "text"), required=("text",))
    return GoldUpdate(r.text("text"), r.get("as_of", _month, "a month YYYY-MM (quote it)"), r.labelled)


def _read_response(path: Path, where: str, data: Any) -> GoldResponse:
    r = _Reader(path, where, data, ("text", "decision", "officers", "officer_roles", "due"),
                required=("text",))
    due = r.get("due", lambda v: tuple(_month(m) for m in _list(v)), "a list of months YYYY-MM") or ()
    return GoldResponse(r.text("text"), r.choice("decision", _values(Decision)), r.strings("officers"),
                        r.strings("officer_roles"), due, r.labelled)


def _read_record(path: Path, where: str, data: Any) -> GoldRecord:
    r = _Reader(path, where, data, ("number", "kind", "text", "end", "status", "stage_raw", "priority",
                                    "complete", "responses", "updates"), required=("kind", "text"))
    return GoldRecord(
        text=r.text("text"), kind=r.choice("kind", _values(RecKind)),
        number=r.get("number", _number, "a string such as \"7a\" (quote it)"),
        end=r.text("end"), status=r.choice("status", _values(Status)), stage_raw=r.text("stage_raw"),
        priority=r.choice("priority", _values(Priority)),
        complete=r.get("complete", _bool, "true or false"),
        responses=tuple(_read_response(path, w, v) for w, v in r.items("responses")),
        updates=tuple(_read_update(path, w, v) for w, v in r.items("updates")),
        labelled=r.labelled)


def _read_document(path: Path, data: Any, quarantine: str | None, labelled: bool) -> GoldDocument:
    r = _Reader(path, "document", data or {}, ("council", "body", "meeting_date", "doc_type", "title",
                                                "status"))
    return GoldDocument(
        council=r.text("council"), body=r.text("body"),
        meeting_date=r.get("meeting_date", _date, "a date YYYY-MM-DD"),
        doc_type=r.choice("doc_type", _values(DocType)), title=r.text("title"),
        status=r.choice("status", DOCUMENT_STATUSES), quarantine=quarantine,
        labelled=r.labelled | ({"quarantine"} if labelled else set()))


def read_gold_file(path: Path) -> GoldPaper:
    """One gold file; GoldError when it does not follow the gold format."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GoldError(f"{path}: not valid YAML or JSON: {exc}") from None
    r = _Reader(path, "", data, ("file", "doc_id", "quarantine", "document", "records"), required=("file",))
    quarantine = r.choice("quarantine", QUARANTINE_CODES)
    if quarantine is None and "records" not in data:
        r.fail("records: missing; list the paper's records, or `records: []` when it has none")
    if quarantine is not None and data.get("records"):
        r.fail("records: a quarantined paper (quarantine: "
               f"{quarantine}) cannot have records; set quarantine: null or drop the records")
    return GoldPaper(
        path=path, set_name=path.parent.name, file=r.text("file"),
        doc_id=r.get("doc_id", _doc_id, "16 lowercase hex characters (the start of the file's sha256)"),
        document=_read_document(path, data.get("document"), quarantine, "quarantine" in data),
        records=tuple(_read_record(path, w, v) for w, v in r.items("records")))


def load_gold(gold: str | Path) -> list[GoldPaper]:
    """A gold file, or every *.yaml / *.yml / *.json under a folder, in path order."""
    root = Path(gold)
    if root.is_file():
        return [read_gold_file(root)]
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such gold file or folder")
    paths = sorted(p for p in root.rglob("*") if p.suffix.lower() in GOLD_SUFFIXES and p.is_file())
    if not paths:
        raise GoldError(f"{root}: no gold files (*.yaml, *.yml, *.json) in this folder")
    return [read_gold_file(p) for p in paths]
