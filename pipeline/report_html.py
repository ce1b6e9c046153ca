"""The comparison as one static HTML page: tables and inline SVG charts, no script, no link out."""
from __future__ import annotations

from html import escape
from typing import Iterable, Sequence

import pandas as pd

from . import charts
from .compare import DECISIONS, DOC_TYPES, LOW_CONFIDENCE, SPREAD_STATS, STATUSES, CouncilReport

NO_DATA = charts.NO_DATA
TABLE_ROWS = 25  # per council in the long tables; the JSON and the SQLite export hold every row
CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:24px auto;
max-width:1180px;padding:0 16px;color:#212121}
h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:36px;border-bottom:2px solid #e0e0e0}
h3{font-size:15px;margin-bottom:6px}p.meta,p.note,figcaption{color:#616161;font-size:13px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:#f5f5f5}td.n{text-align:right}td.none{color:#9e9e9e;font-style:italic}
td.text{min-width:380px}
figure{margin:8px 0 20px}figure img{max-width:100%;height:auto;display:block}
"""


def _cell(value: object, kind: str) -> str:
    if value is None or value == NO_DATA:
        return f'<td class="none">{NO_DATA}</td>'
    return f'<td{f" class={kind}" if kind else ""}>{escape(str(value))}</td>'


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], kinds: str = "",
          row_key: str | None = None) -> str:
    """An HTML table whose first cell in each row is the row's header. kinds gives each further
    column's class, one letter a column: n right-aligned number, t wide text, anything else plain;
    by default every further column is a number. row_key names a data attribute carrying the
    row's first value (data-council="…")."""
    head = "".join(f"<th scope=col>{escape(h)}</th>" for h in headers)
    classes = [{"n": "n", "t": "text"}.get(k, "") for k in (kinds or "n" * (len(headers) - 1))]
    body = []
    for row in rows:
        attr = f' data-{row_key}="{escape(str(row[0]))}"' if row_key else ""
        cells = "".join(_cell(v, k) for v, k in zip(row[1:], classes))
        body.append(f"<tr{attr}><th scope=row>{escape(str(row[0]))}</th>{cells}</tr>")
    if not body:
        body.append(f'<tr><td class="none" colspan={len(headers)}>{NO_DATA}</td></tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def share(part: float, whole: float) -> str:
    return f"{int(part)} of {int(whole)} ({part / whole:.0%})" if whole else NO_DATA


def days(row: pd.Series, prefix: str) -> str:
    """Median days with the interquartile range and the count, or no data."""
    if not row[f"{prefix}_n"]:
        return NO_DATA
    return (f"{row[f'{prefix}_median']:.0f} d (IQR {row[f'{prefix}_p25']:.0f}–{row[f'{prefix}_p75']:.0f}), "
            f"n={int(row[f'{prefix}_n'])}")


def _group(frame: pd.DataFrame, prefix: str, names: Sequence[str] | None = None) -> pd.DataFrame:
    """The columns prefix+name (every column starting with prefix when names is None), prefix dropped."""
    columns = [prefix + n for n in names] if names is not None else [c for c in frame if c.startswith(prefix)]
    return frame[columns].rename(columns=lambda c: c.removeprefix(prefix))


def figure(chart: charts.Chart, caption: str) -> str:
    return (f"<figure><h3>{escape(chart.title)}</h3>"
            f'<img src="{chart.data_uri}" alt="{escape(chart.alt)}" title="{escape(chart.title)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def _glance(data: CouncilReport) -> str:
    rows = [(c, int(r.papers), int(r.recommendations), int(r.decisions),
             share(r.answered, r.recommendations), share(r.accepted, r.decided),
             share(r.status_achieved, r["items"]), share(r.overdue, r.with_due_date),
             days(r, "days_to_response"), days(r, "days_to_achieved"))
            for c, r in data.comparison.iterrows()]
    return ("<h2 id=glance>Councils at a glance</h2>"
            + table(["Council", "Papers", "Recommendations", "Decisions", "Recommendations with a response",
                     "Accepted (of those with a stated decision)", "Achieved (of all items)",
                     f"Overdue on {data.as_of} (of items with a due date)", "Days to response",
                     "Days to achieved"], rows, row_key="council")
            + "<p class=note>An item is a recommendation or decision followed across papers (a thread); "
              "each rate shows its count and the group it is out of. Days run from the earliest paper in "
              "these outputs that carries the item.</p>")


def _papers(data: CouncilReport) -> str:
    frame = data.comparison
    kinds, years = _group(frame, "papers_", DOC_TYPES), _group(frame, "papers_in_")
    rows = [(c, int(r.papers), *(int(r[f"papers_{t}"]) for t in DOC_TYPES), int(r.papers_undated))
            for c, r in frame.iterrows()]
    made = frame[["recommendations", "decisions", "records"]]
    return ("<h2 id=papers>Papers read, recommendations and decisions</h2>"
            + table(["Council", "Papers", *(t.replace("_", " ") for t in DOC_TYPES), "undated"], rows,
                    row_key="council")
            + figure(charts.grouped_counts(kinds, "Papers read by kind", "papers"), "Papers read by kind of paper.")
            + figure(charts.grouped_counts(years, "Papers read by year", "papers"),
                     "Papers read by year of meeting or report (undated papers are in the table above).")
            + figure(charts.grouped_counts(made, "Recommendations and decisions", "count"),
                     "Items (recommendations, decisions) and records (their appearances in papers)."))


def _responses(data: CouncilReport) -> str:
    frame = data.comparison
    mixes = (
        (pd.DataFrame({"answered": frame.answered, "not_answered": frame.recommendations - frame.answered}),
         "Recommendations with a response", "recommendations",
         "Share of recommendations with at least one response (decisions are not answered)."),
        (frame[list(DECISIONS)], "Acceptance", "recommendations with a stated decision",
         "Decision stated in the response: accepted, partially accepted, rejected or noted."),
        (_group(frame, "status_", (*STATUSES, "not_stated")), "Current status", "items",
         "Status from the latest paper that states one; 'not stated' when no paper does."),
    )
    return ("<h2 id=responses>Responses, acceptance and current status</h2>"
            + "".join(figure(charts.mix_chart(counts, title, what), caption) for counts, title, what, caption in mixes))


def _overdue(data: CouncilReport) -> str:
    frame = data.comparison
    overdue = pd.DataFrame({"overdue": frame.overdue, "not_overdue": frame.with_due_date - frame.overdue})
    listing = [f"<p class=note>{NO_DATA}: no item is overdue on {data.as_of}.</p>"] if data.overdue.empty else []
    for council, group in data.overdue.groupby("council", sort=True):
        rows = [(r.number or "–", r.text[:200] + ("…" if len(r.text) > 200 else ""), r.last_due_date,
                 r.days_overdue, ", ".join(r.officers) or None, ", ".join(r.officer_roles) or None,
                 r.addressee, r.responder) for r in group.head(TABLE_ROWS).itertuples()]
        more = f"<p class=note>… and {len(group) - TABLE_ROWS} more.</p>" if len(group) > TABLE_ROWS else ""
        listing.append(f"<h3>{escape(council)}: {len(group)} overdue</h3>"
                       + table(["No.", "Recommendation", "Last due", "Days overdue", "Officers", "Roles",
                                "Addressed to", "Responder"], rows, kinds="t.n....") + more)
    return (f"<h2 id=overdue>Overdue on {data.as_of}</h2>"
            + figure(charts.mix_chart(overdue, "Overdue share", "items with a due date"),
                     "Past the last due date named in a response, and neither achieved nor stopped. "
                     "Below, the overdue items, most overdue first, with who is responsible.")
            + "".join(listing))


def _timing(data: CouncilReport) -> str:
    frame = data.comparison
    parts = ["<h2 id=timing>Time to response and to achieved</h2>"]
    for prefix, what in (("days_to_response", "Days from recommendation to first response"),
                         ("days_to_achieved", "Days from item to 'achieved'")):
        stats = _group(frame, f"{prefix}_", SPREAD_STATS)
        rows = [(c, int(r["n"]), *((f"{r[s]:.0f}" if r["n"] else None) for s in SPREAD_STATS[1:]))
                for c, r in stats.iterrows()]
        parts.append(figure(charts.spread_chart(stats, what, "days"),
                            f"{what}: box from first to third quartile, line at the median, whiskers to the "
                            "extremes, over items dated in that order (0 when the response is printed in "
                            "the paper that makes the recommendation).")
                     + table(["Council", "n", "median", "25%", "75%", "min", "max"], rows, row_key="council"))
    return "".join(parts)


def _load(data: CouncilReport) -> str:
    load = data.load[data.load.open > 0]
    top = load.sort_values(["open", "overdue", "holder"], ascending=[False, False, True]).head(20)
    labels = pd.Series(top.open.to_numpy(), index=[f"{h} ({k}, {c})" for h, k, c in
                                                   zip(top.holder, top.kind, top.council)])
    rows = []
    for council, group in load.groupby("council", sort=True):
        rows += [(council, r.holder, r.kind, r.open, r.overdue, r.items) for r in group.head(TABLE_ROWS).itertuples()]
    listing = table(["Council", "Held by", "As", "Open", "Overdue", "All items"], rows, kinds="..nnn") if rows \
        else f"<p class=note>{NO_DATA}: no open item names an officer, a role or an addressee.</p>"
    return ("<h2 id=load>Who holds open items</h2>"
            + figure(charts.bar_chart(labels, "Open items by holder (top 20)", "open items"),
                     "Officers and roles named in responses, and the body or post each item is addressed to.")
            + listing)


def _timeline(data: CouncilReport) -> str:
    if data.timeline_council is None:
        return f"<h2 id=timeline>Timeline</h2><p class=note>{NO_DATA}</p>"
    mine = data.items[data.items.council == data.timeline_council]
    return ("<h2 id=timeline>Timeline of one council's items</h2>"
            + figure(charts.timeline_chart(mine, data.timeline_council, data.as_of),
                     "Each line runs from the paper that made the item to its last dated activity; colour is "
                     "the current status; x is the last due date (red when overdue); dashed line: as of."))


def _quality(data: CouncilReport) -> str:
    rows = [(c, int(r.records), share(r.records_undated, r.records), share(r.records_no_status, r.records),
             share(r.records_no_officer, r.records), share(r.records_low_confidence, r.records),
             int(r.papers_partial), int(r.papers_no_records)) for c, r in data.comparison.iterrows()]
    quarantine = data.quarantine
    reasons = (table(["Reason", "Inputs"], list(quarantine.items())) if len(quarantine)
               else f"<p class=note>{NO_DATA}: nothing was quarantined.</p>")
    return ("<h2 id=quality>Data quality: what the figures rest on</h2>"
            + table(["Council", "Records", "No date", "No status", "No officer or role",
                     f"Confidence below {LOW_CONFIDENCE}",
                     "Papers partly read", "Papers with no records"], rows, row_key="council")
            + "<h3>Inputs that could not be read (quarantine), by reason</h3>" + reasons
            + figure(charts.bar_chart(quarantine, "Quarantine by reason", "inputs"),
                     "Quarantined inputs have no council: nothing in them could be read."))


def render_html(data: CouncilReport) -> str:
    councils = ", ".join(data.comparison.index) or NO_DATA
    sections = [_glance(data), _papers(data), _responses(data), _overdue(data), _timing(data), _load(data),
                _timeline(data), _quality(data)]
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
            "<title>followthrough: councils compared</title>"
            f"<style>{CSS}</style></head><body>"
            "<h1>Following through on recommendations: councils compared</h1>"
            f"<p class=meta>Outputs {escape(data.outputs)} · as of {data.as_of} · {escape(councils)} · "
            f"records schema {escape(data.schema_version)}, pipeline {escape(data.pipeline_version)}</p>"
            + "".join(sections) + "</body></html>\n")
