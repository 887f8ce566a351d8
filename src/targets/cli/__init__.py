"""The command-line interface: the only layer that prints, reads the clock or exits."""

from __future__ import annotations

import sys

from .. import __version__


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `targets` console script."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        # Fast path: no typer, pydantic or yaml import just to print a version.
        sys.stdout.write(f"targets {__version__}\n")
        raise SystemExit(0)
    from .app import app

    app(args, prog_name="targets")
