"""The quantities of METHOD.md section 2, for a target on a path and for a cumulative sum. Pure.

t is the judged year (t <= T), so time elapsed never passes 1. Once a target is achieved nothing
is required any more: required growth and change stay null."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from targets.evaluate.maths import HUNDRED, ONE, ZERO, root
from targets.models import Path


def required(path: Path, t: int, big_t: int, a: Decimal, g: Decimal, open_: bool) -> dict[str, Any]:
    """What the remaining years need: growth on a geometric path, change a year on a linear one."""
    remaining = big_t - t
    if not open_ or remaining <= 0:
        return {}
    if path is Path.geometric:
        return {"required_annual_growth": root(g / a, remaining) - ONE}
    return {"required_annual_change": (g - a) / remaining}


def clip(value: Decimal, percent: bool, non_negative: bool) -> Decimal:
    """Shares stay within 0..100; an amount or count never projects below 0 (METHOD 2)."""
    if percent:
        return min(max(value, ZERO), HUNDRED)
    if non_negative:
        return max(value, ZERO)
    return value


def on_path(
    path: Path, base: tuple[int, Decimal], t: int, big_t: int, a: Decimal, g: Decimal,
    percent: bool, non_negative: bool,
) -> dict[str, Any]:  # fmt: skip
    """tau, progress, expected value, q, growth rates and the projection, with B known and b < t
    (the caller checks). With G = B, progress and q are undefined (null); the rest is reported."""
    b_year, b = base
    n_elapsed, n_total, remaining = t - b_year, big_t - b_year, big_t - t
    tau = Decimal(n_elapsed) / Decimal(n_total)
    q: dict[str, Any] = {"time_elapsed": tau, "progress": (a - b) / (g - b) if g != b else None}
    if path is Path.geometric:
        pace = root(a / b, n_elapsed)
        q["observed_annual_growth"] = pace - ONE
        q["planned_annual_growth"] = root(g / b, n_total) - ONE
        q["projected_value"] = a * pace**remaining
        # (g/b) ** tau with tau = elapsed/total: the elapsed-th power, then the total-th root
        expected = b * root((g / b) ** n_elapsed, n_total)
    else:
        slope = (a - b) / n_elapsed
        q["projected_value"] = clip(a + slope * remaining, percent, non_negative)
        expected = b + tau * (g - b)
    q["expected_now"] = expected
    if expected != b:
        q["schedule_ratio"] = (a - b) / (expected - b)
    return q


def cumulative(
    s: Decimal, x: Decimal, b_year: int, t: int, big_t: int, open_: bool, non_negative: bool
) -> dict[str, Any]:
    """cum_sum: S_t against X. tau from the year before the window; p = S/X; E = X*tau; q = p/tau;
    the projection continues the average flow so far."""
    q: dict[str, Any] = {"cumulative_sum": s, "gap": x - s}
    remaining = big_t - t
    if open_ and remaining > 0:
        q["required_annual_change"] = (x - s) / remaining
    if t <= b_year or x == 0:
        return q
    tau = Decimal(t - b_year) / Decimal(big_t - b_year)
    p = s / x
    q.update(
        time_elapsed=tau,
        progress=p,
        expected_now=x * tau,
        schedule_ratio=p / tau,
        projected_value=clip(s + s / (t - b_year) * remaining, False, non_negative),
    )
    return q
