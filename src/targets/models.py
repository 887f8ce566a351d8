"""The objects every layer shares (catalog, observations, results, report) as plain dataclasses. No I/O.

Validation of catalog text lives in `schema` (pydantic); once a catalog is valid it is carried by
these slotted dataclasses, which need no pydantic import and cost a fraction of the memory: a
national roll-up holds a million observations.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from targets.enums import STATUS_ZH, Attribute, Comparator, Direction, Kind, Path, Status
from targets.errors import Problem
from targets.records import Record, Shown

# The enums live in enums.py (the vocabulary of every stage); they are re-exported here so that
# `from targets.models import Kind` keeps working.
__all__ = [
    "RESULT_FIELDS",
    "STATUS_ZH",
    "Attribute",
    "Baseline",
    "Catalog",
    "Comparator",
    "Direction",
    "Draft",
    "Kind",
    "Observation",
    "Path",
    "Period",
    "Plan",
    "PreviousPeriod",
    "RegionValues",
    "Report",
    "Responsibility",
    "Result",
    "SourceRef",
    "Status",
    "Summary",
    "Target",
    "TargetValue",
    "plain",
]


# Every model takes its repr and == from records.Record (Result its repr only, from Shown):
# `repr=False, eq=False` spares the start-up dataclasses' generating them class by class.


def _num(value: Any) -> Decimal | None:
    # Decimals arrive from the validator, strings from the cache (exact, never via float).
    return None if value is None else Decimal(value)


def _sub(cls: Any, data: Any) -> Any:
    return None if data is None else cls.from_dict(data)


@dataclass(slots=True, repr=False, eq=False)
class Period(Record):
    """The years a plan covers, both included."""

    start: int
    end: int

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Period:
        return cls(d["start"], d["end"])


@dataclass(slots=True, repr=False, eq=False)
class Baseline(Record):
    """The value a plan starts from, in its year."""

    year: int
    value: Decimal
    note: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Baseline:
        return cls(d["year"], Decimal(d["value"]), d.get("note"))


@dataclass(slots=True, repr=False, eq=False)
class PreviousPeriod(Record):
    """What the previous plan period achieved (a value over years such as "2016-2020")."""

    years: str
    value: Decimal
    note: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PreviousPeriod:
        return cls(d["years"], Decimal(d["value"]), d.get("note"))


@dataclass(slots=True, repr=False, eq=False)
class TargetValue(Record):
    """What a target sets for a year (or every year): a value, a range, a factor or a change."""

    year: int | Literal["annual"]
    value: Decimal | None = None
    value_high: Decimal | None = None
    factor: Decimal | None = None
    change_pct: Decimal | None = None
    growth_pct: Decimal | None = None
    base_year: int | None = None
    change_pp: Decimal | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TargetValue:
        return cls(
            d["year"],
            _num(d.get("value")),
            _num(d.get("value_high")),
            _num(d.get("factor")),
            _num(d.get("change_pct")),
            _num(d.get("growth_pct")),
            d.get("base_year"),
            _num(d.get("change_pp")),
        )


@dataclass(slots=True, repr=False, eq=False)
class RegionValues(Record):
    """The values a target sets for one region other than the plan's scope (METHOD 3.2)."""

    target: TargetValue
    baseline: Baseline | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RegionValues:
        return cls(TargetValue.from_dict(d["target"]), _sub(Baseline, d.get("baseline")))


@dataclass(slots=True, repr=False, eq=False)
class SourceRef(Record):
    """Where the plan text states a target: line, quoted words, table and row."""

    line: int
    quote: str
    table: str | None = None
    row: int | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceRef:
        return cls(d["line"], d["quote"], d.get("table"), d.get("row"))


@dataclass(slots=True, repr=False, eq=False)
class Responsibility(Record):
    """Who answers for a target: the lead body, those supporting it, a deadline."""

    lead: str | None = None
    support: list[str] = field(default_factory=list)
    deadline: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Responsibility:
        return cls(d.get("lead"), list(d.get("support") or []), d.get("deadline"))


@dataclass(slots=True, repr=False, eq=False)
class Draft(Record):
    """Marks left by `targets extract` on an entry nobody has reviewed yet."""

    pattern: str
    confidence: Decimal
    review: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Draft:
        return cls(d["pattern"], Decimal(d["confidence"]), list(d.get("review") or []))


@dataclass(slots=True, repr=False, eq=False)
class Target(Record):
    """One target of one plan: the unit of evaluation."""

    id: str
    series: str | None
    name: str
    unit: str | None
    canonical_unit: str | None
    attribute: Attribute
    kind: Kind
    comparator: Comparator
    tolerance: Decimal | None
    direction: Direction
    baseline: Baseline | None
    previous_period: PreviousPeriod | None
    target: TargetValue
    cumulative: Period | None
    source: SourceRef
    responsibility: Responsibility | None = None
    aspirational: bool = False
    note: str | None = None
    draft: Draft | None = None
    regions: dict[str, RegionValues] = field(default_factory=dict)

    @property
    def series_key(self) -> str:
        return self.series or self.id

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Target:
        return cls(
            id=d["id"],
            series=d.get("series"),
            name=d["name"],
            unit=d.get("unit"),
            canonical_unit=d.get("canonical_unit"),
            attribute=Attribute(d["attribute"]),
            kind=Kind(d["kind"]),
            comparator=Comparator(d["comparator"]),
            tolerance=_num(d.get("tolerance")),
            direction=Direction(d["direction"]),
            baseline=_sub(Baseline, d.get("baseline")),
            previous_period=_sub(PreviousPeriod, d.get("previous_period")),
            target=TargetValue.from_dict(d["target"]),
            cumulative=_sub(Period, d.get("cumulative")),
            source=SourceRef.from_dict(d["source"]),
            responsibility=_sub(Responsibility, d.get("responsibility")),
            aspirational=bool(d.get("aspirational", False)),
            note=d.get("note"),
            draft=_sub(Draft, d.get("draft")),
            regions={k: RegionValues.from_dict(v) for k, v in (d.get("regions") or {}).items()},
        )


