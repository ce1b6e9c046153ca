"""Threads read back from an output folder: one view per thread, the tracker feed's rows, and the
timeline of one thread. `threads`, `thread` and `export` all start from `thread_views`, and
where a thread stands comes from one computation (extractors.followup).

`as_of` is the feed's reference date for 'overdue' (default: the day of the export) and is written
with it; no record date ever comes from it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from extractors.followup import FollowUp, Member, follow_up
from extractors.linking import order_key
from schemas import PIPELINE_VERSION, SCHEMA_VERSION
from schemas.arrow import TABLES
from schemas.records import DocumentRecord, ResponseRecord, ThreadHistoryRecord, UpdateRecord

from .state import FolderState, read_state
from .writer import read_records, tables_folder


@dataclass(frozen=True)
class ThreadView:
    thread_id: str
    aliases: tuple[str, ...]
    members: list[Member]                 # earliest first
    papers: dict[str, DocumentRecord]     # doc_id → its document
    responses: list[ResponseRecord]       # in member order, then paper order
    updates: list[UpdateRecord]
    similarity: dict[str, float]          # rec_id → similarity to the earliest member
    history: ThreadHistoryRecord | None
    follow: FollowUp


@dataclass(frozen=True)
class Outputs:
    tables: dict[str, list]
    state: FolderState


def read_outputs(out_dir: str | Path) -> Outputs:
    """The tables and the state of one generation: `.current` is resolved once, so a run that
    publishes meanwhile cannot give a reader threads of one run and aliases of another."""
    out = tables_folder(out_dir)
    missing = [t for t in TABLES if not (out / f"{t}.parquet").exists()]
    if missing:
        raise FileNotFoundError(f"{out}: no {', '.join(missing)} table(s); run `followthrough run` first")
    return Outputs(read_records(out), read_state(out))


def thread_views(outputs: Outputs) -> list[ThreadView]:
    """Every thread of the folder, by thread_id."""
    tables = outputs.tables
    docs: dict[str, DocumentRecord] = {}
    for d in sorted(tables["documents"], key=lambda d: d.source_path):
        docs.setdefault(d.doc_id, d)
    threads = {t.rec_id: t for t in tables["threads"]}
    by_rec: dict[str, dict[str, list]] = defaultdict(lambda: {"responses": [], "updates": []})
    for table in ("responses", "updates"):
        for x in sorted(tables[table], key=lambda x: (x.rec_id, x.char_start)):
            by_rec[x.rec_id][table].append(x)
    grouped: dict[str, list] = defaultdict(list)
    for r in tables["recommendations"]:
        grouped[r.thread_id].append(r)
    aliases: dict[str, list[str]] = defaultdict(list)
    for a in outputs.state.aliases.values():
        aliases[a.thread_id].append(a.alias)
    views = []
    for tid in sorted(grouped):
        recs = sorted(grouped[tid], key=lambda r: order_key(docs.get(r.doc_id), r.rec_id))
        members = [Member(r, docs[r.doc_id].meeting_date if r.doc_id in docs else None) for r in recs]
        responses = [x for r in recs for x in by_rec[r.rec_id]["responses"]]
        updates = [x for r in recs for x in by_rec[r.rec_id]["updates"]]
        views.append(ThreadView(
            tid, tuple(sorted(aliases[tid])), members, {r.doc_id: docs[r.doc_id] for r in recs if r.doc_id in docs},
            responses, updates, {r.rec_id: threads[r.rec_id].similarity for r in recs if r.rec_id in threads},
            outputs.state.history.get(tid), follow_up(members, responses, updates)))
    return views


def find_threads(views: list[ThreadView], wanted: str) -> list[ThreadView]:
    """Threads whose id or one of whose aliases is `wanted` (a unique prefix is enough)."""
    exact = [v for v in views if wanted == v.thread_id or wanted in v.aliases]
    return exact or [v for v in views if v.thread_id.startswith(wanted)
                     or any(a.startswith(wanted) for a in v.aliases)]


def _iso_or_none(value: date | None) -> date | None:
    return value if isinstance(value, date) else None


def feed_row(view: ThreadView, as_of: date) -> dict:
    """The feed's columns (schemas.feed.FEED_SCHEMA) for one thread."""
    made = view.members[0].record
    paper = view.papers.get(made.doc_id)
    council = next((view.papers[m.record.doc_id] for m in view.members
                    if m.record.doc_id in view.papers and view.papers[m.record.doc_id].council), None)
    f = view.follow
    resp, upd, final = f.latest_response, f.latest_update, f.final_due
    late = f.days_overdue(as_of)
    papers = [view.papers.get(m.record.doc_id) for m in view.members]
    return {
        "thread_id": view.thread_id, "aliases": list(view.aliases),
        "council": council.council if council else None, "council_code": council.council_code if council else None,
        "kind": made.kind.value, "number": made.number, "text": made.text, "origin": made.origin,
        "addressee": made.addressee,
        "made_date": _iso_or_none(view.members[0].when), "made_body": paper.body if paper else None,
        "made_title": paper.title if paper else None, "made_url": paper.url if paper else None,
        "made_doc_id": made.doc_id, "made_rec_id": made.rec_id, "made_page": made.page_start,
        "made_char_start": made.char_start, "made_char_end": made.char_end,
        "papers": len({m.record.doc_id for m in view.members}),
        "response_decision": resp.decision.value if resp and resp.decision else None,
        "response_text": resp.text if resp else None,
        "response_officers": list(resp.officers) if resp else [],
        "response_roles": list(resp.officer_roles) if resp else [],
        "response_due_dates": list(resp.due_dates) if resp else [],
        "response_due_source": resp.due_source.value if resp and resp.due_source else None,
        "due_dates": [d.due for d in f.due], "due_sources": [d.source.value for d in f.due],
        "due_date": final.due if final else None, "due_source": final.source.value if final else None,
        "update_as_of": upd.as_of if upd else None, "update_text": upd.text if upd else None,
        "status": f.status.value if f.status else None,
        "status_source": f.status_source.value if f.status_source else None,
        "status_stage_raw": f.status_stage_raw, "status_date": f.status_date, "status_rec_id": f.status_rec_id,
        "complete": f.complete, "overdue": late is not None, "days_overdue": late or 0, "as_of": as_of,
        "member_rec_ids": [m.record.rec_id for m in view.members],
        "member_doc_ids": [m.record.doc_id for m in view.members],
        "member_dates": [m.when for m in view.members],
        "member_titles": [p.title if p else None for p in papers],
        "member_paths": [p.source_path if p else None for p in papers],
        "member_pages": [m.record.page_start for m in view.members],
        "confidence": round(min([m.record.confidence for m in view.members] + list(view.similarity.values())), 4),
        "first_seen": view.history.first_seen if view.history else None,
        "last_changed": view.history.last_changed if view.history else None,
        "schema_version": SCHEMA_VERSION, "pipeline_version": PIPELINE_VERSION,
    }


