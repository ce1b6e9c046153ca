"""Every table in one SQLite file, for datasette and plain SQL.

The seven tables of the contract keep their columns, with declared types (TEXT, INTEGER, REAL,
DATE as ISO text, lists as JSON text), primary keys, foreign keys with an index on each, and
FTS5 full-text indexes on recommendation and response text (recommendations_fts, responses_fts;
datasette finds them and shows a search box). Two derived tables are added, computed by the
same functions as the report: `items` (pipeline.items) and `council_comparison`
(pipeline.compare.compare_councils); the tracker feed comes in as `thread_feed`,
`thread_members` and `aliases` (pipeline.export). A metadata file written
beside the database sets datasette's facets.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from schemas.arrow import SCHEMAS, TABLES

from .compare import compare_councils
from .export import add_feed_tables
from .items import build_items

# DuckDB views over the Parquet files answering the research questions (README: "Asking questions")
RESEARCH_SQL = Path(__file__).parent / "sql" / "research.sql"
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",), "recommendations": ("rec_id",), "responses": ("response_id",),
    "updates": ("update_id",), "entities": ("entity_id",), "threads": ("thread_id", "rec_id"),
    "quarantine": ("source_path", "reason_code"),
}
FOREIGN_KEYS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "recommendations": (("doc_id", "documents", "doc_id"),),
    "responses": (("rec_id", "recommendations", "rec_id"), ("doc_id", "documents", "doc_id")),
    "updates": (("rec_id", "recommendations", "rec_id"), ("doc_id", "documents", "doc_id")),
    "entities": (("rec_id", "recommendations", "rec_id"), ("doc_id", "documents", "doc_id")),
    "threads": (("rec_id", "recommendations", "rec_id"), ("doc_id", "documents", "doc_id")),
}
FULL_TEXT = ("recommendations", "responses")  # their `text` column
FACETS: dict[str, tuple[str, ...]] = {
    "documents": ("council", "doc_type", "status"),
    "recommendations": ("kind", "status"),
    "responses": ("decision", "responder"),
    "items": ("council", "status", "decision", "doc_type", "kind", "overdue"),
    "quarantine": ("reason_code",),
}


@dataclass(frozen=True)
class Export:
    path: Path
    metadata: Path
    rows: dict[str, int]      # rows written per table
    skipped: dict[str, int]   # rows whose key was already there (the same file at two paths)


def sql_type(kind: pa.DataType) -> str:
    if pa.types.is_integer(kind) or pa.types.is_boolean(kind):
        return "INTEGER"
    if pa.types.is_floating(kind):
        return "REAL"
    if pa.types.is_date(kind):
        return "DATE"
    return "TEXT"  # strings; lists as JSON arrays


def sql_value(value: object) -> object:
    """A Python value as SQLite stores it: dates in ISO form, lists as JSON, booleans as 0/1."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (list, tuple, np.ndarray)):
        return json.dumps([sql_value(v) for v in value], ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value != value:
        return None
    return value


def _create_table(con: sqlite3.Connection, name: str, columns: list[tuple[str, str]],
                  key: tuple[str, ...] = (), foreign: tuple[tuple[str, str, str], ...] = ()) -> None:
    parts = [f'"{column}" {kind}' for column, kind in columns]
    if key:
        parts.append(f"PRIMARY KEY ({', '.join(key)})")
    parts += [f"FOREIGN KEY ({c}) REFERENCES {t}({r})" for c, t, r in foreign]
    con.execute(f'CREATE TABLE "{name}" ({", ".join(parts)})')
    for column, _, _ in foreign:
        con.execute(f'CREATE INDEX "{name}_{column}" ON "{name}"("{column}")')


def _insert(con: sqlite3.Connection, name: str, frame: pd.DataFrame) -> int:
    """Insert every row; a row whose primary key is already there is skipped. Returns the skipped."""
    before = con.total_changes
    marks = ", ".join("?" for _ in frame.columns)
    rows = [tuple(sql_value(v) for v in row) for row in frame.itertuples(index=False, name=None)]
    con.executemany(f'INSERT OR IGNORE INTO "{name}" VALUES ({marks})', rows)
    return len(rows) - (con.total_changes - before)


def _full_text(con: sqlite3.Connection, table: str) -> None:
    # External-content FTS5: the text lives once, in the table; the index points at its rowid.
    con.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5(text, content='{table}', content_rowid='rowid')")
    con.execute(f"INSERT INTO {table}_fts(rowid, text) SELECT rowid, text FROM {table}")


def _derived(tables: dict[str, pd.DataFrame],
             as_of: date) -> dict[str, tuple[pd.DataFrame, list[tuple[str, str]], tuple[str, ...]]]:
    """name -> (rows, (column, SQL type) pairs, primary key)."""
    items = build_items(tables, as_of)
    comparison = compare_councils(tables, as_of, items=items).reset_index()
    return {"items": (items, _frame_columns(items), ("item_id",)),
            "council_comparison": (comparison, _frame_columns(comparison), ("council",))}


def _frame_columns(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """SQL types of a derived frame's columns, from their first non-null value."""
    def kind(column: str) -> str:
        values = [v for v in frame[column] if v is not None and not (isinstance(v, float) and v != v)]
        sample = values[0] if values else None
        if isinstance(sample, (bool, int, np.integer, np.bool_)):
            return "INTEGER"
        if isinstance(sample, (float, np.floating)):
            return "REAL"
        return "DATE" if isinstance(sample, date) else "TEXT"
    return [(column, kind(column)) for column in frame.columns]


def write_metadata(path: Path, target: Path) -> Path:
    """datasette's metadata for this database: facets and full-text search per table."""
    tables = {name: {"facets": list(columns)} for name, columns in FACETS.items()}
    for name in FULL_TEXT:
        tables[name].update({"fts_table": f"{name}_fts", "fts_pk": "rowid", "searchmode": "raw"})
    metadata = {"title": "followthrough records",
                "description": "Recommendations, decisions, responses and updates read from council papers.",
                "databases": {path.stem: {"tables": tables}}}
    target.write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    return target


def write_database(tables: dict[str, pd.DataFrame], feed_rows: list[dict], views: list, target: Path,
                   as_of: date) -> Export:
    """Write every table, the derived ones and their indexes to `target` (replaced if present),
    and `<target stem>.metadata.json` beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    rows, skipped = {}, {}
    try:
        for name in TABLES:
            schema = SCHEMAS[name]
            _create_table(con, name, [(f.name, sql_type(f.type)) for f in schema],
                          PRIMARY_KEYS[name], FOREIGN_KEYS.get(name, ()))
            skipped[name] = _insert(con, name, tables[name][schema.names])
            rows[name] = len(tables[name]) - skipped[name]
        for name in FULL_TEXT:
            _full_text(con, name)
        for name, (frame, columns, key) in _derived(tables, as_of).items():
            _create_table(con, name, columns, key)
            _insert(con, name, frame)
            rows[name] = len(frame)
        rows.update(add_feed_tables(con, feed_rows, views))
        con.commit()
    finally:
        con.close()
    tmp.replace(target)
    metadata = write_metadata(target, target.with_name(f"{target.stem}.metadata.json"))
    return Export(target, metadata, rows, {k: v for k, v in skipped.items() if v})
