"""Parquet out (atomically, deterministically) and back in."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.arrow import SCHEMAS, SORT_KEYS, TABLES, from_arrow, to_arrow


def write_table(out_dir: Path, table: str, records: Iterable[object]) -> Path:
    """Write `<table>.parquet` through a temp file in the same folder, then rename over."""
    arrow = to_arrow(table, records)
    target = out_dir / f"{table}.parquet"
    fd, tmp = tempfile.mkstemp(prefix=f".{table}.", suffix=".parquet.tmp", dir=out_dir)
    os.close(fd)
    try:
        pq.write_table(arrow, tmp, compression="zstd", write_statistics=True)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_tables(out_dir: Path, tables: dict[str, list[object]]) -> list[Path]:
    """Every table of the contract, empty or not."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_table(out_dir, name, tables.get(name, [])) for name in TABLES]


def tables_folder(out_dir: str | Path) -> Path:
    """Where one consistent set of tables is: the current generation (pipeline.outputs), resolved
    once so that a run switching generations meanwhile cannot mix two sets; else the folder."""
    out = Path(out_dir)
    current = out / ".current"
    return current.resolve() if current.is_symlink() else out


def table_files(folder: Path, table: str) -> list[Path]:
    """The files of a table in an output generation: one file, or a dataset's part files."""
    single = folder / f"{table}.parquet"
    if single.exists():
        return [single]
    return sorted((folder / table).rglob("*.parquet")) if (folder / table).is_dir() else []


def read_table(folder: Path, table: str, columns: list[str] | None = None) -> pa.Table:
    """A table of an output generation, written as one file or as a partitioned dataset, with
    the contract's columns (or `columns`) in the contract's row order."""
    dataset = folder / table
    if not dataset.is_dir():
        return pq.read_table(folder / f"{table}.parquet", columns=columns)
    whole = pq.read_table(dataset, schema=SCHEMAS[table], partitioning="hive")
    whole = whole.sort_by([(key, "ascending") for key in SORT_KEYS[table]])
    return whole.select(columns) if columns else whole


def _python_valued(column: pa.ChunkedArray) -> bool:
    """Columns pandas would read lossily: strings (NaN for null under pandas 3), dates, lists
    (numpy arrays), nullable booleans."""
    kind = column.type
    return (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_date(kind)
            or pa.types.is_list(kind) or pa.types.is_boolean(kind))


def typed_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as pandas with Python values where they matter to a reader: strings and
    dates as str / datetime.date with None for null (object dtype), lists as lists (a null list
    as []), booleans with None for 'not stated'; numbers keep their numpy dtypes."""
    columns: dict[str, pd.Series] = {}
    for name, column in zip(table.column_names, table.columns):
        if not _python_valued(column):
            columns[name] = column.to_pandas()
            continue
        values = column.to_pylist()
        if pa.types.is_list(column.type):
            values = [v if v is not None else [] for v in values]
        columns[name] = pd.Series(values, dtype=object, name=name)
    return pd.DataFrame(columns, columns=table.column_names)


def load_outputs(out_dir: str | Path = "outputs") -> dict[str, pd.DataFrame]:
    """The output folder as pandas DataFrames, one per table, typed for notebooks (see typed_frame)."""
    out = tables_folder(out_dir)
    missing = [t for t in TABLES if not table_files(out, t)]
    if missing:
        raise FileNotFoundError(f"{out}: no {', '.join(missing)} table(s); run `followthrough run` first")
    return {t: typed_frame(read_table(out, t)) for t in TABLES}


def read_records(out_dir: str | Path, tables: Iterable[str] = TABLES) -> dict[str, list[object]]:
    """Tables of an output folder back as records (the Parquet files are the source of truth);
    a table that is not there reads as empty."""
    out = tables_folder(out_dir)
    records: dict[str, list[object]] = {}
    for table in tables:
        records[table] = from_arrow(table, read_table(out, table)) if table_files(out, table) else []
    return records
