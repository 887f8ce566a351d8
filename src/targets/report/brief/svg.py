"""Small inline SVG charts: baseline, planned path, actual points and the projection at the current pace."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from targets.models import Path
from targets.report.brief.labels import WORDS
from targets.report.brief.model import Chart, Point
from targets.report.render import fmt_num, places_of
from targets.safe import html_escape

# Colours used nowhere else in the page: the browser test looks for them in the screenshot.
PLAN = "#1f5fbf"
ACTUAL = "#d9480f"
PROJECTION = "#f08c00"
TARGET = "#2b8a3e"
GRID = "#e6e6e6"
AXIS = "#8c8c8c"
INK = "#444444"

# Four charts to a row of the A4 text width: a chart is about 42 mm wide, so at 200 units a font
# of 14 units prints at 8.4 pt.
W, H = 200, 135
FONT = 14
LEFT, RIGHT, TOP, BOTTOM = 38, W - 16, 26, H - 20  # room for the last year's label


def nice_ticks(lo: Decimal, hi: Decimal, count: int = 4, integer: bool = False) -> list[Decimal]:
    """Round tick values (1, 2 or 5 times a power of ten) covering lo..hi; whole numbers only
    when `integer` (counts: no tick at 0.5 次)."""
    if hi == lo:
        pad = abs(hi) / 10 or Decimal(1)
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / count
    magnitude = Decimal(1).scaleb(raw.adjusted())
    step = next(magnitude * m for m in (1, 2, 5, 10) if magnitude * m >= raw)
    if integer and step < 1:
        step = Decimal(1)
    start = (lo / step).to_integral_value(rounding=ROUND_FLOOR) * step
    stop = (hi / step).to_integral_value(rounding=ROUND_CEILING) * step
    ticks = []
    value = start
    while value <= stop:
        ticks.append(value)
        value += step
    return ticks


def _f(x: float) -> str:
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


class _Frame:
    """Maps (year, value) to SVG coordinates inside the plot area."""

    def __init__(self, years: tuple[int, int], ticks: Sequence[Decimal]) -> None:
        self.x0, self.x1 = years
        self.lo, self.hi = float(ticks[0]), float(ticks[-1])

    def x(self, year: int) -> float:
        return LEFT + (year - self.x0) / (self.x1 - self.x0) * (RIGHT - LEFT)

    def y(self, value: Decimal) -> float:
        return BOTTOM - (float(value) - self.lo) / (self.hi - self.lo) * (BOTTOM - TOP)

    def xy(self, p: Point) -> str:
        return f"{_f(self.x(p.year))},{_f(self.y(p.value))}"


def _polyline(frame: _Frame, points: Sequence[Point], colour: str, width: str, dash: str = "") -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    coords = " ".join(frame.xy(p) for p in points)
    return (
        f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="{width}"'
        f' stroke-linejoin="round"{dashed}/>'
    )


def _dot(frame: _Frame, p: Point, fill: str, r: str = "3.5", stroke: str = "#ffffff") -> str:
    x, y = _f(frame.x(p.year)), _f(frame.y(p.value))
    return f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}" stroke="{stroke}"/>'


def _diamond(frame: _Frame, p: Point) -> str:
    x, y = frame.x(p.year), frame.y(p.value)
    pts = f"{_f(x)},{_f(y - 5)} {_f(x + 5)},{_f(y)} {_f(x)},{_f(y + 5)} {_f(x - 5)},{_f(y)}"
    return f'<polygon points="{pts}" fill="{TARGET}" stroke="#ffffff"/>'


def label(chart: Chart, name: str, lang: str) -> str:
    """The chart's accessible name: the numbers a sighted reader takes from it."""
    words = WORDS[lang]
    values = [chart.baseline.value, chart.target.value, *(p.value for p in chart.actual)]
    places = places_of(*values)
    latest = chart.actual[-1] if chart.actual else None
    key = "aria_cumulative" if chart.path is Path.cumulative else "aria"
    text = words[key].format(
        name=name,
        b=fmt_num(chart.baseline.value, places),
        b_year=chart.baseline.year,
        start=chart.baseline.year + 1,
        t=fmt_num(chart.target.value, places),
        t_year=chart.target.year,
        a="—" if latest is None else fmt_num(latest.value, places),
        a_year="—" if latest is None else latest.year,
        actual_word=words["actual_word"],
    )
    if chart.projection:
        end = chart.projection[-1]
        # One more decimal: a projection of 14.87 is not the 15 of the target scale.
        shown = 0 if chart.count else min(places + 1, 4)
        text += words["aria_projection"].format(year=end.year, value=fmt_num(end.value, shown))
    return text


def render_chart(chart: Chart, name: str, unit: str | None, lang: str, places: int | None = None) -> str:
    """One chart as an inline <svg> element (well-formed XML, no namespace URL, no external reference)."""
    with localcontext() as ctx:
        ctx.prec = 28
        return _render(chart, name, unit, lang, places)


