"""Every paper in corpus/ and in ../shared/corpus/real ends in documents or in quarantine with a
reason; none is lost and none fails with an internal error."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import DocumentError
from extractors.pdf_reader import read_pdf
from pipeline.config import Config
from pipeline.runner import run_batch
from pipeline.writer import load_outputs

from conftest import CORPUS, RENDITIONS, SHARED_REAL


def _accounted(out: Path, inputs: list[Path]) -> None:
    tables = load_outputs(out)
    documents = set(tables["documents"].source_path)
    quarantined = set(tables["quarantine"].source_path)
    assert not documents & quarantined
    assert {str(p) for p in inputs} == documents | quarantined
    assert "internal_error" not in set(tables["quarantine"].reason_code)


@pytest.mark.parametrize("pdf", sorted((CORPUS / "papers").rglob("*.pdf")) + sorted(RENDITIONS.glob("*.pdf")),
                         ids=lambda p: p.name[:40])
def test_corpus_pdf_parses(pdf):
    try:
        doc = read_pdf(pdf.read_bytes())
    except DocumentError as exc:
        assert exc.reason_code == "no_text_layer", exc
        return
    assert doc.page_count > 0 and doc.text.strip()


def test_corpus_run_accounts_for_every_file(corpus_run):
    out, summary = corpus_run
    _accounted(out, sorted(p for p in (CORPUS / "papers").rglob("*") if p.is_file()))
    assert summary.counts()["recommendations"] > 50


@pytest.mark.skipif(not SHARED_REAL.is_dir(), reason="../shared/corpus/real is not here")
def test_shared_real_corpus_none_lost(tmp_path):
    inputs = sorted(SHARED_REAL.iterdir())
    summary = run_batch([str(SHARED_REAL)], tmp_path, Config(workers=2, ocr="off"))
    _accounted(tmp_path, inputs)
    quarantine = load_outputs(tmp_path)["quarantine"]
    by_name = dict(zip((Path(p).name for p in quarantine.source_path), quarantine.reason_code))
    assert by_name["SOURCES.tsv"] == "unsupported_format"
    assert by_name["gitforsteve_wyevalleycc__accounts_Annual_return_2018-19.pdf"] == "no_text_layer"
    assert by_name["gcosma_COP509__PostOfficeHorizon-IT-Inquiry-Response.pdf"] == "no_text_layer"
    assert summary.pages > 1600  # every text page was parsed (1,686 with the scanned ones)


def test_no_date_in_any_table_comes_from_the_day_of_the_run(corpus_run):
    """dateparser fills missing parts with today's date; nothing of today may reach a record."""
    import datetime
    out, _ = corpus_run
    today = datetime.date.today()
    tables = load_outputs(out)
    checked = 0
    for name, frame in tables.items():
        for column in frame.columns:
            values = frame[column].dropna()
            dates = [v for v in values if isinstance(v, datetime.date)]
            dates += [d for v in values if hasattr(v, "__len__") and not isinstance(v, str)
                      for d in v if isinstance(d, datetime.date)]
            checked += len(dates)
            assert all(d != today for d in dates), (name, column)
            assert all(d < today for d in dates), (name, column, max(dates, default=None))
    assert checked > 30  # meeting dates, approvals, update dates and due dates were all looked at


def test_corpus_records_are_complete(corpus_run):
    """Seed responses carry who and by when where the paper says; updates carry their month."""
    out, _ = corpus_run
    tables = load_outputs(out)
    docs = tables["documents"]
    seeds = set(docs[docs.source_path.str.contains("seeds")].doc_id)
    updates = tables["updates"][tables["updates"].doc_id.isin(seeds)]
    assert len(updates) == 7 and updates.as_of.notna().all()
    responses = tables["responses"][tables["responses"].doc_id.isin(seeds)]
    with_someone = responses.apply(lambda r: len(r.officers) + len(r.officer_roles) > 0 or r.responder, axis=1)
    assert with_someone.all()
    entities = tables["entities"][tables["entities"].doc_id.isin(seeds)]
    assert {"PERSON", "ROLE", "BODY", "DATE"} <= set(entities.label)
    assert entities.rec_id.notna().sum() > 20


@pytest.mark.skipif(not SHARED_REAL.is_dir(), reason="../shared/corpus/real is not here")
def test_government_responses_give_one_record_per_recommendation_with_its_response():
    from collections import Counter
    from extractors.records import extract_records
    from schemas.vocab import DocType, RecKind

    def extract(name):
        doc = read_pdf((SHARED_REAL / name).read_bytes())
        return extract_records(doc, "r" * 16, name, None)

    ex = extract("gcosma_COP509__Behaviour-Change-Response.pdf")
    recs = [r for r in ex.recommendations if r.kind is RecKind.RECOMMENDATION]
    assert ex.document.doc_type is DocType.RESPONSE_REPORT
    # 8.32 is printed twice: the second box (continued over a page break, a footnote between its
    # parts) runs three lettered parts into its stem, each a record
    assert [r.number for r in recs] == [f"8.{n}" for n in range(1, 33)] + ["8.32a", "8.32b", "8.32c"]
    answered = {r.rec_id for r in ex.responses}
    assert all(r.rec_id in answered for r in recs)
    shared = Counter(r.text for r in ex.responses)
    assert any(n >= 2 for n in shared.values())  # several recommendations answered together
    assert not any("Recommendation" in r.text[:40] for r in ex.responses)

    ex = extract("gcosma_COP509__UK-Covid-19_Inquiry_Module_1_Response.pdf")
    recs = [r for r in ex.recommendations if r.kind is RecKind.RECOMMENDATION]
    assert [r.number for r in recs] == [str(n) for n in range(1, 11)]
    assert len({r.rec_id for r in ex.responses}) == 10
    assert all(not r.text.startswith(("The government agrees", "The UK government accepts")) for r in recs)
