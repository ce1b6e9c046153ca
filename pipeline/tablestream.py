"""The tables written from the spool in a stream: memory bounded by a row group, not the corpus.

Every table but threads and quarantine sorts first by doc_id, so the spool's entries are taken in
(doc_id, source_path) order, a document (or the copies of one document found at several paths)
at a time; its rows are sorted by the rest of the table's key and appended to each table's
ParquetWriter, which writes a row group every ROW_GROUP_ROWS rows. The result is the same rows in
the same order as sorting the whole table at once. Each file is written under a temporary name
and renamed over the old one when complete.

With a partition (council or year), each table but quarantine is a Hive-partitioned dataset
instead, `<table>/council_ons=E08000035/part-0.parquet` or `<table>/meeting_year=2010/…`, which
pandas, DuckDB and pyarrow read as one table; each partition is written by the same stream over
its own documents.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.arrow import SORT_KEYS, TABLES, plain_rows, rows_to_arrow, sort_rows, table_schema
from schemas.records import ThreadRecord

from .spool import ROW_TABLES, Spool, SpooledDocument

ROW_GROUP_ROWS = 20_000
BATCH_ROWS = 1_000


@dataclass(frozen=True)
class Partitioning:
    """How tables are split into folders. The partition column is one of its own, never a
    contract column, so every file keeps all its columns; a document without the value goes
    under `unknown` (a null partition, __HIVE_DEFAULT_PARTITION__, cannot be read by pandas)."""
    column: str
    unknown: object

    def value(self, doc: SpooledDocument) -> object:
        value = doc.council_code if self.column == "council_ons" else doc.year
        return self.unknown if value is None else value

    def folder(self, value: object) -> str:
        return f"{self.column}={value}"


# Every table but quarantine, whose rows belong to no document and so to no council or year.
PARTITIONED = tuple(t for t in TABLES if t != "quarantine")
PARTITIONS = {"council": Partitioning("council_ons", "unknown"), "year": Partitioning("meeting_year", 0)}


class _ParquetSink:
    """One Parquet file, a row group at a time, under a temporary name until closed. Rows wait
    as Python lists only BATCH_ROWS at a time, then as Arrow columns (several times smaller)
    until a row group is full, so every table of a run together holds a few MB at most."""

    def __init__(self, path: Path, table: str) -> None:
        self.path, self.table, self.schema = path, table, table_schema(table)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".parquet.tmp", dir=path.parent)
        os.close(fd)
        self.writer = pq.ParquetWriter(self.tmp, self.schema, compression="zstd", write_statistics=True)
        self.rows: list[list[object]] = []
        self.columns: list[pa.Table] = []
        self.count = 0

    def add(self, rows: list[list[object]]) -> None:
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
        the file depends only on the rows; one chunk per column, as a whole-table write has."""
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

    def close(self) -> None:
        self._to_columns()
        if self.count == 0:  # one empty row group, as a whole-table write gives
            self.writer.write_table(rows_to_arrow(self.table, []))
        self._write(full_groups_only=False)
        self.writer.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.writer.close()
        Path(self.tmp).unlink(missing_ok=True)


def _stream_documents(spool: Spool, entries: list[SpooledDocument], sinks: dict[str, _ParquetSink],
                      thread_of: dict[str, str]) -> None:
    """Rows of the read documents, a doc_id at a time, into the sinks of the row tables (a table
    without a sink has no rows among these documents)."""
    entries = sorted(entries, key=lambda e: (e.doc_id, e.source_path))
    rec_id, thread_id = (table_schema("recommendations").get_field_index(c) for c in ("rec_id", "thread_id"))
    for _, same_doc in groupby(entries, key=lambda e: e.doc_id):
        rows: dict[str, list[list[object]]] = {name: [] for name in ROW_TABLES}
        for entry in same_doc:
            for name, part in spool.read(entry).items():
                rows[name].extend(part)
        for row in rows["recommendations"]:
            row[thread_id] = thread_of.get(row[rec_id])
        for name in ROW_TABLES:
            if rows[name]:
                sort_rows(name, rows[name])
                sinks[name].add(rows[name])


def _stream_quarantine(spool: Spool, entries: list[SpooledDocument], sink: _ParquetSink) -> None:
    for entry in sorted(entries, key=lambda e: e.source_path):
        rows = spool.read(entry)["quarantine"]
        sort_rows("quarantine", rows)
        sink.add(rows)


@contextmanager
def _open(paths: dict[str, Path]) -> Iterator[dict[str, _ParquetSink]]:
    """A sink per table, all closed (renamed into place) together, or all dropped on error."""
    sinks = {t: _ParquetSink(path, t) for t, path in paths.items()}
    try:
        yield sinks
    except BaseException:
        for sink in sinks.values():
            sink.abort()
        raise
    for sink in sinks.values():
        sink.close()


