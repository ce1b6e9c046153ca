"""Bad configuration stops `run` before anything is read or written: exit status 2 and a message
that names the key (or the flag, or the file) and what it takes."""
from __future__ import annotations

import pytest

from pipeline.cli import main
from pipeline.config import Config, ConfigError, load_config

from conftest import ROOT, SEEDS

SEED = str(SEEDS / "002_0ebfa08a8c162b1e.txt")

BAD_PARAMS = {
    "parse:\n  max_pages: abc\n":
        "parse.max_pages: expected a whole number above 0, got 'abc'",
    "parse:\n  page_parser: fastest\n":
        "parse.page_parser: expected a registered page parser (pdfium, plumber), got 'fastest'",
    "parse:\n  max_pagez: 10\n":
        "unknown parameter parse.max_pagez; parse takes max_file_mb, max_pages, ocr, page_parser",
    "run:\n  max_pages: 10\n":
        "unknown parameter run.max_pages; run takes cache, document_memory_mb, document_timeout_s, engine, partition, scheduler, workers",
    "parsing:\n  max_pages: 10\n":
        "unknown group 'parsing'; groups are extract, parse, run",
    "parse:\n  max_file_mb: -1\n":
        "parse.max_file_mb: expected a number above 0, got -1.0",
    "parse:\n  ocr: always\n":
        "parse.ocr: expected one of auto, off, got 'always'",
    "extract:\n  min_confidence: 2\n":
        "extract.min_confidence: expected a number from 0 to 1, got 2",
    "run:\n  document_timeout_s: 0\n":
        "run.document_timeout_s: expected a number of seconds above 0, got 0",
    "run:\n  document_memory_mb: 100\n":
        "run.document_memory_mb: expected a whole number of MB, at least 256, got 100",
    "run:\n  workers: two\n":
        "run.workers: expected a whole number, 0 for all cores, got 'two'",
    "run:\n  cache: maybe\n":
        "run.cache: expected true or false, got 'maybe'",
    "run: [1, 2]\n":
        "run: expected key: value lines, got [1, 2]",
    "parse:\n  max_pages: [\n":
        "not valid YAML",
}


@pytest.mark.parametrize("text", BAD_PARAMS, ids=lambda t: t.split("\n")[1].strip()[:30] or t[:20])
def test_a_bad_parameter_is_a_usage_error_naming_the_key(tmp_path, capsys, text):
    params = tmp_path / "params.yaml"
    params.write_text(text)
    assert main(["run", SEED, "--out", str(tmp_path / "out"), "--params", str(params)]) == 2
    err = capsys.readouterr().err
    assert f"followthrough: {params}: {BAD_PARAMS[text]}" in err
    assert not (tmp_path / "out").exists()


def test_a_missing_params_file_given_explicitly_is_an_error(tmp_path, capsys):
    assert main(["run", SEED, "--out", str(tmp_path / "out"), "--params", str(tmp_path / "nope.yaml")]) == 2
    assert f"followthrough: {tmp_path}/nope.yaml: parameters file not found" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_bad_flag_is_a_usage_error(tmp_path, capsys):
    assert main(["run", SEED, "--out", str(tmp_path / "out"), "--workers", "-1"]) == 2
    assert "run.workers: expected a whole number, 0 for all cores, got -1" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["threads", "--outputs", str(tmp_path), "--as-of", "notadate"])
    assert stop.value.code == 2
    assert "argument --as-of: 'notadate' is not a date; give it as YYYY-MM-DD" in capsys.readouterr().err


def test_the_project_params_file_is_valid_and_yaml_off_means_off(tmp_path):
    assert load_config(ROOT / "params.yaml") == Config()
    (tmp_path / "p.yaml").write_text("parse:\n  ocr: off\n  max_file_mb: 10\nrun:\n  workers: 2\n")
    assert load_config(tmp_path / "p.yaml") == Config(ocr="off", max_file_mb=10.0, workers=2)
    with pytest.raises(ConfigError, match=r"^run\.document_timeout_s: expected"):
        Config(document_timeout_s=-5)
