"""`--partition council|year`: each table but quarantine as a Hive-partitioned dataset.

`<table>/council_ons=E08000035/part-0.parquet` or `<table>/meeting_year=2010/part-0.parquet`,
which pandas, DuckDB and pyarrow read as one table. The partition column is one of its own,
never a contract column, so every file keeps all its columns; a document without the value
goes under `unknown` (council) or 0 (year): a null partition cannot be read by pandas.
Quarantined inputs have no document, so no council or year: quarantine stays one file.

The datasets are made from the generation's one-file tables (pipeline.tablestream) in batches,
so memory stays bounded by a batch and the number of open partitions; each file keeps its
table's row order.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from schemas.arrow import TABLES, table_schema

from .tablestream import BATCH_ROWS, ROW_GROUP_ROWS


@dataclass(frozen=True)
class Partitioning:
    column: str
    kind: pa.DataType
    unknown: object

    def value(self, council_code: str | None, meeting_date) -> object:
        value = council_code if self.column == "council_ons" else (meeting_date.year if meeting_date else None)
        return self.unknown if value is None else value


PARTITIONS = {"council": Partitioning("council_ons", pa.string(), "unknown"),
              "year": Partitioning("meeting_year", pa.int32(), 0)}
PARTITIONED = tuple(t for t in TABLES if t != "quarantine")


def _values(folder: Path, partitioning: Partitioning) -> dict[str, object]:
    """doc_id → its partition value (a paper at two paths: its first row's)."""
    docs = pq.read_table(folder / "documents.parquet", columns=["doc_id", "council_code", "meeting_date"])
    values: dict[str, object] = {}
    for doc_id, code, when in zip(*(docs.column(c).to_pylist() for c in docs.column_names)):
        values.setdefault(doc_id, partitioning.value(code, when))
    return values


def _batches(source: Path, schema: pa.Schema, partitioning: Partitioning,
             values: dict[str, object]) -> Iterator[pa.RecordBatch]:
    for batch in pq.ParquetFile(source).iter_batches(batch_size=BATCH_ROWS):
        column = [values.get(d, partitioning.unknown) for d in batch.column("doc_id").to_pylist()]
        yield pa.RecordBatch.from_arrays([*batch.columns, pa.array(column, type=partitioning.kind)], schema=schema)


def partition_tables(folder: Path, by: str) -> None:
    """Rewrite the one-file tables of `folder` (a generation being staged) as datasets."""
    partitioning = PARTITIONS[by]
    values = _values(folder, partitioning)
    for table in PARTITIONED:
        source, target = folder / f"{table}.parquet", folder / table
        schema = table_schema(table).append(pa.field(partitioning.column, partitioning.kind))
        if pq.ParquetFile(source).metadata.num_rows == 0:  # one empty file, which readers open with its columns
            target.mkdir()
            source.rename(target / "part-0.parquet")
            continue
        ds.write_dataset(
            _batches(source, schema, partitioning, values), target, schema=schema, format="parquet",
            partitioning=ds.partitioning(pa.schema([(partitioning.column, partitioning.kind)]), flavor="hive"),
            basename_template="part-{i}.parquet", max_rows_per_group=ROW_GROUP_ROWS,
            file_options=ds.ParquetFileFormat().make_write_options(compression="zstd"),
            existing_data_behavior="error", use_threads=False, preserve_order=True)
        source.unlink()
