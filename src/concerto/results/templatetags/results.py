"""Chart geometry for the statistics templates: plain arithmetic, no query."""

from __future__ import annotations

from django import template

register = template.Library()

ROW = 38  # height of one bar with its label, in SVG units
LABEL = 15
BAR = 14
WIDTH = 640
BAR_WIDTH = 440


def _svg_number(value) -> str:
    """A coordinate as SVG reads it: a point, never the page language's decimal comma."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


@register.inclusion_tag("results/_bar_chart.html")
def bar_chart(bars, title: str, ident: str):
    """A horizontal bar chart as server-rendered SVG: each bar's label above it, its value
    after it; the data table beside it carries the same figures for every reader."""
    rows = []
    for index, bar in enumerate(bars):
        top = index * ROW
        width = 0 if bar.percent is None else round(BAR_WIDTH * bar.percent / 100, 1)
        rows.append(
            {
                "label": bar.label,
                "text": bar.text,
                "hidden": bar.percent is None,
                "label_y": top + LABEL - 2,
                "bar_y": top + LABEL + 3,
                "bar_width": _svg_number(max(width, 1 if bar.percent else 0)),
                "value_x": _svg_number(4 + width + 6),
                "value_y": top + LABEL + 3 + BAR - 3,
            }
        )
    return {
        "rows": rows,
        "title": title,
        "ident": ident,
        "height": max(len(rows) * ROW + 4, ROW),
        "width": WIDTH,
        "bar_height": BAR,
        "track_width": BAR_WIDTH,
    }


@register.filter
def percent(value) -> str:
    """12.345 → « 12 % » (French spacing)."""
    if value is None:
        return ""
    return f"{value:.0f}\u00a0%"


@register.filter
def decimal1(value) -> str:
    if value is None:
        return ""
    text = f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return text


@register.filter
def at(sequence, index):
    """The item of ``sequence`` at ``index`` (aligning a figure's cells with its groups)."""
    try:
        return sequence[index]
    except (IndexError, TypeError, KeyError):
        return None
