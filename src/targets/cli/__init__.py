"""The command-line interface: the only layer that prints, reads the clock or exits."""

from __future__ import annotations

import os
import sys

from targets import __version__


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `targets` console script."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        # Fast path: no typer, pydantic or yaml import just to print a version.
        sys.stdout.write(f"targets {__version__}\n")
        raise SystemExit(0)
    # A CLI run needs no third-party pydantic plugins; skipping their entry-point scan saves
    # ~20 ms of start-up. An explicit setting by the user still wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from targets.cli.app import app_for

    app_for(args)(args, prog_name="targets")
