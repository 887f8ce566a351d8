"""Pure trend maths for one target: values by year, growth, current pace and the year of reaching it.

The pace is the observed one from the baseline to the latest value, on the target's path as
`evaluate` chose it (METHOD.md section 2):

    geometric   g = (A/B)^(1/(t-b)) - 1            reached after n = ln(G/A) / ln(1+g) years
    linear      d = (A-B) / (t-b) per year         reached after n = (G-A) / d years
    cumulative  d = S_t / (years of flows so far)  reached after n = (X-S_t) / d years

and the target is reached in year t + ceil(n): annual data first shows it then. A pace of zero or
pointing away from the target never reaches it; a geometric pace needs A > 0 and G > 0 (evaluate
switches to the linear path otherwise). "Within the plan period" means t + ceil(n) <= T, which is
the same test as the projection A(1+g)^(T-t) (or A + d(T-t)) reaching G.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from targets.models import Path, Result, Status, Target

BARS = "▁▂▃▄▅▆▇█"
MAX_YEARS = 100  # beyond this a "reach year" says nothing useful
ZERO, ONE = Decimal(0), Decimal(1)


class Reach(StrEnum):
    """Whether and when the current pace reaches the target."""

    achieved = "achieved"  # the latest value already meets it
    within = "within"  # at the current pace, by the target year
    after = "after"  # at the current pace, but only after the target year
    never = "never"  # the pace is zero or points away from the target
    unknown = "unknown"  # no pace can be measured (no data, no baseline, one year only)
    not_applicable = "not_applicable"  # maintain, direction, yearly rate: nothing to reach


@dataclass(frozen=True)
class Point:
    """One year of the series; change and growth against the year before, when both are known."""

    year: int
    value: Decimal | None
    change: Decimal | None = None
    growth: Decimal | None = None  # a fraction; only when the year before is positive
    cumulative: Decimal | None = None  # running total of the flows, cumulative targets only
    from_plan: bool = False  # the plan's baseline, absent from the data


@dataclass(frozen=True)
class Trend:
    result: Result
    points: list[Point]
    pace_growth: Decimal | None  # observed average annual growth (geometric path)
    pace_change: Decimal | None  # observed average annual change (linear path) or flow (cumulative)
    reach: Reach
    reach_year: int | None
    years_needed: Decimal | None
    reason: str | None
    sparkline: str


def sparkline(values: Sequence[Decimal | None]) -> str:
    """One block per value scaled between the smallest and largest present; a gap is a space."""
    present = [v for v in values if v is not None]
    if not present:
        return ""
    lo, hi = min(present), max(present)
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif hi == lo:
            out.append(BARS[3])
        else:
            level = ((v - lo) / (hi - lo) * (len(BARS) - 1)).to_integral_value(ROUND_HALF_UP)
            out.append(BARS[int(level)])
    return "".join(out)


def _points(
    target: Target, result: Result, series: Mapping[int, Decimal | None], as_of: int | None
) -> list[Point]:
    values = {y: v for y, v in series.items() if as_of is None or y <= as_of}
    if (
        result.baseline_from == "plan"
        and result.baseline_year is not None
        and result.baseline is not None
        and values.get(result.baseline_year) is None
    ):
        values[result.baseline_year] = result.baseline
        plan_year: int | None = result.baseline_year
    else:
        plan_year = None
    if not values:
        return []
    window = target.cumulative
    running = ZERO
    points = []
    for year in range(min(values), max(values) + 1):
        v, prev = values.get(year), values.get(year - 1)
        change = v - prev if v is not None and prev is not None else None
        growth = v / prev - ONE if v is not None and prev is not None and prev > 0 else None
        cumulative = None
        if window is not None and window.start <= year <= window.end:
            running += v or ZERO
            cumulative = running
        points.append(Point(year, v, change, growth, cumulative, from_plan=year == plan_year))
    return points


def _pace(target: Target, r: Result) -> tuple[Decimal | None, Decimal | None]:
    if r.path is Path.geometric:
        return r.observed_annual_growth, None
    if r.year is None or r.actual is None:
        return None, None
    if r.path is Path.linear and r.baseline is not None and r.baseline_year is not None:
        if r.year > r.baseline_year:
            return None, (r.actual - r.baseline) / (r.year - r.baseline_year)
        return None, None
    if r.path is Path.cumulative and target.cumulative is not None and r.cumulative_sum is not None:
        flows = min(r.year, target.cumulative.end) - target.cumulative.start + 1
        if flows > 0 and r.status is not Status.not_assessable:  # not with flows missing
            return None, r.cumulative_sum / flows
    return None, None


def build_trend(
    target: Target, result: Result, series: Mapping[int, Decimal | None], as_of: int | None = None
) -> Trend:
    """The trend of one evaluated target; `series` is its (series, region) data by year."""
    with localcontext() as ctx:
        ctx.prec = 28
        points = _points(target, result, series, as_of)
        growth, change = _pace(target, result)
        reach, year, needed, reason = reach_year(result, growth, change)
    return Trend(
        result=result,
        points=points,
        pace_growth=growth,
        pace_change=change,
        reach=reach,
        reach_year=year,
        years_needed=needed,
        reason=reason,
        sparkline=sparkline([p.value for p in points]),
    )


def reach_year(
    r: Result, growth: Decimal | None, change: Decimal | None
) -> tuple[Reach, int | None, Decimal | None, str | None]:
    """(verdict, year, years needed from the data year, why) at the current pace."""
    if r.status is Status.achieved:
        return Reach.achieved, r.year, ZERO, None
    end = r.target_year
    if r.reached_in is not None:  # METHOD 3.0: met only after its year; the status stays missed
        return Reach.after, r.reached_in, None, f"not met in {end}; first met in {r.reached_in}"
    if not isinstance(end, int):
        return Reach.not_applicable, None, None, "a target for every year is judged year by year"
    if r.path is Path.none:
        return Reach.not_applicable, None, None, "this kind of target has no level to reach"
    if r.year is None or r.target is None:
        why = "no data" if r.year is None else r.reason or "the target value is not known"
        return Reach.unknown, None, None, why
    now = r.cumulative_sum if r.path is Path.cumulative else r.actual
    if now is None:  # pragma: no cover - a result with a year has a value
        return Reach.unknown, None, None, "no data"
    gap = r.target - now
    if r.path is Path.geometric:
        if growth is None:
            return (
                Reach.unknown,
                None,
                None,
                r.reason or "no observed growth: no baseline before the data year",
            )
        if now <= 0 or r.target <= 0:
            return Reach.unknown, None, None, "a growth rate needs positive values"
        if growth == 0 or (gap > 0) != (growth > 0):
            return Reach.never, None, None, _never(gap, growth)
        needed = (r.target / now).ln() / (ONE + growth).ln()
    else:
        if change is None:
            return Reach.unknown, None, None, r.reason or "no observed pace: no baseline before the data year"
        if change == 0 or (gap > 0) != (change > 0):
            return Reach.never, None, None, _never(gap, change)
        needed = gap / change
    if needed > MAX_YEARS:
        return Reach.after, None, needed, f"more than {MAX_YEARS} years at the current pace"
    year = r.year + int(max(needed, ZERO).to_integral_value(ROUND_CEILING))
    return (Reach.within if year <= end else Reach.after), year, needed, None


def _never(gap: Decimal, pace: Decimal) -> str:
    if pace == 0:
        return "the value does not move: at this pace it is never reached"
    return "the value moves away from the target: at this pace it is never reached"
