"""The tracker feed (`followthrough export`): one row per thread, its columns and types.

The same columns in every format: Parquet with this Arrow schema; SQLite with declared types
(TEXT, INTEGER, REAL, DATE as ISO text, BOOLEAN as 0/1, lists as JSON text); JSON Lines and
CSV with dates as ISO strings (lists as JSON arrays in CSV), each with a Frictionless Table
Schema beside it (`<name>.schema.json`) that types every column.
"""
from __future__ import annotations

import pyarrow as pa

_s, _i32, _d, _f32, _b = pa.string(), pa.int32(), pa.date32(), pa.float32(), pa.bool_()

FEED_SCHEMA = pa.schema([
    ("thread_id", _s), ("aliases", pa.list_(_s)),
    ("council", _s), ("council_code", _s),
    ("kind", _s), ("number", _s), ("text", _s), ("origin", _s), ("addressee", _s),
    # made: the thread's earliest member and its paper
    ("made_date", _d), ("made_body", _s), ("made_title", _s), ("made_url", _s),
    ("made_doc_id", _s), ("made_rec_id", _s), ("made_page", _i32),
    ("made_char_start", pa.int64()), ("made_char_end", pa.int64()),
    ("papers", _i32),
    # the latest response
    ("response_decision", _s), ("response_text", _s), ("response_officers", pa.list_(_s)),
    ("response_roles", pa.list_(_s)), ("response_due_dates", pa.list_(_d)), ("response_due_source", _s),
    # every due date of the thread, with where each was read; the final one decides 'overdue'
    ("due_dates", pa.list_(_d)), ("due_sources", pa.list_(_s)), ("due_date", _d), ("due_source", _s),
    # the latest update
    ("update_as_of", _d), ("update_text", _s),
    ("status", _s), ("status_source", _s), ("status_stage_raw", _s), ("status_date", _d),
    ("status_rec_id", _s), ("complete", _b),
    ("overdue", _b), ("days_overdue", _i32), ("as_of", _d),
    # members: one entry per record in the thread, earliest first
    ("member_rec_ids", pa.list_(_s)), ("member_doc_ids", pa.list_(_s)), ("member_dates", pa.list_(_d)),
    ("member_titles", pa.list_(_s)), ("member_paths", pa.list_(_s)), ("member_pages", pa.list_(_i32)),
    ("confidence", _f32),
    ("first_seen", _d), ("last_changed", _d),
    ("schema_version", _s), ("pipeline_version", _s),
])


# Arrow type test → (SQLite declared type, Table Schema type); first match wins.
_TYPES = ((pa.types.is_list, "TEXT", "array"), (pa.types.is_string, "TEXT", "string"),
          (pa.types.is_date, "DATE", "date"), (pa.types.is_boolean, "BOOLEAN", "boolean"),
          (pa.types.is_integer, "INTEGER", "integer"), (pa.types.is_floating, "REAL", "number"))


def sql_type(kind: pa.DataType) -> str:
    """The SQLite declared type of a feed column."""
    return next(sql for test, sql, _ in _TYPES if test(kind))


def _table_type(kind: pa.DataType) -> str:
    return next(table for test, _, table in _TYPES if test(kind))


def table_schema() -> dict:
    """The feed as a Frictionless Table Schema; a list column also names its items' type."""
    fields = []
    for f in FEED_SCHEMA:
        field = {"name": f.name, "type": _table_type(f.type)}
        if pa.types.is_list(f.type):
            field["items"] = _table_type(f.type.value_type)
        fields.append(field)
    return {"fields": fields, "primaryKey": ["thread_id"]}
