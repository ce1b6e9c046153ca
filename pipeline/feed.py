"""One row per recommendation thread for trackers, the timeline of one thread, and the exports.

A thread is every recommendation with the same thread_id (a single paper's recommendation is a
thread of one). Its latest status comes from the latest paper that states one; it is overdue
when its last due date has passed on the `as_of` date and it is not achieved or stopped.
`as_of` is the feed's reference date (default: the day of the export) and is written with it;
no record date ever comes from it.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

DONE = {"achieved", "stopped"}
FEED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("thread_id", "TEXT PRIMARY KEY"), ("council", "TEXT"), ("council_code", "TEXT"),
    ("number", "TEXT"), ("text", "TEXT"), ("origin", "TEXT"), ("made_date", "DATE"),
    ("documents", "INTEGER"), ("latest_status", "TEXT"), ("latest_stage_raw", "TEXT"),
    ("status_date", "DATE"), ("complete", "INTEGER"), ("response_decision", "TEXT"),
    ("responder", "TEXT"), ("officers", "TEXT"), ("officer_roles", "TEXT"), ("due_dates", "TEXT"),
    ("last_due_date", "DATE"), ("overdue", "INTEGER"), ("days_overdue", "INTEGER"), ("as_of", "DATE"),
    ("rec_ids", "TEXT"), ("doc_ids", "TEXT"), ("source_paths", "TEXT"), ("pages", "TEXT"),
)
LIST_COLUMNS = {"officers", "officer_roles", "due_dates", "rec_ids", "doc_ids", "source_paths", "pages"}


@dataclass(frozen=True)
class ThreadView:
    thread_id: str
    members: pd.DataFrame      # recommendations joined with their documents, oldest first
    responses: pd.DataFrame
    updates: pd.DataFrame


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    key = frame["meeting_date"].map(lambda d: d if isinstance(d, date) else date.max)
    return frame.assign(_when=key).sort_values(["_when", "rec_id"]).drop(columns="_when")


def _none_for_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Parquet nulls as None (pandas reads missing strings as NaN), list cells as lists."""
    out = frame.astype(object)
    out = out.where(out.map(lambda v: not (isinstance(v, float) and v != v)), None)
    for column in out.columns:
        if out[column].map(lambda v: hasattr(v, "tolist") and not isinstance(v, str)).any():
            out[column] = out[column].map(lambda v: list(v) if v is not None else [])
    return out


def thread_views(tables: dict[str, pd.DataFrame]) -> list[ThreadView]:
    tables = {name: _none_for_missing(frame) for name, frame in tables.items()}
    recs = tables["recommendations"]
    recs = recs[recs.thread_id.notna()]
    docs = tables["documents"][["doc_id", "council", "council_code", "meeting_date", "doc_type",
                                "title", "source_path", "body"]]
    joined = recs.merge(docs, on="doc_id", how="left")
    views = []
    for tid, members in joined.groupby("thread_id", sort=True):
        ids = set(members.rec_id)
        views.append(ThreadView(tid, _dated(members),
                                tables["responses"][tables["responses"].rec_id.isin(ids)],
                                tables["updates"][tables["updates"].rec_id.isin(ids)]))
    return views


def _unique(values) -> list:
    out: list = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


def feed_row(view: ThreadView, as_of: date) -> dict:
    members, responses = view.members, view.responses
    anchor = members.iloc[0]
    stated = members[members.status.notna()]
    latest = stated.iloc[-1] if len(stated) else None
    decided = responses[responses.decision.notna()]
    due = sorted(_unique(d for ds in responses.due_dates for d in (ds if ds is not None else [])))
    status = latest.status if latest is not None else None
    last_due = due[-1] if due else None
    overdue = bool(last_due and last_due < as_of and status not in DONE)
    return {
        "thread_id": view.thread_id, "council": anchor.council, "council_code": anchor.council_code,
        "number": anchor.number, "text": anchor.text, "origin": anchor.origin,
        "made_date": anchor.meeting_date if isinstance(anchor.meeting_date, date) else None,
        "documents": int(members.doc_id.nunique()),
        "latest_status": status, "latest_stage_raw": latest.stage_raw if latest is not None else None,
        "status_date": latest.meeting_date if latest is not None and isinstance(latest.meeting_date, date) else None,
        "complete": None if latest is None or latest.complete is None else bool(latest.complete),
        "response_decision": decided.iloc[-1].decision if len(decided) else None,
        "responder": responses.iloc[-1].responder if len(responses) else None,
        "officers": _unique(o for os in responses.officers for o in os),
        "officer_roles": _unique(o for os in responses.officer_roles for o in os),
        "due_dates": due, "last_due_date": last_due, "overdue": overdue,
        "days_overdue": (as_of - last_due).days if overdue else 0, "as_of": as_of,
        "rec_ids": list(members.rec_id), "doc_ids": list(members.doc_id),
        "source_paths": list(members.source_path), "pages": [int(p) for p in members.page_start],
    }


