"""`targets template`: the blank submission form for a year, as CSV (UTF-8 with BOM) or .xlsx."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from targets.cli.common import EXIT_INPUT, Lang, chosen_plans, err, guarded, load, only_plans, plan_option
from targets.cli.sheet_opts import Layout


def register(app: typer.Typer) -> None:
    app.command("template")(template)


@guarded
def template(
    year: int = typer.Argument(..., help="The data year the form asks for."),
    plan: list[str] = plan_option(
        "Only the indicators of these plans: repeat the option or give a comma list."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file (.xlsx: a workbook; otherwise CSV). Default: stdout."
    ),
    region: str | None = typer.Option(None, "--region", "-r", help="Fill the region column with this name."),
    lang: Lang = typer.Option(
        Lang.zh, "--lang", help="Column headers: zh (指标, 年份, …; the default) or en (indicator, year, …)."
    ),
    layout: Layout = typer.Option(
        Layout.long,
        "--layout",
        help="long (a row per indicator and year) or wide (a row per indicator, a column per year "
        "from the start of the plan period).",
    ),
    catalog: Path | None = typer.Option(
        None, "--catalog", "-c", help="Catalog YAML (default: the shipped one)."
    ),
) -> None:
    """填报模板 / The blank submission form for YEAR: one row per indicator that a plan covering
    YEAR tracks (indicator, name, unit, plans, year, and an empty value to fill in). A filled form
    is read by `targets check` as it is."""
    from targets.cli.common import catalog_path
    from targets.cli.output import Outputs
    from targets.report.template import plans_covering, template_table, to_csv, to_xlsx

    outputs = Outputs(reads=[catalog_path(catalog)], writes=[output])
    cat = load(catalog)
    cat = only_plans(cat, chosen_plans(plan, cat))
    if not plans_covering(cat, year):
        periods = ", ".join(f"{p.id} {p.period.start}-{p.period.end}" for p in cat.plans)
        err(f"targets: no plan period covers {year}; periods: {periods}")
        raise typer.Exit(EXIT_INPUT)
    wide = layout is Layout.wide
    table = template_table(cat, year, None, region or None, lang.value, wide)
    xlsx = output is not None and output.suffix.lower() == ".xlsx"
    data = to_xlsx(table, year, wide) if xlsx else to_csv(table)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)  # bytes: the BOM and CRLF exactly as Excel wants them
        sys.stdout.buffer.flush()
        return
    outputs.write(output, data)
    err(f"targets: wrote {len(table) - 1} indicator(s) for {year} to {output}")