def _fill(sinks: dict[str, _ParquetSink], spool: Spool, read: list[SpooledDocument],
          quarantined: list[SpooledDocument], threads: list[ThreadRecord], thread_of: dict[str, str]) -> None:
    _stream_documents(spool, read, sinks, thread_of)
    if threads:
        rows = plain_rows("threads", threads)
        sort_rows("threads", rows)
        sinks["threads"].add(rows)
    if quarantined:
        _stream_quarantine(spool, quarantined, sinks["quarantine"])


def write_from_spool(out_dir: Path, spool: Spool, entries: Iterable[SpooledDocument],
                     thread_of: dict[str, str], threads: list[ThreadRecord],
                     partition: str | None = None) -> dict[str, int]:
    """Every table of the contract from the spool; row counts per table."""
    entries = list(entries)
    read = [e for e in entries if e.doc_id is not None]
    quarantined = [e for e in entries if e.doc_id is None]
    if partition is not None:
        return _write_partitioned(out_dir, PARTITIONS[partition], spool, read, quarantined, threads, thread_of)
    with _open({t: out_dir / f"{t}.parquet" for t in TABLES}) as sinks:
        _fill(sinks, spool, read, quarantined, threads, thread_of)
    for table in TABLES:  # a dataset left by an earlier partitioned run would shadow the file
        shutil.rmtree(out_dir / table, ignore_errors=True)
    return {t: sink.count for t, sink in sinks.items()}


@dataclass
class _Split:
    """A run's documents and thread rows by partition value, and the values each table has rows in."""
    docs: dict[object, list[SpooledDocument]]
    threads: dict[object, list[ThreadRecord]]
    found: dict[str, set[object]]


def _split(partitioning: Partitioning, read: list[SpooledDocument], threads: list[ThreadRecord]) -> _Split:
    split = _Split({}, {}, {t: set() for t in PARTITIONED})
    value_of = {}
    for entry in read:
        value_of[entry.doc_id] = value = partitioning.value(entry)
        split.docs.setdefault(value, []).append(entry)
        for table in ROW_TABLES:
            if entry.has_rows(table):
                split.found[table].add(value)
    for row in threads:
        split.threads.setdefault(value_of.get(row.doc_id), []).append(row)
    split.found["threads"] = set(split.threads)
    return split


def _write_partitioned(out_dir: Path, partitioning: Partitioning, spool: Spool,
                       read: list[SpooledDocument], quarantined: list[SpooledDocument],
                       threads: list[ThreadRecord], thread_of: dict[str, str]) -> dict[str, int]:
    """One stream per partition value into a staging folder, then each table's folder swapped in.
    A table with no rows at all is one empty file in its folder, which readers open with its
    columns. Quarantined inputs have no document, so no council or year: quarantine stays one file."""
    split = _split(partitioning, read, threads)
    staging = Path(tempfile.mkdtemp(prefix=".partitioned.", dir=out_dir))
    counts = {t: 0 for t in TABLES}
    try:
        for value in sorted(split.docs, key=str):
            folder = partitioning.folder(value)
            paths = {t: staging / t / folder / "part-0.parquet" for t in PARTITIONED if value in split.found[t]}
            with _open(paths) as sinks:
                _fill(sinks, spool, split.docs[value], [], split.threads.get(value, []), thread_of)
            for t, sink in sinks.items():
                counts[t] += sink.count
        with _open({t: staging / t / "part-0.parquet" for t in PARTITIONED if not split.found[t]}):
            pass
        with _open({"quarantine": out_dir / "quarantine.parquet"}) as sinks:
            _fill(sinks, spool, [], quarantined, [], {})
        counts["quarantine"] = sinks["quarantine"].count
        _swap_in(out_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts


def _swap_in(out_dir: Path, staging: Path) -> None:
    """Each table's new folder renamed into place; the old folder (or single file) removed."""
    for table in PARTITIONED:
        target = out_dir / table
        if target.exists():
            os.replace(target, staging / f".old-{table}")
        os.replace(staging / table, target)
        (out_dir / f"{table}.parquet").unlink(missing_ok=True)
    shutil.rmtree(out_dir / "quarantine", ignore_errors=True)


def read_table(out_dir: Path, table: str) -> pa.Table:
    """A table of an output folder, written as one file or as a partitioned dataset, with the
    contract's columns in the contract's row order."""
    folder = out_dir / table
    if not folder.is_dir():
        return pq.read_table(out_dir / f"{table}.parquet")
    contract = table_schema(table)
    dataset = pq.read_table(folder, schema=contract, partitioning="hive")
    return dataset.sort_by([(key, "ascending") for key in SORT_KEYS[table]])
