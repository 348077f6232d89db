"""Charts drawn on the server as SVG text: no script, no external file, readable without colour.

Each function returns one ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` (what a
screen reader says), text labels on the axes and bars, and a legend; the page shows the same
figures in a table next to it (:func:`data_table`). Every label is escaped here: category
names and step titles are user content. Colours all reach 3:1 against white (WCAG non-text
contrast), text 4.5:1, and adjacent segments are parted by a white line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from chatbot.i18n import _

PALETTE = (
    "#1f5f99",  # blue
    "#b34700",  # dark orange
    "#2e7d32",  # green
    "#b3261e",  # red
    "#6a3d9a",  # purple
    "#00707a",  # teal
    "#8a5a00",  # brown
    "#5c6670",  # grey
)
"""Series colours, in order (then again): each at least 3:1 against the white background."""
INK = "#1f2933"
MUTED = "#52606d"
GRID = "#c8d0d8"
FONT = 'font-family="system-ui, sans-serif"'
MAX_LABEL = 34
EMPTY = 44
"""The height of a chart with nothing to show yet: one line of text."""
"""Characters of a label drawn in the chart; the whole label is in its tooltip and the table."""

Series = tuple[str, Sequence[float | None]]
"""A legend label and one value per column (None: no figure)."""
Fmt = Callable[[float], str]
"""How a value is written on an axis or a bar."""


def esc(text: object) -> str:
    """Text or attribute value, safe inside HTML and SVG."""
    return escape(str(text), quote=True)


def short(text: str, length: int = MAX_LABEL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _svg(ident: str, title: str, desc: str, width: int, height: int, body: str) -> str:
    ident = esc(ident)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-title {ident}-desc" {FONT} font-size="13">'
        f'<title id="{ident}-title">{esc(title)}</title>'
        f'<desc id="{ident}-desc">{esc(desc)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
        f"{body}</svg>"
    )


def framed(chart: str) -> str:
    """``chart`` in a frame that scrolls sideways on a narrow screen, where the chart keeps
    a width its text is readable at (see ``.chart-frame`` in web.css)."""
    return f'<div class="chart-frame">{chart}</div>'


def _nothing(width: int, height: int) -> str:
    text = _("No data yet")
    return f'<text x="8" y="{height / 2 + 5:.0f}" fill="{MUTED}">{esc(text)}</text>'


def _ceiling(largest: float) -> float:
    """A round top for the axis, at or above ``largest``."""
    if largest <= 0:
        return 1.0
    step = 1.0
    while step * 10 < largest:
        step *= 10
    for factor in (1, 2, 2.5, 5, 10):
        if step * factor >= largest:
            return step * factor
    return step * 10  # pragma: no cover - the loop always returns


def _legend(labels: Sequence[str], *, top: float, width: int) -> tuple[str, float]:
    """Coloured squares with their labels, wrapped in rows; the markup and its height."""
    parts, x, y = [], 8.0, top
    for index, label in enumerate(labels):
        text = short(label, 28)
        room = 24 + 7.5 * len(text)
        if x > 8 and x + room > width:
            x, y = 8.0, y + 20
        parts.append(
            f'<g class="legend-item"><rect x="{x:.0f}" y="{y:.0f}" width="12" height="12" '
            f'fill="{colour(index)}"/><text x="{x + 17:.0f}" y="{y + 11:.0f}" fill="{INK}">'
            f"{esc(text)}</text></g>"
        )
        x += room + 12
    return "".join(parts), (y - top + 20 if labels else 0)


def _y_axis(left: float, right: float, top: float, bottom: float, peak: float, fmt: Fmt) -> str:
    lines = []
    halves = fmt is not _count or float(peak / 2).is_integer()
    for share in (0, 0.5, 1) if halves else (0, 1):
        y = bottom - (bottom - top) * share
        lines.append(
            f'<line x1="{left:.0f}" y1="{y:.1f}" x2="{right:.0f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6:.0f}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{esc(fmt(peak * share) if share else '0')}</text>"
        )
    return "".join(lines)


def _count(value: float) -> str:
    return f"{value:g}"


def stacked_bars(
    *,
    ident: str,
    title: str,
    desc: str,
    columns: Sequence[str],
    series: Sequence[Series],
    tick_every: int = 7,
) -> str:
    """One bar per column (a day), stacked by series (a category); the column label under
    every ``tick_every``-th bar, and each segment's figures in its tooltip."""
    width, plot_top, plot_bottom, left, right = 720, 12, 222, 44, 712
    totals = [sum(values[i] or 0 for _label, values in series) for i in range(len(columns))]
    legend, legend_height = _legend([label for label, _values in series], top=252, width=width)
    height = int(252 + legend_height + 8)
    if not columns or not any(totals):
        return _svg(ident, title, desc, width, EMPTY, _nothing(width, EMPTY))
    peak = _ceiling(max(totals))
    slot = (right - left) / len(columns)
    bar = max(slot * 0.8, 1.0)
    body = [_y_axis(left, right, plot_top, plot_bottom, peak, _count)]
    for i, column in enumerate(columns):
        x = left + slot * i + (slot - bar) / 2
        y = float(plot_bottom)
        for index, (label, values) in enumerate(series):
            value = values[i] or 0
            if not value:
                continue
            size = (plot_bottom - plot_top) * value / peak
            y -= size
            tip = f"{label}, {column}: {value:g}"
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{size:.1f}" '
                f'fill="{colour(index)}" stroke="#ffffff" stroke-width="0.5">'
                f"<title>{esc(tip)}</title></rect>"
            )
        if i % tick_every == 0:
            body.append(
                f'<text x="{x:.1f}" y="{plot_bottom + 18}" fill="{MUTED}" font-size="12">'
                f"{esc(column)}</text>"
            )
    body.append(
        f'<line x1="{left}" y1="{plot_bottom}" x2="{right}" y2="{plot_bottom}" stroke="{INK}"/>'
    )
    return _svg(ident, title, desc, width, height, "".join(body) + legend)


