"""The tables written from the spool, a document at a time in small row groups, hold the same rows
in the same order as each whole table sorted at once, threads from the compact index included;
a paper found at two paths is two documents rows and one set of records. An --append onto a
partitioned folder streams the kept rows from its part files in order."""
from __future__ import annotations

import shutil
from datetime import date

import pyarrow.parquet as pq
import pytest

from extractors.linking import link_threads
from pipeline import tablestream
from pipeline.collect import Collector
from pipeline.config import Config
from pipeline.runner import run_batch
from pipeline.spool import Spool
from pipeline.supervisor import run_in_process
from pipeline.tablestream import StreamInput, write_streamed
from schemas.arrow import TABLES, to_arrow

from conftest import FIXTURES, SEEDS

SEED_TEXTS = sorted(SEEDS.glob("00[0-3]*.txt"))  # the long audit report adds only time


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    for seed in SEED_TEXTS:
        shutil.copy(seed, folder / seed.name)
    shutil.copy(SEEDS / "000_f89f526d332940ea.txt", folder / "again.txt")  # same bytes, other path
    shutil.copy(FIXTURES / "bad" / "empty.txt", folder / "empty.txt")
    tasks = [(path, None) for path in sorted(folder.iterdir())]
    return list(run_in_process(reversed(tasks), Config(cache=False)))  # arrival order is not path order


def _whole_tables(outcomes) -> dict[str, list[object]]:
    """The tables as one list per table, each paper's records once (from its first path)."""
    tables = {t: [] for t in TABLES}
    seen = set()
    for o in sorted(outcomes, key=lambda o: o.source_path):
        if o.quarantine is not None:
            tables["quarantine"].append(o.quarantine)
            continue
        tables["documents"].append(o.extraction.document)
        if o.extraction.document.doc_id in seen:
            continue
        seen.add(o.extraction.document.doc_id)
        for name in ("recommendations", "responses", "updates", "entities"):
            tables[name].extend(getattr(o.extraction, name))
    tables["recommendations"], tables["threads"] = link_threads(tables["documents"], tables["recommendations"])
    return tables


def test_streamed_tables_equal_whole_sorted_tables(outcomes, tmp_path, monkeypatch):
    monkeypatch.setattr(tablestream, "ROW_GROUP_ROWS", 50)
    monkeypatch.setattr(tablestream, "BATCH_ROWS", 7)  # batches that straddle row groups
    with Spool(tmp_path / ".spool") as spool:
        collected = Collector(spool)
        for o in outcomes:
            collected.add(o)
        thread_of, threads = collected.links.link()
        counts = write_streamed(tmp_path, StreamInput(spool, collected.entries, None, thread_of, threads))
    expected = _whole_tables(outcomes)
    assert thread_of == {r.rec_id: r.thread_id for r in expected["recommendations"]}
    assert len(set(thread_of.values())) < len(thread_of)  # some records share a thread
    assert counts == {t: len(rows) for t, rows in expected.items()}
    assert counts["documents"] == 5 and counts["quarantine"] == 1
    for table in TABLES:
        assert pq.read_table(tmp_path / f"{table}.parquet").equals(to_arrow(table, expected[table])), table
    assert pq.ParquetFile(tmp_path / "entities.parquet").metadata.num_row_groups == -(-counts["entities"] // 50)
    assert not (tmp_path / ".spool").exists()


def test_append_onto_a_partitioned_folder_writes_what_one_run_writes(tmp_path):
    config = Config(workers=1, run_date=date(2025, 1, 1))
    run_batch([str(p) for p in SEED_TEXTS], tmp_path / "one", config)
    first, then = [SEED_TEXTS[0], SEED_TEXTS[3]], SEED_TEXTS[1:3]  # Leeds and Dudley papers first
    run_batch([str(p) for p in first], tmp_path / "two", config.with_overrides(partition="council"))
    assert len(list((tmp_path / "two" / "entities").glob("council_ons=*/part-0.parquet"))) == 2
    run_batch([str(p) for p in then], tmp_path / "two", config, append=True)
    for table in TABLES:
        assert (tmp_path / "two" / f"{table}.parquet").read_bytes() == \
            (tmp_path / "one" / f"{table}.parquet").read_bytes(), table
        assert not (tmp_path / "two" / table).exists(), table
