"""--partition council|year: each table but quarantine a Hive-partitioned dataset, read back by
pandas, DuckDB and pyarrow as one table equal to the run's one-file tables."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.writer import load_outputs
from schemas.arrow import SORT_KEYS, TABLES

COLUMN = {"council": "council_ons", "year": "meeting_year"}


@pytest.fixture(scope="module", params=["council", "year"])
def partitioned(request, small_run, tmp_path_factory):
    """The reference run's folder (its cache included, so nothing is parsed again) rewritten
    partitioned: the one-file tables must give way to the datasets."""
    inputs, reference = small_run
    out = tmp_path_factory.mktemp(f"by_{request.param}") / "out"
    shutil.copytree(reference, out)
    assert main(["run", *inputs, "--out", str(out), "--partition", request.param]) == 0
    return request.param, out, reference


def _readers(out: Path, table: str) -> dict[str, pd.DataFrame]:
    folder = out / table
    return {
        "pandas": pd.read_parquet(folder),
        "pyarrow": pq.read_table(folder).to_pandas(),
        "duckdb": duckdb.sql(f"select * from read_parquet('{folder}/**/*.parquet', hive_partitioning=true)")
                        .to_arrow_table().to_pandas(),
    }


def test_each_table_is_a_hive_dataset_and_quarantine_one_file(partitioned):
    by, out, _ = partitioned
    assert sorted(p.name for p in out.glob("*.parquet")) == ["quarantine.parquet"]
    folders = {p.relative_to(out).parts[1] for p in out.glob("documents/*/part-0.parquet")}
    expected = {"council": {"council_ons=E08000027", "council_ons=E08000035", "council_ons=unknown"},
                # 0: the road closure paper states no date
                "year": {"meeting_year=0", "meeting_year=2007", "meeting_year=2008", "meeting_year=2009",
                         "meeting_year=2010", "meeting_year=2025"}}
    assert folders == expected[by]


def test_pandas_duckdb_and_pyarrow_read_each_dataset_as_the_unpartitioned_table(partitioned):
    by, out, reference = partitioned
    for table in (t for t in TABLES if t != "quarantine"):
        expected = pq.read_table(reference / f"{table}.parquet").to_pandas()
        assert len(expected) > 0, table
        for reader, frame in _readers(out, table).items():
            assert frame[COLUMN[by]].notna().all(), (table, reader)
            frame = (frame.drop(columns=[COLUMN[by]])
                     .sort_values(list(SORT_KEYS[table]), na_position="last", kind="stable")
                     .reset_index(drop=True))
            pd.testing.assert_frame_equal(frame, expected, check_dtype=False, obj=f"{table} by {reader}")


def test_the_other_commands_read_the_partitioned_folder(partitioned):
    _, out, reference = partitioned
    ours, theirs = load_outputs(out), load_outputs(reference)
    for table in TABLES:
        pd.testing.assert_frame_equal(ours[table], theirs[table])