def _render(chart: Chart, name: str, unit: str | None, lang: str, known: int | None) -> str:
    words = WORDS[lang]
    series = [chart.baseline, chart.target, *chart.planned, *chart.actual, *chart.projection]
    years = [p.year for p in series]
    ticks = nice_ticks(min(p.value for p in series), max(p.value for p in series), integer=chart.count)
    frame = _Frame((min(years), max(years)), ticks)
    places = places_of(ticks[1] - ticks[0]) if len(ticks) > 1 else 0
    # the target label at the table's precision ([45.00]) when the caller knows it
    values = places_of(chart.baseline.value, chart.target.value, *(p.value for p in chart.actual))
    values = values if known is None else known
    title = label(chart, name, lang)
    desc = words[f"path_{chart.path.value}"]
    out = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img"'
        f' aria-label="{html_escape(title)}">',
        f"<title>{html_escape(title)}</title>",
        f"<desc>{html_escape(desc)}</desc>",
        f'<g font-size="{FONT}" fill="{INK}">',
    ]
    if unit:
        out.append(f'<text x="2" y="{FONT}">{html_escape(unit)}</text>')
    for tick in ticks:
        y = _f(frame.y(tick))
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{RIGHT}" y2="{y}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 4}" y="{y}" dy="3" text-anchor="end">{fmt_num(tick, places)}</text>')
    labelled = year_labels(frame.x0, frame.x1)
    for year in range(frame.x0, frame.x1 + 1):
        x = _f(frame.x(year))
        out.append(
            f'<line x1="{x}" y1="{BOTTOM}" x2="{x}" y2="{BOTTOM + 3}" stroke="{AXIS}" stroke-width="1"/>'
        )
        if year in labelled:
            out.append(f'<text x="{x}" y="{BOTTOM + FONT + 3}" text-anchor="middle">{year}</text>')
    out.append("</g>")
    out.append(
        f'<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="{AXIS}" stroke-width="1"/>'
    )
    out.append(
        f'<line x1="{LEFT}" y1="{TOP - 4}" x2="{LEFT}" y2="{BOTTOM}" stroke="{AXIS}" stroke-width="1"/>'
    )
    goal_y = _f(frame.y(chart.target.value))
    out.append(
        f'<line x1="{LEFT}" y1="{goal_y}" x2="{RIGHT}" y2="{goal_y}" stroke="{TARGET}"'
        ' stroke-width="1" stroke-dasharray="2 3"/>'
    )
    out.append(_polyline(frame, chart.planned, PLAN, "2"))
    if chart.projection:
        out.append(_polyline(frame, chart.projection, PROJECTION, "2", "5 3"))
        out.append(_dot(frame, chart.projection[-1], "#ffffff", "3", PROJECTION))
    if len(chart.actual) > 1:
        out.append(_polyline(frame, chart.actual, ACTUAL, "1.5"))
    out.extend(_dot(frame, p, ACTUAL) for p in chart.actual)
    out.append(_diamond(frame, chart.target))
    out.append(_dot(frame, chart.baseline, PLAN))
    out.append(_target_label(frame, chart, values, lang))
    out.append("</svg>")
    return "\n".join(out)


def year_labels(first: int, last: int) -> list[int]:
    """The years written under the axis: every year up to three, else every other year, always
    the first and the last (the target year), never two side by side."""
    if last - first <= 3:
        return list(range(first, last + 1))
    years = list(range(first, last + 1, 2))
    if last - years[-1] == 1:
        years.pop()  # 2024 would touch 2025
    if years[-1] != last:
        years.append(last)
    return years


def _target_label(frame: _Frame, chart: Chart, places: int, lang: str) -> str:
    """The target year and value, written above the plot at the target's end."""
    text = WORDS[lang]["target_label"].format(
        year=chart.target.year, value=fmt_num(chart.target.value, places)
    )
    return (
        f'<text x="{RIGHT}" y="{FONT}" text-anchor="end" font-size="{FONT}"'
        f' fill="{TARGET}">{html_escape(text)}</text>'
    )


def _text_width(text: str, size: int) -> int:
    """A generous estimate of the drawn width: CJK glyphs are square, Latin ones about half."""
    return sum(size if ord(c) > 0x2E80 else size * 6 // 10 for c in text)


def render_legend(lang: str) -> str:
    """The key shared by every chart of the page."""
    words = WORDS[lang]
    y = 10
    marks = [
        (f'<circle cx="8" cy="{y}" r="3.5" fill="{PLAN}"/>', words["legend_baseline"]),
        (f'<line x1="0" y1="{y}" x2="18" y2="{y}" stroke="{PLAN}" stroke-width="2"/>', words["legend_plan"]),
        (f'<circle cx="8" cy="{y}" r="3.5" fill="{ACTUAL}"/>', words["legend_actual"]),
        (
            f'<line x1="0" y1="{y}" x2="18" y2="{y}" stroke="{PROJECTION}" stroke-width="2"'
            ' stroke-dasharray="5 3"/>',
            words["legend_projection"],
        ),
        (f'<polygon points="8,5 13,10 8,15 3,10" fill="{TARGET}"/>', words["legend_target"]),
    ]
    size = 12
    widths = [24 + _text_width(text, size) + 18 for _, text in marks]
    total = sum(widths)
    key = " · ".join(text for _, text in marks)
    parts = [
        f'<svg class="legend" viewBox="0 0 {total} 20" width="{total}" height="20"'
        f' role="img" aria-label="{html_escape(key)}">',
        f"<title>{html_escape(key)}</title>",
        f'<g font-size="{size}" fill="{INK}">',
    ]
    x = 0
    for (mark, text), step in zip(marks, widths, strict=True):
        label = html_escape(text)
        parts.append(f'<g transform="translate({x},0)">{mark}<text x="24" y="14">{label}</text></g>')
        x += step
    parts += ["</g>", "</svg>"]
    return "\n".join(parts)
