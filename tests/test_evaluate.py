"""`followthrough evaluate` on a real run of the pipeline: gold written here from what the seed
papers say (001: a Leeds response report, six recommendations each with the Director's response,
and the decision it asks of the Executive Board; 003: a Dudley report asking its Select Committee
for five decisions), plus a scanned PDF and a paper with no records. Every figure is exact."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import evaluate, match_items, normalise

from conftest import FIXTURES, SEEDS, ocr_off_params

LEEDS = "001_a5be961fdb6fec4e.txt"
DUDLEY = "003_5f99651857977bf9.txt"
NO_RECORDS_TEXT = """Leeds City Council

Scrutiny Board (Children's Services)

12 March 2009

Work Programme

1. This report sets out the Board's work programme for the remainder of the municipal year.

2. The Board will visit two children's centres in April.
"""

LEEDS_GOLD = """\
file: 001_a5be961fdb6fec4e.txt
doc_id: {doc_id}
quarantine: null
document:
  council: Leeds City Council
  body: Executive Board
  meeting_date: 2009-04-01
  doc_type: response_report
  title: "Response to the Children's Services Scrutiny Board's Inquiry into the Multi-Agency Support Team (MAST)"
  status: ok
records:
  - number: null
    kind: decision
    text: "Approve the proposed responses to the Scrutiny Board's recommendations."
    end: "to the Scrutiny Board's recommendations."
  - number: "1"
    kind: recommendation
    text: "That the Director of Children's Services ensures that the staff of the MAST team"
    end: "{end_1}"
    responses:
      - text: "The Director of Children's Services has required that the Locality Enabler (East) has met"
        decision: accepted
        officers: []
        officer_roles: ["Director of Children's Services", "Locality Enabler (East)"]
        due: []
  - number: "2"
    kind: recommendation
    text: "That the present MAST team is retained until revised service proposals are in place"
    end: "until revised service proposals are in place"
    responses:
      - text: "The MAST team will all remain in place to August '09"
        decision: accepted
        officers: []
        due: []  # the end of a period the team stays for, not a date anything is due by
  - number: "3"
    kind: recommendation
    text: "That the Director of Children's Services informs the Scrutiny Board of plans for"
    end: "in the East area of the city and city-wide."
    responses:
      - text: "The Scrutiny Board will be informed of this through the Leeds Inclusive Learning Strategy"
        decision: {decision_3}
        officers: []
        due: ["2009-07"]
  - number: "4"
    kind: recommendation
    text: "That the Director of Children's Services ensures that the local knowledge of staff"
    end: "retained in some way if it works for local people."
    responses:
      - text: "It is anticipated that the current staff will be an important part of the"
        decision: accepted
        officers: []
        officer_roles: ["Locality Enabler (East)"]
        due: []
  - number: "5"
    kind: recommendation
    text: "That the Director of Children's Services produces clear guidelines which support partners"
    end: "such as personnel and performance management."
    responses:
      - text: "A new financial planning framework established in 2009/10 will ensure that all aspects"
        decision: accepted
        officers: []
        due: ["2009-09"]
  - number: "6"
    kind: recommendation
    text: "That the Director of Children's Services produces a protocol with partners which promotes"
    end: "within the overall priorities for Children's Services."
    responses:
      - text: "A partnership working group will be established to progress this recommendation"
        decision: accepted
        officers: []
        due: ["2009-09"]
"""

DUDLEY_GOLD = """\
file: 003_5f99651857977bf9.txt
quarantine: null
document:
  council: Dudley Metropolitan Borough Council
  body: Select Committee on Children's Services
  meeting_date: 2007-09-17
  doc_type: committee_report
  title: Children's Trust and Children and Young People's Plan
  status: ok
records:
  - {{number: null, kind: decision, text: "the development of a new plan for January 2008",
      end: "a new plan for January 2008"}}
  - {{number: null, kind: decision,
      text: "the Partnership and Children's Trust Division being tasked to undertake a Joint Needs Analysis",
      end: "with Health and other partners as appropriate"}}
  - {{number: null, kind: decision,
      text: "the process of developing the new plan being clearly positioned with the Partnership",
      end: "supported by the Joint Planning and Commissioning Group"}}
  - {{number: null, kind: decision,
      text: "endorse the section on the Children's Trust developments in the review of the",
      end: "Plan 2006-09 and detailed above."}}
  - {{number: null, kind: decision, text: "report back to the Select Committee with a draft plan at the meeting",
      end: "at the meeting on 15 November 2007."}}
{extra}"""

# Not a record of the paper: a gold labeller's mistake, so the pipeline rightly misses it.
DUDLEY_EXTRA = """\
  - {number: null, kind: decision, text: "Develop the parenting strategy and related implementation plan"}
"""

SCANNED_GOLD = "file: scanned.pdf\nquarantine: {code}\nrecords: []\n"
NO_RECORDS_GOLD = """\
file: work_programme.txt
quarantine: null
document: {status: no_records}
records: []
"""
# Seed 000 (a Leeds tracker) is not in the run: its record, response and three updates are missed.
ABSENT_GOLD = """\
file: 000_f89f526d332940ea.txt
quarantine: null
document: {status: ok}
records:
  - number: "5"
    kind: recommendation
    text: "That the Director of Children's Services produces clear guidelines which support partners"
    stage_raw: "2 (Achieved)"
    complete: true
    responses:
      - {text: "A new financial planning framework established in 2009/10", decision: accepted}
    updates:
      - {as_of: "2010-03", text: "The following items have been developed and will now be progressed"}
      - {as_of: "2009-05", text: "It is anticipated that the partnership group will complete this work"}
      - {as_of: "2009-09", text: "Education Leeds has produced guidelines for schools re HR issues"}
"""

RIGHT_END_1 = "and that the staff are kept regularly updated on progress."


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One run of the pipeline over the two seeds, a scanned PDF and a paper with no records."""
    inputs = tmp_path_factory.mktemp("papers")
    for name in (LEEDS, DUDLEY):
        shutil.copy(SEEDS / name, inputs / name)
    shutil.copy(FIXTURES / "bad" / "scanned.pdf", inputs / "scanned.pdf")
    (inputs / "work_programme.txt").write_text(NO_RECORDS_TEXT, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(inputs), "--out", str(out), "--workers", "2", "--no-cache",
                 "--params", ocr_off_params(out.parent)]) == 0
    return out


