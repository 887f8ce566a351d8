"""`targets check`: actuals against targets, with gaps, required growth and status."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from collections.abc import Iterable

    from targets.errors import Problem
    from targets.evaluate.run import Grouped
    from targets.models import Catalog, Result

from targets.cli.common import (
    EXIT_FAIL,
    EXIT_INPUT,
    Lang,
    err,
    guarded,
    load,
    out,
    plan_option,
    print_problems,
)
from targets.cli.gate import Gate
from targets.cli.sheet_opts import HEADER_ROW, LAYOUT, SHEET, Layout, read_actuals


class CheckFormat(StrEnum):
    table = "table"
    text = "text"
    md = "md"
    csv = "csv"
    json = "json"
    github = "github"


class Engine(StrEnum):
    python = "python"
    duckdb = "duckdb"


class FailOn(StrEnum):
    never = "never"
    ahead = "ahead"
    on_track = "on_track"
    behind = "behind"
    far_behind = "far_behind"
    moving_away = "moving_away"
    fallen_back = "fallen_back"
    missed = "missed"
    not_assessable = "not_assessable"
    no_data = "no_data"


def register(app: typer.Typer) -> None:
    app.command("check")(check)


def parse_fx(items: list[str]) -> dict[str, Decimal]:
    """--fx USD=7.10 -> {"USD": Decimal("7.10")} (CNY per unit of the currency)."""
    from targets.errors import Problem, TargetsError

    rates: dict[str, Decimal] = {}
    for item in items:
        code, _, rate = item.partition("=")
        try:
            value = Decimal(rate)
            if not value.is_finite() or not Decimal("1e-6") <= value <= Decimal("1e6"):
                raise InvalidOperation
        except InvalidOperation:
            raise TargetsError(
                [
                    Problem(
                        file="--fx",
                        code="usage",
                        message=f"expected CODE=RATE such as USD=7.10 (between 1e-6 and 1e6), got {item!r}",
                    )
                ]
            ) from None
        rates[code.strip().upper()] = value
    return rates


@guarded
def check(
    actuals: list[Path] | None = typer.Argument(
        None,
        help="CSV files, workbooks or Parquet files, or directories of them (searched recursively). "
        "Default: every file "
        "in a folder named actuals under the working directory (the whole set of a repository).",
    ),
    fmt: CheckFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="table (default on a terminal), text, md, csv, json, or github (workflow annotations).",
    ),
    lang: Lang = typer.Option(Lang.zh, "--lang", help="Labels: zh (中文) or en."),
    as_of: int | None = typer.Option(None, "--as-of", help="Report year (default: latest in the data)."),
    plan: list[str] = plan_option(),
    fail_on: FailOn = typer.Option(
        FailOn.never, "--fail-on", help="Exit 1 when a target's status is this or worse."
    ),
    strict: bool = typer.Option(False, "--strict", help="Treat input warnings as errors (exit 2)."),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Encoding of the CSV files (default: detect)."
    ),
    fx: list[str] = typer.Option([], "--fx", help="Exchange rate in CNY, e.g. USD=7.10 (repeatable)."),
    sheet: str | None = SHEET,
    header_row: int | None = HEADER_ROW,
    layout: Layout | None = LAYOUT,
    junit: Path | None = typer.Option(
        None, "--junit", help="Also write a JUnit XML report (a test case per target) to FILE."
    ),
    catalog: Path | None = typer.Option(
        None, "--catalog", "-c", help="Catalog YAML (default: the shipped one)."
    ),
    engine: Engine = typer.Option(
        Engine.python,
        "--engine",
        help="python (default), or duckdb for actuals larger than memory (pip install 'targets[scale]').",
    ),
    memory_limit: str | None = typer.Option(
        None,
        "--memory-limit",
        help="With --engine duckdb: memory before it spills to disk, e.g. 4GB "
        "(default: 2GB, or half the machine's memory when that is less).",
    ),
) -> None:
    """对照目标检查实际值 / Check actuals against the targets: gap, progress, required annual
    growth and status for every target."""
    from targets.actuals.load import iter_csv_paths
    from targets.cli.common import catalog_path, chosen_plans, only_plans
    from targets.cli.output import Outputs
    from targets.errors import TargetsError

    try:
        found = iter_csv_paths(actuals or _discover())
    except TargetsError:
        found = []  # nothing to read: the gate reports it below, in the chosen format
    # the job summary is appended to: it must not be an input either
    summary = (
        os.environ.get("GITHUB_STEP_SUMMARY") if fmt not in (CheckFormat.json, CheckFormat.csv) else None
    )
    Outputs(reads=[catalog_path(catalog), *found], writes=[junit, Path(summary) if summary else None])
    chosen = fmt or (CheckFormat.table if sys.stdout.isatty() else CheckFormat.text)
    gate = Gate(chosen.value, junit=junit, fail_on=fail_on.value, strict=strict, catalog=catalog)

    def read() -> tuple[tuple[Catalog, Grouped], list[Problem]]:
        cat = load(catalog)
        paths = actuals or _discover()
        plans = chosen_plans(plan, cat)
        store: Grouped
        columnar = None
        if engine is Engine.python and _columnar_ok(chosen, junit, sheet, header_row, layout, found):
            columnar = _columnar(found, cat, encoding, plans, parse_fx(fx))
        if columnar is not None:
            return (only_plans(cat, plans), columnar[0]), columnar[1]
        if engine is Engine.duckdb and found:
            store, problems = _duckdb(
                found, cat, memory_limit, encoding=encoding, fx=parse_fx(fx), sheet=sheet,
                header_row=header_row, layout=layout.value if layout else None, plans=plans,
            )  # fmt: skip
        else:
            store, problems = read_actuals(
                paths,
                cat,
                encoding=encoding,
                fx=parse_fx(fx),
                sheet=sheet,
                header_row=header_row,
                layout=layout,
                plans=plans,
            )
        return (only_plans(cat, plans), store), problems

    if memory_limit is not None and engine is not Engine.duckdb:
        err("targets: --memory-limit applies to --engine duckdb only")
        raise typer.Exit(EXIT_INPUT)
    with _stoppable(engine):
        (cat, actuals_), problems = gate.read(read)
        try:
            if chosen is not CheckFormat.github:
                print_problems(problems)  # github output carries them as annotations
            year = as_of if as_of is not None else actuals_.latest_year
            failing = _emit(cat, actuals_, year, problems, chosen, lang.value, fail_on, gate)
        finally:
            getattr(actuals_, "close", lambda: None)()  # the DuckDB engine's database and spill files
    if failing:
        raise typer.Exit(EXIT_FAIL)


def _columnar_ok(fmt: CheckFormat, junit: Path | None, *options: object) -> bool:
    """The columnar path serves a plain JSON report of CSV files (see actuals/columnar.py)."""
    found = options[-1]
    if fmt is not CheckFormat.json or junit is not None:
        return False
    if any(o is not None for o in options[:-1]):
        return False
    from targets.actuals.columnar_checks import wanted

    return wanted(found)  # type: ignore[arg-type]


def _columnar(
    files: list[Path], cat: Catalog, encoding: str | None, plans: tuple[str, ...], fx: dict[str, Decimal]
) -> tuple[Grouped, list[Problem]] | None:
    """The files read column by column, or None when any row is for the row reader."""
    from targets.actuals.columnar import read_columns
    from targets.actuals.columnar_checks import Refused

    try:
        cols, problems = read_columns(files, cat, encoding=encoding, plans=plans, fx=fx)
    except Refused as exc:
        if os.environ.get("TARGETS_DEBUG"):
            err(f"targets: the row reader reads these files: {exc}")
        return None
    if os.environ.get("TARGETS_DEBUG"):
        err(f"targets: read column by column: {len(cols):,} rows")
    return cols, problems


def _duckdb(
    files: list[Path], cat: Catalog, memory_limit: str | None, **options: Any
) -> tuple[Grouped, list[Problem]]:
    """The actuals read through DuckDB; the layouts found are told as read_actuals does."""
    from targets.actuals.duckdb_engine import load_duckdb

    notices: list[str] = []
    try:
        return load_duckdb(files, cat, memory_limit=memory_limit, notices=notices, **options)
    finally:
        for line in notices:
            err(f"targets: {line}")


@contextmanager
def _stoppable(engine: Engine) -> Iterator[None]:
    """With DuckDB, SIGTERM stops the run as Ctrl-C does, so its database and spill files are
    removed; DuckDB reports the signal as "Query interrupted", said here as an interruption."""
    if engine is not Engine.duckdb:
        yield
        return
    import signal

    before = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    except Exception as exc:
        duck = isinstance(exc, RuntimeError) or type(exc).__module__.startswith(("duckdb", "_duckdb"))
        if duck and "interrupted" in str(exc).lower():
            raise KeyboardInterrupt from None
        raise
    finally:  # a caller running check in its own process keeps its own SIGTERM handling
        signal.signal(signal.SIGTERM, before)


def _emit_columnar(
    cat: Catalog, cols: Any, as_of: int, problems: list[Problem], acc: Any, gate: Gate, threshold: Any
) -> None:
    """The JSON report of a columnar check (evaluate/columnar.py, report/columnar_json.py)."""
    from targets.evaluate.columnar import iter_blocks
    from targets.models import Report
    from targets.report.columnar_json import block_lines
    from targets.report.export import iter_json_text

    # the texts of the results pass the last guard piece by piece (report/columnar_json.py);
    # the frame around them is ours and the problems list is empty on this path
    lines = block_lines(iter_blocks(cat, cols, as_of), cols, as_of, acc, gate, threshold)
    sys.stdout.writelines(iter_json_text(as_of, lines, problems, acc.summary, failing=gate.failing_list))
    sys.stdout.flush()
    gate.finish(Report(as_of=as_of, results=[], problems=problems, summary=acc.summary()))


def _discover() -> list[Path]:
    from targets.actuals.load import discover_actuals
    from targets.errors import ActualsError, Problem

    found = discover_actuals()
    if not found:
        message = "no ACTUALS given, and no CSV file or workbook in a folder named actuals under here"
        raise ActualsError([Problem(file=".", code="no-files", message=message)])
    return found


def _emit(
    cat: Catalog,
    actuals: Grouped,
    as_of: int | None,
    problems: list[Problem],
    fmt: CheckFormat,
    lang: str,
    fail_on: FailOn,
    gate: Gate,
) -> int:
    """Write the report (and what the gate adds); return how many results reached --fail-on."""
    from targets.evaluate import Summarizer, iter_results
    from targets.models import Status

    threshold = None if fail_on is FailOn.never else Status(fail_on.value)
    acc = Summarizer()
    if type(actuals).__name__ == "Columns" and as_of is not None:
        _emit_columnar(cat, actuals, as_of, problems, acc, gate, threshold)
        return gate.failing_total

    def tally(results: Iterable[Result]) -> Iterator[Result]:
        for r in results:
            acc.add(r)
            gate.tally(r, threshold)
            yield r

    results = tally(iter_results(cat, actuals, as_of))
    if gate.junit is None and fmt in (CheckFormat.json, CheckFormat.csv):
        # Machine formats stream: a national roll-up never holds its results in memory.
        from targets.report import export

        chunks = (
            export.iter_json(as_of, results, problems, acc.summary, failing=gate.failing_list)
            if fmt is CheckFormat.json
            else export.iter_csv(results)
        )
        from targets.safe import terminal

        write = sys.stdout.write
        for chunk in chunks:
            write(terminal(chunk))  # JSON stays valid: what it escapes becomes \uXXXX
        sys.stdout.flush()
        from targets.models import Report

        gate.finish(Report(as_of=as_of, results=[], problems=problems, summary=acc.summary()))
        return gate.failing_total
    from targets.models import Report

    listed = list(results)
    report = Report(as_of=as_of, results=listed, problems=problems, summary=acc.summary())
    from targets.report import render

    if fmt is CheckFormat.json:
        from targets.report.export import iter_json

        out("".join(iter_json(as_of, listed, problems, lambda: report.summary, failing=gate.failing_list)))
    elif fmt is CheckFormat.csv:
        out(render.render_csv(report))
    elif fmt is CheckFormat.github:
        out(gate.github(report))
    elif fmt is CheckFormat.md:
        out(render.render_text(report, lang, markdown=True))
    elif fmt is CheckFormat.text:
        out(render.render_text(report, lang))
    else:
        from targets.cli.table import print_rich

        print_rich(report, lang)
    gate.finish(report)
    return gate.failing_total
