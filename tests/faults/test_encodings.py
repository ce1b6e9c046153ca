"""Text papers in the encodings councils' tools write, and with NUL bytes: each gives exactly the
records of its UTF-8 original, and documents.status_reason says how it was decoded or cleaned.
Manifests in UTF-8 (with or without a byte-order mark) and Windows-1252 are read; a path listed
twice is reported, and its first row wins."""
from __future__ import annotations

import pytest

from pipeline.cli import main
from pipeline.config import Config
from pipeline.runner import run_batch
from pipeline.writer import load_outputs

from conftest import SEEDS

SEED = SEEDS / "002_0ebfa08a8c162b1e.txt"  # its text has ’, –, ¹ ² ³: all in Windows-1252


def _with_nuls(data: bytes) -> bytes:
    """A NUL after every 40th byte, as left by a broken export."""
    return b"".join(data[i:i + 40] + b"\x00" for i in range(0, len(data), 40))


VARIANTS = {
    "utf16le_bom.txt": (lambda t: t.encode("utf-16"), "parse: decoded as UTF-16-LE (byte-order mark)"),
    "utf16be.txt": (lambda t: t.encode("utf-16-be"), "parse: decoded as UTF-16-BE (no byte-order mark)"),
    "utf32le_bom.txt": (lambda t: t.encode("utf-32"), "parse: decoded as UTF-32-LE (byte-order mark)"),
    "utf32be.txt": (lambda t: t.encode("utf-32-be"), "parse: decoded as UTF-32-BE (no byte-order mark)"),
    "cp1252.txt": (lambda t: t.encode("cp1252"), "parse: decoded as Windows-1252 (not valid UTF-8)"),
    "utf8_bom.txt": (lambda t: t.encode("utf-8-sig"), None),
    "nuls.txt": (lambda t: _with_nuls(t.encode("utf-8")), "parse: removed {n} NUL character(s)"),
}


@pytest.fixture(scope="module")
def encoded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("encoded")
    text = SEED.read_text(encoding="utf-8")
    for name, (encode, _) in VARIANTS.items():
        (folder / name).write_bytes(encode(text))
    (folder / "original.txt").write_bytes(SEED.read_bytes())
    out = tmp_path_factory.mktemp("out")
    run_batch([str(folder)], out, Config(workers=2))
    return folder, load_outputs(out), len(SEED.read_bytes())


def test_every_encoding_gives_the_records_of_the_original(encoded):
    folder, tables, _ = encoded
    docs = tables["documents"].set_index("source_path")
    recs = tables["recommendations"].merge(tables["documents"][["doc_id", "source_path"]], on="doc_id")
    original = recs[recs.source_path == f"{folder}/original.txt"]
    assert len(original) == 2
    for name in VARIANTS:
        assert docs.loc[f"{folder}/{name}", "status"] == "ok", name
        mine = recs[recs.source_path == f"{folder}/{name}"]
        assert list(mine.text) == list(original.text), name
        assert list(mine.number) == list(original.number), name


def test_status_reason_says_how_the_text_was_decoded(encoded):
    folder, tables, size = encoded
    docs = tables["documents"].set_index("source_path")
    for name, (_, reason) in VARIANTS.items():
        expected = reason.format(n=(size + 39) // 40) if reason else None
        got = docs.loc[f"{folder}/{name}", "status_reason"]
        assert (None if got != got else got) == expected, name  # NaN when null


def _manifest_run(tmp_path, data: bytes) -> tuple[int, object]:
    manifest = tmp_path / "manifest.csv"
    manifest.write_bytes(data)
    status = main(["run", str(SEED), "--out", str(tmp_path / "out"), "--manifest", str(manifest), "--workers", "1"])
    return status, load_outputs(tmp_path / "out")["documents"].iloc[0] if status == 0 else None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_manifest_encodings(tmp_path, encoding):
    text = f"path,council,body,meeting_date,doc_type,url\n{SEED},,Children’s Services – Scrutiny,2007-09-18,,\n"
    status, doc = _manifest_run(tmp_path, text.encode(encoding))
    assert status == 0
    assert doc.body == "Children’s Services – Scrutiny"


def test_duplicate_manifest_rows_are_reported_and_the_first_wins(tmp_path, caplog):
    text = (f"path,council,body,meeting_date,doc_type,url\n{SEED},,First Board,,,\n"
            f"other.txt,,,,,\n{SEED},,Second Board,,,\n")
    with caplog.at_level("WARNING"):
        status, doc = _manifest_run(tmp_path, text.encode())
    assert status == 0
    assert doc.body == "First Board"
    assert (f"{tmp_path}/manifest.csv:4: {SEED} is listed again (first on line 2); line 2 is used, "
            "line 4 ignored") in caplog.text
