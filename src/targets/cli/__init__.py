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
    from targets.cli.common import harden_streams

    harden_streams()
    try:
        app_for(args)(args, prog_name="targets")
    except SystemExit as exc:
        raise SystemExit(_flushed(exc.code)) from None


def _flushed(code: int | str | None) -> int | str | None:
    """The exit code once stdout is flushed: a report that could not be written in full (a full
    disk) is exit 2 with a message, a closed pipe is quiet; never Python's own complaint."""
    from targets.cli.common import err, quiet_stdout

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
    except OSError as exc:
        quiet_stdout()
        err(f"targets: cannot write the output: {exc.strerror or exc}")
        return 2 if code in (0, 1, None) else code
    return code
