"""The tracker feed: one row per thread in JSON Lines, CSV, SQLite and Parquet, every column typed,
read back through pandas, DuckDB and sqlite3; where each thread stands on a fixed date; the
threads and thread commands."""
from __future__ import annotations

import json
import sqlite3
from datetime import date

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.config import Config
from pipeline.runner import run_batch
from schemas.feed import FEED_SCHEMA, sql_type

from conftest import FIXTURES, SEEDS

AS_OF = "2025-11-05"
_DUCK = {pa.string(): "VARCHAR", pa.date32(): "DATE", pa.int32(): "INTEGER", pa.int64(): "BIGINT",
         pa.float32(): "FLOAT", pa.bool_(): "BOOLEAN"}


def _rounded(rows: list[tuple]) -> list[tuple]:
    """float32 confidence read back through text: equal to 4 places, as written."""
    return [tuple(round(v, 4) if isinstance(v, float) else v for v in row) for row in rows]


def _duck_type(kind: pa.DataType) -> str:
    return f"{_DUCK[kind.value_type]}[]" if pa.types.is_list(kind) else _DUCK[kind]


@pytest.fixture(scope="module")
def feeds(tmp_path_factory):
    out = tmp_path_factory.mktemp("feed_out")
    papers = [str(SEEDS)] + [str(p) for p in sorted((FIXTURES / "threads").glob("*.txt"))]
    run_batch(papers, out, Config(workers=2, run_date=date(2025, 9, 1)))
    files = {}
    for fmt in ("jsonl", "csv", "sqlite", "parquet"):
        files[fmt] = out / f"feed.{fmt}"
        assert main(["export", "--format", fmt, "--out", str(files[fmt]), "--outputs", str(out),
                     "--as-of", AS_OF]) == 0
    return out, files


def test_parquet_feed_has_the_contract_schema_in_pandas_and_duckdb(feeds):
    _, files = feeds
    assert pq.read_schema(files["parquet"]).remove_metadata() == FEED_SCHEMA
    frame = pd.read_parquet(files["parquet"])
    assert len(frame) == 29 and frame.thread_id.is_unique  # 26 seed threads, 3 Kent decisions
    described = {r[0]: r[1] for r in duckdb.sql(f"describe select * from '{files['parquet']}'").fetchall()}
    assert described == {f.name: _duck_type(f.type) for f in FEED_SCHEMA}


def test_jsonl_and_csv_are_typed_by_their_table_schema(feeds):
    out, files = feeds
    schema = json.loads((out / "feed.schema.json").read_text())
    assert [f["name"] for f in schema["fields"]] == FEED_SCHEMA.names
    columns = {f.name: _duck_type(f.type) for f in FEED_SCHEMA}
    from_json = duckdb.sql(f"select * from read_json('{files['jsonl']}', columns={columns}) order by thread_id")
    from_parquet = duckdb.sql(f"select * from '{files['parquet']}' order by thread_id")
    assert from_json.types == from_parquet.types
    assert _rounded(from_json.fetchall()) == _rounded(from_parquet.fetchall())
    scalar = {n: t for n, t in columns.items() if not t.endswith("[]")}
    picked = ", ".join(scalar)
    csv_rows = duckdb.sql(f"select {picked} from read_csv('{files['csv']}', columns="
                          f"{ {n: scalar.get(n, 'VARCHAR') for n in columns} }, header=true) order by thread_id")
    assert csv_rows.types == duckdb.sql(f"select {picked} from '{files['parquet']}'").types
    parquet_rows = duckdb.sql(f"select {picked} from '{files['parquet']}' order by thread_id").fetchall()
    assert _rounded(csv_rows.fetchall()) == _rounded(parquet_rows)
    frame = pd.read_csv(files["csv"], dtype={"number": str, "schema_version": str})
    parquet = pd.read_parquet(files["parquet"])
    for name in (n for n, t in columns.items() if t.endswith("[]")):
        assert [json.loads(v) for v in frame[name]] == [
            [d.isoformat() if isinstance(d, date) else d for d in v] for v in parquet[name]], name


