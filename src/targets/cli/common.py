"""Shared CLI plumbing: exit codes, error guard, output formats, catalog loading."""

from __future__ import annotations

import contextlib
import decimal
import functools
import sys
import traceback
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

if TYPE_CHECKING:
    from targets.errors import Problem
    from targets.models import Catalog

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
STATE = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])


class Lang(StrEnum):
    zh = "zh"
    en = "en"


def err(text: str) -> None:
    """One diagnostic line on stderr. Text from a data file or a file name may hold a newline,
    an escape sequence or a bidi override: it is shown as an escape (`\\n`, `\\x1b`), never obeyed."""
    from targets.safe import visible

    with contextlib.suppress(OSError):  # stderr closed or full: nowhere left to say it
        sys.stderr.write(visible(text) + "\n")


def print_problems(problems: Iterable[Problem]) -> None:
    for p in problems:
        err(str(p))


def guarded(fn: F) -> F:
    """Our errors -> their messages and exit 2; anything else -> exit 3, no traceback
    unless --debug. typer.Exit passes through (it is a RuntimeError, so catch it first)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from targets.errors import TargetsError

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except TargetsError as exc:
            print_problems(exc.problems)
            n = sum(1 for p in exc.problems if p.severity == "error")
            err(f"targets: {n} error(s); nothing was evaluated" if n else "targets: invalid input")
            raise typer.Exit(EXIT_INPUT) from None
        except KeyboardInterrupt:
            err("targets: interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            quiet_stdout()
            raise typer.Exit(EXIT_OK) from None
        except OSError as exc:  # writing the report (a full disk, a device error) or a file
            if exc.filename is None:
                quiet_stdout()
                err(f"targets: cannot write the output: {exc.strerror or exc}")
            else:
                err(f"targets: {exc.filename}: {exc.strerror or exc}")
            raise typer.Exit(EXIT_INPUT) from None
        except decimal.DecimalException as exc:  # a Decimal signal that escaped the range checks
            if STATE["debug"]:
                traceback.print_exc()
            err(f"targets: a number is out of the range the tool computes with ({type(exc).__name__})")
            err("targets: see the limits in docs/cli.md (Safety)")
            raise typer.Exit(EXIT_INPUT) from None
        except Exception as exc:
            if STATE["debug"]:
                traceback.print_exc()
            err(f"targets: internal error: {type(exc).__name__}: {exc}")
            err("targets: this is a bug; run again with --debug for the traceback and report it")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def catalog_path(path: Path | None) -> Path:
    from targets.catalog import default_catalog_path

    return path if path is not None else default_catalog_path()


def load(path: Path | None) -> Catalog:
    from targets.catalog import load_catalog
    from targets.catalog.cache import take_notices

    take_notices()  # left by earlier library calls in this process: not about this command
    try:
        return load_catalog(catalog_path(path))
    finally:
        for notice in take_notices():
            err(notice)


def sources_dir(path: Path | None) -> Path:
    return catalog_path(path).parent / "sources"


def out(text: str) -> None:
    """The report on stdout, through the last guard of the escaping layer (safe.terminal)."""
    from targets.safe import terminal

    sys.stdout.write(terminal(text))
    sys.stdout.flush()


PLAN_HELP = "Only these plans: repeat the option or give a comma list (gx-open-14th,yc-open-2022)."


def plan_option(help: str = PLAN_HELP) -> Any:
    """The `--plan` option every command shares: a list, so a repeated --plan adds a plan."""
    return typer.Option([], "--plan", "-p", help=help)


def chosen_plans(values: list[str], cat: Catalog) -> tuple[str, ...]:
    """--plan values (repeated, comma lists, or both) -> plan ids in the order given, each once;
    () means every plan. An unknown id is a usage error naming the plans there are."""
    from targets.errors import Problem, TargetsError

    ids = list(dict.fromkeys(x.strip() for v in values for x in v.split(",") if x.strip()))
    known = {p.id for p in cat.plans}
    unknown = [x for x in ids if x not in known]
    if unknown:
        listed = ", ".join(p.id for p in cat.plans)
        message = f"unknown plan {', '.join(map(repr, unknown))}; plans: {listed}"
        raise TargetsError([Problem(file="--plan", code="usage", message=message)])
    if values and not ids:
        raise TargetsError([Problem(file="--plan", code="usage", message="expected a plan id, got nothing")])
    return tuple(ids)


def only_plans(cat: Catalog, plans: tuple[str, ...]) -> Catalog:
    """The catalog reduced to `plans` (in catalog order); the catalog itself when () ."""
    if not plans:
        return cat
    from targets.models import Catalog

    return Catalog(cat.version, [p for p in cat.plans if p.id in plans], cat.source)


def quiet_stdout() -> None:
    """After stdout failed (closed pipe, full disk): point it at /dev/null, so that the flush at
    exit cannot fail a second time with a message of its own."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def harden_streams() -> None:
    """stdout and stderr never fail on a character their encoding lacks (a strict ASCII
    terminal, PYTHONIOENCODING=ascii:strict): it is written as a backslash escape instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