def write_gold(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def leeds_gold(end_1: str = RIGHT_END_1, decision_3: str = "accepted") -> str:
    doc_id = hashlib.sha256((SEEDS / LEEDS).read_bytes()).hexdigest()[:16]
    return LEEDS_GOLD.format(doc_id=doc_id, end_1=end_1, decision_3=decision_3)


def complete_gold(folder: Path) -> Path:
    return write_gold(folder, {"leeds.yaml": leeds_gold(), "dudley.yml": DUDLEY_GOLD.format(extra=""),
                               "scanned.yaml": SCANNED_GOLD.format(code="no_text_layer"),
                               "work_programme.json": json.dumps(
                                   {"file": "work_programme.txt", "quarantine": None,
                                    "document": {"status": "no_records"}, "records": []})})


def test_normalise_folds_case_quotes_and_punctuation():
    assert normalise("  \u201cRec\u2019s\u201d \u2014 3(a)\u00a0Ｆull-width ") == "rec s 3 a full width"
    assert normalise(None) == ""


def test_matching_is_one_to_one_and_tolerates_a_slip():
    gold = ["That the Council reviews its policy", "That the Council reveiws its polcy on fees"]
    predicted = ["3. That the Council reviews its policy on fees and charges", "Something else entirely"]
    # Both gold openings fit the first prediction; the exact one takes it, the other is left over.
    assert match_items(gold, predicted) == [(0, 0)]
    assert match_items(gold[1:], predicted) == [(0, 0)]  # difflib ratio above 0.85 alone
    assert match_items(["x" * 10 + " the policy"], ["y" * 130 + " x" * 10 + " the policy"]) == []


def test_complete_correct_gold_scores_one(run, tmp_path):
    result = evaluate(complete_gold(tmp_path / "own"), run)
    overall = result.overall()
    assert (overall.records.tp, overall.records.fp, overall.records.fn) == (18, 0, 0)
    assert (overall.records.precision, overall.records.recall, overall.records.f1) == (1.0, 1.0, 1.0)
    assert (overall.tables["responses"].tp, overall.tables["updates"].tp) == (6, 0)
    assert overall.tables["updates"].f1 is None
    # 7 + 7 document fields, 1 (quarantine), 2 (status, quarantine); 21 + 15 record fields; 20 response
    assert (overall.field_total.correct, overall.field_total.scored) == (73, 73)
    assert overall.fields["documents.quarantine"].scored == 4
    assert overall.fields["recommendations.text_end"].scored == 12
    assert [d.note for d in result.documents] == ["", "", "", ""]
    assert list(result.by_set()) == ["own"]


def test_one_extra_gold_record_gives_recall_five_sixths(run, tmp_path):
    gold = write_gold(tmp_path / "real", {"dudley.yaml": DUDLEY_GOLD.format(extra=DUDLEY_EXTRA)})
    records = evaluate(gold, run).overall().records
    assert (records.tp, records.fp, records.fn) == (5, 0, 1)
    assert (records.recall, records.f1) == (5 / 6, 10 / 11)
    assert records.precision == 1.0


def test_gold_doc_id_that_differs_falls_back_to_the_file_name_and_says_so(run, tmp_path):
    gold = write_gold(tmp_path / "own", {"d.yaml": "doc_id: 0123456789abcdef\n" + DUDLEY_GOLD.format(extra="")})
    result = evaluate(gold, run)
    assert result.documents[0].note == "matched by file name; its doc_id differs (file changed?)"
    assert result.overall().records.f1 == 1.0


def test_wrong_end_lowers_text_end_accuracy(run, tmp_path):
    gold = write_gold(tmp_path / "real", {"leeds.yaml": leeds_gold(end_1="as a matter of urgency.")})
    result = evaluate(gold, run)
    score = result.overall()
    text_end = score.fields["recommendations.text_end"]
    assert (text_end.correct, text_end.scored) == (6, 7)
    assert (score.field_total.correct, score.field_total.scored) == (47, 48)
    assert score.records.f1 == 1.0
    assert result.documents[0].errors == [
        "recommendations.text_end of \"That the Director of Children's Service…\": gold 'as a matter of "
        "urgency.', predicted '…, and that the staff are kept regularly updated on progress.'"]


def test_wrong_decision_lowers_field_accuracy(run, tmp_path):
    gold = write_gold(tmp_path / "real", {"leeds.yaml": leeds_gold(decision_3="rejected")})
    score = evaluate(gold, run).overall()
    decision = score.fields["responses.decision"]
    assert (decision.correct, decision.scored) == (5, 6)
    assert (score.field_total.correct, score.field_total.scored) == (47, 48)


def test_gold_paper_missing_from_out_counts_its_records_as_misses(run, tmp_path):
    gold = write_gold(tmp_path / "real2", {"a_dudley.yaml": DUDLEY_GOLD.format(extra=""),
                                           "b_tracker.yaml": ABSENT_GOLD})
    result = evaluate(gold, run)
    absent = result.documents[1]
    assert absent.note == "not in OUT"
    assert {t: (s.tp, s.fp, s.fn) for t, s in absent.score.tables.items()} == {
        "recommendations": (0, 0, 1), "responses": (0, 0, 1), "updates": (0, 0, 3)}
    assert (absent.score.records.precision, absent.score.records.recall) == (None, 0.0)
    assert absent.score.field_total.scored == 0
    overall = result.overall().records
    assert (overall.tp, overall.fp, overall.fn) == (5, 0, 5)
    assert (overall.precision, overall.recall, overall.f1) == (1.0, 0.5, 10 / 15)


def test_quarantine_gold_matches_the_quarantine_row(run, tmp_path):
    right = evaluate(write_gold(tmp_path / "a", {"s.yaml": SCANNED_GOLD.format(code="no_text_layer")}), run)
    wrong = evaluate(write_gold(tmp_path / "b", {"s.yaml": SCANNED_GOLD.format(code="encrypted")}), run)
    for result, correct in ((right, 1), (wrong, 0)):
        field = result.overall().fields["documents.quarantine"]
        assert (field.correct, field.scored) == (correct, 1)
        assert result.overall().records.f1 is None
    assert wrong.documents[0].errors == [
        "documents.quarantine of 'scanned.pdf': gold 'encrypted', predicted 'no_text_layer'"]


def test_no_records_gold_matches_a_no_records_quarantine_row(run, tmp_path):
    result = evaluate(write_gold(tmp_path / "own", {"w.yaml": NO_RECORDS_GOLD}), run)
    fields = result.overall().fields
    assert {name: (f.correct, f.scored) for name, f in fields.items()} == {
        "documents.status": (1, 1), "documents.quarantine": (1, 1)}


@pytest.mark.parametrize("broken, key", [
    (DUDLEY_GOLD.format(extra="").replace("kind: decision, text: \"the dev", "kind: decison, text: \"the dev"),
     "records[0].kind: 'decison' is not one of recommendation, decision"),
    (DUDLEY_GOLD.format(extra="").replace('text: "report back', 'txt: "report back'),
     "records[4].txt: unknown key"),
    (DUDLEY_GOLD.format(extra="").replace("file: 003_5f99651857977bf9.txt\n", ""), "file: missing"),
    ("file: x.pdf\nquarantine: no_records\nrecords: []\n", "quarantine: 'no_records' is not one of"),
])
def test_malformed_gold_exits_2_naming_the_file_and_key(run, tmp_path, capsys, broken, key):
    gold = write_gold(tmp_path / "own", {"good.yaml": DUDLEY_GOLD.format(extra=""), "broken.yaml": broken})
    assert main(["evaluate", str(gold), str(run)]) == 2
    err = capsys.readouterr().err
    assert f"{gold / 'broken.yaml'}: {key}" in err


def test_out_without_tables_exits_2(tmp_path, capsys):
    gold = write_gold(tmp_path / "own", {"dudley.yaml": DUDLEY_GOLD.format(extra="")})
    (tmp_path / "empty").mkdir()
    assert main(["evaluate", str(gold), str(tmp_path / "empty")]) == 2
    assert "run `followthrough run` first" in capsys.readouterr().err


def test_cli_prints_tables_and_writes_json(run, tmp_path, capsys):
    gold = complete_gold(tmp_path / "own")
    target = tmp_path / "results" / "accuracy.json"
    assert main(["evaluate", str(gold), str(run), "--json", str(target)]) == 0
    printed = capsys.readouterr().out
    assert "overall" in printed and "documents.quarantine" in printed and LEEDS in printed
    report = json.loads(target.read_text(encoding="utf-8"))
    assert list(report) == ["documents_scored", "overall", "sets", "documents"]
    assert list(report["overall"]) == ["records", "tables", "field_accuracy", "fields"]
    assert report["overall"]["records"] == {"tp": 18, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0,
                                            "f1": 1.0}
    assert report["overall"]["field_accuracy"] == {"scored": 73, "correct": 73, "accuracy": 1.0}
    assert report["sets"]["own"]["documents"] == 4
    assert [d["file"] for d in report["documents"]] == [DUDLEY, LEEDS, "scanned.pdf", "work_programme.txt"]
