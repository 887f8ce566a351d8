"""A reference implementation of METHOD.md revision 2, written from the text alone.

`evaluate(spec, series, report_year, region)` returns a dict of the result fields the text
determines, named as in the JSON report of `targets check` (`status`, `year`, `reached_in`,
`baseline_from`, `baseline_year`, `baseline`, `target`, `path`, `time_elapsed`, `gap`,
`progress`, `expected_now`, `schedule_ratio`, `observed_annual_growth`,
`planned_annual_growth`, `required_annual_growth`, `required_annual_change`,
`projected_value`, `cumulative_sum`) plus `reason` and `notes` for the reader. A field the text
leaves open for a result is left out of the dict, so the harness compares only what METHOD.md
fixes; a field present with None must be null in the tool. Quantities are floats; comparisons
are Decimal (see spec.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.oracle import method_kinds
from tests.oracle.spec import (
    DERIVED_KINDS,
    LEVELISH_KINDS,
    SCALE_BOUND_KINDS,
    Spec,
    dec,
    holds,
    q_status,
)

Result = dict[str, Any]
NO_T_VALUE = "no value for the target year"

QUANTITIES = (
    "time_elapsed",
    "gap",
    "progress",
    "expected_now",
    "schedule_ratio",
    "observed_annual_growth",
    "planned_annual_growth",
    "required_annual_growth",
    "required_annual_change",
    "projected_value",
    "cumulative_sum",
)


def evaluate(spec: Spec, series: dict[int, float], report_year: int, region: str | None = None) -> Result:
    """Judge one target for one region on the actuals {year: value} as of `report_year`."""
    seen = {y: v for y, v in series.items() if y <= report_year}
    if not seen:
        return {"status": "no_data", "year": None, "reached_in": None}
    local = _regional(spec, region)
    if local is None:
        return {
            "status": "not_assessable",
            "reason": f"the target is set for {spec.scope}; give a regional target in the catalog",
        }
    if local.kind == "cum_sum":
        return method_kinds.cumulative(local, seen, report_year)
    if local.kind == "direction":
        return method_kinds.direction(local, seen, report_year)
    if local.kind == "rate":
        return method_kinds.rate(local, seen, report_year)
    if local.kind in ("rank", "class"):
        return method_kinds.ordinal(local, seen, report_year)
    if local.kind in LEVELISH_KINDS:
        return _levelish(local, seen, report_year)
    raise ValueError(f"unknown kind {spec.kind}")


def _regional(spec: Spec, region: str | None) -> Spec | None:
    """METHOD 3.2: the values that apply to this region, or None when the target cannot apply."""
    if region is None or region == spec.scope:
        return spec
    own = spec.regions.get(region)
    if own is not None:
        return replace(spec, baseline=own.baseline, value=own.target_value, regions={})
    if spec.kind in SCALE_BOUND_KINDS and spec.scale_bound:
        return None
    # Scale-free: the plan's baseline is another area's start; the region's own data replaces it.
    return replace(spec, baseline=None, regions={})


def judged_year(seen: dict[int, float], target_year: int, report_year: int) -> int | None:
    """METHOD 3.0: the latest actual in a year <= min(report year, T)."""
    years = [y for y in seen if y <= min(report_year, target_year)]
    return max(years) if years else None


def reached_in(spec: Spec, seen: dict[int, float], goal: float) -> int | None:
    """The first year after T (<= report year, already filtered) whose value meets the target."""
    later = sorted(y for y in seen if y > spec.target_year)
    return next((y for y in later if holds(spec, seen[y], goal)), None)


def baseline(spec: Spec, seen: dict[int, float], t: int | None) -> tuple[float, int, str] | None:
    """METHOD 3.1 (last paragraph): plan, else the data of year b, else the earliest later year."""
    if spec.baseline is not None:
        year, value = spec.baseline
        return value, year, "plan"
    derived = spec.kind in DERIVED_KINDS
    year0 = spec.base_year if derived and spec.base_year is not None else spec.b0
    if year0 in seen:
        return seen[year0], year0, "data"
    if derived or t is None:
        return None
    later = [y for y in seen if year0 < y < t]
    if not later:
        return None
    first = min(later)
    return seen[first], first, "data_earliest"


def goal(spec: Spec, base: tuple[float, int, str] | None) -> float | None:
    """G: stated outright, or derived from B of the target's own base year.

    Derived in Decimal so that 3.3 x 0.9 is 2.97, which an actual of 2.97 meets.
    """
    if spec.kind not in DERIVED_KINDS:
        return spec.value
    if base is None:
        return None
    b_value, b_year, _ = base
    b = dec(b_value)
    if spec.kind == "multiple":
        g = dec(spec.factor or 0) * b
    elif spec.kind == "change_by":
        g = b * (1 + dec(spec.change_pct or 0) / 100)
    elif spec.kind == "pp_change":
        g = b + dec(spec.change_pp or 0)
    else:
        g = b * (1 + dec(spec.growth_pct or 0) / 100) ** (spec.target_year - b_year)
    return float(g)


def path_of(spec: Spec, b_value: float | None, g: float, a: float) -> str:
    """METHOD 1 and 4: geometric only for amounts/counts (and growth kinds) with B, G, A > 0."""
    if spec.kind in ("share", "pp_change", "ratio"):
        return "linear"
    growth_kind = spec.kind in ("multiple", "change_by", "avg_growth") or spec.amount
    positive = (b_value is None or b_value > 0) and g > 0 and a > 0
    return "geometric" if growth_kind and positive else "linear"


def _levelish(spec: Spec, seen: dict[int, float], report_year: int) -> Result:
    big_t = spec.target_year
    t = judged_year(seen, big_t, report_year)
    base = baseline(spec, seen, t)
    g = goal(spec, base)
    if t is None:
        late = reached_in(spec, seen, g) if g is not None else None
        return {"status": "not_assessable", "year": None, "reached_in": late, "reason": NO_T_VALUE}
    a = seen[t]
    if g is None:
        return {
            "status": "not_assessable",
            "year": t,
            "reached_in": None,
            "baseline_from": None,
            "reason": f"no value for the base year {_base_year(spec)}",
        }
    met = holds(spec, a, g)
    if spec.kind == "maintain":
        # the base year counts: a floor held at the baseline and lost since is 回落, not progress
        start = spec.period[0] - 1
        ever = met or any(holds(spec, v, g) for y, v in seen.items() if start <= y < t)
        ever = ever or (base is not None and holds(spec, base[0], g))
        if ever:
            return _maintain_met(spec, seen, report_year, t, a, g, met)
    if met:
        return _full(spec, seen, base, g, t, "achieved", achieved=True)
    if t >= big_t:
        out = _full(spec, seen, base, g, t, "missed", achieved=False)
        out["reached_in"] = reached_in(spec, seen, g)
        return out
    if report_year > big_t:
        late = reached_in(spec, seen, g)
        return {"status": "not_assessable", "year": t, "reached_in": late, "reason": NO_T_VALUE}
    if base is None or t <= base[1] or g == base[0]:
        return _partial(spec, seen, base, g, t)
    out = _full(spec, seen, base, g, t, "", achieved=False)
    out["status"] = q_status(out["schedule_ratio"], spec.attribute == "binding")
    if spec.kind == "maintain":
        out["notes"] = ["not yet reached"]
    return out


def _maintain_met(
    spec: Spec, seen: dict[int, float], report_year: int, t: int, a: float, g: float, met: bool
) -> Result:
    """A floor that was met in the plan period: achieved, missed at T, or 回落 (fallen back)."""
    out: Result = {"year": t, "path": "none", "reached_in": None, "target": g, "gap": g - a}
    if met:
        out["status"] = "achieved"
    elif t >= spec.target_year:
        out["status"] = "missed"
        out["reached_in"] = reached_in(spec, seen, g)
    elif report_year > spec.target_year:
        out = {"status": "not_assessable", "year": t, "reached_in": reached_in(spec, seen, g)}
    else:
        out["status"] = "fallen_back"
    return out


def _base_year(spec: Spec) -> int:
    return spec.base_year if spec.base_year is not None else spec.b0


def _full(
    spec: Spec,
    seen: dict[int, float],
    base: tuple[float, int, str] | None,
    g: float,
    t: int,
    status: str,
    achieved: bool,
) -> Result:
    """Every quantity of METHOD 2 for a target with a baseline (or the partial set without one).

    With G = B (a level to hold), progress and q are undefined; the rest is still reported.
    """
    if base is None or t <= base[1]:
        out = _partial(spec, seen, base, g, t)
        out["status"] = status
        if achieved:
            out["required_annual_growth"] = out["required_annual_change"] = None
        return out
    b_value, b_year, source = base
    a = seen[t]
    big_t = spec.target_year
    path = path_of(spec, b_value, g, a)
    tau = (t - b_year) / (big_t - b_year)
    out: Result = {"status": status, "year": t, "reached_in": None, "path": path, "target": g}
    out.update(baseline_from=source, baseline_year=b_year, baseline=b_value)
    out.update(dict.fromkeys(QUANTITIES))
    out.update(time_elapsed=tau, gap=g - a, progress=(a - b_value) / (g - b_value) if g != b_value else None)
    open_ = t < big_t and not achieved
    if path == "geometric":
        expected = b_value * (g / b_value) ** tau
        g_obs = (a / b_value) ** (1 / (t - b_year)) - 1
        out["observed_annual_growth"] = g_obs
        out["planned_annual_growth"] = (g / b_value) ** (1 / (big_t - b_year)) - 1
        if open_:
            out["required_annual_growth"] = (g / a) ** (1 / (big_t - t)) - 1
        projected = a * (1 + g_obs) ** (big_t - t)
    else:
        expected = b_value + tau * (g - b_value)
        if open_:
            out["required_annual_change"] = (g - a) / (big_t - t)
        projected = _clip(spec, seen, t, b_value, g, a + (a - b_value) / (t - b_year) * (big_t - t))
    out.update(expected_now=expected, projected_value=projected)
    out["schedule_ratio"] = (a - b_value) / (expected - b_value) if expected != b_value else None
    return out


def _partial(
    spec: Spec, seen: dict[int, float], base: tuple[float, int, str] | None, g: float, t: int
) -> Result:
    """Step 4: no schedule ratio; gap and required growth/change are still reported."""
    a = seen[t]
    big_t = spec.target_year
    b_value = base[0] if base else None
    path = path_of(spec, b_value, g, a)
    out: Result = {"status": "not_assessable", "year": t, "reached_in": None, "target": g}
    if base is not None:
        out.update(baseline_from=base[2], baseline_year=base[1], baseline=base[0])
    else:
        out.update(baseline_from=None, baseline_year=None, baseline=None)
    out.update(dict.fromkeys(QUANTITIES))
    out["gap"] = g - a
    if t < big_t and path == "geometric":
        out["required_annual_growth"] = (g / a) ** (1 / (big_t - t)) - 1
    elif t < big_t:
        out["required_annual_change"] = (g - a) / (big_t - t)
    return out


def _clip(spec: Spec, seen: dict[int, float], t: int, b_value: float, g: float, projected: float) -> float:
    """Shares stay in 0..100; an amount or count never projects below 0 when nothing was negative."""
    if spec.percent:
        return min(100.0, max(0.0, projected))
    observed = [v for y, v in seen.items() if y <= t]
    if spec.amount and b_value >= 0 and g >= 0 and all(v >= 0 for v in observed):
        return max(0.0, projected)
    return projected
