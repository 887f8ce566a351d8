"""The command-line interface: the only layer that prints, reads the clock or exits."""

from __future__ import annotations

import gc
import os
import sys

from targets import __version__

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs `--version` ~2 ms
if TYPE_CHECKING:
    import typer


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
    application = _built(args, as_command=argv is None)
    try:
        application(args, prog_name="targets")
    except SystemExit as exc:
        raise SystemExit(_flushed(exc.code)) from None


def _built(args: list[str], as_command: bool) -> typer.Typer:
    """The typer application for this command line, built with the cyclic collector paused.

    Building it makes some 100k objects (typer's and click's classes and functions, ours) that
    live until the process ends. The collector would walk them dozens of times while they are
    made, and at exit once more to free them one by one: ~10 ms of a 75 ms `targets check`. Run
    as the command, what was built is frozen (gc.freeze: never scanned again, left to the OS at
    exit); called from Python, the collector is only paused, then left as it was found."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        from targets.cli.app import app_for
        from targets.cli.common import harden_streams

        harden_streams()
        return app_for(args)
    finally:
        if as_command:
            gc.freeze()
        if enabled:
            gc.enable()


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
