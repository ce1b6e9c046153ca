"""The tables written from the spool, a document at a time in small row groups, hold the same rows
in the same order as each whole table sorted at once (the writer before the spool), threads
included; a paper found at two paths is still two documents rows, in path order."""
from __future__ import annotations

import shutil
import pyarrow.parquet as pq
import pytest

from extractors.linking import link_threads
from pipeline import tablestream
from pipeline.config import Config
from pipeline.linkindex import LinkIndex
from pipeline.spool import Spool
from pipeline.supervisor import run_in_process
from schemas.arrow import TABLES, to_arrow

from conftest import FIXTURES, SEEDS


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    for seed in sorted(SEEDS.glob("00[0-3]*.txt")):  # the long audit report adds only time
        shutil.copy(seed, folder / seed.name)
    shutil.copy(SEEDS / "000_f89f526d332940ea.txt", folder / "again.txt")  # same bytes, other path
    shutil.copy(FIXTURES / "bad" / "empty.txt", folder / "empty.txt")
    tasks = [(path, None) for path in sorted(folder.iterdir())]
    return list(run_in_process(reversed(tasks), Config(cache=False)))  # arrival order is not path order


def _whole_tables(outcomes) -> dict[str, list[object]]:
    ordered = sorted(outcomes, key=lambda o: o.source_path)
    tables = {t: [] for t in TABLES}
    for o in ordered:
        if o.quarantine is not None:
            tables["quarantine"].append(o.quarantine)
            continue
        tables["documents"].append(o.extraction.document)
        for name in ("recommendations", "responses", "updates", "entities"):
            tables[name].extend(getattr(o.extraction, name))
    tables["recommendations"], tables["threads"] = link_threads(tables["documents"], tables["recommendations"])
    return tables


def test_streamed_tables_equal_whole_sorted_tables(outcomes, tmp_path, monkeypatch):
    monkeypatch.setattr(tablestream, "ROW_GROUP_ROWS", 50)
    monkeypatch.setattr(tablestream, "BATCH_ROWS", 7)  # batches that straddle row groups
    links = LinkIndex()
    with Spool(tmp_path / ".spool") as spool:
        entries = [spool.add(n, o) for n, o in enumerate(outcomes)]
        for o in outcomes:
            links.add(o)
        thread_of, threads = links.link({})
        counts = tablestream.write_from_spool(tmp_path, spool, entries, thread_of, threads)
    expected = _whole_tables(outcomes)
    assert counts == {t: len(rows) for t, rows in expected.items()}
    assert counts["documents"] == 5 and counts["quarantine"] == 1 and counts["threads"] > 0
    for table in TABLES:
        written = pq.read_table(tmp_path / f"{table}.parquet")
        assert written.equals(to_arrow(table, expected[table])), table
    assert pq.ParquetFile(tmp_path / "entities.parquet").metadata.num_row_groups == -(-counts["entities"] // 50)
    assert not (tmp_path / ".spool").exists()


def test_thread_ids_come_from_the_compact_index_as_from_whole_records(outcomes):
    links = LinkIndex()
    for o in outcomes:
        links.add(o)
    thread_of, _ = links.link({})
    linked = _whole_tables(outcomes)["recommendations"]
    assert thread_of == {r.rec_id: r.thread_id for r in linked if r.thread_id}
    assert len(set(thread_of.values())) < len(thread_of)  # some recommendations share a thread
