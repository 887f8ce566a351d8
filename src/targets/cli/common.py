"""Shared CLI plumbing: exit codes, error guard, output formats, catalog loading."""

from __future__ import annotations

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
    """One diagnostic line on stderr. Text from a data file may hold a newline, an escape
    sequence or `::error`: it is shown visibly (`\\n`, `\\x1b`), never obeyed."""
    from targets.safe import visible

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
            raise typer.Exit(EXIT_OK) from None
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

    return load_catalog(catalog_path(path))


def sources_dir(path: Path | None) -> Path:
    return catalog_path(path).parent / "sources"


def out(text: str) -> None:
    sys.stdout.write(text)
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
