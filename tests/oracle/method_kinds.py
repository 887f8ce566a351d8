"""The kinds of METHOD.md revision 2 that are not a level on a path: cum_sum, direction, rate, rank, class."""

from __future__ import annotations

import math
from typing import Any

from tests.oracle.spec import Spec, dec, holds, q_status

Result = dict[str, Any]

NO_T_VALUE = "no value for the target year"


def _judged(seen: dict[int, float], target_year: int, report_year: int) -> int | None:
    years = [y for y in seen if y <= min(report_year, target_year)]
    return max(years) if years else None


def cumulative(spec: Spec, seen: dict[int, float], report_year: int) -> Result:
    """S_t = sum of the flows of years b+1..t against X (METHOD 1 cum_sum, 2, 4)."""
    assert spec.cumulative is not None and spec.value is not None
    start = spec.cumulative[0]
    b_year, big_t, x = start - 1, spec.target_year, spec.value
    t = _judged(seen, big_t, report_year)
    if t is None or t < start:
        return {"status": "not_assessable", "year": t, "reached_in": None, "reason": NO_T_VALUE}
    flows = [seen[y] for y in range(start, t + 1) if y in seen]
    missing = [y for y in range(start, t + 1) if y not in seen]
    total = sum(flows)
    reached = _sum_holds(spec, flows, x)
    if missing and not reached:
        return {"status": "not_assessable", "year": t, "reached_in": None, "reason": f"no flow for {missing}"}
    # A partial sum that already reaches X is achieved, and like every assessable cumulative
    # target it reports tau, E, q and the projection (METHOD 2: "achieved or not").
    if reached:
        status = "achieved"
    elif t >= big_t:
        status = "missed"
    elif report_year > big_t:
        return {"status": "not_assessable", "year": t, "reached_in": None, "reason": NO_T_VALUE}
    else:
        status = ""
    tau = (t - b_year) / (big_t - b_year)
    progress = total / x if x else None
    out: Result = {"status": status, "year": t, "reached_in": None, "path": "cumulative", "target": x}
    out.update(baseline_from=None, observed_annual_growth=None, planned_annual_growth=None)
    out.update(required_annual_growth=None, required_annual_change=None, cumulative_sum=total)
    out.update(time_elapsed=tau, gap=x - total, progress=progress, expected_now=tau * x)
    out["schedule_ratio"] = progress / tau if progress is not None else None
    pace = total / (t - b_year)
    projected = total + pace * (big_t - t)
    if spec.amount and x >= 0 and all(v >= 0 for v in flows):
        projected = max(0.0, projected)
    out["projected_value"] = projected
    if t < big_t and not reached:
        out["required_annual_change"] = (x - total) / (big_t - t)
    if not status:
        if out["schedule_ratio"] is None:
            out["status"] = "not_assessable"
        else:
            out["status"] = q_status(out["schedule_ratio"], spec.attribute == "binding")
    return out


def _sum_holds(spec: Spec, flows: list[float], x: float) -> bool:
    total = sum((dec(v) for v in flows), start=dec(0))
    return holds(spec, float(total), x)


def direction(spec: Spec, seen: dict[int, float], report_year: int) -> Result:
    """稳步提升: the sign of the latest change before T; better than the baseline at T."""
    big_t = spec.target_year
    t = _judged(seen, big_t, report_year)
    base: Result = {"path": "none", "reached_in": None, "year": t}
    if t is None:
        return {**base, "status": "not_assessable", "reason": NO_T_VALUE}
    points = {y: v for y, v in seen.items() if y <= t}
    if spec.baseline is not None and spec.baseline[0] not in points:
        points[spec.baseline[0]] = spec.baseline[1]
    a = points[t]
    if t == big_t:
        ref = _direction_baseline(spec, points, t)
        if ref is None:
            return {**base, "status": "not_assessable", "reason": "fewer than two years"}
        better = (dec(a) - dec(ref)) * spec.d > 0
        return {**base, "status": "achieved" if better else "missed"}
    if report_year > big_t:
        return {**base, "status": "not_assessable", "reason": NO_T_VALUE}
    earlier = [y for y in points if y < t]
    if not earlier:
        return {**base, "status": "not_assessable", "reason": "fewer than two years"}
    prev = points[max(earlier)]
    right = (dec(a) - dec(prev)) * spec.d > 0
    return {**base, "status": "on_track" if right else "moving_away"}


