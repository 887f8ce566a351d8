"""The briefing's summary as JSON: per section the counts and the named targets, with ids."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from targets.report.brief.model import Briefing, Row, Section
from targets.report.render import fmt_required


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _item(row: Row, lang: str) -> dict[str, Any]:
    r = row.result
    resp = row.target.responsibility
    return {
        "plan": r.plan,
        "id": r.id,
        "no": row.number,
        "name": r.name,
        "region": r.region,
        "unit": r.unit,
        "attribute": r.attribute.value,
        "status": r.status.value,
        "label": r.label,
        "year": r.year,
        "actual": _num(r.actual),
        "target": _num(r.target),
        "target_year": r.target_year,
        "gap": _num(r.gap),
        "required_annual_growth": _num(r.required_annual_growth),
        "required_annual_change": _num(r.required_annual_change),
        "required": fmt_required(r, lang),
        "lead": resp.lead if resp else None,
        "support": list(resp.support) if resp else [],
        "deadline": resp.deadline if resp else None,
    }


def _section(section: Section, lang: str) -> dict[str, Any]:
    d = section.digest
    out: dict[str, Any] = {
        "number": section.number,
        "title": section.title,
        "plan": section.plan.id if section.plan else None,
        "unit": section.unit,
        "ended_without_data": section.line is not None,
        "summary": list(section.summary) if section.line is None else [section.line],
    }
    if d is not None:
        out |= {
            "counts": d.counts,
            "total": sum(d.counts.values()),
            "binding_total": d.binding_total,
            "binding_off_schedule": [_item(r, lang) for r in d.binding],
            "worst": [_item(r, lang) for r in d.worst],
            "achieved_early": [_item(r, lang) for r in d.early],
            "no_data": [
                {"plan": r.plan.id, "id": r.result.id, "no": r.number, "name": r.name} for r in d.no_data
            ],
        }
    out["rows"] = [_item(r, lang) for r in section.rows]
    return out


def render_json(briefing: Briefing) -> str:
    """The summary of every section as data: the sentences, the counts and the named targets
    (binding off schedule, worst first, achieved early, without data) with their ids."""
    doc = {
        "title": briefing.title,
        "date": briefing.date,
        "as_of": briefing.as_of,
        "view": briefing.view,
        "only": briefing.only.value if briefing.only else None,
        "overall": briefing.overall,
        "sections": [_section(s, briefing.lang) for s in briefing.sections],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
