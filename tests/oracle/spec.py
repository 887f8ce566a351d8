"""The target description the reference model reads, and the comparator rule of METHOD 3.1 step 2.

Arithmetic: comparisons (the comparator, approx tolerance) run in Decimal on the decimal text
of the values, so 3 equals 3.0 and no float rounding turns a shortfall into "achieved"; every
reported quantity is computed in float (the differential test allows 0.2 %).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Units whose targets are not amounts or counts (METHOD 1, level: linear unless amount/count).
# Everything else is an amount or count, 工作日 included (worked number 2 is geometric), and the
# same reading makes a level scale-bound for other regions (METHOD 3.2).
NOT_AMOUNT_UNITS = frozenset({"%", "‰", "个百分点", "位", "类", ":1"})

DERIVED_KINDS = frozenset({"multiple", "change_by", "avg_growth", "pp_change"})
LEVELISH_KINDS = frozenset(
    {"level", "share", "ratio", "range", "maintain", "multiple", "change_by", "avg_growth", "pp_change"}
)
SCALE_BOUND_KINDS = frozenset({"level", "range", "cum_sum"})
ASSESSABLE_STATUSES = ("ahead", "on_track", "behind", "far_behind", "moving_away")


@dataclass(frozen=True)
class RegionValues:
    """A catalog `regions:` entry: the values a target sets for one region."""

    target_value: float
    baseline: tuple[int, float] | None = None


@dataclass(frozen=True)
class Spec:
    """One catalog target, as METHOD.md needs it (values in the target's own unit)."""

    kind: str
    comparator: str  # at_least | at_most | approx | exact | range
    direction: str  # higher | lower
    target_year: int
    period: tuple[int, int]
    scope: str
    unit: str | None = None
    attribute: str = "expected"
    baseline: tuple[int, float] | None = None
    value: float | None = None
    value_high: float | None = None
    factor: float | None = None
    change_pct: float | None = None
    growth_pct: float | None = None
    change_pp: float | None = None
    base_year: int | None = None  # target.base_year of a derived kind
    tolerance: float | None = None
    cumulative: tuple[int, int] | None = None
    plan_base_year: int | None = None
    regions: dict[str, RegionValues] = field(default_factory=dict)

    @property
    def d(self) -> int:
        return 1 if self.direction == "higher" else -1

    @property
    def b0(self) -> int:
        """The year before the plan period (the plan's base year)."""
        return self.plan_base_year if self.plan_base_year is not None else self.period[0] - 1

    @property
    def amount(self) -> bool:
        """An amount or count (geometric path, non-negative projections, scale-bound)."""
        return self.unit is not None and self.unit not in NOT_AMOUNT_UNITS

    @property
    def scale_bound(self) -> bool:
        """An amount or count (METHOD 3.2: a level or cum_sum in one is scale-bound)."""
        return self.amount

    @property
    def percent(self) -> bool:
        return self.unit == "%"


def dec(x: float) -> Decimal:
    """The decimal the value was written as (the generator writes the shortest repr)."""
    return Decimal(repr(float(x)))


def holds(spec: Spec, actual: float, goal: float) -> bool:
    """METHOD 3.1 step 2: the comparator, at the plan's precision."""
    a, g = dec(actual), dec(goal)
    comp = spec.comparator
    if comp == "exact":
        comp = "at_least" if spec.d > 0 else "at_most"
    if comp in ("at_least", "range"):
        return a >= g
    if comp == "at_most":
        return a <= g
    if comp == "approx":
        tol = dec(spec.tolerance if spec.tolerance is not None else 0.05) * abs(g)
        # Beyond G in the better direction counts as achieved (5000万美元左右 exceeded).
        return (a - g) * spec.d >= -tol
    raise ValueError(f"unknown comparator {spec.comparator}")


def q_status(q: float, binding: bool) -> str:
    """METHOD 3.1 step 5; a binding target gets no slack below 1.0."""
    if q >= 1.05:
        return "ahead"
    if q >= (1.0 if binding else 0.95):
        return "on_track"
    if q >= 0.60:
        return "behind"
    if q >= 0:
        return "far_behind"
    return "moving_away"


def q_thresholds(binding: bool) -> tuple[float, ...]:
    return (1.05, 1.0 if binding else 0.95, 0.60, 0.0)
