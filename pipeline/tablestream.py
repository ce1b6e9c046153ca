"""The tables written in a stream: memory bounded by a row group, not the corpus.

Every table but threads and quarantine sorts first by doc_id, so the documents are taken in
doc_id order, a document (or the copies of one found at several paths) at a time, from two
sorted sources: the run's spool (pipeline.spool) and the rows the run keeps of the previous
generation (`--append`, `forget`: its Parquet read in batches, filtered). Each document's rows
are sorted by the rest of the table's key and appended to the table's ParquetWriter, which writes
a row group every ROW_GROUP_ROWS rows: the same rows in the same order as sorting each whole
table at once, and the same bytes however the rows arrived. Each file is written under a
temporary name and renamed when complete.

With a partition (council or year), each table but quarantine is then rewritten as a
Hive-partitioned dataset, `<table>/council_ons=E08000035/part-0.parquet` or
`<table>/meeting_year=2010/…`, which pandas, DuckDB and pyarrow read as one table.
"""
from __future__ import annotations

import heapq
import os
import tempfile
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.arrow import SCHEMAS, TABLES, plain_rows, rows_to_arrow, sort_key, sort_rows, table_schema
from schemas.records import ThreadRecord

from .spool import ROW_TABLES, Spool, SpooledDocument
from .writer import table_files

ROW_GROUP_ROWS = 20_000
BATCH_ROWS = 1_000
Row = list[object]


class _ParquetSink:
    """One Parquet file, a row group at a time, under a temporary name until closed. Rows wait
    as Python lists only BATCH_ROWS at a time, then as Arrow columns (several times smaller)
    until a row group is full."""

    def __init__(self, path: Path, table: str) -> None:
        self.path, self.table = path, table
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".parquet.tmp", dir=path.parent)
        os.close(fd)
        self.writer = pq.ParquetWriter(self.tmp, table_schema(table), compression="zstd", write_statistics=True)
        self.rows: list[Row] = []
        self.columns: list[pa.Table] = []
        self.count = 0

    def add(self, rows: list[Row]) -> None:
        self.rows.extend(rows)
        self.count += len(rows)
        if len(self.rows) >= BATCH_ROWS:
            self._to_columns()
            self._write(full_groups_only=True)

    def _to_columns(self) -> None:
        if self.rows:
            self.columns.append(rows_to_arrow(self.table, self.rows))
            self.rows = []

    def _write(self, full_groups_only: bool) -> None:
        """Row groups of exactly ROW_GROUP_ROWS (the last one shorter), whatever the batches, so
        the file depends only on the rows."""
        waiting = sum(t.num_rows for t in self.columns)
        if waiting < ROW_GROUP_ROWS and (full_groups_only or not waiting):
            return
        table = pa.concat_tables(self.columns).combine_chunks()
        start = 0
        while table.num_rows - start >= ROW_GROUP_ROWS or (not full_groups_only and start < table.num_rows):
            group = table.slice(start, ROW_GROUP_ROWS).combine_chunks()
            self.writer.write_table(group, row_group_size=ROW_GROUP_ROWS)
            start += group.num_rows
        self.columns = [table.slice(start).combine_chunks()] if start < table.num_rows else []

    def close(self) -> Path:
        self._to_columns()
        if self.count == 0:  # one empty row group, so readers see the columns
            self.writer.write_table(rows_to_arrow(self.table, []))
        self._write(full_groups_only=False)
        self.writer.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        self.writer.close()
        Path(self.tmp).unlink(missing_ok=True)


def _file_rows(path: Path, names: list[str]) -> Iterator[Row]:
    for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS, columns=names):
        yield from (list(row) for row in zip(*(batch.column(n).to_pylist() for n in names)))


def previous_rows(folder: Path, table: str) -> Iterator[Row]:
    """A table of an earlier generation, row by row in its sort order (a dataset's part files,
    each sorted, merged), in the contract's columns."""
    names = SCHEMAS[table].names
    files = table_files(folder, table)
    if len(files) == 1:
        return _file_rows(files[0], names)
    return heapq.merge(*(_file_rows(f, names) for f in files), key=sort_key(table))


