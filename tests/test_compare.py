"""The per-council comparison on small hand-made record sets: exact counts and rates, overdue on a
fixed as-of date, "no data" for empty groups, and the JSON view of the same computation."""
from __future__ import annotations

import json
import math
from datetime import date

import pytest

from pipeline.cli import main
from pipeline.compare import CouncilNotFound, compare_councils, holder_load, overdue_table
from pipeline.items import UNKNOWN_COUNCIL, build_items
from pipeline.writer import load_outputs, write_tables
from schemas.records import (DocumentRecord, QuarantineRecord, RecommendationRecord, ResponseRecord,
                             UpdateRecord)
from schemas.vocab import (Decision, DocType, DocumentStatus, Precision, RecKind, SourceFormat, Stage,
                           Status)

LEEDS, DUDLEY = "Leeds City Council", "Dudley Metropolitan Borough Council"
AS_OF = date(2021, 1, 1)


def _doc(doc_id, council, when, doc_type, status=DocumentStatus.OK):
    return DocumentRecord(doc_id, f"papers/{doc_id}.txt", SourceFormat.TXT, 1, council, None, "Board", when,
                          doc_type, None, None, status)


def _rec(doc_id, n, kind=RecKind.RECOMMENDATION, thread=None, status=None, confidence=0.9):
    return RecommendationRecord(f"{doc_id}:{n}", doc_id, n, str(n), kind, f"Recommendation {doc_id} {n}", None,
                                None, None, None, None, None, status, None, thread, 1, 1, 0, 10, confidence)


