"""Councils side by side: the one computation behind the HTML report, the JSON summary and notebooks.

`compare_councils(tables, as_of)` returns one row per council (index `council`), papers with no
council under "(council unknown)". Every rate comes with the counts it is computed from, and a
rate over an empty group is NaN ("no data"), never 0:

- papers: `papers`, `papers_<doc_type>`, `papers_partial`, `papers_no_records`, `papers_undated`,
  and `papers_in_<year>` for each year any selected paper is dated;
- items (see pipeline.items): `items` = `recommendations` + `decisions`; `records` is the rows
  in the recommendations table (one item printed in three papers is three records);
- responses, over recommendations (a decision is its committee's own, not answered):
  `answered` of `recommendations`, `answered_share`; acceptance over those with a stated
  decision: `decided`, `accepted` … `noted`, `accepted_share`;
- current status, over items: `status_<status>` and `status_not_stated`; `achieved_share`;
- overdue on `as_of`: `with_due_date`, `overdue`, `overdue_share` = overdue / with_due_date;
- days from the earliest paper that carries an item to its first dated response
  (`days_to_response_*`) and to the first paper that states it achieved (`days_to_achieved_*`):
  `_n`, `_median`, `_p25`, `_p75`, `_min`, `_max`, over items dated in that order;
- data quality, over records: `records_undated`, `records_no_status`, `records_no_officer`
  (no response names an officer or a role), `records_low_confidence` (below LOW_CONFIDENCE).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

import pandas as pd

from schemas.vocab import Decision, DocType, Status

from .items import UNKNOWN_COUNCIL, build_items, record_frame

LOW_CONFIDENCE = 0.5  # below this a rule had to guess at more than one field (see extractors' scores)
DOC_TYPES = tuple(t.value for t in DocType)
DECISIONS = tuple(d.value for d in Decision)
STATUSES = tuple(s.value for s in Status)
SPREAD_STATS = ("n", "median", "p25", "p75", "min", "max")


class CouncilNotFound(ValueError):
    """A --council pattern that matches no council in the outputs."""


def _share(part: int, whole: int) -> float:
    return part / whole if whole else float("nan")


def council_names(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Councils of the papers read, by name, the unknown group last."""
    names = {c if isinstance(c, str) else UNKNOWN_COUNCIL for c in tables["documents"]["council"]}
    return sorted(names - {UNKNOWN_COUNCIL}) + ([UNKNOWN_COUNCIL] if UNKNOWN_COUNCIL in names else [])


def select_councils(tables: dict[str, pd.DataFrame], patterns: Sequence[str] = ()) -> list[str]:
    """Councils whose name contains any pattern (case-insensitive); all when no pattern is given."""
    return select_councils_from(council_names(tables), patterns)


def select_councils_from(names: Sequence[str], patterns: Sequence[str]) -> list[str]:
    if not patterns:
        return list(names)
    chosen = [n for n in names if any(p.lower() in n.lower() for p in patterns)]
    unmatched = [p for p in patterns if not any(p.lower() in n.lower() for n in names)]
    if unmatched:
        raise CouncilNotFound(f"no council matches {', '.join(map(repr, unmatched))}; "
                              f"councils in these outputs: {', '.join(names) or 'none'}")
    return chosen


def _paper_counts(docs: pd.DataFrame, years: Iterable[int]) -> dict[str, int]:
    counts = {"papers": len(docs)}
    counts.update({f"papers_{t}": int((docs.doc_type == t).sum()) for t in DOC_TYPES})
    counts["papers_partial"] = int((docs.status == "partial").sum())
    counts["papers_no_records"] = int((docs.status == "no_records").sum())
    dated = docs.meeting_date.map(lambda d: d.year if isinstance(d, date) else None)
    counts["papers_undated"] = int(dated.isna().sum())
    counts.update({f"papers_in_{y}": int((dated == y).sum()) for y in years})
    return counts


