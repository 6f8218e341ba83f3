"""Static SVG charts for the dashboard, drawn in Python: no chart library, no script, nothing
fetched, so the HTML file opens offline and shows the same on every machine.

Every text that reaches a chart (series names, labels: engine names, crawler purposes, variant
names come from ingested reports and are untrusted) is escaped with :func:`markupsafe.escape`;
numbers are formatted here. The functions return :class:`markupsafe.Markup` for a Jinja
template with autoescape on. Hovering a point or a bar shows its value (an SVG ``<title>``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from markupsafe import Markup, escape

PALETTE = ("#2563eb", "#d97706", "#059669", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#475569")
W, H = 880, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 40

Fmt = Callable[[float], str]


def number(x: float) -> str:
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def percent(x: float) -> str:
    return f"{x:.0%}"


def scale(value: float, *, integer: bool = False) -> tuple[float, float]:
    """(top, step) of an axis with four steps of a round size (1, 2, 2.5 or 5 times a power of
    ten) that reaches ``value``; whole steps for counts."""
    raw = value / 4 if value > 0 else 0.25
    if integer:
        raw = max(raw, 1.0)
    exp = 10 ** math.floor(math.log10(raw))
    step = 10 * exp
    for m in (1, 2, 2.5, 5):
        if m * exp >= raw * (1 - 1e-9) and not (integer and m == 2.5 and exp < 10):
            step = m * exp
            break
    return 4 * step, step


def _tick(fmt: Fmt, step: float) -> Fmt:
    """How an axis prints its values: the chart's format, with the decimals a fractional step needs."""
    if fmt is percent:
        return lambda v: f"{round(v * 100, 6):g}%"
    if step >= 1:
        return fmt
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) + (
        1 if round(step / 10 ** math.floor(math.log10(step)), 6) == 2.5 else 0
    )
    return lambda v: f"{v:.{decimals}f}"


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _frame(
    labels: Sequence[str], top: float, step: float, fmt: Fmt, title: str
) -> tuple[list[str], Callable[[int], float], float]:
    """Axes, horizontal grid lines with their values, x labels (thinned to fit): the parts of
    every chart. Returns (svg parts, x of label i, plot height)."""
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    n = max(len(labels), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}" '
        f'class="chart"><title>{escape(title)}</title>'
    ]
    tick = _tick(fmt, step)
    for k in range(5):
        v = step * k
        y = TOP + ph - ph * k / 4
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{escape(tick(v))}</text>')
    step = max(1, math.ceil(n / 8))

    def x_of(i: int) -> float:
        return LEFT + pw * (i + 0.5) / n

    for i, label in enumerate(labels):
        if i % step == 0:
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{H - BOTTOM + 16}" text-anchor="middle" class="tick">{escape(label)}</text>'
            )
    return parts, x_of, ph


def _legend(names: Sequence[str], colors: Mapping[str, str] | None = None) -> str:
    items = "".join(
        f'<span class="key"><span class="swatch" style="background:{(colors or {}).get(n, color(i))}"></span>'
        f"{escape(n)}</span>"
        for i, n in enumerate(names)
    )
    return f'<div class="legend">{items}</div>'


