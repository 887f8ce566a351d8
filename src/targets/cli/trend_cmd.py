"""`targets trend`: one indicator across the years, its pace, and when that pace reaches the target."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from targets.cli.common import (
    EXIT_INPUT,
    chosen_plans,
    err,
    guarded,
    load,
    only_plans,
    out,
    plan_option,
    print_problems,
)
from targets.cli.sheet_opts import HEADER_ROW, LAYOUT, SHEET, Layout, read_actuals

if TYPE_CHECKING:
    from targets.actuals.store import Actuals
    from targets.evaluate.trend import Trend
    from targets.models import Catalog, Plan, Target


class TrendFormat(StrEnum):
    text = "text"
    json = "json"


ATTRIBUTE = {"expected": "预期性 expected", "binding": "约束性 binding", "unstated": "属性未注明 unstated"}
REACH_TEXT = {
    "within": "{year}（计划期内可达到 within the plan period）",
    "after": "{year}（计划期内无法达到 not within the plan period）",
    "never": "计划期内无法达到 not within the plan period: {reason}",
    "unknown": "— ({reason})",
    "not_applicable": "— ({reason})",
    "achieved": "已实现 already reached ({year} data)",
}


def register(app: typer.Typer) -> None:
    app.command("trend")(trend)


@guarded
def trend(
    target_id: str = typer.Argument(
        ..., metavar="ID", help="A target id, or a series key for all its targets."
    ),
    actuals: list[Path] | None = typer.Argument(None, help="Actuals files (CSV or .xlsx) or directories."),
    region: str | None = typer.Option(
        None, "--region", "-r", help="The region to show (when the data has several)."
    ),
    plan: list[str] = plan_option(
        "Only the targets of these plans (when ID is a series key shared by several)."
    ),
    as_of: int | None = typer.Option(None, "--as-of", help="Report year (default: latest in the data)."),
    fmt: TrendFormat = typer.Option(TrendFormat.text, "--format", "-f", help="text or json."),
    encoding: str | None = typer.Option(None, "--encoding", help="Encoding of CSV files (default: detect)."),
    fx: list[str] = typer.Option([], "--fx", help="Exchange rate in CNY, e.g. USD=7.10 (repeatable)."),
    sheet: str | None = SHEET,
    header_row: int | None = HEADER_ROW,
    layout: Layout | None = LAYOUT,
    catalog: Path | None = typer.Option(
        None, "--catalog", "-c", help="Catalog YAML (default: the shipped one)."
    ),
) -> None:
    """走势与达标年份 / The series of one indicator by year: year-on-year growth, observed and
    required annual growth, the projection at the current pace, and the year that pace reaches
    the target (or 计划期内无法达到), with a sparkline."""
    from targets.actuals.load import iter_csv_paths
    from targets.actuals.store import Actuals
    from targets.cli.check_cmd import parse_fx
    from targets.cli.common import catalog_path
    from targets.cli.output import Outputs
    from targets.evaluate import evaluate
    from targets.evaluate.trend import build_trend

    Outputs(reads=[catalog_path(catalog), *iter_csv_paths(actuals or [])])
    full = load(catalog)
    plans = chosen_plans(plan, full)
    cat = only_plans(full, plans)
    pairs = _select(cat, target_id)
    store = Actuals()
    if actuals:
        store, problems = read_actuals(
            actuals,
            full,
            encoding=encoding,
            fx=parse_fx(fx),
            sheet=sheet,
            header_row=header_row,
            layout=layout,
            plans=plans,
        )
        print_problems(problems)
    report = evaluate(cat, store, as_of)
    trends = []
    for owner, t in pairs:
        chosen = _region(t.series_key, store, region)
        result = next(r for r in report.results if r.id == t.id and r.region == chosen)
        trends.append((owner, t, build_trend(t, result, store.group((t.series_key, chosen)), report.as_of)))
    if fmt is TrendFormat.json:
        import json

        doc = {"as_of": report.as_of, "trends": [_json(owner, tr) for owner, _, tr in trends]}
        out(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        out("\n".join(_text(owner, t, tr) for owner, t, tr in trends))


def _select(cat: Catalog, target_id: str) -> list[tuple[Plan, Target]]:
    pairs = cat.iter_targets()
    found = [(p, t) for p, t in pairs if t.id == target_id]
    found = found or [(p, t) for p, t in pairs if t.series_key == target_id]
    if not found:
        import difflib

        pool = list(dict.fromkeys([*(t.id for _, t in pairs), *(t.series_key for _, t in pairs)]))
        close = difflib.get_close_matches(target_id, pool, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `targets list`"
        err(f"targets: unknown target or series {target_id!r}{hint}")
        raise typer.Exit(EXIT_INPUT)
    return found


def _region(series: str, store: Actuals, wanted: str | None) -> str | None:
    keys = store.group_keys()
    regions = sorted(r for s, r in keys if s == series and r is not None)
    has_total = (series, None) in keys
    if wanted is not None:
        if wanted in regions or not (regions or has_total):
            return wanted if wanted in regions else None
        listed = ", ".join(regions) or "none (the data has no region column for it)"
        err(f"targets: no data for region {wanted!r} in {series}; regions: {listed}")
        raise typer.Exit(EXIT_INPUT)
    if has_total or not regions:
        return None
    if len(regions) == 1:
        return regions[0]
    shown = ", ".join(regions[:10]) + (f" and {len(regions) - 10} more" if len(regions) > 10 else "")
    err(f"targets: the data has {len(regions)} regions for {series}: choose one with --region ({shown})")
    raise typer.Exit(EXIT_INPUT)


def _num(value: Decimal | None) -> int | float | None:
    # JSON numbers as the check report writes them: integral values stay integers
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _json(plan: Plan, tr: Trend) -> dict[str, Any]:
    r = tr.result
    return {
        "id": r.id,
        "plan": plan.id,
        "name": r.name,
        "unit": r.unit,
        "region": r.region,
        "kind": r.kind.value,
        "direction": r.direction.value,
        "path": r.path.value,
        "status": r.status.value,
        "label": r.label,
        "baseline": _num(r.baseline),
        "baseline_year": r.baseline_year,
        "baseline_from": r.baseline_from,
        "target": _num(r.target),
        "target_year": r.target_year,
        "year": r.year,
        "actual": _num(r.actual),
        "points": [
            {
                "year": p.year,
                "value": _num(p.value),
                "change": _num(p.change),
                "growth": _num(p.growth),
                "cumulative": _num(p.cumulative),
                "from_plan": p.from_plan,
            }
            for p in tr.points
        ],
        "observed_annual_growth": _num(tr.pace_growth),
        "observed_annual_change": _num(tr.pace_change),
        "required_annual_growth": _num(r.required_annual_growth),
        "required_annual_change": _num(r.required_annual_change),
        "projected_value": _num(r.projected_value),
        "reach": tr.reach.value,
        "reach_year": tr.reach_year,
        "years_needed": _num(tr.years_needed),
        "within_plan_period": tr.reach.value in ("achieved", "within"),
        "reason": tr.reason,
        "sparkline": tr.sparkline,
    }


def _text(plan: Plan, t: Target, tr: Trend) -> str:
    from targets.report.render import fmt_num, fmt_pct, fmt_required, places_of, text_table
    from targets.safe import visible

    r = tr.result
    places = places_of(r.baseline, r.target, r.actual, *(p.value for p in tr.points))
    calc = min(places + 2, 4)
    unit = f"（{r.unit}）" if r.unit else ""
    region = f" [{r.region}]" if r.region else ""
    better = "越高越好 higher is better" if r.direction.value == "higher" else "越低越好 lower is better"
    lines = [
        f"{r.id}{region}  {r.name}{unit}",
        f"  规划 plan:      {plan.id} · {ATTRIBUTE[r.attribute.value]} · {t.kind.value} · {better} · "
        f"path {r.path.value}",
    ]
    if r.baseline is not None:
        lines.append(
            f"  基期 baseline:  {fmt_num(r.baseline, places)} ({r.baseline_year}, {r.baseline_from})"
        )
    target = "—" if r.target is None else fmt_num(r.target, places)
    lines.append(f"  目标 target:    {target} ({r.target_year})")
    if tr.points:
        span = f"{tr.points[0].year}–{tr.points[-1].year}"
        lines.append(f"  走势 trend:     {tr.sparkline}  {span}")
    lines.append("")
    if tr.points:
        cumulative = any(p.cumulative is not None for p in tr.points)
        headers = ["年份 year", "数值 value", "增减 change", "增速 growth"] + (
            ["累计 sum"] if cumulative else []
        )
        rows = []
        for p in tr.points:
            value = fmt_num(p.value, places) + (" *" if p.from_plan else "")
            change = "—" if p.change is None else _signed(fmt_num(p.change, places))
            row = [str(p.year), value, change, fmt_pct(p.growth, 2, signed=True)]
            if cumulative:
                row.append("—" if p.cumulative is None else fmt_num(p.cumulative, places))
            rows.append(row)
        lines += ["  " + line for line in text_table(headers, rows).splitlines()]
        if any(p.from_plan for p in tr.points):
            lines.append("  * 基期值取自规划 baseline from the plan")
        lines.append("")
    else:
        lines += ["  缺数据 no data", ""]
    since = f" ({r.baseline_year}→{r.year})" if r.baseline_year is not None and r.year is not None else ""
    if tr.pace_growth is not None:
        lines.append(f"  年均增长 observed growth{since}: {fmt_pct(tr.pace_growth, 2, signed=True)}/yr")
    if tr.pace_change is not None:
        label = (
            "年均流量 average flow" if r.path.value == "cumulative" else f"年均增加 observed change{since}"
        )
        lines.append(f"  {label}: {_signed(fmt_num(tr.pace_change, calc))}/yr")
    ahead = f" ({r.year}→{r.target_year})" if r.year is not None else ""
    if r.required_annual_growth is not None:
        lines.append(f"  年均需增长 required growth{ahead}: {fmt_required(r, 'en')}")
    if r.required_annual_change is not None:
        lines.append(f"  年均需增加 required change{ahead}: {fmt_required(r, 'en')}")
    if r.later_year is not None and r.later_value is not None:
        lines.append(
            f"  之后 later value (information only): {fmt_num(r.later_value, places)} ({r.later_year})"
        )
    if r.projected_value is not None:
        lines.append(f"  按当前速度 projection {r.target_year}: {fmt_num(r.projected_value, calc)}")
    reason = tr.reason or ""
    year = tr.reach_year if tr.reach_year is not None else reason
    lines.append(
        f"  达标年份 reached at current pace: {REACH_TEXT[tr.reach.value].format(year=year, reason=reason)}"
    )
    lines.append(f"  评价 status:    {r.label} {r.status.value}")
    return "\n".join(visible(line) for line in lines) + "\n"


def _signed(text: str) -> str:
    return text if text.startswith(("-", "—")) else "+" + text
