"""Recommendations and decisions followed across papers: one row per item, the unit researchers count.

An item is a thread (the same recommendation in several papers) or, for a record that no other
paper repeats and that linking left without a thread, the record itself. Its council, body,
kind and text come from the earliest paper that carries it ("made"); its current status from
the latest paper that states one; its response facts from every response to any of its records.
A response is dated by its approval date, else by the date of the paper that prints it.
Overdue: the last due date named in a response has passed on `as_of` and the item is neither
achieved nor stopped; `as_of` never becomes a record date.
"""
from __future__ import annotations

from datetime import date
from itertools import chain

import pandas as pd

UNKNOWN_COUNCIL = "(council unknown)"
DONE = frozenset({"achieved", "stopped"})
ITEM_COLUMNS = (
    "item_id", "council", "council_code", "kind", "number", "text", "origin", "addressee", "body",
    "doc_type", "made_date", "papers", "records", "rec_ids", "status", "status_date", "achieved_date",
    "responses", "decision", "responder", "response_date", "officers", "officer_roles", "due_dates",
    "last_due_date", "last_activity", "open", "overdue", "days_overdue", "min_confidence",
)


def _date_key(value: object) -> date:
    """Undated sorts last, so 'earliest' and 'latest' mean among the dated."""
    return value if isinstance(value, date) else date.max


def _ordered(frame: pd.DataFrame, when: str, tie: str) -> pd.DataFrame:
    return (frame.assign(_when=frame[when].map(_date_key)).sort_values(["_when", tie], kind="stable")
            .drop(columns="_when"))


def _unique(values) -> list:
    return list(dict.fromkeys(values))


def record_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every recommendation record with its paper's council, body, date and kind of paper."""
    docs = tables["documents"][["doc_id", "council", "council_code", "body", "meeting_date",
                                "doc_type", "source_path"]]
    recs = tables["recommendations"].merge(docs, on="doc_id", how="left")
    recs["council"] = recs["council"].map(lambda c: c if isinstance(c, str) else UNKNOWN_COUNCIL)
    recs["item_id"] = [t if isinstance(t, str) else r for t, r in zip(recs.thread_id, recs.rec_id)]
    return _ordered(recs, "meeting_date", "rec_id")


def _response_facts(tables: dict[str, pd.DataFrame], records: pd.DataFrame) -> pd.DataFrame:
    dates = tables["documents"].set_index("doc_id")["meeting_date"]
    resp = tables["responses"].merge(records[["rec_id", "item_id"]], on="rec_id", how="inner")
    paper_date = resp["doc_id"].map(dates)
    resp["response_date"] = [a if isinstance(a, date) else (p if isinstance(p, date) else None)
                             for a, p in zip(resp.approved_date, paper_date)]
    resp = _ordered(resp, "response_date", "response_id")
    grouped = resp.groupby("item_id", sort=True)
    decided = resp[resp.decision.notna()].drop_duplicates("item_id", keep="last").set_index("item_id")
    dated = resp[resp.response_date.notna()].drop_duplicates("item_id", keep="first").set_index("item_id")
    return pd.DataFrame({
        "responses": grouped.size(),
        "decision": decided["decision"],
        "responder": grouped["responder"].agg(lambda s: s.dropna().iloc[-1] if s.notna().any() else None),
        "response_date": dated["response_date"],
        "officers": grouped["officers"].agg(lambda s: _unique(chain.from_iterable(s))),
        "officer_roles": grouped["officer_roles"].agg(lambda s: _unique(chain.from_iterable(s))),
        "due_dates": grouped["due_dates"].agg(lambda s: sorted(set(chain.from_iterable(s)))),
    })


def _record_facts(records: pd.DataFrame) -> pd.DataFrame:
    grouped = records.groupby("item_id", sort=True)
    anchor = records.drop_duplicates("item_id", keep="first").set_index("item_id")
    stated = records[records.status.notna()].drop_duplicates("item_id", keep="last").set_index("item_id")
    achieved = records[records.status == "achieved"].drop_duplicates("item_id", keep="first")
    facts = anchor[["council", "council_code", "kind", "number", "text", "origin", "body", "doc_type"]].copy()
    facts["addressee"] = grouped["addressee"].agg(lambda s: s.dropna().iloc[0] if s.notna().any() else None)
    facts["made_date"] = anchor["meeting_date"]
    facts["papers"] = grouped["doc_id"].nunique()
    facts["records"] = grouped.size()
    facts["rec_ids"] = grouped["rec_id"].agg(list)
    facts["status"] = stated["status"]
    facts["status_date"] = stated["meeting_date"]
    facts["achieved_date"] = achieved.set_index("item_id")["meeting_date"]
    facts["min_confidence"] = grouped["confidence"].min()
    facts["paper_dates"] = grouped["meeting_date"].agg(lambda s: [d for d in s if isinstance(d, date)])
    return facts


def _last_update(tables: dict[str, pd.DataFrame], records: pd.DataFrame) -> pd.Series:
    updates = tables["updates"].merge(records[["rec_id", "item_id"]], on="rec_id", how="inner")
    dated = updates[updates.as_of.notna()]
    return dated.groupby("item_id")["as_of"].max() if len(dated) else pd.Series(dtype=object)


def _none_for_gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """pandas fills the gaps of index-aligned columns with NaN: a missing fact is None (object)."""
    return pd.DataFrame({c: frame[c].astype(object).where(frame[c].notna(), None) for c in frame.columns},
                        index=frame.index)


def build_items(tables: dict[str, pd.DataFrame], as_of: date) -> pd.DataFrame:
    """One row per recommendation or decision followed across papers, in ITEM_COLUMNS order."""
    records = record_frame(tables)
    if records.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ITEM_COLUMNS})
    facts = _record_facts(records).join(_response_facts(tables, records), how="left")
    facts["last_update"] = _last_update(tables, records)
    facts = _none_for_gaps(facts)
    for column in ("officers", "officer_roles", "due_dates"):
        facts[column] = facts[column].map(lambda v: v if isinstance(v, list) else [])
    facts["responses"] = facts["responses"].map(lambda n: int(n) if n is not None else 0)
    facts["last_due_date"] = facts["due_dates"].map(lambda ds: ds[-1] if ds else None)
    facts["last_activity"] = [
        max([*papers, *([u] if u else []), *([r] if r else [])], default=None)
        for papers, u, r in zip(facts.paper_dates, facts.last_update, facts.response_date)]
    facts["open"] = facts["status"].map(lambda s: s not in DONE)
    facts["overdue"] = [bool(o and d is not None and d < as_of) for o, d in zip(facts.open, facts.last_due_date)]
    facts["days_overdue"] = pd.Series([(as_of - d).days if late else None
                                       for late, d in zip(facts.overdue, facts.last_due_date)],
                                      index=facts.index, dtype=object)
    facts = facts.astype({"papers": int, "records": int, "min_confidence": float})
    items = facts.reset_index(names="item_id")
    items["item_id"] = items["item_id"].astype(object)
    return items[list(ITEM_COLUMNS)]