def build_feed(tables: dict[str, pd.DataFrame], as_of: date) -> list[dict]:
    return [feed_row(view, as_of) for view in thread_views(tables)]


def _plain(value, for_csv: bool):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        items = [_plain(v, for_csv) for v in value]
        return "; ".join(map(str, items)) if for_csv else items
    if isinstance(value, bool):
        return int(value) if for_csv else value
    return value


def write_feed(rows: list[dict], fmt: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    names = [name for name, _ in FEED_COLUMNS]
    if fmt == "jsonl":
        with target.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps({k: _plain(row[k], False) for k in names}, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=names)
            writer.writeheader()
            writer.writerows({k: _plain(row[k], True) for k in names} for row in rows)
    elif fmt == "sqlite":
        target.unlink(missing_ok=True)
        con = sqlite3.connect(target)
        columns = ", ".join(f"{name} {kind}" for name, kind in FEED_COLUMNS)
        con.execute(f"CREATE TABLE threads ({columns})")
        placeholders = ", ".join("?" for _ in names)
        con.executemany(f"INSERT INTO threads VALUES ({placeholders})", [
            tuple(json.dumps(_plain(row[k], False)) if k in LIST_COLUMNS else _plain(row[k], True)
                  for k in names) for row in rows])
        con.commit()
        con.close()
    else:
        raise ValueError(f"unknown format {fmt!r}: use jsonl, csv or sqlite")


def render_timeline(view: ThreadView, as_of: date) -> str:
    """One recommendation's life as text: made, responses, dated updates, status, overdue."""
    row = feed_row(view, as_of)
    out = [f"Thread {view.thread_id}  {row['council'] or '(council unknown)'}  "
           f"{row['documents']} paper(s)"]
    for _, rec in view.members.iterrows():
        when = rec.meeting_date.isoformat() if isinstance(rec.meeting_date, date) else "undated"
        stage = f"  stage: {rec.stage_raw} → {rec.status}" if rec.stage_raw else ""
        out.append(f"\n{when}  {rec.doc_type}: {rec.title or rec.source_path}  "
                   f"(recommendation {rec.number or '–'}, p. {rec.page_start}){stage}")
        if rec.origin:
            out.append(f"  made by: {rec.origin}")
        out.append(f"  {rec.text}")
        for _, resp in view.responses[view.responses.rec_id == rec.rec_id].iterrows():
            dues = ", ".join(d.isoformat() for d in resp.due_dates) or "none stated"
            who = ", ".join(list(resp.officers) + list(resp.officer_roles)) or "none named"
            approved = f", approved by {resp.approved_by}" if resp.approved_by else ""
            out.append(f"  response ({resp.responder or 'unknown'}{approved}): decision "
                       f"{resp.decision or 'not stated'}; officers {who}; due {dues}")
            out.append(f"    {resp.text[:300]}{'…' if len(resp.text) > 300 else ''}")
        for _, upd in view.updates[view.updates.rec_id == rec.rec_id].sort_values("as_of", na_position="last").iterrows():
            stamp = upd.as_of.isoformat() if isinstance(upd.as_of, date) else "undated"
            out.append(f"  update {stamp} ({upd.label}): {upd.text[:200]}{'…' if len(upd.text) > 200 else ''}")
    state = row["latest_status"] or "not stated"
    out.append(f"\nCurrent status: {state}" + (f" ({row['latest_stage_raw']}, {row['status_date']})"
                                               if row["latest_stage_raw"] else ""))
    if row["last_due_date"]:
        out.append(f"Overdue on {as_of}: " + (f"yes, {row['days_overdue']} days past {row['last_due_date']}"
                                              if row["overdue"] else "no"))
    else:
        out.append("Overdue: no due date stated")
    return "\n".join(out)
