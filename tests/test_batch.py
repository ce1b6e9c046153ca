"""The batch runner end to end: bad inputs quarantined with the right reason while the batch goes
on, exit status 0, every table written, identical bytes on a rerun, Parquet read back."""
from __future__ import annotations

import shutil

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.writer import load_outputs
from schemas import SCHEMA_VERSION
from schemas.arrow import SCHEMAS, TABLES
from schemas.reasons import CATALOGUE

from conftest import FIXTURES, SEEDS

EXPECTED_REASONS = {
    "corrupt.pdf": "corrupt", "empty.txt": "empty", "encrypted.pdf": "encrypted",
    "scanned.pdf": "no_text_layer", "unsupported.docx": "unsupported_format",
}


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("inputs")
    for name in EXPECTED_REASONS:
        shutil.copy(FIXTURES / "bad" / name, inputs / name)
    good = shutil.copy(SEEDS / "001_a5be961fdb6fec4e.txt", inputs / "good.txt")
    out = tmp_path_factory.mktemp("out")
    status = main(["run", str(inputs), "--out", str(out), "--workers", "2"])
    return status, out, good


def test_batch_completes_with_exit_status_zero(bad_batch):
    status, _, _ = bad_batch
    assert status == 0


def test_each_bad_input_has_exactly_one_quarantine_row_with_its_reason(bad_batch):
    _, out, _ = bad_batch
    quarantine = load_outputs(out)["quarantine"]
    by_name = {p.rsplit("/", 1)[-1]: row for p, row in zip(quarantine.source_path, quarantine.itertuples())}
    assert sorted(by_name) == sorted(EXPECTED_REASONS)
    assert len(quarantine) == len(EXPECTED_REASONS)
    for name, reason in EXPECTED_REASONS.items():
        row = by_name[name]
        assert row.reason_code == reason, name
        assert row.reason_code in CATALOGUE
        assert len(row.message) > 30
    assert "OCR" in by_name["scanned.pdf"].message
    assert "password" in by_name["encrypted.pdf"].message


def test_good_paper_gives_a_document_row_and_records(bad_batch):
    _, out, good = bad_batch
    tables = load_outputs(out)
    assert list(tables["documents"].source_path) == [str(good)]
    assert len(tables["recommendations"]) >= 6


def test_every_table_written_with_contract_schema_and_metadata(bad_batch):
    _, out, _ = bad_batch
    for table in TABLES:
        parquet = pq.read_table(out / f"{table}.parquet")
        assert parquet.schema.equals(SCHEMAS[table], check_metadata=False), table
        meta = parquet.schema.metadata
        assert meta[b"followthrough.schema_version"] == SCHEMA_VERSION.encode()
        assert b"followthrough.pipeline_version" in meta
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))


def test_duckdb_reads_the_output(bad_batch):
    _, out, _ = bad_batch
    con = duckdb.connect()
    count = con.execute(
        f"select count(*) from read_parquet('{out}/recommendations.parquet') r "
        f"join read_parquet('{out}/documents.parquet') d using (doc_id)").fetchone()[0]
    assert count >= 6
    kinds = con.execute(f"select distinct reason_code from read_parquet('{out}/quarantine.parquet') "
                        "order by 1").fetchall()
    assert [k[0] for k in kinds] == sorted(EXPECTED_REASONS.values())


def test_two_runs_give_byte_identical_files(tmp_path):
    inputs = [str(SEEDS), str(FIXTURES / "bad" / "scanned.pdf")]
    assert main(["run", *inputs, "--out", str(tmp_path / "a"), "--workers", "2"]) == 0
    assert main(["run", *inputs, "--out", str(tmp_path / "b"), "--workers", "1"]) == 0
    for table in TABLES:
        a = (tmp_path / "a" / f"{table}.parquet").read_bytes()
        b = (tmp_path / "b" / f"{table}.parquet").read_bytes()
        assert a == b, table


def test_missing_path_is_quarantined_not_lost(tmp_path):
    missing = tmp_path / "nowhere.pdf"
    assert main(["run", str(missing), "--out", str(tmp_path / "out")]) == 0
    quarantine = load_outputs(tmp_path / "out")["quarantine"]
    assert list(quarantine.reason_code) == ["unreadable"]


def test_usage_errors_exit_non_zero(tmp_path):
    bad_manifest = tmp_path / "m.csv"
    bad_manifest.write_text("file,council\nx.pdf,Leeds\n")
    assert main(["run", str(SEEDS), "--out", str(tmp_path / "o"), "--manifest", str(bad_manifest)]) == 2
    with pytest.raises(SystemExit):
        main(["run"])


def test_manifest_overrides_inference(tmp_path):
    manifest = tmp_path / "manifest.csv"
    seed = SEEDS / "003_5f99651857977bf9.txt"
    manifest.write_text("path,council,body,meeting_date,doc_type,url\n"
                        f"{seed},Dudley Metropolitan Borough Council,Cabinet,2007-09-18,committee_report,"
                        "https://example.org/p.pdf\n")
    assert main(["run", str(seed), "--out", str(tmp_path / "o"), "--manifest", str(manifest)]) == 0
    doc = load_outputs(tmp_path / "o")["documents"].iloc[0]
    assert (doc.council, doc.council_code, doc.body, str(doc.meeting_date), doc.url) == (
        "Dudley Metropolitan Borough Council", "E08000027", "Cabinet", "2007-09-18",
        "https://example.org/p.pdf")