def _resp(rec_id, decision, due, approved=None, officers=(), roles=()):
    return ResponseRecord(f"r-{rec_id}", rec_id, rec_id.split(":")[0], "Response.", "Director", decision, None,
                          approved, Precision.DAY if approved else None, tuple(officers), tuple(roles), None,
                          tuple(due))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Leeds: a response report (4 recommendations, 1 decision) and a later tracker following two of
    them; Dudley: a report with two decisions; a paper of unknown council and undated with no records;
    two quarantined inputs."""
    out = tmp_path_factory.mktemp("hand")
    a, b, c, d = "aaaa", "bbbb", "cccc", "dddd"
    write_tables(out, {
        "documents": [_doc(a, LEEDS, date(2020, 1, 10), DocType.RESPONSE_REPORT),
                      _doc(b, LEEDS, date(2020, 9, 1), DocType.TRACKER),
                      _doc(c, DUDLEY, date(2019, 5, 1), DocType.COMMITTEE_REPORT),
                      _doc(d, None, None, DocType.OTHER, DocumentStatus.NO_RECORDS)],
        "recommendations": [_rec(a, 1, thread="t1"), _rec(a, 2, thread="t2"), _rec(a, 3), _rec(a, 4, RecKind.DECISION),
                            _rec(a, 5, confidence=0.3),
                            _rec(b, 1, thread="t1", status=Status.ACHIEVED), _rec(b, 2, thread="t2", status=Status.BEHIND),
                            _rec(c, 1, RecKind.DECISION), _rec(c, 2, RecKind.DECISION)],
        "responses": [_resp(f"{a}:1", Decision.ACCEPTED, [date(2020, 6, 30)], date(2020, 3, 10), officers=["Ann Smith"]),
                      _resp(f"{a}:2", Decision.REJECTED, [date(2021, 12, 31)], roles=["Director of Housing"]),
                      _resp(f"{a}:3", Decision.NOTED, [date(2020, 10, 31)], date(2020, 2, 9))],
        "updates": [UpdateRecord("u1", f"{b}:2", b, "August 2020 update", date(2020, 8, 1), Precision.MONTH,
                                 "Work has started.", 1, 0, 5)],
        "quarantine": [QuarantineRecord("papers/x.pdf", None, Stage.PARSE, "corrupt", "corrupt PDF"),
                       QuarantineRecord("papers/y.pdf", None, Stage.PARSE, "encrypted", "encrypted PDF")],
    })
    return out


def test_comparison_counts_and_rates_are_exact(outputs):
    frame = compare_councils(load_outputs(outputs), AS_OF)
    assert list(frame.index) == [DUDLEY, LEEDS, UNKNOWN_COUNCIL]
    leeds = frame.loc[LEEDS]
    assert (leeds.papers, leeds.papers_response_report, leeds.papers_tracker, leeds.papers_in_2020) == (2, 1, 1, 2)
    assert (leeds["items"], leeds.recommendations, leeds.decisions, leeds.records) == (5, 4, 1, 7)
    assert (leeds.answered, leeds.answered_share) == (3, 0.75)
    assert (leeds.decided, leeds.accepted, leeds.rejected, leeds.noted) == (3, 1, 1, 1)
    assert leeds.accepted_share == pytest.approx(1 / 3)
    assert (leeds.status_achieved, leeds.status_behind, leeds.status_not_stated, leeds.achieved_share) == (1, 1, 3, 0.2)
    # t1 is achieved (not overdue though past due), t2 is due in December 2021, a:3 was due 2020-10-31
    assert (leeds.with_due_date, leeds.overdue, leeds.overdue_share) == (3, 1, pytest.approx(1 / 3))
    # to response: t1 approved 60 days on, a:2 in the paper itself (0), a:3 approved 30 days on
    assert [leeds[f"days_to_response_{s}"] for s in ("n", "median", "p25", "p75", "min", "max")] == [3, 30, 15, 45, 0, 60]
    assert (leeds.days_to_achieved_n, leeds.days_to_achieved_median) == (1, 235)  # 2020-01-10 → 2020-09-01
    assert (leeds.records_undated, leeds.records_no_status, leeds.records_no_officer,
            leeds.records_low_confidence) == (0, 5, 5, 1)


def test_empty_groups_are_no_data_not_zero(outputs):
    frame = compare_councils(load_outputs(outputs), AS_OF)
    dudley, unknown = frame.loc[DUDLEY], frame.loc[UNKNOWN_COUNCIL]
    assert (dudley.papers, dudley.decisions, dudley.recommendations, dudley.answered) == (1, 2, 0, 0)
    for rate in ("answered_share", "accepted_share", "overdue_share", "days_to_response_median",
                 "days_to_achieved_median"):
        assert math.isnan(dudley[rate]), rate
    assert dudley.achieved_share == 0.0  # two decisions, none achieved: a real zero
    assert (unknown.papers, unknown.papers_no_records, unknown.papers_undated, unknown["items"]) == (1, 1, 1, 0)
    assert math.isnan(unknown.achieved_share)


def test_overdue_depends_on_as_of_and_names_who_is_responsible(outputs):
    tables = load_outputs(outputs)
    items = build_items(tables, AS_OF)
    late = overdue_table(items, [LEEDS, DUDLEY])
    assert late[["number", "last_due_date", "days_overdue"]].values.tolist() == [["3", date(2020, 10, 31), 62]]
    later = overdue_table(build_items(tables, date(2022, 1, 10)), [LEEDS])
    assert later[["number", "days_overdue", "officer_roles"]].values.tolist() == [
        ["3", 436, []], ["2", 10, ["Director of Housing"]]]
    load = holder_load(items, [LEEDS])
    assert load[["holder", "kind", "open", "overdue", "items"]].values.tolist() == [
        ["Director of Housing", "role", 1, 0, 1], ["Ann Smith", "officer", 0, 0, 1]]


def test_council_selection(outputs):
    tables = load_outputs(outputs)
    assert list(compare_councils(tables, AS_OF, ["dudley"]).index) == [DUDLEY]
    with pytest.raises(CouncilNotFound, match="'york'.*Leeds City Council"):
        compare_councils(tables, AS_OF, ["york"])


def test_json_report_carries_the_same_breakdown(outputs, tmp_path, capsys):
    target = tmp_path / "report.json"
    assert main(["report", str(outputs), "--out", str(target), "--as-of", "2021-01-01",
                 "--council", "leeds", "--council", "dudley"]) == 0
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["as_of"] == "2021-01-01" and list(report["councils"]) == [DUDLEY, LEEDS]
    assert report["councils"][LEEDS]["overdue_share"] == pytest.approx(1 / 3)
    assert report["councils"][DUDLEY]["answered_share"] is None  # no data, not 0
    assert report["councils"][LEEDS]["days_to_response_median"] == 30
    assert [(o["number"], o["days_overdue"]) for o in report["overdue"]] == [("3", 62)]
    assert report["quarantine_by_reason"] == {"corrupt": 1, "encrypted": 1}
    assert main(["report", str(outputs), "--council", "york", "--out", str(target)]) == 2
    assert "no council matches 'york'" in capsys.readouterr().err


def test_load_outputs_types(outputs):
    tables = load_outputs(outputs)
    docs, responses = tables["documents"], tables["responses"]
    assert docs.council.tolist() == [LEEDS, LEEDS, DUDLEY, None]  # None, not NaN
    assert docs.meeting_date.tolist()[2:] == [date(2019, 5, 1), None]
    assert responses.officers.tolist() == [["Ann Smith"], [], []]
    assert responses.due_dates.tolist()[0] == [date(2020, 6, 30)]
    assert tables["recommendations"].complete.tolist() == [None] * 9
    assert str(tables["recommendations"].ordinal.dtype) == "int32"


def test_nothing_read_gives_a_report_of_empty_groups(tmp_path):
    """Every input quarantined: the page and the JSON still come out, saying "no data"."""
    out = tmp_path / "out"
    write_tables(out, {"quarantine": [QuarantineRecord("papers/x.pdf", None, Stage.PARSE, "corrupt", "corrupt PDF")]})
    assert main(["report", str(out), "--out", str(tmp_path / "r.json"), "--as-of", "2021-01-01"]) == 0
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert (report["councils"], report["overdue"], report["quarantine_by_reason"]) == ({}, [], {"corrupt": 1})
    assert main(["report", str(out), "--out", str(tmp_path / "r.html"), "--as-of", "2021-01-01"]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "no data: no item is overdue on 2021-01-01" in page and page.count("<img ") == 11  # no timeline
