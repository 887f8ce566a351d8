"""`targets brief`: the mid-term review briefing (简报) as text, markdown, HTML, Word or JSON."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from targets.cli.common import EXIT_INPUT, Lang, err, guarded, load, out, plan_option, print_problems
from targets.cli.sheet_opts import HEADER_ROW, LAYOUT, SHEET, Layout, read_actuals

if TYPE_CHECKING:
    from targets.cli.output import Outputs
    from targets.report.brief import Briefing


class BriefFormat(StrEnum):
    text = "text"
    md = "md"
    html = "html"
    docx = "docx"
    json = "json"


class By(StrEnum):
    plan = "plan"
    unit = "unit"


class Only(StrEnum):
    """Statuses in severity order, from `behind` on: --only keeps this and worse."""

    behind = "behind"
    far_behind = "far_behind"
    moving_away = "moving_away"
    fallen_back = "fallen_back"
    missed = "missed"


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
    fmt: BriefFormat | None = typer.Option(
        None, "--format", "-f", help="text, md, html, docx or json (default: text, or from -o's suffix)."
    ),
    show_all: bool = typer.Option(
        False, "--all", help="Also the rows of targets without data (by default one line per plan)."
    ),
    by: By = typer.Option(By.plan, "--by", help="plan: a section per plan; unit: per 牵头单位."),
    only: Only | None = typer.Option(
        None, "--only", help="督办清单: only targets at this status or worse (e.g. behind)."
    ),
    ids: bool = typer.Option(False, "--ids", help="Show plan and target ids (for machines)."),
    date: str | None = typer.Option(
        None,
        "--date",
        help="Date line under the title (default: today's date in a Word document, none elsewhere).",
    ),
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
    """生成中期评估简报 / A briefing a leader reads: the summary first (the worst targets named),
    then one table per plan (or per responsible unit with --by unit), as text, markdown, a
    self-contained HTML page with charts, a Word document (.docx) or JSON."""
    from targets.actuals.load import iter_csv_paths
    from targets.cli.check_cmd import parse_fx
    from targets.cli.common import catalog_path, chosen_plans, only_plans
    from targets.cli.output import Outputs
    from targets.evaluate import evaluate
    from targets.models import Status
    from targets.report.brief import Options, build

    sample = catalog_path(None).parent / "actuals"
    given = actuals or [sample]
    outputs = Outputs(reads=[catalog_path(catalog), *iter_csv_paths(given)], writes=[output])
    cat = load(catalog)
    plans = chosen_plans(plan, cat)
    kind = fmt or _format_of(output)
    if kind is BriefFormat.docx and output is None:
        err("targets: --format docx writes a file: give -o FILE.docx")
        raise typer.Exit(EXIT_INPUT)
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
    if date is None and kind is BriefFormat.docx:
        date = _today(lang.value)
    threshold = None if only is None else Status(only.value)
    options = Options(all=show_all, by=by.value, only=threshold, ids=ids, date=date)
    briefing = build(cat, observations, report, lang.value, options)
    _write(briefing, kind, output, outputs)


def _today(lang: str) -> str:
    import datetime

    day = datetime.date.today()
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def _format_of(output: Path | None) -> BriefFormat:
    suffix = output.suffix.lower() if output is not None else ""
    return {".md": BriefFormat.md, ".html": BriefFormat.html, ".htm": BriefFormat.html,
            ".docx": BriefFormat.docx, ".json": BriefFormat.json}.get(suffix, BriefFormat.text)  # fmt: skip


def _write(briefing: Briefing, kind: BriefFormat, output: Path | None, outputs: Outputs) -> None:
    """The document on stdout, or in `output` through a temporary file (never over an input)."""
    if kind is BriefFormat.docx:
        from targets.report.brief.docx import render_docx

        assert output is not None  # checked before anything was read
        outputs.write(output, render_docx(briefing))
        err(f"targets: wrote {output}")
        return
    if kind is BriefFormat.html:
        from targets.report.brief.html import render_html

        document = render_html(briefing)
    elif kind is BriefFormat.json:
        from targets.report.brief.export import render_json

        document = render_json(briefing)
    elif kind is BriefFormat.md:
        from targets.report.brief.text import render_md

        document = render_md(briefing)
    else:
        from targets.report.brief.text import render_text

        document = render_text(briefing)
    if output is None:
        out(document)
        return
    outputs.write(output, document)
    err(f"targets: wrote {output}")
