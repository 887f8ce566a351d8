"""Pydantic models and enums shared by every layer: catalog, observations, results, report. No I/O."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum, StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer
from pydantic_core import PydanticCustomError

from .errors import Problem


def _num_json(value: Decimal) -> int | float:
    # JSON carries numbers, not strings; integral values stay integers (3700, not 3700.0).
    if value == value.to_integral_value():
        return int(value)
    return float(value)


Num = Annotated[Decimal, PlainSerializer(_num_json, return_type=Any, when_used="json")]

_LIMIT = Decimal(10) ** 15


def _catalog_number(value: Any) -> Decimal:
    # Catalog numbers come from our YAML reader as int or Decimal; text such as '03700' or
    # 'ten' is refused here instead of being coerced, and magnitudes stay computable.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise PydanticCustomError("decimal_type", "expected a number")
    number = Decimal(value)
    if not number.is_finite() or abs(number) > _LIMIT:
        raise PydanticCustomError("number_range", "a number of at most 10^15")
    return number


CatNum = Annotated[Num, BeforeValidator(_catalog_number)]


class Kind(StrEnum):
    level = "level"
    share = "share"
    multiple = "multiple"
    change_by = "change_by"
    cum_sum = "cum_sum"
    maintain = "maintain"
    direction = "direction"
    range = "range"
    avg_growth = "avg_growth"
    rate = "rate"
    ratio = "ratio"


class Comparator(StrEnum):
    at_least = "at_least"
    at_most = "at_most"
    approx = "approx"
    exact = "exact"
    range = "range"


class Direction(Enum):  # not StrEnum: the member `lower` would shadow str.lower
    higher = "higher"
    lower = "lower"


class Attribute(StrEnum):
    expected = "expected"
    binding = "binding"
    unstated = "unstated"


class Status(StrEnum):
    achieved = "achieved"
    ahead = "ahead"
    on_track = "on_track"
    behind = "behind"
    far_behind = "far_behind"
    moving_away = "moving_away"
    fallen_back = "fallen_back"
    missed = "missed"
    not_assessable = "not_assessable"
    no_data = "no_data"


STATUS_ZH = {
    Status.achieved: "已实现",
    Status.ahead: "快于预期",
    Status.on_track: "基本符合预期",
    Status.behind: "滞后",
    Status.far_behind: "明显滞后",
    Status.moving_away: "逆向变化",
    Status.fallen_back: "回落",
    Status.missed: "未完成",
    Status.not_assessable: "无法评估",
    Status.no_data: "缺数据",
}


class Path(StrEnum):
    geometric = "geometric"
    linear = "linear"
    cumulative = "cumulative"
    none = "none"


_Strict = ConfigDict(extra="forbid", frozen=True)


class Period(BaseModel):
    model_config = _Strict
    start: int
    end: int


class Baseline(BaseModel):
    model_config = _Strict
    year: int
    value: CatNum
    note: str | None = None


class PreviousPeriod(BaseModel):
    model_config = _Strict
    years: str
    value: CatNum
    note: str | None = None


class TargetValue(BaseModel):
    model_config = _Strict
    year: int | Literal["annual"]
    value: CatNum | None = None
    value_high: CatNum | None = None
    factor: CatNum | None = None
    change_pct: CatNum | None = None
    growth_pct: CatNum | None = None
    base_year: int | None = None


class SourceRef(BaseModel):
    model_config = _Strict
    line: int = Field(ge=1)
    quote: str = Field(min_length=1)
    table: str | None = None
    row: int | None = None


class Responsibility(BaseModel):
    model_config = _Strict
    lead: str | None = None
    support: list[str] = Field(default_factory=list)
    deadline: str | None = None


class Draft(BaseModel):
    """Marks left by `targets extract` on an entry nobody has reviewed yet."""

    model_config = _Strict
    pattern: str = Field(min_length=1)
    confidence: CatNum = Field(ge=0, le=1)
    # Fields the extractor guessed; the reviewer removes each once checked against the text.
    review: list[str] = Field(default_factory=list)


_ID = r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$"


class Target(BaseModel):
    """One target of one plan: the unit of evaluation."""

    model_config = _Strict
    id: str = Field(pattern=_ID)
    series: str | None = Field(default=None, pattern=_ID)
    name: str = Field(min_length=1)
    unit: str | None
    canonical_unit: str | None = None
    attribute: Attribute
    kind: Kind
    comparator: Comparator
    tolerance: CatNum | None = None
    direction: Direction
    baseline: Baseline | None = None
    previous_period: PreviousPeriod | None = None
    target: TargetValue
    cumulative: Period | None = None
    source: SourceRef
    responsibility: Responsibility | None = None
    aspirational: bool = False
    note: str | None = None
    draft: Draft | None = None

    @property
    def series_key(self) -> str:
        return self.series or self.id


class Plan(BaseModel):
    model_config = _Strict
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    doc_number: str | None
    issuer: str | None
    date: str | None
    scope: str
    period: Period
    base_year: int | None = None
    source: str
    note: str | None = None
    targets: list[Target]


class Catalog(BaseModel):
    """The whole catalog; `source` is the file it was read from (for messages)."""

    model_config = ConfigDict(extra="forbid")
    version: Literal[1]
    plans: list[Plan]
    source: str = Field(default="-", exclude=True)

    def iter_targets(self) -> list[tuple[Plan, Target]]:
        return [(plan, t) for plan in self.plans for t in plan.targets]

    def plan(self, plan_id: str) -> Plan | None:
        return next((p for p in self.plans if p.id == plan_id), None)


class Observation(BaseModel):
    """One actual value read from an actuals file, already in the catalog's unit."""

    model_config = ConfigDict(frozen=True)
    series: str
    year: int
    value: Num | None  # None: reported as not available (-, —, /, blank)
    region: str | None = None
    unit: str | None = None
    source: str | None = None
    file: str = "-"
    line: int | None = None


class Result(BaseModel):
    """The evaluation of one target against the actuals."""

    id: str
    plan: str
    name: str
    unit: str | None
    kind: Kind
    attribute: Attribute
    comparator: Comparator
    direction: Direction
    region: str | None = None
    path: Path
    year: int | None  # the data year used
    file: str | None = None  # where that value was read (file and line), for annotations
    line: int | None = None
    actual: Num | None
    baseline: Num | None
    baseline_year: int | None
    baseline_from: Literal["plan", "data"] | None = None
    target: Num | None
    target_high: Num | None = None
    target_year: int | Literal["annual"]
    target_rule: str | None = None  # x2, -20%, +10%/yr, up/down: how the plan states a relative target
    status: Status
    label: str
    reason: str | None = None
    notes: list[str] = Field(default_factory=list)
    gap: Num | None = None
    progress: Num | None = None
    time_elapsed: Num | None = None
    expected_now: Num | None = None
    schedule_ratio: Num | None = None
    observed_annual_growth: Num | None = None
    planned_annual_growth: Num | None = None
    required_annual_growth: Num | None = None
    required_annual_change: Num | None = None
    projected_value: Num | None = None
    cumulative_sum: Num | None = None


class Summary(BaseModel):
    total: int
    by_status: dict[str, int]
    by_plan: dict[str, dict[str, int]]
    binding: list[dict[str, str]]
    no_data: list[str]


class Report(BaseModel):
    as_of: int | None
    results: list[Result]
    problems: list[Problem]
    summary: Summary
