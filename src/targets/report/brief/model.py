"""The objects of a briefing: chart series, rows, tables, sections; built by `brief.build`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from targets.models import Path, Plan, Result, Status, Target


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal


@dataclass(frozen=True)
class Chart:
    """What one small chart shows, in the target's unit; cumulative charts show running totals."""

    path: Path
    baseline: Point
    target: Point
    planned: tuple[Point, ...]  # one point a year from the baseline to the target year
    actual: tuple[Point, ...]
    projection: tuple[Point, ...]  # from the latest actual to the target year; empty when none
    count: bool = False  # the unit counts whole things: integer ticks and projection


@dataclass(frozen=True)
class Row:
    number: int  # 序号: the place of the target in its plan, the same in every view
    plan: Plan
    target: Target
    result: Result
    cells: tuple[str, ...]  # one per column of the briefing
    places: int  # decimals of the plan's numbers for this target
    chart: Chart | None = None
    reason: str | None = None  # why the target is not assessable
    no_chart: str | None = None  # why an assessable target has no chart

    @property
    def name(self) -> str:
        r = self.result
        return r.name + (f"（{r.region}）" if r.region else "")

    @property
    def status(self) -> Status:
        return self.result.status


@dataclass(frozen=True)
class Digest:
    """What a section's summary says: counts by status and the targets named in it."""

    counts: dict[str, int]  # status slug -> number of rows, in Status order
    binding_total: int
    binding: tuple[Row, ...]  # binding targets not on schedule, worst first
    worst: tuple[Row, ...]  # far behind, moving away, fallen back or missed, worst first
    early: tuple[Row, ...]  # achieved before the target year
    no_data: tuple[Row, ...]
    leads: tuple[tuple[str, tuple[Row, ...]], ...] = ()  # each lead unit (牵头单位) and its targets
    unassigned: int = 0  # targets without a lead unit


def split_units(lead: str | None) -> list[str]:
    """The units of a joint lead (区科技局、区市场监管局): each of them answers for the target."""
    if not lead:
        return []
    return [u.strip() for u in lead.replace("，", "、").replace(",", "、").split("、") if u.strip()]


def leads_of(row: Row) -> list[str]:
    resp = row.target.responsibility
    return split_units(resp.lead if resp else None)


@dataclass(frozen=True)
class Part:
    """One table: the rows of one plan (under the plan's title in a unit's section)."""

    plan: Plan
    heading: str | None
    rows: tuple[Row, ...]  # the rows shown
    hidden: tuple[Row, ...] = ()  # rows without data, summarised in one line instead
    cumulative: bool = False  # some row uses the [X] convention


@dataclass(frozen=True)
class Section:
    number: str  # 一、 or 1.
    title: str  # the plan's title, or the responsible unit
    meta: str
    key: str  # a stable anchor (plan-1, unit-2), never an internal id
    digest: Digest | None = None
    summary: tuple[str, ...] = ()  # the sentences of the summary, counts first
    parts: tuple[Part, ...] = ()
    line: str | None = None  # a section told in one line (an ended plan without data)
    plan: Plan | None = None  # the plan of a plan section
    unit: str | None = None  # the lead unit of a unit section

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for part in self.parts for row in part.rows)

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.digest.counts) if self.digest else {}


@dataclass(frozen=True)
class Briefing:
    lang: str
    title: str
    overall: str
    columns: tuple[str, ...]  # column keys (labels.PLAN_COLUMNS, UNIT_COLUMNS, + "id")
    headers: tuple[str, ...]
    sections: tuple[Section, ...]
    view: str = "plan"  # plan or unit
    as_of: int | None = None
    date: str | None = None  # the date line, passed in by the caller (the core reads no clock)
    only: Status | None = None
    charts: bool = True

    def column(self, key: str) -> int:
        return self.columns.index(key)
