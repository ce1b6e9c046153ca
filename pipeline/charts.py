"""Charts for the report: matplotlib figures drawn to SVG and embedded as data URIs (no files, no
network). Every chart prints the counts it shows, and an empty group reads "no data".

matplotlib is the `report` extra; it is imported here only, so the rest of the pipeline runs without it.
"""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

import pandas as pd

try:
    import matplotlib
    from matplotlib.figure import Figure
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("the HTML report draws its charts with matplotlib: "
                      "pip install 'followthrough[report]' (or use --format json)") from exc

# Text as paths: the SVG looks the same on every machine and needs no font installed.
STYLE = {"svg.fonttype": "path", "svg.hashsalt": "followthrough", "font.size": 9,
         "axes.spines.top": False, "axes.spines.right": False}
NO_DATA = "no data"
STATUS_COLOURS = {
    "achieved": "#2e7d32", "in_progress": "#1976d2", "behind": "#f9a825", "obstacle": "#e65100",
    "stopped": "#616161", "not_reviewed": "#9575cd", "unknown": "#bdbdbd", "not_stated": "#eceff1",
    "accepted": "#2e7d32", "partially_accepted": "#9ccc65", "rejected": "#c62828", "noted": "#90a4ae",
    "answered": "#1976d2", "not_answered": "#eceff1", "overdue": "#c62828", "not_overdue": "#cfd8dc",
}
TIMELINE_NOT_STATED = "#90a4ae"  # a line needs more ink than a bar segment to be seen
STATUSES = ("achieved", "in_progress", "behind", "obstacle", "stopped", "not_reviewed", "unknown")
PALETTE = ("#1976d2", "#e65100", "#2e7d32", "#8e24aa", "#00838f", "#6d4c41", "#c2185b", "#546e7a")


@dataclass(frozen=True)
class Chart:
    title: str
    data_uri: str  # data:image/svg+xml;base64,…
    alt: str


def _label(category: str) -> str:
    return category.replace("_", " ")


def _no_data(ax, y: float | None = None) -> None:
    """'no data' at the left of a row (y in data units), or in the middle of an empty chart."""
    if y is None:
        ax.text(0.5, 0.5, NO_DATA, transform=ax.transAxes, ha="center", color="#757575", style="italic")
    else:
        ax.text(0.01, y, NO_DATA, transform=ax.get_yaxis_transform(), va="center", color="#757575",
                style="italic")


def _whole_numbers(axis) -> None:
    axis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))


def render(fig: Figure, title: str, alt: str) -> Chart:
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return Chart(title, f"data:image/svg+xml;base64,{encoded}", alt)


def _figure(rows: int, width: float = 9.0, per_row: float = 0.45, minimum: float = 1.3) -> Figure:
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(width, max(minimum, 0.8 + per_row * rows)))


def mix_chart(counts: pd.DataFrame, title: str, what: str) -> Chart:
    """100% stacked bars, one per council (rows), categories (columns) with their counts inside;
    a council whose row sums to 0 reads "no data"."""
    fig = _figure(len(counts))
    with matplotlib.rc_context(STYLE):
        ax = fig.subplots()
        names = list(counts.index)[::-1]
        if not names:
            _no_data(ax)
        for y, council in enumerate(names):
            row = counts.loc[council]
            total = int(row.sum())
            if not total:
                _no_data(ax, y)
                continue
            left = 0.0
            for category, n in row.items():
                if not n:
                    continue
                width = n / total
                ax.barh(y, width, left=left, color=STATUS_COLOURS.get(category, "#90caf9"),
                        edgecolor="white", label=_label(category))
                if width > 0.04:
                    ax.text(left + width / 2, y, str(int(n)), ha="center", va="center", fontsize=8)
                left += width
            ax.text(1.01, y, f"n={total}", va="center", fontsize=8)
        _legend(ax, counts.columns)
        ax.set_yticks(range(len(names)), names)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        ax.set_xlabel(f"share of {what}")
    return render(fig, title, f"{title}: " + "; ".join(
        f"{c}: " + (", ".join(f"{_label(k)} {int(v)}" for k, v in counts.loc[c].items() if v) or NO_DATA)
        for c in counts.index))


def _legend(ax, categories: Sequence[str], colours: dict[str, str] = STATUS_COLOURS) -> None:
    """The categories' colours in one row above the plot."""
    from matplotlib.patches import Patch
    handles = [Patch(facecolor=colours.get(c, "#90caf9"), edgecolor="#9e9e9e", label=_label(c))
               for c in categories]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=min(len(handles), 8),
              frameon=False, fontsize=8, handlelength=1.2, columnspacing=1.0)