@dataclass
class Kept:
    """Rows of the previous generation a run keeps: documents and quarantine rows that `keep`
    accepts, and the records of `record_docs` (the doc_ids of the documents rows kept)."""
    folder: Path
    keep: Callable[[str, str | None], bool]  # (source_path, doc_id) → kept?
    record_docs: set[str] = field(default_factory=set)

    def rows(self, table: str) -> Iterator[Row]:
        names = SCHEMAS[table].names
        if table in ("documents", "quarantine"):
            path, doc = names.index("source_path"), names.index("doc_id") if table == "documents" else None
            return (r for r in previous_rows(self.folder, table)
                    if self.keep(r[path], r[doc] if doc is not None else None))
        doc = names.index("doc_id")
        return (r for r in previous_rows(self.folder, table) if r[doc] in self.record_docs)


class _Groups:
    """A table's rows, sorted by doc_id, handed out one doc_id at a time in rising order."""

    def __init__(self, rows: Iterable[Row], doc_column: int) -> None:
        self.groups = groupby(rows, key=lambda r: r[doc_column])
        self.head: tuple[str, list[Row]] | None = None

    def take(self, doc_id: str) -> list[Row]:
        while True:
            if self.head is None:
                nxt = next(self.groups, None)
                if nxt is None:
                    return []
                self.head = (nxt[0], list(nxt[1]))
            if self.head[0] > doc_id:
                return []
            found, rows = self.head
            self.head = None
            if found == doc_id:
                return rows


@dataclass
class StreamInput:
    """What a generation's tables are written from."""
    spool: Spool
    entries: list[SpooledDocument]
    kept: Kept | None
    thread_of: dict[str, str]
    threads: list[ThreadRecord]


def _doc_ids(source: StreamInput) -> list[str]:
    ids = {e.doc_id for e in source.entries if e.doc_id is not None}
    if source.kept is not None:
        doc = SCHEMAS["documents"].names.index("doc_id")
        ids.update(r[doc] for r in source.kept.rows("documents"))
    return sorted(ids)


def _stream_documents(source: StreamInput, sinks: dict[str, _ParquetSink]) -> None:
    """Rows of every document, a doc_id at a time, into the sinks of the row tables. A paper's
    records come from the previous generation when it keeps them, else from its first path."""
    new = {doc_id: list(group) for doc_id, group in groupby(
        sorted((e for e in source.entries if e.doc_id is not None), key=lambda e: (e.doc_id, e.source_path)),
        key=lambda e: e.doc_id)}
    kept = ({t: _Groups(source.kept.rows(t), SCHEMAS[t].names.index("doc_id")) for t in ROW_TABLES}
            if source.kept is not None else None)
    names = SCHEMAS["recommendations"].names
    rec_id, thread_id = names.index("rec_id"), names.index("thread_id")
    for doc_id in _doc_ids(source):
        rows: dict[str, list[Row]] = {t: kept[t].take(doc_id) if kept else [] for t in ROW_TABLES}
        records_kept = bool(kept) and doc_id in source.kept.record_docs
        for n, entry in enumerate(new.get(doc_id, ())):
            spooled = source.spool.read(entry)
            rows["documents"].extend(spooled["documents"])
            if n == 0 and not records_kept:
                for table in ROW_TABLES[1:]:
                    rows[table].extend(spooled.get(table, []))
        for row in rows["recommendations"]:
            row[thread_id] = source.thread_of.get(row[rec_id])
        for table in ROW_TABLES:
            if rows[table]:
                sort_rows(table, rows[table])
                sinks[table].add(rows[table])


def _quarantine_rows(source: StreamInput) -> Iterator[Row]:
    """Kept rows first on a tie, as a whole-table stable sort of kept-then-new rows gives."""
    def new() -> Iterator[Row]:
        for entry in sorted((e for e in source.entries if e.doc_id is None), key=lambda e: e.source_path):
            rows = source.spool.read(entry)["quarantine"]
            sort_rows("quarantine", rows)
            yield from rows
    kept = source.kept.rows("quarantine") if source.kept is not None else iter(())
    return heapq.merge(kept, new(), key=sort_key("quarantine"))


def write_streamed(folder: Path, source: StreamInput) -> dict[str, int]:
    """Every table of the contract into `folder`, one file each; the rows of each table."""
    sinks = {t: _ParquetSink(folder / f"{t}.parquet", t) for t in TABLES}
    try:
        _stream_documents(source, sinks)
        rows = plain_rows("threads", source.threads)
        sort_rows("threads", rows)
        sinks["threads"].add(rows)
        for row in _quarantine_rows(source):
            sinks["quarantine"].add([row])
    except BaseException:
        for sink in sinks.values():
            sink.abort()
        raise
    for sink in sinks.values():
        sink.close()
    return {t: sink.count for t, sink in sinks.items()}