def test_sqlite_declares_every_column_type_and_holds_members_and_aliases(feeds):
    _, files = feeds
    con = sqlite3.connect(files["sqlite"])
    declared = {r[1]: r[2] for r in con.execute("pragma table_info(thread_feed)")}
    assert declared == {f.name: sql_type(f.type) for f in FEED_SCHEMA}
    assert con.execute("select count(*) from thread_feed").fetchone() == (29,)
    assert con.execute("select count(*) from thread_members").fetchone() == (34,)  # 28 seed records + 6 Kent
    assert con.execute("select count(*) from aliases").fetchone() == (0,)
    frame = pd.read_sql("select * from thread_feed order by thread_id", con)
    parquet = pd.read_parquet(files["parquet"]).sort_values("thread_id").reset_index(drop=True)
    assert list(frame.thread_id) == list(parquet.thread_id)
    assert list(frame.made_date) == [d.isoformat() if d else None for d in parquet.made_date]
    assert [json.loads(v) for v in frame.member_rec_ids] == [list(v) for v in parquet.member_rec_ids]


def test_where_each_thread_stands_on_a_fixed_date(feeds):
    _, files = feeds
    rows = [json.loads(line) for line in files["jsonl"].read_text().splitlines()]
    (lease,) = [r for r in rows if r["text"].startswith("delegate authority to the Corporate Director")]
    assert (lease["kind"], lease["papers"], lease["due_dates"], lease["due_sources"], lease["overdue"],
            lease["days_overdue"], lease["council_code"]) == (
        "decision", 2, ["2025-10-31"], ["record_text"], True, 5, "E10000016")
    assert lease["made_date"] == "2025-06-12" and lease["made_body"] == "Cabinet"
    assert (lease["first_seen"], lease["last_changed"], lease["as_of"]) == ("2025-09-01", "2025-09-01", AS_OF)
    mast = [r for r in rows if r["papers"] == 2 and r["kind"] == "recommendation"]
    assert [(r["status"], r["status_source"], r["status_stage_raw"], r["complete"], r["overdue"]) for r in mast] == [
        ("achieved", "stage", "2 (Achieved)", True, False)] * 2
    assert all(r["due_sources"] == ["response_timescale"] and r["due_dates"] == ["2009-09-30"] for r in mast)
    assert [r["update_as_of"] for r in mast] == ["2010-03-01"] * 2
    kpmg = [r for r in rows if r["origin"] == "KPMG"]
    assert len(kpmg) == 12 and all(r["due_source"] == "target_date_column" and r["overdue"] for r in kpmg)
    dudley = [r for r in rows if r["council"] == "Dudley Metropolitan Borough Council"]
    assert len(dudley) == 5 and {r["kind"] for r in dudley} == {"decision"}
    assert [(r["due_date"], r["due_source"]) for r in dudley if r["due_date"]] == [("2007-11-15", "record_text")]


def test_thread_and_threads_commands(feeds, capsys):
    out, _ = feeds
    assert main(["threads", "--outputs", str(out), "--linked", "--council", "leeds"]) == 0
    listed = capsys.readouterr().out.strip().splitlines()
    assert len(listed) == 2
    tid = listed[0].split()[0]
    assert main(["thread", tid[:8], "--outputs", str(out), "--as-of", "2010-06-01"]) == 0
    timeline = capsys.readouterr().out
    assert "Current status: achieved (stage" in timeline and "response (Director of Children's Services" in timeline
    assert "update 2009-05-01" in timeline and "Overdue on 2010-06-01: no" in timeline
    assert main(["threads", "--outputs", str(out), "--council", "Dudley"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 5
    assert main(["threads", "--outputs", str(out), "--overdue", "--as-of", "2010-06-01"]) == 0
    overdue = capsys.readouterr().out.strip().splitlines()
    # the 12 KPMG recommendations, MAST recommendation 3 (due in the summer 2009 term) and Dudley's
    # report back of 15 November 2007
    assert len(overdue) == 14 and all("OVERDUE" in line for line in overdue)
    assert main(["thread", "zzzz", "--outputs", str(out)]) == 2