def build_feed(views: list[ThreadView], as_of: date, since: date | None = None) -> list[dict]:
    """Feed rows; with `since`, only threads that changed on or after that run date."""
    rows = [feed_row(v, as_of) for v in views]
    if since is not None:
        rows = [r for r in rows if r["last_changed"] is not None and r["last_changed"] >= since]
    return rows


def _clip(text: str, limit: int) -> str:
    return text[:limit] + ("…" if len(text) > limit else "")


def render_timeline(view: ThreadView, as_of: date) -> str:
    """One thread's life as text: made, responses, dated updates, status, due dates, overdue."""
    row = feed_row(view, as_of)
    out = [f"Thread {view.thread_id}  {row['council'] or '(council unknown)'}  {row['kind']}  "
           f"{row['papers']} paper(s)"]
    if view.aliases:
        out.append(f"  also known as: {', '.join(view.aliases)}")
    for m in view.members:
        rec, doc = m.record, view.papers.get(m.record.doc_id)
        stamp = m.when.isoformat() if m.when else "undated"
        stage = f"  stage: {rec.stage_raw} → {rec.status}" if rec.stage_raw else ""
        kind = doc.doc_type.value if doc else "?"
        out.append(f"\n{stamp}  {kind}: {(doc.title or doc.source_path) if doc else rec.doc_id}  "
                   f"({rec.kind.value} {rec.number or '–'}, p. {rec.page_start}){stage}")
        if rec.origin:
            out.append(f"  made by: {rec.origin}")
        out.append(f"  {rec.text}")
        if rec.due_dates:
            out.append(f"  due (its own words): {', '.join(d.isoformat() for d in rec.due_dates)} ({rec.due_raw})")
        for resp in (r for r in view.responses if r.rec_id == rec.rec_id):
            dues = ", ".join(d.isoformat() for d in resp.due_dates) or "none stated"
            who = ", ".join(list(resp.officers) + list(resp.officer_roles)) or "none named"
            approved = f", approved by {resp.approved_by}" if resp.approved_by else ""
            source = f" [{resp.due_source.value}]" if resp.due_source else ""
            out.append(f"  response ({resp.responder or 'unknown'}{approved}): decision "
                       f"{resp.decision.value if resp.decision else 'not stated'}; officers {who}; due {dues}{source}")
            out.append(f"    {_clip(resp.text, 300)}")
        for upd in sorted((u for u in view.updates if u.rec_id == rec.rec_id), key=lambda u: u.as_of or date.max):
            out.append(f"  update {upd.as_of.isoformat() if upd.as_of else 'undated'} ({upd.label}): {_clip(upd.text, 200)}")
    said = [str(p) for p in (row["status_stage_raw"], row["status_date"]) if p]
    source = f" ({row['status_source']}{': ' + ', '.join(said) if said else ''})" if row["status_source"] else ""
    out.append(f"\nCurrent status: {row['status'] or 'not stated'}{source}")
    if row["due_date"]:
        out.append(f"Due: {row['due_date']} ({row['due_source']})")
        out.append(f"Overdue on {as_of}: " + (f"yes, {row['days_overdue']} days past {row['due_date']}"
                                              if row["overdue"] else "no"))
    else:
        out.append("Overdue: no due date stated")
    return "\n".join(out)
