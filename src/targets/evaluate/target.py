"""One target for one region: the quantities and status of METHOD.md, sections 2-4. Pure."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from targets.evaluate.maths import HUNDRED, ONE, ZERO, Series, Thresholds, root
from targets.models import STATUS_ZH as LABELS_ZH
from targets.models import (
    Attribute,
    Comparator,
    Direction,
    Kind,
    Path,
    Plan,
    Result,
    Status,
    Target,
)

EARLY_ZH = "提前实现"


def _holds(
    t: Target, a: Decimal, g: Decimal, g_high: Decimal | None, th: Thresholds
) -> tuple[bool, str | None]:
    higher = t.direction is Direction.higher
    comp = t.comparator
    if comp is Comparator.at_least:
        return a >= g, None
    if comp is Comparator.at_most:
        return a <= g, None
    if comp is Comparator.range:
        return a >= g, None
    if comp is Comparator.approx:
        tol = t.tolerance if t.tolerance is not None else th.approx_tolerance
        if abs(a - g) <= tol * abs(g):
            return True, None
        beyond = a > g if higher else a < g
        if beyond:
            return True, f"beyond the 左右 band (±{tol * 100:.0f}%) in the better direction"
        return False, None
    return (a >= g, None) if higher else (a <= g, None)  # exact: judged by direction


def _path_for(t: Target, b: Decimal | None, g: Decimal | None) -> tuple[Path, str | None]:
    if t.kind is Kind.cum_sum:
        return Path.cumulative, None
    if t.kind in (Kind.maintain, Kind.direction, Kind.rate):
        return Path.none, None
    if t.kind in (Kind.share, Kind.ratio) or t.unit in ("%", "‰", "个百分点"):
        return Path.linear, None
    if b is not None and g is not None and (b <= 0 or g <= 0):
        return Path.linear, "baseline or target is not positive: linear path"
    return Path.geometric, None


def _target_value(t: Target, b: Decimal | None, years: int | None) -> Decimal | None:
    tv = t.target
    if t.kind is Kind.multiple:
        if b is not None and tv.factor is not None:
            return b * tv.factor
        return tv.value
    if t.kind is Kind.change_by:
        if b is not None and tv.change_pct is not None:
            return b * (ONE + tv.change_pct / HUNDRED)
        return tv.value
    if t.kind is Kind.avg_growth:
        if b is not None and tv.growth_pct is not None and years is not None:
            return b * (ONE + tv.growth_pct / HUNDRED) ** years
        return tv.value
    return tv.value


def _rule(t: Target) -> str | None:
    tv = t.target
    if t.kind is Kind.multiple and tv.factor is not None:
        return f"x{tv.factor.normalize():f}"
    if t.kind is Kind.change_by and tv.change_pct is not None:
        return f"{tv.change_pct.normalize():+f}%"
    if t.kind is Kind.avg_growth and tv.growth_pct is not None:
        return f"{tv.growth_pct.normalize():+f}%/yr"
    if t.kind is Kind.direction:
        return "up" if t.direction is Direction.higher else "down"
    return None


def _latest(series: Series, as_of: int | None) -> tuple[int, Decimal] | None:
    years = [y for y, v in series.items() if v is not None and (as_of is None or y <= as_of)]
    if not years:
        return None
    y = max(years)
    value = series[y]
    assert value is not None
    return y, value


def evaluate_target(
    plan: Plan,
    t: Target,
    series: Series,
    as_of: int | None,
    region: str | None,
    th: Thresholds,
    shared: dict[int, dict[str, Any]] | None = None,
) -> Result:
    """Evaluate one target for one region. Pure; every number is a Decimal."""
    notes: list[str] = []
    base_year = plan.base_year if plan.base_year is not None else plan.period.start - 1
    fixed = shared.get(id(t)) if shared is not None else None
    if fixed is None:
        fixed = {
            "id": t.id,
            "plan": plan.id,
            "name": t.name,
            "unit": t.unit,
            "kind": t.kind,
            "attribute": t.attribute,
            "comparator": t.comparator,
            "direction": t.direction,
            "target_year": t.target.year,
            "target_high": t.target.value_high,
            "target_rule": _rule(t),
        }
        if shared is not None:
            shared[id(t)] = fixed
    common: dict[str, Any] = {**fixed, "region": region, "notes": notes}

    latest = _latest(series, as_of)
    if latest is None:
        path, _ = _path_for(t, None, None)
        return Result(
            **common,
            path=path,
            year=None,
            actual=None,
            baseline=t.baseline.value if t.baseline else None,
            baseline_year=t.baseline.year if t.baseline else None,
            baseline_from="plan" if t.baseline else None,
            target=t.target.value,
            status=Status.no_data,
            label=LABELS_ZH[Status.no_data],
            reason="no actual value for this indicator" + (f" up to {as_of}" if as_of is not None else ""),
        )
    year, actual = latest
    if as_of is not None and year < as_of:
        notes.append(f"no value for {as_of}; the latest year, {year}, is used")

    # Baseline: the plan's, else the data's value for the reference year.
    b_year: int | None
    b_val: Decimal | None
    b_from: str | None
    if t.baseline is not None:
        b_year, b_val, b_from = t.baseline.year, t.baseline.value, "plan"
    else:
        ref = t.target.base_year or (t.cumulative.start - 1 if t.cumulative else base_year)
        b_val = series.get(ref)
        b_year, b_from = (ref, "data") if b_val is not None else (None, None)
        if b_val is not None and t.kind is not Kind.cum_sum:
            notes.append(f"the plan gives no baseline; the actual of {ref} is used")
    if t.kind is Kind.cum_sum:
        b_year = t.cumulative.start - 1 if t.cumulative else base_year
        b_val, b_from = ZERO, None
        if t.previous_period is not None:
            notes.append(
                f"previous period {t.previous_period.years}: "
                f"{t.previous_period.value.normalize():f} (reported only, not a starting level)"
            )

    target_year = year if t.target.year == "annual" else t.target.year
    span = target_year - b_year if b_year is not None else None
    g = _target_value(t, b_val, span)
    g_high = t.target.value_high
    path, path_note = _path_for(t, b_val, g)
    if path_note:
        notes.append(path_note)

    out: dict[str, Any] = {
        **common,
        "path": path,
        "year": year,
        "actual": actual,
        "baseline": b_val if t.kind is not Kind.cum_sum else None,
        "baseline_year": b_year if t.kind is not Kind.cum_sum else None,
        "baseline_from": b_from if t.kind is not Kind.cum_sum else None,
        "target": g,
    }

    if t.kind is Kind.direction:
        return _direction_result(t, series, year, out)
    if t.kind is Kind.cum_sum:
        return _cumulative_result(t, series, year, target_year, g, out, th)
    if g is None:
        return Result(
            **out,
            status=Status.not_assessable,
            label=LABELS_ZH[Status.not_assessable],
            reason=f"the target value needs a baseline for {t.target.base_year or base_year}, "
            "which neither the plan nor the data gives",
        )

    gap = g - actual
    held, held_note = _holds(t, actual, g, g_high, th)
    if held_note:
        notes.append(held_note)
    quantities = _quantities(t, path, b_year, b_val, year, target_year, actual, g)
    quantities["gap"] = gap
    if t.kind is Kind.rate:
        quantities["observed_annual_growth"] = _chained_rate(series, plan.period.start, year)

    if held:
        label = EARLY_ZH if year < target_year else LABELS_ZH[Status.achieved]
        return Result(**out, **quantities, status=Status.achieved, label=label)
    if year >= target_year:
        if t.target.year != "annual" and year > target_year:
            notes.append(f"the target year {target_year} has passed; judged on the latest value")
        return Result(**out, **quantities, status=Status.missed, label=LABELS_ZH[Status.missed])
    if t.kind is Kind.maintain:
        earlier = [v for y, v in series.items() if y < year and v is not None]
        ever = any(_holds(t, v, g, g_high, th)[0] for v in earlier)
        reason = None if ever else "below the level to be kept; it has not held in the data yet"
        return Result(
            **out,
            **quantities,
            status=Status.fallen_back,
            label=LABELS_ZH[Status.fallen_back],
            reason=reason,
        )
    if t.kind is Kind.rate:
        return Result(
            **out,
            **quantities,
            status=Status.not_assessable,
            label=LABELS_ZH[Status.not_assessable],
            reason="a yearly rate is judged year by year; this year's rate is below the target",
        )

    q = quantities.get("schedule_ratio")
    if q is None:
        reason = _why_not_assessable(b_val, b_year, year, g)
        return Result(
            **out,
            **quantities,
            status=Status.not_assessable,
            label=LABELS_ZH[Status.not_assessable],
            reason=reason,
        )
    status = _band(q, t.attribute is Attribute.binding, th)
    return Result(**out, **quantities, status=status, label=LABELS_ZH[status])


def _chained_rate(series: Series, start: int, year: int) -> Decimal | None:
    """The average of yearly rates (in %) by chaining: (prod(1 + g_i))^(1/k) - 1, a fraction.
    Never the CAGR of the rates themselves."""
    rates = [v for y, v in sorted(series.items()) if v is not None and start <= y <= year]
    if not rates:
        return None
    product = ONE
    for rate in rates:
        product *= ONE + rate / HUNDRED
    if product <= 0:
        return None
    return root(product, len(rates)) - ONE


def _why_not_assessable(b: Decimal | None, b_year: int | None, year: int, g: Decimal) -> str:
    if b is None or b_year is None:
        return "no baseline: the plan gives none and the data has no value for the base year"
    if year <= b_year:
        return f"the data year {year} is not after the baseline year {b_year}"
    if g == b:
        return "the target equals the baseline: progress is undefined"
    return "the schedule ratio cannot be computed"


def _band(q: Decimal, binding: bool, th: Thresholds) -> Status:
    if q >= th.ahead:
        return Status.ahead
    if q >= (th.binding_on_track if binding else th.on_track):
        return Status.on_track
    if q >= th.behind:
        return Status.behind
    if q >= 0:
        return Status.far_behind
    return Status.moving_away


def _quantities(
    t: Target,
    path: Path,
    b_year: int | None,
    b: Decimal | None,
    year: int,
    target_year: int,
    a: Decimal,
    g: Decimal,
) -> dict[str, Any]:
    q: dict[str, Any] = {}
    geometric = path is Path.geometric
    remaining = target_year - year
    if remaining > 0:
        if geometric and a > 0 and g > 0:
            q["required_annual_growth"] = root(g / a, remaining) - ONE
        if not geometric:
            q["required_annual_change"] = (g - a) / remaining
    if b is None or b_year is None or year <= b_year or target_year <= b_year:
        return q
    n_elapsed, n_total = year - b_year, target_year - b_year
    elapsed, total = Decimal(n_elapsed), Decimal(n_total)
    tau = elapsed / total
    q["time_elapsed"] = tau
    if geometric and b > 0 and a > 0 and g > 0:
        pace = root(a / b, n_elapsed)
        q["observed_annual_growth"] = pace - ONE
        q["planned_annual_growth"] = root(g / b, n_total) - ONE
        if remaining > 0:
            q["projected_value"] = a * pace**remaining
    elif path is not Path.none:
        slope = (a - b) / elapsed
        projected = a + slope * remaining if remaining > 0 else None
        if projected is not None and (t.kind is Kind.share or t.unit == "%"):
            projected = min(max(projected, ZERO), HUNDRED)
        q["projected_value"] = projected
    if g == b or path is Path.none:
        return q
    q["progress"] = (a - b) / (g - b)
    geometric_now = geometric and b > 0 and g > 0
    # (g/b) ** tau with tau = elapsed/total: the elapsed-th power, then the total-th root
    expected = b * root((g / b) ** n_elapsed, n_total) if geometric_now else b + tau * (g - b)
    q["expected_now"] = expected
    if expected != b:
        q["schedule_ratio"] = (a - b) / (expected - b)
    return q


def _cumulative_result(
    t: Target,
    series: Series,
    year: int,
    target_year: int,
    x: Decimal | None,
    out: dict[str, Any],
    th: Thresholds,
) -> Result:
    assert t.cumulative is not None and x is not None
    start = t.cumulative.start
    upto = min(year, t.cumulative.end)
    flows = {y: series.get(y) for y in range(start, upto + 1)}
    missing = [y for y, v in flows.items() if v is None]
    s = sum((v for v in flows.values() if v is not None), ZERO)
    out = {**out, "cumulative_sum": s, "gap": x - s}
    remaining = target_year - year
    q: dict[str, Any] = {}
    if remaining > 0:
        q["required_annual_change"] = (x - s) / remaining
    if s >= x:
        label = EARLY_ZH if year < target_year else LABELS_ZH[Status.achieved]
        return Result(**out, **q, progress=s / x, status=Status.achieved, label=label)
    if year < start:
        return Result(
            **out,
            **q,
            status=Status.not_assessable,
            label=LABELS_ZH[Status.not_assessable],
            reason=f"the data year {year} is before the cumulative period {start}-{t.cumulative.end}",
        )
    if missing:
        return Result(
            **out,
            **q,
            status=Status.not_assessable,
            label=LABELS_ZH[Status.not_assessable],
            reason="flows missing for "
            + ", ".join(str(y) for y in missing)
            + ": the cumulative sum is incomplete",
        )
    if year >= target_year:
        return Result(**out, **q, progress=s / x, status=Status.missed, label=LABELS_ZH[Status.missed])
    elapsed = Decimal(year - start + 1)
    tau = elapsed / Decimal(t.cumulative.end - start + 1)
    p = s / x
    q.update(
        time_elapsed=tau,
        progress=p,
        expected_now=x * tau,
        schedule_ratio=p / tau,
        projected_value=s + s / elapsed * remaining,
    )
    status = _band(p / tau, t.attribute is Attribute.binding, th)
    return Result(**out, **q, status=status, label=LABELS_ZH[status])


def _direction_result(t: Target, series: Series, year: int, out: dict[str, Any]) -> Result:
    earlier = sorted(y for y, v in series.items() if v is not None and y < year)
    if not earlier:
        return Result(
            **out,
            status=Status.not_assessable,
            label=LABELS_ZH[Status.not_assessable],
            reason="a direction-only target needs values for two years",
        )
    prev = series[earlier[-1]]
    now = series[year]
    assert prev is not None and now is not None
    change = now - prev
    good = change > 0 if t.direction is Direction.higher else change < 0
    status = Status.on_track if good else Status.moving_away
    notes = list(out.get("notes", []))
    notes.append(f"change since {earlier[-1]}: {change.normalize():f}")
    return Result(**{**out, "notes": notes}, status=status, label=LABELS_ZH[status])
