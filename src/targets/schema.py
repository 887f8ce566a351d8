"""The catalog schema as pydantic models: validation of catalog data and its JSON Schema. No I/O.

A valid catalog is then carried by the dataclasses of `models`; these classes only judge input.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .models import Attribute, Comparator, Direction, Kind

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


# Editors see a plain number; the validator refuses text, booleans and magnitudes beyond 10^15.
CatNum = Annotated[Decimal, BeforeValidator(_catalog_number), WithJsonSchema({"type": "number"})]


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
    """A catalog file: `version: 1` and its plans."""

    model_config = ConfigDict(extra="forbid")
    version: Literal[1]
    plans: list[Plan]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a catalog file, for editors and other tools."""
    schema = Catalog.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "targets catalog",
        "description": "A catalog of plan targets for the `targets` checker (data/indicators.yaml).",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }
