"""What a verdict is judged on: the judged year (METHOD 3.0), the baseline (3.1, last paragraph),
the values that apply to a region (3.2), the target value G and the path (1, 4). Pure functions of
numbers, years and the target, so the columnar path can call them too."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Literal

from targets.evaluate.maths import HUNDRED, ONE
from targets.models import Baseline, Kind, Path, Plan, Target, TargetValue

Values = Mapping[int, Decimal]  # year -> value, only years with a value, all <= the report year
BaselineFrom = Literal["plan", "data", "data_earliest"]

# Units that are not an amount or a count (METHOD 1, level: geometric only for amounts and counts).
_NOT_AMOUNT = frozenset({"%", "％", "‰", "个百分点", "百分点", "位", "类", ":1", "比"})
# Kinds whose G is derived from B of their own base year (METHOD 3.1, last paragraph).
DERIVED = frozenset({Kind.multiple, Kind.change_by, Kind.avg_growth, Kind.pp_change})
# Kinds judged on a path from B to G (the others have their own rules in `rules`).
LEVELISH = frozenset({Kind.level, Kind.share, Kind.ratio, Kind.range, Kind.maintain, *DERIVED})
_GROWTH = frozenset({Kind.multiple, Kind.change_by, Kind.avg_growth})
_LINEAR = frozenset({Kind.share, Kind.ratio, Kind.pp_change})


def is_amount(unit: str | None) -> bool:
    """An amount or a count (亿元, 家, 工作日, 元/人, km/km2): anything but a share or rate in %, ‰
    or 个百分点, a rank (位), a class (类) or a ratio. One reading serves the path (METHOD 1: worked
    number 2 takes 工作日 on the geometric path) and the regions (METHOD 3.2: scale-bound)."""
    return unit is not None and unit not in _NOT_AMOUNT


def is_percent(t: Target) -> bool:
    return t.kind is Kind.share or t.unit in ("%", "％")


def plan_base_year(plan: Plan) -> int:
    """b: the plan's base year, else the year before its period."""
    return plan.base_year if plan.base_year is not None else plan.period.start - 1


def observed(series: Mapping[int, Decimal | None], report_year: int | None) -> dict[int, Decimal]:
    """The values a report of `report_year` may see (a value reported as n/a is no value)."""
    return {y: v for y, v in series.items() if v is not None and (report_year is None or y <= report_year)}


def target_year(t: Target, plan: Plan, latest: int) -> int:
    """T. An annual target is judged each year on that year; an annual rate over the plan period."""
    year = t.target.year
    if year != "annual":
        return year
    if t.kind is Kind.rate:
        return plan.period.end
    if t.kind is Kind.cum_sum and t.cumulative is not None:
        return t.cumulative.end
    return latest


def judged_year(years: Values, big_t: int, report_year: int) -> int | None:
    """METHOD 3.0: the latest actual in a year <= min(report year, T)."""
    cap = min(report_year, big_t)
    best = None
    for y in years:
        if y <= cap and (best is None or y > best):
            best = y
    return best


def first_reached(values: Values, big_t: int, meets: Callable[[Decimal], bool]) -> int | None:
    """METHOD 3.0: the first year after T whose value meets the target (None: none does)."""
    return next((y for y in sorted(values) if y > big_t and meets(values[y])), None)


def latest_after(values: Values, year: int) -> int | None:
    later = [y for y in values if y > year]
    return max(later) if later else None


def regional(plan: Plan, t: Target, region: str | None) -> tuple[Baseline | None, TargetValue] | None:
    """METHOD 3.2: the baseline and target that apply to `region`; None when the target is set for
    the plan's scope only (a scale-bound target without a `regions:` entry for this region)."""
    if region is None or region == plan.scope:
        return t.baseline, t.target
    own = t.regions.get(region)
    if own is not None:
        return own.baseline, own.target
    if scale_bound(t):
        return None
    return None, t.target  # scale-free: the region's own data give its baseline


def scale_bound(t: Target) -> bool:
    """A level or cumulative sum in an amount or count: its G belongs to one area's scale."""
    return t.kind in (Kind.level, Kind.range, Kind.cum_sum) and is_amount(t.unit)


def reference_year(t: Target, tv: TargetValue, plan: Plan) -> int:
    """The year whose value is B when the plan prints none: target.base_year, else b."""
    if t.kind in DERIVED and tv.base_year is not None:
        return tv.base_year
    return plan_base_year(plan)


def pick_baseline(
    t: Target, given: Baseline | None, values: Values, ref: int, judged: int
) -> tuple[int, Decimal, BaselineFrom] | None:
    """METHOD 3.1, last paragraph: the plan's B; else the actual of year b; else, for a target whose
    G is stated outright, the earliest actual after b and before the judged year."""
    if given is not None:
        return given.year, given.value, "plan"
    if ref in values:
        return ref, values[ref], "data"
    if t.kind in DERIVED:
        return None
    later = [y for y in values if ref < y < judged]
    if not later:
        return None
    first = min(later)
    return first, values[first], "data_earliest"


def goal(kind: Kind, tv: TargetValue, base: tuple[int, Decimal, str] | None, big_t: int) -> Decimal | None:
    """G: stated outright, or derived from B of the target's own base year (METHOD 1)."""
    if kind not in DERIVED:
        return tv.value
    if base is None:
        return None
    b_year, b, _ = base
    if kind is Kind.multiple and tv.factor is not None:
        return b * tv.factor
    if kind is Kind.change_by and tv.change_pct is not None:
        return b * (ONE + tv.change_pct / HUNDRED)
    if kind is Kind.pp_change and tv.change_pp is not None:
        return b + tv.change_pp
    if kind is Kind.avg_growth and tv.growth_pct is not None:
        return b * (ONE + tv.growth_pct / HUNDRED) ** (big_t - b_year)
    return None


def nominal_path(t: Target) -> Path:
    """The path a target takes when nothing forces another (no data yet, or not applicable)."""
    if t.kind is Kind.cum_sum:
        return Path.cumulative
    if t.kind not in LEVELISH or t.kind is Kind.maintain:
        return Path.none
    if t.kind in _LINEAR or not (t.kind in _GROWTH or is_amount(t.unit)):
        return Path.linear
    return Path.geometric


def path_for(t: Target, b: Decimal | None, g: Decimal, a: Decimal) -> tuple[Path, str | None]:
    """METHOD 1 and 4: geometric for amounts, counts and growth kinds with B, G and A above 0;
    otherwise linear, and the reason is said when a guard forced it."""
    if t.kind in _LINEAR or not (t.kind in _GROWTH or is_amount(t.unit)):
        return Path.linear, None
    if b is not None and b <= 0:
        return Path.linear, "linear path: the baseline is not above 0"
    if g <= 0:
        return Path.linear, "linear path: the target is not above 0"
    if a <= 0:
        return Path.linear, "linear path: the actual is not above 0"
    return Path.geometric, None
