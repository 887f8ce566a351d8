"""The typer application: global options and command registration."""

from __future__ import annotations

import typer

from targets import __version__
from targets.cli import (
    brief_cmd,
    catalog_cmds,
    check_cmd,
    extract_cmd,
    schema_cmd,
    template_cmd,
    trend_cmd,
)
from targets.cli.common import STATE, harden_streams

app = typer.Typer(
    name="targets",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help=(
        "规划目标监测：对照规划目标检查统计实际值，计算差距、所需年均增速与进度评价。\n\n"
        "Check statistical actuals against the quantitative targets of development plans.\n\n"
        "Exit codes: 0 ok; 1 a target reached --fail-on; 2 invalid input or usage; 3 internal error."
    ),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"targets {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        callback=_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
) -> None:
    """规划目标监测 / plan target checker."""
    STATE["debug"] = debug
    harden_streams()


catalog_cmds.register(app)
check_cmd.register(app)
brief_cmd.register(app)
schema_cmd.register(app)
trend_cmd.register(app)
template_cmd.register(app)
extract_cmd.register(app)
