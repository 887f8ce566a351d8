"""The typer application: global options and command registration.

`app` is the whole application. A run that names its command (`targets check ...`) builds an
application with that command only (`app_for`): the other commands' modules are not imported
and typer does not inspect their parameters, which is most of what start-up costs after typer
itself. Help and usage errors get the whole application, so they list every command.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer

from targets import __version__
from targets.cli.common import STATE, harden_streams

# command -> the module that registers it (in the order `--help` lists them)
COMMANDS = {
    "validate": "catalog_cmds",
    "list": "catalog_cmds",
    "show": "catalog_cmds",
    "check": "check_cmd",
    "brief": "brief_cmd",
    "schema": "schema_cmd",
    "trend": "trend_cmd",
    "template": "template_cmd",
    "extract": "extract_cmd",
}
HELP = (
    "规划目标监测：对照规划目标检查统计实际值，计算差距、所需年均增速与进度评价。\n\n"
    "Check statistical actuals against the quantitative targets of development plans.\n\n"
    "Exit codes: 0 ok; 1 a target reached --fail-on; 2 invalid input or usage; 3 internal error."
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"targets {__version__}")
        raise typer.Exit(0)


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


def make_app(only: str | None = None) -> typer.Typer:
    """The application with every command, or with the module of command `only`."""
    application = typer.Typer(
        name="targets",
        add_completion=False,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain help: the rich formatter pulls in markdown-it and pygments
        help=HELP,
    )
    application.callback()(root)
    modules = [COMMANDS[only]] if only in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(f"targets.cli.{name}").register(application)
    return application


def app_for(args: list[str]) -> typer.Typer:
    """The application a command line needs: its command only, unless help is asked for."""
    words = [a for a in args if a != "--debug"]
    if words and words[0] in COMMANDS and "--help" not in args:
        return make_app(words[0])
    return make_app()


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole application, built on first use
        globals()["app"] = built = make_app()
        return built
    raise AttributeError(name)
