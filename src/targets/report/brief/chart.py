"""What one small chart of a briefing shows: the planned path, the actual values and the projection."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from targets.models import Path, Result, Status, Target
from targets.report.brief.model import Chart, Point

ZERO = Decimal(0)
# Units counted in whole things: their ticks and projections are whole numbers (1.25 次 is no event).
COUNT_UNITS = frozenset({"家", "个", "次", "项", "所", "条", "座", "名", "人", "场", "批", "件"})


def is_count(unit: str | None) -> bool:
    return unit in COUNT_UNITS


def chart_of(r: Result, t: Target, series: dict[int, Decimal]) -> tuple[Chart | None, str | None]:
    """The chart of an assessable target, or None and the key of the reason there is none."""
    if r.status in (Status.no_data, Status.not_assessable):
        return None, None
    if r.target_year == "annual":
        return None, "chart_annual"
    if r.path is Path.none:
        return None, "chart_no_path"
    if r.target is None or r.actual is None or r.year is None:
        return None, "other"
    goal, end, actual = r.target, r.target_year, r.actual
    if r.path is Path.cumulative:
        if t.cumulative is None:
            return None, "other"
        start, end = t.cumulative.start - 1, t.cumulative.end
        base = Point(start, ZERO)
        planned = tuple(Point(y, goal * (y - start) / (end - start)) for y in range(start, end + 1))
        running, points = ZERO, []
        for y in range(start + 1, min(r.year, end) + 1):
            if y not in series:
                break
            running += series[y]
            points.append(Point(y, running))
        actual = r.cumulative_sum if r.cumulative_sum is not None else running
    else:
        if r.baseline is None or r.baseline_year is None:
            return None, "chart_no_baseline"
        if end <= r.baseline_year:
            return None, "other"
        base = Point(r.baseline_year, r.baseline)
        planned = _planned(r.path, base, Point(end, goal))
        points = [Point(y, v) for y, v in sorted(series.items())]
    count = is_count(r.unit)
    projection: tuple[Point, ...] = ()
    if r.projected_value is not None and r.year < end:
        g = r.observed_annual_growth
        if r.path is Path.geometric and g is not None:
            steps = [Point(y, actual * (1 + g) ** (y - r.year)) for y in range(r.year, end)]
        else:
            steps = [Point(r.year, actual)]
        projected = r.projected_value
        if count:
            projected = projected.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        projection = (*steps, Point(end, projected))
    return Chart(r.path, base, Point(end, goal), planned, tuple(points), projection, count), None


def _planned(path: Path, base: Point, goal: Point) -> tuple[Point, ...]:
    b, g, n = base.value, goal.value, goal.year - base.year
    geometric = path is Path.geometric and b > 0 and g > 0
    points = [base]
    for y in range(base.year + 1, goal.year):
        k = Decimal(y - base.year) / n
        points.append(Point(y, b * (g / b) ** k if geometric else b + (g - b) * k))
    return (*points, goal)  # the ends exactly, not 49.999...
