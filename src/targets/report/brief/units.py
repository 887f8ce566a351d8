"""The briefing by responsible unit (--by unit): each lead unit (牵头单位) with its targets, plan by
plan, the supporting units and the deadline; targets without a lead under 未明确责任单位."""

from __future__ import annotations

from collections.abc import Sequence

from targets.evaluate import fails
from targets.models import Path, Plan, Status
from targets.report.brief.digest import digest, sentences
from targets.report.brief.labels import WORDS, section_number
from targets.report.brief.model import Part, Row, Section, leads_of


def make_part(plan: Plan, heading: str | None, shown: Sequence[Row], hidden: Sequence[Row] = ()) -> Part:
    cumulative = any(row.result.path is Path.cumulative for row in shown)
    return Part(plan, heading, tuple(shown), tuple(hidden), cumulative)


def unit_sections(
    rows: dict[str, list[Row]], lang: str, show_all: bool, only: Status | None
) -> list[Section]:
    """One section per lead unit, in the order the catalog first names them; the unnamed last."""
    words = WORDS[lang]
    none = words["no_unit"]
    by_unit: dict[str, list[Row]] = {}
    for plan_rows in rows.values():
        for row in plan_rows:
            for unit in leads_of(row) or [none]:
                by_unit.setdefault(unit, []).append(row)
    if none in by_unit:
        by_unit[none] = by_unit.pop(none)  # last
    sections: list[Section] = []
    for unit, unit_rows in by_unit.items():
        section = _section(unit, unit_rows, lang, show_all, only, len(sections) + 1)
        if section is not None:
            sections.append(section)
    return sections


def _section(
    unit: str, unit_rows: list[Row], lang: str, show_all: bool, only: Status | None, n: int
) -> Section | None:
    words = WORDS[lang]
    if only is not None:
        unit_rows = [row for row in unit_rows if fails(row.status, only)]
        if not unit_rows:
            return None
    plans: dict[str, list[Row]] = {}
    for row in unit_rows:
        plans.setdefault(row.plan.id, []).append(row)
    parts = []
    for plan_rows in plans.values():
        plan = plan_rows[0].plan
        if only is not None or show_all:
            shown, hidden = plan_rows, []
        else:
            shown = [row for row in plan_rows if row.status is not Status.no_data]
            hidden = [row for row in plan_rows if row.status is Status.no_data]
        parts.append(make_part(plan, plan.title, shown, hidden))
    d = digest(unit_rows)
    lead = "only_counts" if only is not None else "unit_counts"
    summary = sentences(d, lang, lead, hidden=False, only=only is not None, no_data=False, plan_view=False)
    titles = words["list_sep"].join(rows[0].plan.title for rows in plans.values())
    meta = words["unit_meta"].format(plans=titles)
    return Section(section_number(n, lang), unit, meta, f"unit-{n}", d, summary, tuple(parts), unit=unit)