def _item_counts(items: pd.DataFrame) -> dict[str, float]:
    recs = items[items.kind == "recommendation"]
    decided = recs[recs.decision.notna()]
    counts: dict[str, float] = {
        "items": len(items), "recommendations": len(recs), "decisions": int((items.kind == "decision").sum()),
        "answered": int((recs.responses > 0).sum()), "decided": len(decided)}
    counts["answered_share"] = _share(counts["answered"], len(recs))
    counts.update({d: int((decided.decision == d).sum()) for d in DECISIONS})
    counts["accepted_share"] = _share(counts["accepted"], len(decided))
    counts.update({f"status_{s}": int((items.status == s).sum()) for s in STATUSES})
    counts["status_not_stated"] = int(items.status.isna().sum())
    counts["achieved_share"] = _share(counts["status_achieved"], len(items))
    counts["with_due_date"] = int(items.last_due_date.notna().sum())
    counts["overdue"] = int(items.overdue.sum())
    counts["overdue_share"] = _share(counts["overdue"], counts["with_due_date"])
    return counts


def _days_between(starts: pd.Series, ends: pd.Series) -> list[int]:
    """Days from start to end where both are dated and in order (a later paper cannot precede)."""
    return [(e - s).days for s, e in zip(starts, ends)
            if isinstance(s, date) and isinstance(e, date) and e >= s]


def _spread(days: list[int], prefix: str) -> dict[str, float]:
    values = pd.Series(days, dtype=float)
    stats = {"n": len(days), "median": values.median(), "p25": values.quantile(0.25),
             "p75": values.quantile(0.75), "min": values.min(), "max": values.max()}
    return {f"{prefix}_{k}": (v if len(days) or k == "n" else float("nan")) for k, v in stats.items()}


def _timing(items: pd.DataFrame) -> dict[str, float]:
    recs = items[items.kind == "recommendation"]
    return {**_spread(_days_between(recs.made_date, recs.response_date), "days_to_response"),
            **_spread(_days_between(items.made_date, items.achieved_date), "days_to_achieved")}


def _quality(records: pd.DataFrame, named: set[str]) -> dict[str, int]:
    return {
        "records": len(records),
        "records_undated": int(records.meeting_date.isna().sum()),
        "records_no_status": int(records.status.isna().sum()),
        "records_no_officer": int((~records.rec_id.isin(named)).sum()),
        "records_low_confidence": int((records.confidence < LOW_CONFIDENCE).sum()),
    }


def _council_of(frame: pd.DataFrame) -> pd.Series:
    return frame["council"].map(lambda c: c if isinstance(c, str) else UNKNOWN_COUNCIL)


def _named_rec_ids(tables: dict[str, pd.DataFrame]) -> set[str]:
    """Records with a response naming an officer or a role."""
    responses = tables["responses"]
    someone = [bool(o) or bool(r) for o, r in zip(responses.officers, responses.officer_roles)]
    return set(responses.rec_id[someone]) if len(responses) else set()