@dataclass(slots=True, repr=False, eq=False)
class Plan(Record):
    """One plan: its metadata, period and targets."""

    id: str
    title: str
    doc_number: str | None
    issuer: str | None
    date: str | None
    scope: str
    period: Period
    source: str
    targets: list[Target]
    base_year: int | None = None
    note: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Plan:
        return cls(
            id=d["id"],
            title=d["title"],
            doc_number=d.get("doc_number"),
            issuer=d.get("issuer"),
            date=d.get("date"),
            scope=d["scope"],
            period=Period.from_dict(d["period"]),
            source=d["source"],
            targets=[Target.from_dict(t) for t in d["targets"]],
            base_year=d.get("base_year"),
            note=d.get("note"),
        )


@dataclass(slots=True, repr=False, eq=False)
class Catalog(Record):
    """The whole catalog; `source` is the file it was read from (for messages)."""

    version: int
    plans: list[Plan]
    source: str = "-"

    @classmethod
    def from_dict(cls, d: dict[str, Any], source: str = "-") -> Catalog:
        return cls(d["version"], [Plan.from_dict(p) for p in d["plans"]], source)

    def iter_targets(self) -> list[tuple[Plan, Target]]:
        return [(plan, t) for plan in self.plans for t in plan.targets]

    def plan(self, plan_id: str) -> Plan | None:
        return next((p for p in self.plans if p.id == plan_id), None)


@dataclass(slots=True, repr=False, eq=False)
class Observation(Record):
    """One actual value read from an actuals file, already in the catalog's unit."""

    series: str
    year: int
    value: Decimal | None  # None: reported as not available (-, —, /, blank)
    region: str | None = None
    unit: str | None = None
    source: str | None = None
    file: str = "-"
    line: int | None = None


@dataclass(slots=True, repr=False, eq=False)  # no ==: compared field by field where needed
class Result(Shown):
    """The evaluation of one target against the actuals."""

    id: str
    plan: str
    name: str
    unit: str | None
    kind: Kind
    attribute: Attribute
    comparator: Comparator
    direction: Direction
    path: Path
    year: int | None  # the data year used
    actual: Decimal | None
    baseline: Decimal | None
    baseline_year: int | None
    target: Decimal | None
    target_year: int | Literal["annual"]
    status: Status
    label: str
    region: str | None = None
    file: str | None = None  # where the value used was read (file and line), for annotations
    line: int | None = None
    baseline_from: Literal["plan", "data", "data_earliest"] | None = None
    target_high: Decimal | None = None
    target_rule: str | None = None  # x2, -20%, +10%/yr, up/down: how the plan states a relative target
    reason: str | None = None
    reason_code: str | None = None  # stable slug beside the English `reason` (evaluate.reasons)
    reason_args: dict[str, Any] | None = None  # what the reason names, to say it in another language
    reached_in: int | None = None  # first year after the target year whose value meets a missed target
    later_year: int | None = None  # the latest value after the judged year, information only
    later_value: Decimal | None = None
    previous_value: Decimal | None = None  # a previous period's total ([7.76] for 2016-2020), shown only
    previous_years: str | None = None
    notes: list[str] = field(default_factory=list)
    gap: Decimal | None = None
    progress: Decimal | None = None
    time_elapsed: Decimal | None = None
    expected_now: Decimal | None = None
    schedule_ratio: Decimal | None = None
    observed_annual_growth: Decimal | None = None
    planned_annual_growth: Decimal | None = None
    required_annual_growth: Decimal | None = None
    required_annual_change: Decimal | None = None
    projected_value: Decimal | None = None
    cumulative_sum: Decimal | None = None


# The order of a result's fields in JSON: what every region shares first, then the rest.
RESULT_FIELDS = (
    "id", "plan", "name", "unit", "kind", "attribute", "comparator", "direction", "target_high",
    "target_year", "target_rule", "region", "path", "year", "file", "line", "actual", "baseline",
    "baseline_year", "baseline_from", "target", "status", "label", "reached_in", "later_year",
    "later_value", "previous_value", "previous_years", "reason", "reason_code", "notes", "gap",
    "progress", "time_elapsed", "expected_now", "schedule_ratio", "observed_annual_growth",
    "planned_annual_growth", "required_annual_growth", "required_annual_change", "projected_value",
    "cumulative_sum",
)  # fmt: skip


@dataclass(slots=True, repr=False, eq=False)
class Summary(Record):
    """Counts of a report by status, plan and region; the binding (约束性) results; targets with no data."""

    total: int
    by_status: dict[str, int]
    by_plan: dict[str, dict[str, int]]
    binding: list[dict[str, str]]
    no_data: list[str]
    # counts per region when the data has regions: a district is never folded into the plan's scope
    by_region: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(slots=True, repr=False, eq=False)
class Report(Record):
    """Everything `check` reports: the results, the input problems and their summary."""

    as_of: int | None
    results: list[Result]
    problems: list[Problem]
    summary: Summary


def plain(value: Any) -> Any:
    """A model as JSON-ready data: Decimal -> int or float, enums -> their value, None kept."""
    if isinstance(value, Decimal):
        # JSON carries numbers, not strings; integral values stay integers (3700, not 3700.0).
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        names = RESULT_FIELDS if isinstance(value, Result) else [f.name for f in fields(value)]
        return {name: plain(getattr(value, name)) for name in names}
    return value