def line_chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    fmt: Fmt = number,
    title: str,
    y_max: float | None = None,
    integer: bool = False,
    total: str | None = None,
) -> Markup:
    """One line per series over the same x labels (None: no value, the line breaks); ``integer``:
    counts, whose axis steps are whole numbers; ``total``: the series that sums the others, drawn
    dashed in grey under them."""
    values = [v for s in series.values() for v in s if v is not None]
    top, step = scale(y_max if y_max is not None else max(values, default=0.0), integer=integer)
    parts, x_of, ph = _frame(labels, top, step, fmt, title)

    def y_of(v: float) -> float:
        return TOP + ph - ph * min(v, top) / top

    radius = 3 if len(labels) <= 26 else 1.5  # a year of weeks: dots small enough to see the line
    names = list(series)
    colors = {n: color(i) for i, n in enumerate(n for n in names if n != total)}
    if total is not None and total in series:
        colors[total] = "#6b7280"
        names = [total, *(n for n in names if n != total)]
    for name in names:
        points = series[name]
        dash = ' stroke-dasharray="6 4"' if name == total else ""
        run: list[str] = []
        segments: list[list[str]] = []
        for k, v in enumerate(points):
            if v is None:
                if run:
                    segments.append(run)
                run = []
                continue
            run.append(f"{x_of(k):.1f},{y_of(v):.1f}")
        if run:
            segments.append(run)
        for seg in segments:
            if len(seg) > 1:
                parts.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colors[name]}" stroke-width="2"{dash}/>'
                )
        for k, v in enumerate(points):
            if v is not None:
                parts.append(
                    f'<circle cx="{x_of(k):.1f}" cy="{y_of(v):.1f}" r="{radius}" fill="{colors[name]}">'
                    f"<title>{escape(name)} · {escape(labels[k])}: {escape(fmt(v))}</title></circle>"
                )
    parts.append("</svg>")
    return Markup("".join(parts) + _legend(list(series), colors))


def stacked_bars(
    labels: Sequence[str], series: Mapping[str, Sequence[float]], *, fmt: Fmt = number, title: str
) -> Markup:
    """Bars per x label, stacked by series (counts: whole axis steps)."""
    totals = [sum(s[k] for s in series.values()) for k in range(len(labels))]
    top, step = scale(max(totals, default=0.0), integer=True)
    parts, x_of, ph = _frame(labels, top, step, fmt, title)
    width = min(48.0, max(2.0, (W - LEFT - RIGHT) / max(len(labels), 1) * 0.7))
    for k in range(len(labels)):
        base = TOP + ph
        for i, (name, points) in enumerate(series.items()):
            v = points[k]
            if v <= 0:
                continue
            h = ph * v / top
            base -= h
            parts.append(
                f'<rect x="{x_of(k) - width / 2:.1f}" y="{base:.1f}" width="{width:.1f}" height="{h:.1f}" '
                f'fill="{color(i)}"><title>{escape(name)} · {escape(labels[k])}: {escape(fmt(v))}</title></rect>'
            )
    parts.append("</svg>")
    return Markup("".join(parts) + _legend(list(series)))


def intervals(rows: Sequence[tuple[str, float, float, float]], *, fmt: Fmt = number, title: str) -> Markup:
    """Horizontal credible intervals: (name, low, estimate, high) per row, one scale."""
    height = 28 * len(rows) + 34
    left, right = 130, 20
    hi, step = scale(max((r[3] for r in rows), default=0.0))
    tick = _tick(fmt, step)
    pw = W - left - right

    def x_of(v: float) -> float:
        return left + pw * max(0.0, min(v, hi)) / hi

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>'
    ]
    for k in range(5):
        v = step * k
        parts.append(f'<line x1="{x_of(v):.1f}" y1="6" x2="{x_of(v):.1f}" y2="{height - 22}" class="grid"/>')
        parts.append(
            f'<text x="{x_of(v):.1f}" y="{height - 8}" text-anchor="middle" class="tick">{escape(tick(v))}</text>'
        )
    for i, (name, low, est, high) in enumerate(rows):
        y = 20 + 28 * i
        short = name if len(name) <= 18 else name[:17] + "…"
        parts.append(
            f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" class="tick">{escape(short)}<title>{escape(name)}</title></text>'
        )
        parts.append(
            f'<line x1="{x_of(low):.1f}" y1="{y}" x2="{x_of(high):.1f}" y2="{y}" stroke="{color(i)}" stroke-width="4"/>'
        )
        parts.append(
            f'<circle cx="{x_of(est):.1f}" cy="{y}" r="5" fill="{color(i)}"><title>{escape(name)}: '
            f"{escape(fmt(est))} ({escape(fmt(low))}–{escape(fmt(high))})</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
