"""The feed written for trackers: JSON Lines, CSV, Parquet, or tables in SQLite; every column typed.

Parquet carries the Arrow schema of schemas.feed; in SQLite (written by pipeline.browse with
every other table) the feed declares each column's type and comes with `thread_members` (one row
per record of each thread) and `aliases` (retired ids and the thread each resolves to), so a
tracker can join without parsing lists.
"""
from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import PIPELINE_VERSION, SCHEMA_VERSION
from schemas.feed import FEED_SCHEMA, sql_type, table_schema

from .feed import ThreadView

FORMATS = ("jsonl", "csv", "parquet")  # sqlite: pipeline.browse, with every table
_NAMES = FEED_SCHEMA.names
_LISTS = {f.name for f in FEED_SCHEMA if pa.types.is_list(f.type)}
_MEMBERS = (("thread_id", "TEXT"), ("rec_id", "TEXT"), ("doc_id", "TEXT"), ("kind", "TEXT"),
            ("number", "TEXT"), ("text", "TEXT"), ("meeting_date", "DATE"), ("title", "TEXT"),
            ("body", "TEXT"), ("url", "TEXT"), ("source_path", "TEXT"), ("page", "INTEGER"),
            ("char_start", "INTEGER"), ("char_end", "INTEGER"), ("status", "TEXT"), ("similarity", "REAL"))


def _json_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def _sql_value(name: str, value):
    if name in _LISTS:
        return json.dumps(_json_value(value), ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return _json_value(value)


def _csv_value(name: str, value):
    if name in _LISTS:
        return json.dumps(_json_value(value), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return _json_value(value)


def _member_rows(views: list[ThreadView]) -> list[tuple]:
    rows = []
    for v in views:
        for m in v.members:
            r, doc = m.record, v.papers.get(m.record.doc_id)
            rows.append((v.thread_id, r.rec_id, r.doc_id, r.kind.value, r.number, r.text,
                         m.when.isoformat() if m.when else None, doc.title if doc else None,
                         doc.body if doc else None, doc.url if doc else None,
                         doc.source_path if doc else None, r.page_start, r.char_start, r.char_end,
                         r.status.value if r.status else None, v.similarity.get(r.rec_id)))
    return rows


def add_feed_tables(con: sqlite3.Connection, rows: list[dict], views: list[ThreadView]) -> dict[str, int]:
    """The feed as `thread_feed` (declared types), `thread_members` (one row per record of each
    thread, with its paper) and `aliases` (retired ids → the thread each resolves to), into an
    open database beside the output's own tables (pipeline.browse)."""
    columns = ", ".join(f"{f.name} {sql_type(f.type)}" + (" PRIMARY KEY" if f.name == "thread_id" else "")
                        for f in FEED_SCHEMA)
    con.execute(f"CREATE TABLE thread_feed ({columns})")
    con.executemany(f"INSERT INTO thread_feed VALUES ({', '.join('?' for _ in _NAMES)})",
                    [tuple(_sql_value(k, row[k]) for k in _NAMES) for row in rows])
    con.execute(f"CREATE TABLE thread_members ({', '.join(f'{n} {t}' for n, t in _MEMBERS)}, "
                "PRIMARY KEY (thread_id, rec_id))")
    wanted = {r["thread_id"] for r in rows}
    members = [m for m in _member_rows(views) if m[0] in wanted]
    con.executemany(f"INSERT INTO thread_members VALUES ({', '.join('?' for _ in _MEMBERS)})", members)
    con.execute("CREATE TABLE aliases (alias TEXT PRIMARY KEY, thread_id TEXT)")
    aliases = [(a, r["thread_id"]) for r in rows for a in r["aliases"]]
    con.executemany("INSERT INTO aliases VALUES (?, ?)", aliases)
    return {"thread_feed": len(rows), "thread_members": len(members), "aliases": len(aliases)}


def write_feed(rows: list[dict], views: list[ThreadView], fmt: str, target: Path) -> None:
    """Write the feed through a temp file in the target's folder, then rename over; JSON Lines
    and CSV get their Table Schema beside them."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    path = Path(tmp)
    try:
        if fmt == "jsonl":
            with path.open("w", encoding="utf-8") as handle:
                for row in rows:
                    handle.write(json.dumps({k: _json_value(row[k]) for k in _NAMES}, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(_NAMES)
                writer.writerows([_csv_value(k, row[k]) for k in _NAMES] for row in rows)
        else:
            table = pa.Table.from_pylist(rows, schema=FEED_SCHEMA).replace_schema_metadata({
                "followthrough.schema_version": SCHEMA_VERSION,
                "followthrough.pipeline_version": PIPELINE_VERSION, "followthrough.table": "feed"})
            pq.write_table(table, path, compression="zstd")
        os.replace(path, target)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if fmt in ("jsonl", "csv"):
        schema_path(target).write_text(json.dumps(table_schema(), indent=1) + "\n", encoding="utf-8")


def schema_path(target: Path) -> Path:
    """feed.jsonl → feed.schema.json"""
    return target.with_name(f"{target.stem}.schema.json")
