"""Tables and charts of the report pages, built once and shown two ways: as HTML and as CSV.

Every table a report page shows is a ``Table``; its CSV export is the same table, so nothing is
shown that cannot be exported. Charts are plain geometry for server-rendered SVG and CSS (the
console runs offline: no chart library).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hotline.contacts import taxonomy
from hotline.spreadsheets import SafeWriter
from operator_ui import labels
from operator_ui.i18n import N_

Label = Callable[[str, str | None], str]
Translate = Callable[..., str]


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # an English message, translated when shown
    # int | pct | seconds | hours | text | date | label:<kind> | message (a translatable
    # English message) | row (the row's own "fmt": tables of figures mix kinds of value)
    fmt: str = "int"


@dataclass
class Table:
    name: str
    title: str
    columns: Sequence[Column]
    rows: list[dict[str, Any]]
    note: str = ""


@dataclass(frozen=True)
class Formatter:
    """Values for pages: rates as percentages, seconds in words, codes as labels."""

    _: Translate
    label: Label
    local_time: Callable[..., str]

    def value(self, value: Any, fmt: str) -> str:
        _ = self._
        if value is None or value == "":
            return "—"
        if fmt == "message":
            return _(value)
        if fmt == "pct":
            return f"{value * 100:.1f}%"
        if fmt == "seconds":
            if value < 120:
                return _("%(n)s s", n=round(value))
            return _("%(n)s min", n=f"{value / 60:.1f}")
        if fmt == "hours":
            return _("%(n)s h", n=f"{value:g}")
        if fmt == "date":
            return self.local_time(value, "%Y-%m-%d %H:%M")
        if fmt.startswith("label:"):
            return self.label(fmt.removeprefix("label:"), value)
        if fmt == "int":
            return f"{int(value):,}"
        return str(value)

    def cell(self, row: dict[str, Any], column: Column) -> str:
        fmt = row.get("fmt", "text") if column.fmt == "row" else column.fmt
        return self.value(row.get(column.key), fmt)


def to_csv(table: Table, tools: Formatter) -> str:
    """The table as CSV for spreadsheets: translated headers and labels, numbers left raw
    (rates as fractions), with a byte-order mark so Excel reads Chinese correctly."""
    _, label, local_time = tools._, tools.label, tools.local_time
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = SafeWriter(buffer)
    writer.writerow([_(c.title) for c in table.columns])
    for row in table.rows:
        out = []
        for c in table.columns:
            value = row.get(c.key)
            if c.fmt == "message":
                value = _(value)
            elif value is not None and c.fmt.startswith("label:"):
                value = label(c.fmt.removeprefix("label:"), value)
            elif value is not None and c.fmt == "date":
                value = local_time(value, "%Y-%m-%d %H:%M")
            out.append("" if value is None else value)
        writer.writerow(out)
    return buffer.getvalue()


# Heat shades: 0 = nothing, 1-5 = more; answer rates use their own calm-to-amber scale.
def volume_shade(value: int, peak: int) -> int:
    if not value or not peak:
        return 0
    return min(5, 1 + int(4 * value / peak))


def rate_shade(rate: float | None, offered: int = 0, min_contacts: int = 1) -> str:
    """An hour with fewer contacts than ``min_contacts`` is "few" (grey): one call makes
    0% or 100%, which says nothing about the hour."""
    if rate is None:
        return "none"
    if offered < min_contacts:
        return "few"
    if rate >= 0.9:
        return "good"
    if rate >= 0.75:
        return "fair"
    return "poor"


@dataclass
class HeatCell:
    hour: int
    offered: int
    answer_rate: float | None
    shade: int
    rate_shade: str


@dataclass
class HeatRow:
    weekday: str
    cells: list[HeatCell]


def heat_rows(heatmap: list[list[dict[str, Any]]], min_contacts: int = 1) -> list[HeatRow]:
    """The KPI heatmap ([weekday][hour]) with a shade per cell, scaled to the busiest hour."""
    peak = max((c["offered"] for day in heatmap for c in day), default=0)
    return [HeatRow(day[0]["weekday"], [
        HeatCell(c["hour"], c["offered"], c["answer_rate"], volume_shade(c["offered"], peak),
                 rate_shade(c["answer_rate"], c["offered"], min_contacts))
        for c in day]) for day in heatmap]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    rate: float | None


@dataclass
class TrendChart:
    """Monthly bars (contacts offered) with the answer rate as a line on a 0-100% axis."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    bars: list[Bar] = field(default_factory=list)
    line: str = ""  # SVG polyline points
    dots: list[tuple[float, float, float]] = field(default_factory=list)  # x, y, rate
    peak: int = 0
    ticks: list[tuple[float, str]] = field(default_factory=list)


def trend_chart(points: Sequence[Any], width: int = 760, height: int = 240) -> TrendChart:
    """Geometry for ``monthly.MonthPoint``s: left axis counts, right axis the answer rate."""
    top, bottom, left, right = 16, 32, 48, 48
    chart = TrendChart(width, height, top, bottom, left)
    if not points:
        return chart
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(max(p.offered for p in points), 1)
    step = plot_w / len(points)
    chart.peak = peak
    chart.ticks = [(top + plot_h * (1 - f), f"{round(peak * f):,}") for f in (0, 0.5, 1)]
    coords = []
    for i, p in enumerate(points):
        h = plot_h * p.offered / peak
        x = left + i * step
        chart.bars.append(Bar(round(x + step * 0.2, 1), round(top + plot_h - h, 1),
                              round(step * 0.6, 1), round(h, 1), p.month[2:], p.offered,
                              p.answer_rate))
        if p.answer_rate is not None:
            cx, cy = round(x + step / 2, 1), round(top + plot_h * (1 - p.answer_rate), 1)
            coords.append(f"{cx},{cy}")
            chart.dots.append((cx, cy, p.answer_rate))
    chart.line = " ".join(coords)
    return chart


WEEKDAYS = {
    "mon": N_("Mon"), "tue": N_("Tue"), "wed": N_("Wed"), "thu": N_("Thu"),
    "fri": N_("Fri"), "sat": N_("Sat"), "sun": N_("Sun"),
}


def labeller(_: Translate, language: str, extra: dict[str, dict[str, str]]) -> Label:
    """``label(kind, code)`` over the console's labels, the page's own ``extra`` kinds and the
    taxonomy; unknown codes show as themselves."""
    terms = taxonomy.load()

    def label(kind: str, code: str | None) -> str:
        if code is None:
            return ""
        if kind == "taxonomy":
            return terms.label(code, language)
        message = extra.get(kind, labels.KINDS.get(kind, {})).get(code)
        return _(message) if message else code

    return label