def compare_councils(tables: dict[str, pd.DataFrame], as_of: date, councils: Sequence[str] = (),
                     items: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per selected council (see the module docstring for the columns)."""
    chosen = select_councils(tables, councils)
    items = build_items(tables, as_of) if items is None else items
    docs = tables["documents"].assign(council=_council_of(tables["documents"]))
    docs = docs[docs.council.isin(chosen)]
    records = record_frame(tables)
    named = _named_rec_ids(tables)
    years = sorted({d.year for d in docs.meeting_date if isinstance(d, date)})
    rows = [_council_row(council, docs[docs.council == council], items[items.council == council],
                         records[records.council == council], named, years) for council in chosen]
    if not rows:  # nothing read: the columns all the same, so every view shows its empty groups
        empty = _council_row("", docs, items.iloc[0:0], records.iloc[0:0], named, years)
        return pd.DataFrame(columns=list(empty)).astype({"council": object}).set_index("council")
    return pd.DataFrame(rows).set_index("council")


def _council_row(council: str, docs: pd.DataFrame, items: pd.DataFrame, records: pd.DataFrame,
                 named: set[str], years: list[int]) -> dict[str, object]:
    return {"council": council, **_paper_counts(docs, years), **_item_counts(items), **_timing(items),
            **_quality(records, named)}


def overdue_table(items: pd.DataFrame, councils: Sequence[str]) -> pd.DataFrame:
    """Overdue items with who is responsible, most overdue first within each council."""
    late = items[items.overdue & items.council.isin(councils)]
    columns = ["council", "number", "kind", "text", "made_date", "last_due_date", "days_overdue",
               "status", "officers", "officer_roles", "responder", "addressee", "rec_ids"]
    order = late.assign(_days=late.days_overdue.astype(int) if len(late) else late.days_overdue)
    return order.sort_values(["council", "_days", "item_id"], ascending=[True, False, True])[columns]


def holder_load(items: pd.DataFrame, councils: Sequence[str]) -> pd.DataFrame:
    """How many items each officer, role and addressed body or post holds: open, overdue, all."""
    mine = items[items.council.isin(councils)]
    rows = []
    for column, kind in (("officers", "officer"), ("officer_roles", "role"), ("addressee", "addressee")):
        held = mine[["council", column, "open", "overdue"]].explode(column)  # a scalar stays as it is
        held = held[held[column].notna()].rename(columns={column: "holder"})
        for (council, holder), group in held.groupby(["council", "holder"], sort=True):
            rows.append({"council": council, "holder": holder, "kind": kind, "open": int(group.open.sum()),
                         "overdue": int(group.overdue.sum()), "items": len(group)})
    frame = pd.DataFrame(rows, columns=["council", "holder", "kind", "open", "overdue", "items"])
    return frame.sort_values(["council", "open", "overdue", "holder"], ascending=[True, False, False, True],
                             ignore_index=True)


def quarantine_by_reason(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Inputs that could not be read, by reason (they have no council: nothing could be read)."""
    return tables["quarantine"].groupby("reason_code").size().sort_index().rename("inputs")


@dataclass(frozen=True)
class CouncilReport:
    """Everything the report shows, computed once; the HTML and JSON views only format it."""
    outputs: str
    as_of: date
    comparison: pd.DataFrame   # compare_councils
    items: pd.DataFrame        # build_items, selected councils only
    overdue: pd.DataFrame      # overdue_table
    load: pd.DataFrame         # holder_load
    quarantine: pd.Series      # quarantine_by_reason
    timeline_council: str | None
    schema_version: str
    pipeline_version: str


def timeline_choice(items: pd.DataFrame, councils: Sequence[str], wanted: str | None = None) -> str | None:
    """The council whose timeline is drawn: the one asked for, else the known council with most
    items followed beyond the paper that made them, then most dated items (papers of unknown
    council only when there is nothing else)."""
    if wanted:
        return select_councils_from(councils, [wanted])[0]
    dated = items[items.made_date.notna() & items.council.isin(councils)]
    if (dated.council != UNKNOWN_COUNCIL).any():
        dated = dated[dated.council != UNKNOWN_COUNCIL]
    if dated.empty:
        return None
    followed = (dated.last_activity > dated.made_date).groupby(dated.council).sum()
    counts = dated.groupby("council").size()
    return sorted(counts.index, key=lambda c: (-followed[c], -counts[c], c))[0]


def build_report(tables: dict[str, pd.DataFrame], as_of: date, councils: Sequence[str] = (),
                 timeline: str | None = None, outputs: str = "") -> CouncilReport:
    from schemas import PIPELINE_VERSION, SCHEMA_VERSION
    chosen = select_councils(tables, councils)
    items = build_items(tables, as_of)
    items = items[items.council.isin(chosen)].reset_index(drop=True)
    return CouncilReport(
        outputs=outputs, as_of=as_of, comparison=compare_councils(tables, as_of, councils, items),
        items=items, overdue=overdue_table(items, chosen), load=holder_load(items, chosen),
        quarantine=quarantine_by_reason(tables), timeline_council=timeline_choice(items, chosen, timeline),
        schema_version=SCHEMA_VERSION, pipeline_version=PIPELINE_VERSION)
