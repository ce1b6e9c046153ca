"""Threads across papers: every record in a thread, the seeds' MAST recommendations, the Behaviour
Change report and its government response, decisions followed from a report to the minutes that
adopt it, and the candidate index's bounds."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from extractors.link_index import K_RAREST, WINDOW, FeatureIndex
from extractors.linking import link_records
from pipeline.config import Config
from pipeline.runner import run_batch
from pipeline.writer import load_outputs
from schemas.records import DocumentRecord, RecommendationRecord
from schemas.vocab import DocType, DocumentStatus, RecKind, SourceFormat

from conftest import FIXTURES, SEEDS, SHARED_REAL

TRACKER = SEEDS / "000_f89f526d332940ea.txt"
RESPONSE = SEEDS / "001_a5be961fdb6fec4e.txt"


def _run(paths, out):
    run_batch([str(p) for p in paths], out, Config(workers=1))
    return load_outputs(out)


def _linked(tables) -> dict[str, list[tuple[str, str]]]:
    """Threads of two or more records: (paper's first three letters, number) of each member."""
    recs = tables["recommendations"].merge(tables["documents"][["doc_id", "source_path"]], on="doc_id")
    threads = tables["threads"].merge(recs[["rec_id", "number", "source_path"]], on="rec_id")
    return {tid: sorted(zip(g.source_path.map(lambda p: p.rsplit("/", 1)[-1][:3]), g.number))
            for tid, g in threads.groupby("thread_id") if len(g) > 1}


def test_every_seed_record_has_a_thread_and_only_the_mast_pairs_span_two_papers(tmp_path):
    tables = _run(sorted(SEEDS.glob("*.txt")), tmp_path)
    recs, threads = tables["recommendations"], tables["threads"]
    assert recs.thread_id.notna().all() and sorted(threads.rec_id) == sorted(recs.rec_id)
    assert (recs.kind == "decision").sum() == 8 and len(recs) == 28 and threads.thread_id.nunique() == 26
    linked = _linked(tables)
    assert sorted(linked.values()) == [[("000", "5"), ("001", "5")], [("000", "6"), ("001", "6")]]
    singles = threads[~threads.thread_id.isin(list(linked))]
    assert (singles.similarity == 1.0).all()
    status = threads[threads.thread_id.isin(list(linked))].groupby("thread_id").status.apply(
        lambda s: s.dropna().tolist())
    assert all(v == ["achieved"] for v in status)


def test_a_reports_decisions_thread_with_the_minutes_that_adopt_them(tmp_path):
    tables = _run(sorted((FIXTURES / "threads").glob("*.txt")), tmp_path)
    recs = tables["recommendations"].merge(tables["documents"][["doc_id", "doc_type"]], on="doc_id")
    assert set(recs.kind) == {"decision"} and len(recs) == 6
    pairs = {tid: sorted(zip(g.doc_type, g.number)) for tid, g in recs.groupby("thread_id")}
    # minutes number a resolved item under its minute (22a); the report's own list is (a)-(c)
    assert sorted(pairs.values()) == [[("committee_report", n), ("minutes", f"22{n}")] for n in "abc"]
    dues = recs.set_index("number").due_dates.map(list).groupby(level=0).first()
    assert {k: v for k, v in dues.to_dict().items() if k in "abc"} == {"a": [], "b": [], "c": [date(2025, 10, 31)]}


@pytest.mark.skipif(not SHARED_REAL.is_dir(), reason="../shared/corpus/real is not here")
def test_behaviour_change_report_and_response_link_recommendation_by_recommendation(tmp_path):
    report = SHARED_REAL / "gcosma_COP509__Behaviour-Change-Report-Recomm.pdf"
    response = SHARED_REAL / "gcosma_COP509__Behaviour-Change-Response.pdf"
    tables = _run([report, response], tmp_path)
    recs = tables["recommendations"].merge(tables["documents"][["doc_id", "source_path"]], on="doc_id")
    recs = recs[recs.kind == "recommendation"]
    threads = tables["threads"].merge(recs[["rec_id", "number", "source_path"]], on="rec_id")
    pairs, alone = [], []
    for _, members in threads.groupby("thread_id"):
        numbers = dict(zip(members.source_path.map(lambda p: "response" if "Response" in p else "report"),
                           members.number))
        if len(members) == 1:
            alone.extend(numbers.items())
            continue
        assert len(members) == 2 and set(numbers) == {"report", "response"}
        pairs.append((numbers["report"], numbers["response"]))
    # the report's conclusions are not records; the response boxes and answers them all
    assert sorted(alone) == [("response", n) for n in ("8.14", "8.15", "8.17", "8.30", "8.31", "8.32")]
    assert len(recs[~recs.source_path.str.contains("Response")]) == 29 == len(pairs)
    assert sorted(r for r, _ in pairs) == sorted([f"8.{n}" for n in (*range(1, 14), 16, *range(18, 30))]
                                                 + ["8.33a", "8.33b", "8.33c"])
    # every report number pairs with the same number in the response, except the one it misprinted
    assert sorted((r, s) for r, s in pairs if r != s) == [("8.33a", "8.32a"), ("8.33b", "8.32b"), ("8.33c", "8.32c")]


def _record(doc_id: str, n: int, text: str) -> RecommendationRecord:
    return RecommendationRecord(f"{doc_id}:{n}", doc_id, n, str(n), RecKind.RECOMMENDATION, text, None, None,
                                None, None, None, None, None, None, None, 1, 1, 0, len(text), 0.9)


def _paper(doc_id: str, when: date, council: str = "Leeds City Council") -> DocumentRecord:
    return DocumentRecord(doc_id, f"{doc_id}.txt", SourceFormat.TXT, 1, council, None, None, when,
                          DocType.TRACKER, None, None, DocumentStatus.OK)


BASE = ("That the Director of Children's Services reviews the home to school transport arrangements for "
        "pupils with special educational needs in the rural wards of Wetherby and Otley")


def test_a_recommendation_reprinted_in_many_papers_is_one_thread_with_bounded_work():
    """Sixty quarterly trackers reprint one recommendation, each with a word changed; forty other
    recommendations share its common words. Each record looks at a bounded number of others."""
    papers = [_paper(f"{n:016x}", date(2000 + n // 4, 1 + 3 * (n % 4), 1)) for n in range(60)]
    words = BASE.split()
    records = []
    for n, paper in enumerate(papers):
        edited = words[:]
        edited[10 + n % 12] = f"variant{n}"
        records.append(_record(paper.doc_id, 1, " ".join(edited)))
        records.append(_record(paper.doc_id, 2, f"That the Director of Children's Services reports on topic {n} "
                                                f"with details of subject{n} and matter{n} in area{n}"))
    linking = link_records(papers, records)
    reprints = {linking.thread_of[r.rec_id] for r in records if r.ordinal == 1}
    others = {linking.thread_of[r.rec_id] for r in records if r.ordinal == 2}
    assert len(reprints) == 1 and len(others) == 60 and not reprints & others
    index = FeatureIndex([r.text for r in records])
    mine, near = index.neighbours(0, len(records))
    assert np.bincount(mine).max() == 2 * K_RAREST * WINDOW  # reached, and never passed


def test_two_councils_never_share_a_thread_and_procedure_alone_links_nothing():
    leeds, kent = _paper("a" * 16, date(2020, 1, 1)), _paper("b" * 16, date(2020, 6, 1), "Kent County Council")
    other = _paper("c" * 16, date(2020, 9, 1))
    records = [_record(leeds.doc_id, 1, BASE), _record(kent.doc_id, 1, BASE),
               _record(leeds.doc_id, 2, "Note the report and agree the recommendations"),
               _record(other.doc_id, 2, "Note the report and agree the recommendations")]
    linking = link_records([leeds, kent, other], records)
    assert len(set(linking.thread_of.values())) == 4
    assert np.isclose(sorted(t.similarity for t in linking.rows), 1.0).all()
