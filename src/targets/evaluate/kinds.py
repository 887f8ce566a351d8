"""The verdict of one target by its kind: on a path (level and the kinds derived from it), a
cumulative sum, a direction, a yearly rate, a rank or class (METHOD.md 1-4). Pure."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from targets.evaluate import inputs, quantities, rules
from targets.evaluate.case import Case
from targets.evaluate.maths import ZERO
from targets.models import Baseline, Direction, Kind, Path, Result, Status, TargetValue

_UNJUDGED = ("gap", "required_annual_growth", "required_annual_change")


def levelish(case: Case, tv: TargetValue, given: Baseline | None) -> Result:
    """A target on a path from B to G: level, share, ratio, range, maintain and the derived kinds."""
    t, a = case.t, case.actual
    ref = inputs.reference_year(t, tv, case.plan)
    base = inputs.pick_baseline(t, given, case.values, ref, case.year)
    g = inputs.goal(t.kind, tv, base, case.big_t)
    base_fields = _base_fields(case, base, ref)
    if g is None:
        verdict = rules.Verdict(Status.not_assessable, "no_base_value")
        return case.finish(verdict, path=Path.none, reason_args={"base_year": ref}, **base_fields)
    held, beyond = rules.holds(t.comparator, t.direction, a, g, case.tolerance())
    if beyond:
        case.notes.append(f"beyond the 左右 band (±{case.tolerance() * 100:.0f}%) in the better direction")
    if t.kind is Kind.maintain:
        # the base year counts (docs/method.md): a floor held at the baseline and lost since is
        # 回落; judging it "toward the floor" from above would call a fall progress
        start = case.plan.period.start - 1
        before = [case.holds(v, g) for y, v in case.values.items() if start <= y < case.year]
        if base is not None:
            before.append(case.holds(base[1], g))
        kept = rules.maintain(
            held, rules.maintain_met_before(before), case.year, case.big_t, case.report_year
        )
        if kept is not None:
            return case.finish(kept, g, path=Path.none, gap=g - a, target_high=tv.value_high, **base_fields)
        case.notes.append("not yet reached: the floor has not been met in the data; judged toward it")
    b = base[1] if base is not None else None
    path, why_linear = inputs.path_for(t, b, g, a)
    if why_linear:
        case.notes.append(why_linear)
    open_ = not held and case.year < case.big_t and case.report_year <= case.big_t
    q: dict[str, Any] = {"gap": g - a, **quantities.required(path, case.year, case.big_t, a, g, open_)}
    derived = t.kind in inputs.DERIVED
    reason = rules.why_no_schedule(base is not None, base[0] if base else None, case.year, g == b, derived)
    if base is not None and case.year > base[0]:  # G = B: only progress and q are undefined
        percent, non_negative = inputs.is_percent(t), _non_negative(case, base[1], g)
        q.update(quantities.on_path(path, base[:2], case.year, case.big_t, a, g, percent, non_negative))
    verdict = rules.level(
        held, case.year, case.big_t, case.report_year, q.get("schedule_ratio"), reason, case.binding, case.th
    )
    if verdict.status is Status.not_assessable:
        # METHOD 3.1 step 4: without a schedule only the gap and what is required are reported
        q = {k: v for k, v in q.items() if k in _UNJUDGED}
    return case.finish(verdict, g, path=path, target_high=tv.value_high, **base_fields, **q)


def _base_fields(case: Case, base: tuple[int, Decimal, str] | None, ref: int) -> dict[str, Any]:
    if base is None:
        return {"baseline": None, "baseline_year": None, "baseline_from": None}
    year, value, source = base
    if source == "data":
        case.notes.append(f"the plan gives no baseline; the actual of {year} is used")
    elif source == "data_earliest":
        case.notes.append(
            f"the plan gives no baseline and the data has no value for {ref}; "
            f"the earliest value, of {year}, is used"
        )
    return {"baseline": value, "baseline_year": year, "baseline_from": source}


def _non_negative(case: Case, b: Decimal, g: Decimal) -> bool:
    """METHOD 2: an amount or count never projects below 0 when B, G and every value are >= 0."""
    if not inputs.is_amount(case.t.unit) or b < 0 or g < 0:
        return False
    return all(v >= 0 for y, v in case.values.items() if y <= case.year)


def cumulative(case: Case, tv: TargetValue, given: Baseline | None) -> Result:
    """cum_sum: the flows of the window up to the judged year against X (METHOD 1, 2, 4)."""
    t = case.t
    assert tv.value is not None
    start, end = (
        (t.cumulative.start, t.cumulative.end) if t.cumulative else (case.plan.period.start, case.big_t)
    )
    x = tv.value
    flows = [case.values.get(y) for y in range(start, case.year + 1)]
    missing = [y for y in range(start, case.year + 1) if y not in case.values]
    s = sum((v for v in flows if v is not None), ZERO)
    held = case.holds(s, x)
    open_ = not held and case.report_year <= case.big_t
    non_negative = inputs.is_amount(t.unit) and x >= 0 and all(v is None or v >= 0 for v in flows)
    if case.year < start:  # no flow of the window yet: no sum to show (never a 0.00 read as zero)
        q: dict[str, Any] = {}
    elif missing and not held:
        q = {"cumulative_sum": s, "gap": x - s}
    else:  # METHOD 2: tau, E, q and the projection whenever assessable, achieved or not
        if missing:
            case.notes.append(f"achieved on the flows reported; no value for {'、'.join(map(str, missing))}")
        q = quantities.cumulative(s, x, start - 1, case.year, case.big_t, open_, non_negative)
    pp = t.previous_period
    if pp is not None:
        case.notes.append(
            f"previous period {pp.years}: {pp.value.normalize():f} (reported only, not a starting level)"
        )
    verdict = rules.cumulative(
        held, bool(missing), case.year < start, case.year, case.big_t, case.report_year,
        q.get("schedule_ratio"), case.binding, case.th,
    )  # fmt: skip
    args = {"start": start, "end": end, "years": "、".join(str(y) for y in missing)}
    return case.finish(
        verdict,
        x,
        path=Path.cumulative,
        baseline=given.value if given else None,  # the annual value of b, shown, never summed
        baseline_year=given.year if given else None,
        previous_value=pp.value if pp else None,
        previous_years=pp.years if pp else None,
        reason_args=args,
        **q,
    )


def direction(case: Case, given: Baseline | None) -> Result:
    """稳步提升 (no number): METHOD 3.1, direction."""
    points = {y: v for y, v in case.values.items() if y <= case.year}
    if given is not None:
        points.setdefault(given.year, given.value)
    earlier = sorted(y for y in points if y < case.year)
    previous = points[earlier[-1]] if earlier else None
    b0 = inputs.plan_base_year(case.plan)
    after = [y for y in earlier if y > b0]
    ref_year = given.year if given is not None else b0 if b0 in points else after[0] if after else None
    reference = given.value if given is not None else points[ref_year] if ref_year is not None else None
    if previous is not None:
        case.notes.append(f"change since {earlier[-1]}: {(case.actual - previous).normalize():f}")
    higher = case.t.direction is Direction.higher
    verdict = rules.direction(
        case.actual, previous, reference, higher, case.year, case.big_t, case.report_year
    )
    return case.finish(verdict, path=Path.none, baseline=reference, baseline_year=ref_year)


def rate(case: Case, tv: TargetValue) -> Result:
    """A yearly rate (增长6%左右 each year): the chained average over the plan period so far."""
    assert tv.value is not None
    start = case.plan.period.start
    rates = [case.values[y] for y in sorted(case.values) if start <= y <= case.year]
    average = rules.chained_rate(rates)
    met = None
    if average is not None:
        met = rules.rate_holds(case.t.comparator, case.t.direction, average, tv.value, case.tolerance())
    verdict = rules.rate(met, case.year, case.big_t, case.report_year)
    return case.finish(
        verdict, tv.value, path=Path.none, gap=tv.value - case.actual, observed_annual_growth=average
    )


def ordinal(case: Case, tv: TargetValue) -> Result:
    """rank (1 = best) and class (IV类 = 4): the comparator only (METHOD 3.1)."""
    assert tv.value is not None
    held = case.holds(case.actual, tv.value)
    verdict = rules.ordinal(held, case.year, case.big_t, case.report_year)
    return case.finish(verdict, tv.value, path=Path.none, gap=tv.value - case.actual)
