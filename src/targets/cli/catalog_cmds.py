"""`targets validate`, `targets list`, `targets show`: the catalog commands."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from targets.cli.common import (
    EXIT_INPUT,
    EXIT_OK,
    err,
    guarded,
    load,
    out,
    print_problems,
    sources_dir,
)
from targets.errors import Problem
from targets.models import plain

CATALOG_OPT = typer.Option(None, "--catalog", "-c", help="Catalog YAML (default: the shipped one).")


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("list")(list_targets)
    app.command("show")(show)


@guarded
def validate(
    catalog: Path | None = typer.Argument(None, help="Catalog YAML (default: the shipped one)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors (exit 2)."),
) -> None:
    """校验指标目录 / Validate a catalog: schema, ids, units, kinds, years, quotes at their lines,
    and warnings for targets that disagree between plans or within a sentence."""
    from targets.cli.common import catalog_path
    from targets.cli.output import Outputs

    path = catalog_path(catalog)
    Outputs(reads=[path])
    found = _validation(path)
    problems = [Problem(**p) for p in found["problems"]]
    print_problems(problems)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if errors or found["plans"] is None or (strict and warnings):
        err(f"{path}: {len(errors)} error(s), {len(warnings)} warning(s)")
        raise typer.Exit(EXIT_INPUT)
    from targets.safe import visible

    summary = f"{found['plans']} plans, {found['targets']} targets, {len(warnings)} warning(s)"
    out(f"{visible(str(path))}: ok: {summary}\n")
    raise typer.Exit(EXIT_OK)


def _validation(path: Path) -> dict[str, Any]:
    """The findings of every check on the catalog at `path`, from the cache when the catalog,
    the plan texts beside it and the code are the ones validated before (no YAML, pydantic or
    pint then)."""
    from targets.catalog import validate_catalog_file
    from targets.catalog.cache import read_validation, validation_key, write_validation
    from targets.catalog.loader import read_bytes

    key = validation_key(path, read_bytes(path))
    found = read_validation(key)
    if found is not None:
        return found
    cat, problems = validate_catalog_file(path)
    found = {
        "problems": [asdict(p) for p in problems],
        "plans": None if cat is None else len(cat.plans),
        "targets": None if cat is None else len(cat.iter_targets()),
    }
    write_validation(key, found)
    return found


def _entry(plan: Any, t: Any) -> dict[str, Any]:
    data = {"baseline": plain(t.baseline), "target": plain(t.target)}
    return {
        "id": t.id,
        "plan": plan.id,
        "series": t.series_key,
        "name": t.name,
        "unit": t.unit,
        "kind": t.kind.value,
        "comparator": t.comparator.value,
        "attribute": t.attribute.value,
        "direction": t.direction.value,
        "cumulative": t.cumulative is not None,
        "baseline": None
        if t.baseline is None
        else {"year": t.baseline.year, "value": data["baseline"]["value"]},
        "target": {
            "year": t.target.year,
            "value": data["target"]["value"],
            "value_high": data["target"]["value_high"],
            **{
                k: data["target"][k]
                for k in ("factor", "change_pct", "growth_pct")
                if data["target"][k] is not None
            },
        },
        "source": {
            "file": f"sources/{plan.source}",
            "line": t.source.line,
            "quote": t.source.quote,
        },
    }


@guarded
def list_targets(
    plan: str | None = typer.Option(None, "--plan", "-p", help="Only this plan id."),
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="Output format."),
    catalog: Path | None = CATALOG_OPT,
) -> None:
    """列出目标 / List the plans and their targets."""
    from targets.cli.common import catalog_path
    from targets.cli.output import Outputs

    Outputs(reads=[catalog_path(catalog)])
    cat = load(catalog)
    if plan is not None and cat.plan(plan) is None:
        err(f"targets: unknown plan {plan!r}; plans: {', '.join(p.id for p in cat.plans)}")
        raise typer.Exit(EXIT_INPUT)
    pairs = [(p, t) for p, t in cat.iter_targets() if plan is None or p.id == plan]
    if fmt is ListFormat.json:
        plans = [
            {
                "id": p.id,
                "title": p.title,
                "doc_number": p.doc_number,
                "issuer": p.issuer,
                "date": p.date,
                "scope": p.scope,
                "period": {"start": p.period.start, "end": p.period.end},
                "source": f"sources/{p.source}",
            }
            for p in cat.plans
            if plan is None or p.id == plan
        ]
        doc = {"plans": plans, "indicators": [_entry(p, t) for p, t in pairs]}
        out(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    headers = ["id", "指标 name", "单位 unit", "类型 kind", "基期 baseline", "目标 target", "属性"]
    rows = []
    for p, t in pairs:
        e = _entry(p, t)
        b = e["baseline"]
        tv = e["target"]
        if tv["value"] is not None:
            tgt = f"{tv['value']}" + (f"–{tv['value_high']}" if tv["value_high"] is not None else "")
        else:
            tgt = next((f"{k}={tv[k]}" for k in ("factor", "change_pct", "growth_pct") if k in tv), "—")
        rows.append(
            [
                t.id,
                t.name,
                t.unit or "—",
                t.kind.value,
                "—" if b is None else f"{b['value']} ({b['year']})",
                f"{tgt} ({tv['year']})",
                {"expected": "预期性", "binding": "约束性", "unstated": "—"}[t.attribute.value],
            ]
        )
    from targets.report.render import md_table, text_table

    if fmt is ListFormat.csv:
        import csv
        import io

        from targets.safe import csv_cell

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(
            [
                "id",
                "plan",
                "name",
                "unit",
                "kind",
                "comparator",
                "attribute",
                "direction",
                "baseline_year",
                "baseline",
                "target_year",
                "target",
                "target_high",
                "line",
                "quote",
            ]
        )
        for p, t in pairs:
            e = _entry(p, t)
            b = e["baseline"] or {}
            w.writerow(
                [
                    csv_cell(t.id),
                    csv_cell(p.id),
                    csv_cell(t.name),
                    csv_cell(t.unit or ""),
                    e["kind"],
                    e["comparator"],
                    e["attribute"],
                    e["direction"],
                    b.get("year", ""),
                    b.get("value", ""),
                    e["target"]["year"],
                    "" if e["target"]["value"] is None else e["target"]["value"],
                    "" if e["target"]["value_high"] is None else e["target"]["value_high"],
                    t.source.line,
                    csv_cell(t.source.quote),
                ]
            )
        out(buf.getvalue())
    elif fmt is ListFormat.md:
        out(md_table(headers, rows) + "\n")
    else:
        out(text_table(headers, rows) + "\n")


def _baseline_text(baseline: dict[str, Any] | None) -> str:
    return "—" if baseline is None else f"{baseline['value']} ({baseline['year']})"


@guarded
def show(
    target_id: str = typer.Argument(..., metavar="ID", help="A target id (see `targets list`)."),
    catalog: Path | None = CATALOG_OPT,
    context_lines: int = typer.Option(1, "--context", help="Source lines shown around the quote."),
) -> None:
    """显示目标及其原文 / Show one target and the plan sentence it comes from."""
    import difflib

    from targets.catalog.provenance import context
    from targets.cli.common import catalog_path
    from targets.cli.output import Outputs
    from targets.safe import visible

    Outputs(reads=[catalog_path(catalog)])
    cat = load(catalog)
    found = [(p, t) for p, t in cat.iter_targets() if t.id == target_id]
    if not found:
        ids = [t.id for _, t in cat.iter_targets()]
        close = difflib.get_close_matches(target_id, ids, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        err(f"targets: unknown target {target_id!r}{hint}")
        raise typer.Exit(EXIT_INPUT)
    plan, t = found[0]
    e = _entry(plan, t)
    lines = [
        f"{t.id}  {t.name}",
        f"  计划 plan:      {plan.title} ({plan.id}{', ' + plan.doc_number if plan.doc_number else ''})",
        f"  范围 scope:     {plan.scope}",
        f"  单位 unit:      {t.unit or '—'}",
        f"  类型 kind:      {t.kind.value}, {t.comparator.value}, {t.direction.value} is better",
        f"  属性 attribute: {t.attribute.value}" + ("  (力争 aspirational)" if t.aspirational else ""),
        f"  基期 baseline:  {_baseline_text(e['baseline'])}",
        f"  目标 target:    {json.dumps(e['target'], ensure_ascii=False)}",
    ]
    if t.cumulative is not None:
        lines.append(f"  累计 window:    {t.cumulative.start}-{t.cumulative.end}")
    if t.previous_period is not None:
        lines.append(f"  上期 previous:  [{t.previous_period.value}] {t.previous_period.years}")
    if t.responsibility is not None:
        r = t.responsibility
        lines.append(
            f"  牵头 lead:      {r.lead or '—'}; 责任 support: {'、'.join(r.support) or '—'}; "
            f"时限 deadline: {r.deadline or '—'}"
        )
    if t.note:
        lines.append(f"  说明 note:      {t.note.strip()}")
    where = f"{plan.source}:{t.source.line}" + (
        f" ({t.source.table} row {t.source.row})" if t.source.table else ""
    )
    lines += ["", f"  原文 source: {where}", f"  引文 quote:  {t.source.quote}", ""]
    for n, text in context(plan, t, sources_dir(catalog), context_lines):
        mark = ">" if n == t.source.line else " "
        lines.append(f"  {mark}{n:5d} | {text.strip()}")
    out("\n".join(visible(line) for line in lines) + "\n")
