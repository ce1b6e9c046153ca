"""Arrow schemas of the Parquet tables, their sort keys, and conversion from records."""
from __future__ import annotations

import types
import typing
from dataclasses import astuple, fields
from enum import Enum
from typing import Callable, Iterable

import pyarrow as pa

from . import PIPELINE_VERSION, SCHEMA_VERSION
from .records import (AliasRecord, DocumentRecord, EntityRecord, QuarantineRecord,
                      RecommendationRecord, ResponseRecord, ThreadHistoryRecord, ThreadRecord,
                      UpdateRecord)

_s, _i32, _i64, _d, _f32, _b = pa.string(), pa.int32(), pa.int64(), pa.date32(), pa.float32(), pa.bool_()

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", _s), ("source_path", _s), ("source_format", _s), ("page_count", _i32),
        ("council", _s), ("council_code", _s), ("body", _s), ("meeting_date", _d),
        ("doc_type", _s), ("title", _s), ("author", _s), ("status", _s),
        ("status_reason", _s), ("url", _s)]),
    "recommendations": pa.schema([
        ("rec_id", _s), ("doc_id", _s), ("ordinal", _i32), ("number", _s), ("kind", _s),
        ("text", _s), ("origin", _s), ("addressee", _s), ("priority_raw", _s), ("priority", _s),
        ("stage_raw", _s), ("stage_code", _s), ("status", _s), ("complete", _b),
        ("thread_id", _s), ("page_start", _i32), ("page_end", _i32), ("char_start", _i64),
        ("char_end", _i64), ("confidence", _f32), ("due_dates", pa.list_(_d)), ("due_raw", _s)]),
    "responses": pa.schema([
        ("response_id", _s), ("rec_id", _s), ("doc_id", _s), ("text", _s), ("responder", _s),
        ("decision", _s), ("approved_by", _s), ("approved_date", _d), ("approved_precision", _s),
        ("officers", pa.list_(_s)), ("officer_roles", pa.list_(_s)), ("timescale_raw", _s),
        ("due_dates", pa.list_(_d)), ("page", _i32), ("char_start", _i64), ("char_end", _i64),
        ("due_source", _s)]),
    "updates": pa.schema([
        ("update_id", _s), ("rec_id", _s), ("doc_id", _s), ("label", _s), ("as_of", _d),
        ("as_of_precision", _s), ("text", _s), ("page", _i32), ("char_start", _i64),
        ("char_end", _i64)]),
    "entities": pa.schema([
        ("entity_id", _s), ("doc_id", _s), ("rec_id", _s), ("label", _s), ("text", _s),
        ("normalized", _s), ("page", _i32), ("char_start", _i64), ("char_end", _i64),
        ("source", _s)]),
    "threads": pa.schema([
        ("thread_id", _s), ("rec_id", _s), ("doc_id", _s), ("meeting_date", _d), ("status", _s),
        ("similarity", _f32)]),
    "quarantine": pa.schema([
        ("source_path", _s), ("sha256", _s), ("stage", _s), ("reason_code", _s), ("message", _s)]),
}

# The output folder's state (state/<name>.parquet): its history, not records. Record tables are
# a function of the papers alone; these say what this folder gave before and when.
STATE_SCHEMAS: dict[str, pa.Schema] = {
    "aliases": pa.schema([("alias", _s), ("thread_id", _s), ("recorded", _d)]),
    "thread_history": pa.schema([("thread_id", _s), ("first_seen", _d), ("last_changed", _d),
                                 ("fingerprint", _s)]),
}

RECORD_TYPES: dict[str, type] = {
    "documents": DocumentRecord, "recommendations": RecommendationRecord,
    "responses": ResponseRecord, "updates": UpdateRecord, "entities": EntityRecord,
    "threads": ThreadRecord, "quarantine": QuarantineRecord,
    "aliases": AliasRecord, "thread_history": ThreadHistoryRecord,
}

# Rows are sorted by these columns so that reruns give identical files; ordinal keeps the
# natural order of recommendations inside a document (":10" after ":9").
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "source_path"),
    "recommendations": ("doc_id", "ordinal"),
    "responses": ("doc_id", "char_start", "response_id"),
    "updates": ("doc_id", "char_start", "update_id"),
    "entities": ("doc_id", "char_start", "entity_id"),
    "threads": ("thread_id", "rec_id"),
    "quarantine": ("source_path", "reason_code"),
    "aliases": ("alias",),
    "thread_history": ("thread_id",),
}

TABLES: tuple[str, ...] = tuple(SCHEMAS)


def _plain(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _sort_value(value: object) -> tuple:
    return (value is None, value if value is not None else 0)


def _schema(table: str) -> pa.Schema:
    return SCHEMAS[table] if table in SCHEMAS else STATE_SCHEMAS[table]


def plain_rows(table: str, records: Iterable[object]) -> list[list[object]]:
    """Records → rows of plain values (enum values, lists), in column order."""
    return [[_plain(v) for v in astuple(r)] for r in records]


def sort_key(table: str) -> Callable[[list[object]], tuple]:
    """The key a table's rows (plain, in column order) are sorted by."""
    positions = [_schema(table).get_field_index(k) for k in SORT_KEYS[table]]
    return lambda row: tuple(_sort_value(row[i]) for i in positions)


def sort_rows(table: str, rows: list[list[object]]) -> None:
    """Sort rows in place by the table's key (stable: ties keep their order)."""
    rows.sort(key=sort_key(table))


def table_schema(table: str) -> pa.Schema:
    """The contract's schema with the metadata every file carries."""
    return _schema(table).with_metadata({
        "followthrough.schema_version": SCHEMA_VERSION,
        "followthrough.pipeline_version": PIPELINE_VERSION,
        "followthrough.table": table,
    })


def rows_to_arrow(table: str, rows: list[list[object]]) -> pa.Table:
    """Rows of plain values in column order → an Arrow table with the contract's schema."""
    schema = table_schema(table)
    columns = list(zip(*rows)) if rows else [()] * len(schema)
    return pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, schema)], schema=schema)


def to_arrow(table: str, records: Iterable[object]) -> pa.Table:
    """Records of one table → a sorted Arrow table with the contract's schema and metadata."""
    rows = plain_rows(table, records)
    sort_rows(table, rows)
    return rows_to_arrow(table, rows)


def _enum_of(annotation: object) -> type[Enum] | None:
    """The Enum in a field's type (`Status | None` → Status), so values read back are typed."""
    candidates = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    return next((c for c in candidates if isinstance(c, type) and issubclass(c, Enum)), None)


def from_arrow(table: str, arrow: pa.Table) -> list[object]:
    """An Arrow table read back → its records, enums and tuples restored: the inverse of to_arrow,
    so records read from an output folder write the same bytes again."""
    cls = RECORD_TYPES[table]
    hints = typing.get_type_hints(cls)
    names = [f.name for f in fields(cls)]
    converters = {}
    for name in names:
        enum = _enum_of(hints[name])
        if enum is not None:
            converters[name] = lambda v, e=enum: None if v is None else e(v)
        elif typing.get_origin(hints[name]) is tuple:
            converters[name] = lambda v: tuple(v or ())
    columns = {name: arrow.column(name).to_pylist() if name in arrow.column_names else [None] * arrow.num_rows
               for name in names}
    for name, convert in converters.items():
        columns[name] = [convert(v) for v in columns[name]]
    return [cls(*row) for row in zip(*(columns[n] for n in names))]
