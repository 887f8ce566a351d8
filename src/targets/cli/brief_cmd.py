"""`targets brief`: the mid-term review briefing (简报) as text, markdown or a self-contained HTML page."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from targets.cli.common import Lang, err, guarded, load, out, plan_option, print_problems
from targets.cli.sheet_opts import HEADER_ROW, LAYOUT, SHEET, Layout, read_actuals


class BriefFormat(StrEnum):
    text = "text"
    md = "md"
    html = "html"


def register(app: typer.Typer) -> None:
    app.command("brief")(brief)


@guarded
def brief(
    actuals: list[Path] | None = typer.Argument(
        None,
        metavar="[ACTUALS]...",
        help="CSV files or directories of CSV files (default: the shipped sample data).",
    ),
    plan: list[str] = plan_option(),
    fmt: BriefFormat = typer.Option(BriefFormat.text, "--format", "-f", help="text, md or html."),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Labels: zh (中文) or en."),
    as_of: int | None = typer.Option(None, "--as-of", help="Report year (default: latest in the data)."),
    catalog: Path | None = typer.Option(
        None, "--catalog", "-c", help="Catalog YAML (default: the shipped one)."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Encoding of the CSV files (default: detect)."
    ),
    fx: list[str] = typer.Option([], "--fx", help="Exchange rate in CNY, e.g. USD=7.10 (repeatable)."),
    sheet: str | None = SHEET,
    header_row: int | None = HEADER_ROW,
    layout: Layout | None = LAYOUT,
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """生成中期评估简报 / A briefing laid out like a mid-term review table, one section per plan,
    as text, markdown or a self-contained HTML page with a chart per assessable target."""
    from targets.actuals.load import iter_csv_paths
    from targets.cli.check_cmd import parse_fx
    from targets.cli.common import catalog_path, chosen_plans, only_plans
    from targets.cli.output import Outputs
    from targets.evaluate import evaluate
    from targets.report.brief import build

    sample = catalog_path(None).parent / "actuals"
    given = actuals or [sample]
    outputs = Outputs(reads=[catalog_path(catalog), *iter_csv_paths(given)], writes=[output])
    cat = load(catalog)
    plans = chosen_plans(plan, cat)
    if not actuals:
        err(f"targets: no ACTUALS given; using the shipped sample data in {sample}")
    observations, problems = read_actuals(
        given,
        cat,
        encoding=encoding,
        fx=parse_fx(fx),
        sheet=sheet,
        header_row=header_row,
        layout=layout,
        plans=plans,
    )
    print_problems(problems)
    cat = only_plans(cat, plans)
    report = evaluate(cat, observations, as_of, problems=problems)
    briefing = build(cat, observations, report, lang.value)
    if fmt is BriefFormat.html:
        from targets.report.brief.html import render_html

        document = render_html(briefing)
    else:
        from targets.report.brief.text import render_md, render_text

        document = render_md(briefing) if fmt is BriefFormat.md else render_text(briefing)
    if output is None:
        out(document)
        return
    outputs.write(output, document)
    err(f"targets: wrote {output}")
