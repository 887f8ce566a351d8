"""What every rule of `kinds` reads for one target, one region and one report year."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from targets.evaluate import inputs, rules
from targets.evaluate.inputs import Values
from targets.evaluate.maths import Thresholds
from targets.evaluate.reasons import reason_text
from targets.models import Attribute, Kind, Plan, Result, Status, Target


@dataclass(slots=True)
class Case:
    """One target, one region, one report year: what every rule of this module reads."""

    plan: Plan
    t: Target
    values: Values
    report_year: int
    big_t: int
    year: int  # the judged year (METHOD 3.0)
    th: Thresholds
    common: dict[str, Any]  # what every region's result of the target shares
    region: str | None
    notes: list[str] = field(default_factory=list)

    @property
    def actual(self) -> Decimal:
        return self.values[self.year]

    @property
    def binding(self) -> bool:
        return self.t.attribute is Attribute.binding

    def tolerance(self) -> Decimal:
        return self.t.tolerance if self.t.tolerance is not None else self.th.approx_tolerance

    def holds(self, a: Decimal, g: Decimal) -> bool:
        return rules.holds(self.t.comparator, self.t.direction, a, g, self.tolerance())[0]

    def reached_in(self, g: Decimal | None) -> int | None:
        if g is None:
            return None
        return inputs.first_reached(self.values, self.big_t, lambda v: self.holds(v, g))

    def finish(self, verdict: rules.Verdict, g: Decimal | None = None, **fields: Any) -> Result:
        """The result: label, reason, late achievement and the latest later value."""
        status = verdict.status
        late = None
        sums_or_rates = self.t.kind in (Kind.cum_sum, Kind.rate, Kind.direction)
        if not sums_or_rates and (status is Status.missed or verdict.reason == "no_target_year_value"):
            late = self.reached_in(g)
        args = None
        extra = fields.pop("reason_args", None)
        if verdict.reason is not None:
            args = {
                "target_year": self.big_t,
                "year": self.year,
                "scope": self.plan.scope,
                "base_year": inputs.reference_year(self.t, self.t.target, self.plan),
                **(extra or {}),
            }
        later = inputs.latest_after(self.values, self.year)
        common = self.common
        if "target_high" in fields:  # a region's own target may have its own high end
            common = {**common, "target_high": fields.pop("target_high")}
        fields.setdefault("baseline", None)
        fields.setdefault("baseline_year", None)
        return Result(
            **common,
            region=self.region,
            notes=self.notes,
            year=self.year,
            actual=self.values[self.year],
            target=g,
            status=status,
            label=rules.label(status, self.year, self.big_t, late),
            reached_in=late,
            later_year=later,
            later_value=self.values[later] if later is not None else None,
            reason=reason_text(verdict.reason, args),
            reason_code=verdict.reason,
            reason_args=args,
            **fields,
        )