def _direction_baseline(spec: Spec, points: dict[int, float], t: int) -> float | None:
    """B from the plan, else the data of year b, else the earliest value after b and before t."""
    if spec.baseline is not None:
        return spec.baseline[1]
    if spec.b0 in points:
        return points[spec.b0]
    later = [y for y in points if spec.b0 < y < t]
    return points[min(later)] if later else None


def chained_average(rates_pct: list[float]) -> float:
    """(prod(1+g_i))^(1/k) - 1 of yearly rates written in percent; returns percent."""
    prod = math.prod(1 + r / 100 for r in rates_pct)
    if prod <= 0:
        return -100.0
    return (prod ** (1 / len(rates_pct)) - 1) * 100


def rate(spec: Spec, seen: dict[int, float], report_year: int) -> Result:
    """A yearly rate: the chained average of the plan period's rates so far against X."""
    assert spec.value is not None
    big_t = spec.target_year
    t = _judged(seen, big_t, report_year)
    base: Result = {"path": "none", "reached_in": None, "year": t}
    if t is None:
        return {**base, "status": "not_assessable", "reason": NO_T_VALUE}
    rates = [seen[y] for y in sorted(seen) if spec.period[0] <= y <= t]
    if not rates:
        return {**base, "status": "not_assessable", "reason": "no rate in the plan period"}
    avg = chained_average(rates)
    met = _rate_holds(spec, avg, spec.value)
    base["observed_annual_growth"] = avg / 100  # the chained average, a fraction like every growth
    if t == big_t:
        return {**base, "status": "achieved" if met else "missed"}
    if report_year > big_t:
        return {**base, "status": "not_assessable", "reason": NO_T_VALUE}
    return {**base, "status": "on_track" if met else "behind"}


def _rate_holds(spec: Spec, avg: float, x: float) -> bool:
    """The comparator on a computed average (a float; it has no printed precision)."""
    comp = spec.comparator
    if comp == "exact":
        comp = "at_least" if spec.d > 0 else "at_most"
    if comp in ("at_least", "range"):
        return avg >= x - 1e-12
    if comp == "at_most":
        return avg <= x + 1e-12
    tol = (spec.tolerance if spec.tolerance is not None else 0.05) * abs(x)
    return (avg - x) * spec.d >= -tol - 1e-12


def ordinal(spec: Spec, seen: dict[int, float], report_year: int) -> Result:
    """rank (1 = best) and class (IV类 = 4): the comparator only, by order."""
    assert spec.value is not None
    big_t, g = spec.target_year, spec.value
    t = _judged(seen, big_t, report_year)
    later = sorted(y for y in seen if y > big_t)
    late = next((y for y in later if holds(spec, seen[y], g)), None)
    base: Result = {"path": "none", "year": t, "target": g}
    if t is None:
        return {**base, "status": "not_assessable", "reached_in": late, "reason": NO_T_VALUE}
    met = holds(spec, seen[t], g)
    if t == big_t:
        return {**base, "status": "achieved" if met else "missed", "reached_in": None if met else late}
    if report_year > big_t:
        if met:  # 3.0: an earlier value can still show the target achieved
            return {**base, "status": "achieved", "reached_in": None}
        return {**base, "status": "not_assessable", "reached_in": late, "reason": NO_T_VALUE}
    return {**base, "status": "on_track" if met else "behind", "reached_in": None}
