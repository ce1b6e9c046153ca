"""Parquet out (atomically, deterministically) and back in."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow.parquet as pq

from schemas.arrow import TABLES, to_arrow


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


def load_outputs(out_dir: str | Path = "outputs") -> dict[str, pd.DataFrame]:
    """The output folder as pandas DataFrames, one per table, with Arrow-backed list columns."""
    from .tablestream import read_table  # one file per table, or partitioned datasets
    out = Path(out_dir)
    missing = [t for t in TABLES if not (out / f"{t}.parquet").exists() and not (out / t).is_dir()]
    if missing:
        raise FileNotFoundError(f"{out}: no {', '.join(missing)} table(s); run `followthrough run` first")
    return {t: read_table(out, t).to_pandas() for t in TABLES}