def grouped_counts(counts: pd.DataFrame, title: str, what: str) -> Chart:
    """Bars per category (columns) grouped by council (rows), each bar labelled with its count."""
    fig = _figure(1, minimum=3.2)
    with matplotlib.rc_context(STYLE):
        ax = fig.subplots()
        categories = list(counts.columns)
        width = 0.8 / max(len(counts), 1)
        for i, council in enumerate(counts.index):
            xs = [c + i * width for c in range(len(categories))]
            values = [int(v) for v in counts.loc[council]]
            bars = ax.bar(xs, values, width=width, color=PALETTE[i % len(PALETTE)], label=council)
            ax.bar_label(bars, labels=[str(v) if v else "" for v in values], fontsize=7)
        ax.set_xticks([c + 0.4 - width / 2 for c in range(len(categories))], [_label(str(c)) for c in categories],
                      rotation=30 if len(categories) > 6 else 0, ha="right" if len(categories) > 6 else "center")
        ax.set_ylabel(what)
        _whole_numbers(ax.yaxis)
        if len(counts):
            ax.legend(frameon=False, fontsize=8)
        if not counts.to_numpy().sum():
            _no_data(ax)
    return render(fig, title, f"{title}: " + "; ".join(
        f"{c}: " + ", ".join(f"{k} {int(v)}" for k, v in counts.loc[c].items() if v) for c in counts.index))


def spread_chart(stats: pd.DataFrame, title: str, what: str) -> Chart:
    """Median, quartiles and range per council from precomputed statistics (columns n, median,
    p25, p75, min, max), with n and the median written beside each box."""
    fig = _figure(len(stats), per_row=0.6)
    with matplotlib.rc_context(STYLE):
        ax = fig.subplots()
        names = list(stats.index)[::-1]
        if not names:
            _no_data(ax)
        boxes, positions = [], []
        for y, council in enumerate(names):
            row = stats.loc[council]
            if not row["n"]:
                _no_data(ax, y)
                continue
            boxes.append({"med": row["median"], "q1": row["p25"], "q3": row["p75"], "whislo": row["min"],
                          "whishi": row["max"], "fliers": [], "label": council})
            positions.append(y)
            ax.text(row["max"], y + 0.3, f" median {row['median']:.0f} d, n={int(row['n'])}", fontsize=8)
        if boxes:
            ax.bxp(boxes, positions=positions, orientation="horizontal", widths=0.5, showfliers=False,
                   manage_ticks=False)
        ax.set_yticks(range(len(names)), names)
        ax.set_ylim(-0.7, len(names) - 0.3)
        longest = float(stats["max"].max()) if stats["n"].any() else 0.0
        ax.set_xlim(min(0.0, float(stats["min"].min())) if stats["n"].any() else 0.0, max(10.0, longest * 1.35))
        ax.set_xlabel(what)
    return render(fig, title, f"{title}: " + "; ".join(
        f"{c}: " + (f"median {r['median']:.0f} days over {int(r['n'])}" if r["n"] else NO_DATA)
        for c, r in stats.iterrows()))


def bar_chart(counts: pd.Series, title: str, what: str) -> Chart:
    """Horizontal bars, largest first, each labelled with its count; "no data" when empty."""
    fig = _figure(len(counts), per_row=0.32, minimum=1.0)
    with matplotlib.rc_context(STYLE):
        ax = fig.subplots()
        _whole_numbers(ax.xaxis)
        if counts.empty:
            _no_data(ax)
            ax.set_yticks([])
        else:
            labels = [str(k) for k in counts.index][::-1]
            bars = ax.barh(labels, [int(v) for v in counts.to_numpy()][::-1], color=PALETTE[0])
            ax.bar_label(bars, fontsize=8, padding=2)
        ax.set_xlabel(what)
    return render(fig, title, f"{title}: " + ("; ".join(f"{k} {int(v)}" for k, v in counts.items()) or NO_DATA))


def timeline_chart(items: pd.DataFrame, council: str, as_of: date) -> Chart:
    """One line per dated item of one council: from the paper that made it to its last dated
    activity (a later paper, update or response), coloured by current status; x marks its last
    due date, red when overdue on as_of."""
    dated = items[items.made_date.notna()].sort_values(["made_date", "item_id"])
    fig = _figure(len(dated), width=10.0, per_row=0.22, minimum=2.0)
    with matplotlib.rc_context(STYLE):
        ax = fig.subplots()
        if dated.empty:
            _no_data(ax)
        for y, row in enumerate(dated.itertuples()):
            end = row.last_activity or row.made_date
            colour = TIMELINE_NOT_STATED if row.status is None else STATUS_COLOURS.get(row.status)
            ax.plot([row.made_date, max(end, row.made_date + timedelta(days=5))], [y, y], color=colour, lw=4,
                    solid_capstyle="butt", markevery=[0], marker="o", markersize=4,
                    markeredgecolor="#424242" if row.status is None else colour)
            if row.last_due_date:
                ax.plot([row.last_due_date], [y], marker="x", color="#c62828" if row.overdue else "#424242")
        labels = [f"{r.number or '–'} {(r.text or '')[:38]}" for r in dated.itertuples()]
        ax.set_yticks(range(len(dated)), labels, fontsize=7)
        ax.invert_yaxis()
        if len(dated) and as_of <= max(dated.last_activity.dropna().max(), dated.made_date.max()) + timedelta(days=365):
            ax.axvline(as_of, color="#9e9e9e", ls="--", lw=0.8)  # only near the data: far off it squeezes the lines
        shown = [s for s in STATUSES if s in set(dated.status)] + (["not_stated"] if dated.status.isna().any() else [])
        _legend(ax, shown, {**STATUS_COLOURS, "not_stated": TIMELINE_NOT_STATED})
    return render(fig, f"Timeline: {council}", f"Timeline of {len(dated)} dated items of {council}, "
                  f"{len(items) - len(dated)} undated")
