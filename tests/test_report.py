"""The report, the SQLite export, datasette and the DuckDB views on a real run of corpus/ (the seeds
give Leeds and Dudley): each council's row, each chart an image, nothing fetched from outside;
every table in SQLite with its Parquet row count and a working full-text index; the SQL views
agree with the Python comparison."""
from __future__ import annotations

import asyncio
import base64
import json
import re
import sqlite3
from datetime import date
from html.parser import HTMLParser

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.browse import RESEARCH_SQL
from pipeline.cli import main
from pipeline.compare import compare_councils, council_names, overdue_table
from pipeline.items import build_items
from pipeline.writer import load_outputs
from schemas.arrow import TABLES

LEEDS, DUDLEY = "Leeds City Council", "Dudley Metropolitan Borough Council"
AS_OF = "2010-06-01"
CHARTS = ["Papers read by kind", "Papers read by year", "Recommendations and decisions",
          "Recommendations with a response", "Acceptance", "Current status", "Overdue share",
          "Days from recommendation to first response", "Days from item to 'achieved'",
          "Open items by holder (top 20)", "Timeline: Leeds City Council", "Quarantine by reason"]


class _Page(HTMLParser):
    """The glance table's rows by council, every image, and every attribute that could load something."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.images: list[dict[str, str]] = []
        self.links: list[str] = []
        self.tags: set[str] = set()
        self._row: list[str] | None = None
        self._council = ""
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        self.links += [v for k, v in attrs.items() if k in ("src", "href", "srcset", "action", "data") and v]
        if tag == "img":
            self.images.append(attrs)
        if tag == "tr" and "data-council" in attrs and attrs["data-council"] not in self.rows:
            self._council, self._row = attrs["data-council"], []
        if tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.rows[self._council] = self._row
            self._row = None


@pytest.fixture(scope="module")
def page(corpus_run, tmp_path_factory):
    out, _ = corpus_run
    target = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(out), "--out", str(target), "--as-of", AS_OF,
                 "--council", "leeds", "--council", "dudley"]) == 0
    text = target.read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(text)
    return text, parsed


def test_report_has_each_councils_row_with_its_figures(page):
    _, parsed = page
    assert list(parsed.rows) == [DUDLEY, LEEDS]
    assert parsed.rows[LEEDS] == [LEEDS, "4", "18", "3", "18 of 18 (100%)", "6 of 6 (100%)", "2 of 21 (10%)",
                                  "13 of 15 (87%)", "0 d (IQR 0–0), n=18", "358 d (IQR 358–358), n=2"]
    assert parsed.rows[DUDLEY] == [DUDLEY, "1", "0", "5", "no data", "no data", "0 of 5 (0%)", "no data",
                                   "no data", "no data"]


def test_report_charts_are_inline_images_and_nothing_is_fetched(page):
    text, parsed = page
    assert [img["title"] for img in parsed.images] == CHARTS
    for img in parsed.images:
        assert img["src"].startswith("data:image/svg+xml;base64,") and img["alt"]
        svg = base64.b64decode(img["src"].split(",", 1)[1]).decode("utf-8")
        assert "<svg" in svg and not re.search(r'href="(https?:)?//', svg)
    assert all(link.startswith("data:") or link.startswith("#") for link in parsed.links)
    assert "script" not in parsed.tags and not re.search(r"https?://|url\(", text)


def test_sqlite_export_holds_every_table_with_keys_and_full_text(corpus_run, tmp_path):
    out, _ = corpus_run
    db = tmp_path / "records.db"
    assert main(["export", "--format", "sqlite", "--out", str(db), "--outputs", str(out), "--as-of", AS_OF]) == 0
    con = sqlite3.connect(db)
    for table in TABLES:
        expected = pq.read_table(out / f"{table}.parquet").num_rows
        assert con.execute(f"select count(*) from {table}").fetchone()[0] == expected, table
    columns = {r[1]: (r[2], r[5]) for r in con.execute("pragma table_info(recommendations)")}
    assert columns["rec_id"] == ("TEXT", 1) and columns["page_start"] == ("INTEGER", 0)
    assert columns["confidence"] == ("REAL", 0)
    assert {r[1]: r[2] for r in con.execute("pragma table_info(documents)")}["meeting_date"] == "DATE"
    assert {(r[3], r[2]) for r in con.execute("pragma foreign_key_list(responses)")} == {
        ("rec_id", "recommendations"), ("doc_id", "documents")}
    assert {r[1] for r in con.execute("pragma index_list(responses)")} >= {"responses_rec_id", "responses_doc_id"}
    recs = load_outputs(out)["recommendations"]
    mast = sorted(recs.rec_id[recs.text.str.contains(r"\bMAST\b", case=False)])
    found = con.execute("select r.rec_id from recommendations_fts f join recommendations r on r.rowid = f.rowid "
                        "where recommendations_fts match 'mast' order by r.rec_id").fetchall()
    assert [r for (r,) in found] == mast and len(mast) == 4
    responses = load_outputs(out)["responses"]
    locality = int(responses.text.str.contains(r"\blocality\b", case=False).sum())
    assert con.execute("select count(*) from responses_fts where responses_fts match 'locality'").fetchone()[0] == locality
    assert locality > 0
    officers = con.execute("select officers from responses where officers != '[]' limit 1").fetchone()[0]
    assert isinstance(json.loads(officers), list)


def test_datasette_opens_the_export_with_facets_and_search(corpus_run, tmp_path):
    from datasette.app import Datasette
    out, _ = corpus_run
    db = tmp_path / "records.db"
    assert main(["export", "--format", "sqlite", "--out", str(db), "--outputs", str(out), "--as-of", AS_OF]) == 0
    metadata = json.loads((tmp_path / "records.metadata.json").read_text())

    async def fetch(path, **params):
        response = await Datasette(files=[str(db)], metadata=metadata).client.get(path, params=params)
        assert response.status_code == 200, path
        return response.json()

    items = asyncio.run(fetch("/records/items.json"))
    facets = {name: {r["value"]: r["count"] for r in f["results"]} for name, f in items["facet_results"].items()}
    assert {"council", "status", "decision", "doc_type"} <= set(facets)
    assert facets["council"][LEEDS] == 21 and facets["council"][DUDLEY] == 5
    assert facets["status"] == {"achieved": 2}
    docs = asyncio.run(fetch("/records/documents.json"))
    assert docs["facet_results"]["doc_type"]["results"][0]["value"] == "committee_report"
    search = asyncio.run(fetch("/records/recommendations.json", _search="MAST"))
    assert search["filtered_table_rows_count"] == 4


def test_duckdb_views_answer_both_questions_as_the_report_does(corpus_run):
    out, _ = corpus_run
    con = duckdb.connect()
    con.execute(f"SET VARIABLE outputs = '{out}'")
    con.execute(f"SET VARIABLE as_of = DATE '{AS_OF}'")
    con.execute(RESEARCH_SQL.read_text(encoding="utf-8"))
    compared = con.execute("SELECT council, items, recommendations, decisions, answered, accepted, achieved, "
                           "with_due_date, overdue, overdue_share FROM council_followthrough "
                           "WHERE council ILIKE '%Leeds%' OR council ILIKE '%Dudley%'").fetchall()
    tables = load_outputs(out)
    frame = compare_councils(tables, date.fromisoformat(AS_OF), ["leeds", "dudley"])
    expected = [(c, r["items"], r.recommendations, r.decisions, r.answered, r.accepted, r.status_achieved,
                 r.with_due_date, r.overdue, None if r.overdue_share != r.overdue_share else r.overdue_share)
                for c, r in frame.iterrows()]
    assert compared == expected
    overdue = con.execute("SELECT rec_ids, days_overdue, officers FROM overdue_items").fetchall()
    python = overdue_table(build_items(tables, date.fromisoformat(AS_OF)), council_names(tables))
    assert [(r, d) for r, d, _ in overdue] == list(zip(python.rec_ids, python.days_overdue))
    assert sorted(overdue[0][2]) == sorted(python.officers.iloc[0]) and len(overdue) == 13
