"""Every status rule of METHOD.md, one small pure function each, citing its section.

Each takes plain inputs (numbers, years, flags) and returns a `Verdict`: the status and, when the
target could not be judged, the reason code of `reasons`. The evaluator (`target`) and any other
path that judges targets call these; none of them reads a catalog or a file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from targets.evaluate.maths import HUNDRED, ONE, Thresholds, root
from targets.models import STATUS_ZH, Comparator, Direction, Status

_RATE_PLACES = Decimal("1e-12")  # a chained average of 6, 6, 6 is 6, not 5.9999999999


@dataclass(frozen=True, slots=True)
class Verdict:
    """A status and, when a rule needs to say why, the code of its reason."""

    status: Status
    reason: str | None = None  # a code of `reasons.REASONS`


def holds(
    comparator: Comparator,
    direction: Direction,
    a: Decimal,
    g: Decimal,
    tolerance: Decimal,
) -> tuple[bool, bool]:
    """METHOD 3.1 step 2: does A meet G? -> (held, beyond a 左右 band in the better direction).

    Exact Decimal comparison: 3 equals 3.0, and 3699.999 never rounds up to 3700."""
    higher = direction is Direction.higher
    if comparator in (Comparator.at_least, Comparator.range):
        return a >= g, False
    if comparator is Comparator.at_most:
        return a <= g, False
    if comparator is Comparator.approx:
        if abs(a - g) <= tolerance * abs(g):
            return True, False
        beyond = a > g if higher else a < g
        return beyond, beyond
    return (a >= g if higher else a <= g), False  # exact (达到): by direction


def band(q: Decimal, binding: bool, th: Thresholds) -> Status:
    """METHOD 3.1 step 5: the status by schedule ratio q; a binding target gets no slack."""
    if q >= th.ahead:
        return Status.ahead
    if q >= (th.binding_on_track if binding else th.on_track):
        return Status.on_track
    if q >= th.behind:
        return Status.behind
    if q >= 0:
        return Status.far_behind
    return Status.moving_away


def past_target(held: bool, t: int, big_t: int, report_year: int) -> Verdict | None:
    """METHOD 3.0 and 3.1 steps 2-3: achieved, missed at T, or past T without a value for T.
    None: the target is still open and judged by its own rule."""
    if held:
        return Verdict(Status.achieved)
    if t >= big_t:
        return Verdict(Status.missed)
    if report_year > big_t:
        return Verdict(Status.not_assessable, "no_target_year_value")
    return None


def why_no_schedule(
    has_base: bool, base_year: int | None, t: int, g_equals_b: bool, derived: bool
) -> str | None:
    """METHOD 3.1 step 4: the reason q cannot be computed, or None when it can."""
    if not has_base:
        return "no_base_value" if derived else "no_baseline"
    if base_year is not None and t <= base_year:
        return "not_after_baseline"
    if g_equals_b:
        return "target_equals_baseline"
    return None


def level(
    held: bool, t: int, big_t: int, report_year: int, q: Decimal | None, reason: str | None,
    binding: bool, th: Thresholds,
) -> Verdict:  # fmt: skip
    """METHOD 3.1, steps 2-5, for a target on a path (level, share, ratio, range, derived kinds)."""
    done = past_target(held, t, big_t, report_year)
    if done is not None:
        return done
    if q is None:
        return Verdict(Status.not_assessable, reason or "no_baseline")
    return Verdict(band(q, binding, th))


def maintain_met_before(met_years: Sequence[bool]) -> bool:
    """METHOD 3.1 (maintain): did the baseline, or a value from the base year on before the
    judged year, meet the floor?"""
    return any(met_years)


def maintain(held: bool, met_before: bool, t: int, big_t: int, report_year: int) -> Verdict | None:
    """METHOD 3.1 (maintain): 回落 only when the floor was met in the plan period and the judged
    value no longer meets it. None: never met, so judged as a level toward the floor."""
    if held:
        return Verdict(Status.achieved)
    if not met_before:
        return None
    done = past_target(False, t, big_t, report_year)
    return done if done is not None else Verdict(Status.fallen_back)


def direction(
    now: Decimal, previous: Decimal | None, reference: Decimal | None, higher: bool,
    t: int, big_t: int, report_year: int,
) -> Verdict:  # fmt: skip
    """METHOD 3.1 (direction, 稳步提升): before T the sign of the latest change; at T better than
    the baseline (B, else the earliest value in the period) or not."""
    if t >= big_t:
        if reference is None:
            return Verdict(Status.not_assessable, "too_few_years")
        better = now > reference if higher else now < reference
        return Verdict(Status.achieved if better else Status.missed)
    if report_year > big_t:
        return Verdict(Status.not_assessable, "no_target_year_value")
    if previous is None:
        return Verdict(Status.not_assessable, "too_few_years")
    right = now > previous if higher else now < previous
    return Verdict(Status.on_track if right else Status.moving_away)


def chained_rate(rates_pct: Sequence[Decimal]) -> Decimal | None:
    """METHOD 1 (rate): the average of yearly rates in %, (prod(1 + g_i))^(1/k) - 1, as a fraction.
    Never the CAGR of the rates themselves."""
    if not rates_pct:
        return None
    product = ONE
    for rate in rates_pct:
        product *= ONE + rate / HUNDRED
    if product <= 0:
        return -ONE
    return root(product, len(rates_pct)) - ONE


def rate_holds(
    comparator: Comparator, direction_: Direction, average: Decimal, x_pct: Decimal, tolerance: Decimal
) -> bool:
    """The comparator on a chained average (a fraction) against X (in %), at 12 decimals in %."""
    avg_pct = (average * HUNDRED).quantize(_RATE_PLACES)
    return holds(comparator, direction_, avg_pct, x_pct, tolerance)[0]


def rate(met: bool | None, t: int, big_t: int, report_year: int) -> Verdict:
    """METHOD 3.1 (rate, 增长6%左右 each year): before T on_track when the chained average so far
    meets the comparator, behind when not; at T achieved or missed on the whole period."""
    if met is None:
        return Verdict(Status.not_assessable, "no_rate_in_period")
    if t >= big_t:
        return Verdict(Status.achieved if met else Status.missed)
    if report_year > big_t:
        return Verdict(Status.not_assessable, "no_target_year_value")
    return Verdict(Status.on_track if met else Status.behind)


def ordinal(held: bool, t: int, big_t: int, report_year: int) -> Verdict:
    """METHOD 3.1 (rank, class): the comparator only, by order. At T achieved or missed; before T
    on_track when it already holds, behind when not; past T an earlier value can still show it
    achieved (3.0)."""
    if t >= big_t:
        return Verdict(Status.achieved if held else Status.missed)
    if report_year > big_t:
        return Verdict(Status.achieved) if held else Verdict(Status.not_assessable, "no_target_year_value")
    return Verdict(Status.on_track if held else Status.behind)


def cumulative(
    held: bool, missing: bool, before_window: bool, t: int, big_t: int, report_year: int,
    q: Decimal | None, binding: bool, th: Thresholds,
) -> Verdict:  # fmt: skip
    """METHOD 1 (cum_sum) and 4: a sum that reaches X is achieved even with a flow missing;
    otherwise a missing flow makes it not assessable; then as a level target by q."""
    if before_window:
        return Verdict(Status.not_assessable, "before_window")
    if held:
        return Verdict(Status.achieved)
    if missing:
        return Verdict(Status.not_assessable, "flows_missing")
    return level(False, t, big_t, report_year, q, None, binding, th)


def label(status: Status, t: int | None, big_t: int | None, reached_in: int | None) -> str:
    """The Chinese label: 提前实现 when achieved before T; 未完成（2023年实现） for a late achievement."""
    if status is Status.achieved and t is not None and big_t is not None and t < big_t:
        return "提前实现"
    text = STATUS_ZH[status]
    if reached_in is not None:
        return f"{text}（{reached_in}年实现）"
    return text