def grouped_bars(
    *,
    ident: str,
    title: str,
    desc: str,
    columns: Sequence[str],
    series: Sequence[Series],
    fmt: Fmt,
) -> str:
    """Side by side bars per column (a week), one per series (time to acknowledge, time to
    resolve), each labelled with its value through ``fmt``; a missing figure shows a dash."""
    width, plot_top, plot_bottom, left, right = 720, 24, 222, 64, 712
    values = [v for _label, vs in series for v in vs if v is not None]
    legend, legend_height = _legend([label for label, _vs in series], top=252, width=width)
    height = int(252 + legend_height + 8)
    if not columns or not series or not any(values):
        return _svg(ident, title, desc, width, EMPTY, _nothing(width, EMPTY))
    peak = _ceiling(max(values))
    slot = (right - left) / len(columns)
    bar = slot * 0.8 / len(series)
    body = [_y_axis(left, right, plot_top, plot_bottom, peak, fmt)]
    for i, column in enumerate(columns):
        start = left + slot * i + slot * 0.1
        for index, (label, figures) in enumerate(series):
            value = figures[i] if i < len(figures) else None
            x = start + bar * index
            middle = x + bar / 2
            if value is None:
                body.append(
                    f'<text x="{middle:.1f}" y="{plot_bottom - 4}" text-anchor="middle" '
                    f'fill="{MUTED}">–</text>'
                )
                continue
            size = (plot_bottom - plot_top) * value / peak
            tip = f"{label}, {column}: {fmt(value)}"
            body.append(
                f'<rect x="{x:.1f}" y="{plot_bottom - size:.1f}" width="{bar:.1f}" '
                f'height="{size:.1f}" fill="{colour(index)}" stroke="#ffffff">'
                f"<title>{esc(tip)}</title></rect>"
                f'<text x="{middle:.1f}" y="{plot_bottom - size - 4:.1f}" text-anchor="middle" '
                f'fill="{INK}" font-size="11">{esc(fmt(value))}</text>'
            )
        body.append(
            f'<text x="{left + slot * i + slot / 2:.1f}" y="{plot_bottom + 18}" '
            f'text-anchor="middle" fill="{MUTED}" font-size="12">{esc(column)}</text>'
        )
    body.append(
        f'<line x1="{left}" y1="{plot_bottom}" x2="{right}" y2="{plot_bottom}" stroke="{INK}"/>'
    )
    return _svg(ident, title, desc, width, height, "".join(body) + legend)


def funnel(
    *, ident: str, title: str, desc: str, steps: Sequence[tuple[str, int]], total: int
) -> str:
    """One horizontal bar per step, as long as the share of ``total`` who completed it,
    labelled with the step and ``done/total (share)``."""
    width, left, right, row = 720, 300, 620, 30
    height = max(len(steps), 1) * row + 16
    if not steps or total <= 0:
        return _svg(ident, title, desc, width, EMPTY, _nothing(width, EMPTY))
    body = []
    for index, (label, done) in enumerate(steps):
        y = 8 + row * index
        share = max(min(done / total, 1.0), 0.0)
        length = (right - left) * share
        figure = f"{done}/{total} ({share:.0%})"
        bar = (
            f'<rect x="{left}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" '
            f'fill="{colour(0)}"/>'
            if done > 0
            else ""
        )
        body.append(
            f'<g class="step"><title>{esc(f"{label}: {figure}")}</title>'
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" fill="{INK}">'
            f"{esc(short(label))}</text>"
            f'<rect x="{left}" y="{y + 3}" width="{right - left}" height="{row - 8}" '
            f'fill="#eef1f4" stroke="{MUTED}" stroke-width="0.5"/>{bar}'
            f'<text x="{right + 8}" y="{y + 17}" fill="{INK}">{esc(figure)}</text></g>'
        )
    return _svg(ident, title, desc, width, height, "".join(body))


def data_table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The figures of a chart as an HTML table (the text alternative shown next to it)."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{esc(cell)}</th>'
            if i == 0
            else f'<td data-label="{esc(headers[i])}">{esc(cell)}</td>'
            if i < len(headers)
            else f"<td>{esc(cell)}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<table class="data"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def contrast(foreground: str, background: str = "#ffffff") -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