def test_strict_reraises_the_first_document_error(tmp_path):
    from extractors.errors import DocumentError
    with pytest.raises(DocumentError):
        main(["run", str(FIXTURES / "bad" / "encrypted.pdf"), "--out", str(tmp_path), "--strict"])


def test_rerun_reads_unchanged_files_from_the_cache_with_identical_output(tmp_path):
    from pipeline.config import Config
    from pipeline.runner import run_batch
    inputs = [str(SEEDS), str(FIXTURES / "bad" / "scanned.pdf")]
    first = run_batch(inputs, tmp_path / "out", Config(workers=1))
    assert not any(o.cached for o in first.outcomes)
    second = run_batch(inputs, tmp_path / "out", Config(workers=1))
    assert all(o.cached for o in second.outcomes)
    assert main(["run", *inputs, "--out", str(tmp_path / "fresh"), "--no-cache", "--workers", "1"]) == 0
    assert not (tmp_path / "fresh" / ".cache").exists()
    for table in TABLES:
        assert (tmp_path / "out" / f"{table}.parquet").read_bytes() == \
               (tmp_path / "fresh" / f"{table}.parquet").read_bytes(), table


def test_cache_follows_the_manifest(tmp_path):
    seed = SEEDS / "003_5f99651857977bf9.txt"
    assert main(["run", str(seed), "--out", str(tmp_path / "o")]) == 0
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"path,council,body,meeting_date,doc_type,url\n{seed},,Cabinet,,,\n")
    assert main(["run", str(seed), "--out", str(tmp_path / "o"), "--manifest", str(manifest)]) == 0
    assert load_outputs(tmp_path / "o")["documents"].body.tolist() == ["Cabinet"]


def test_a_document_over_the_time_limit_is_killed_quarantined_and_the_batch_goes_on(tmp_path):
    """The hanging document never finishes by itself, so the limit must be enforced from
    outside; the other document is tiny, so a 20 s limit leaves it a wide margin under load."""
    from pipeline.config import Config
    from pipeline.runner import run_batch
    hang = shutil.copy(SEEDS / "001_a5be961fdb6fec4e.txt", tmp_path / "hang.txt")
    config = Config(workers=2, document_timeout_s=20, test_faults=(("hang", "hang.txt"),))
    summary = run_batch([str(hang), str(SEEDS / "002_0ebfa08a8c162b1e.txt")], tmp_path / "out", config)
    tables = load_outputs(tmp_path / "out")
    assert list(tables["quarantine"].source_path) == [str(hang)]
    assert list(tables["quarantine"].reason_code) == ["timeout"]
    assert list(tables["quarantine"].stage) == ["parse"]
    assert "document_timeout_s" in tables["quarantine"].message.iloc[0]
    assert len(tables["documents"]) == 1 and summary.counts()["recommendations"] == 2
    assert not any(o.cached for o in run_batch([str(hang)], tmp_path / "out", config).outcomes)


def test_a_worker_that_dies_costs_only_its_own_document(tmp_path):
    from pipeline.config import Config
    from pipeline.runner import run_batch
    crash = shutil.copy(SEEDS / "001_a5be961fdb6fec4e.txt", tmp_path / "crash.txt")
    inputs = [str(crash), *map(str, sorted(SEEDS.glob("00[234]*.txt")))]
    run_batch(inputs, tmp_path / "out", Config(workers=2, test_faults=(("crash", "crash.txt"),)))
    tables = load_outputs(tmp_path / "out")
    assert list(tables["quarantine"].reason_code) == ["worker_crashed"]
    assert list(tables["quarantine"].stage) == ["parse"]
    assert len(tables["documents"]) == 3


def test_a_document_past_the_memory_limit_is_quarantined_as_out_of_memory(tmp_path):
    from pipeline.config import Config
    from pipeline.runner import run_batch
    hog = shutil.copy(SEEDS / "001_a5be961fdb6fec4e.txt", tmp_path / "hog.txt")
    run_batch([str(hog), str(SEEDS / "002_0ebfa08a8c162b1e.txt")], tmp_path / "out",
              Config(workers=1, document_memory_mb=1024, test_faults=(("alloc", "hog.txt"),)))
    tables = load_outputs(tmp_path / "out")
    assert list(tables["quarantine"].reason_code) == ["out_of_memory"]
    assert "1024 MB" in tables["quarantine"].message.iloc[0]
    assert len(tables["documents"]) == 1


def test_the_batchs_own_process_does_not_import_spacy():
    """Only workers run the model; importing spaCy would cost the parent half a second a run
    (the forkserver imports it once for the workers)."""
    import subprocess
    import sys
    code = "import sys, pipeline.cli, pipeline.runner; sys.exit('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
