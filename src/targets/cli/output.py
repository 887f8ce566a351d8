"""Output files: never one of the inputs, and never left half-written.

Every command that writes a file (or prints to a redirected stdout) names what it reads and
what it writes; before anything is written each output is compared with each input by resolved
path and by device and inode (so a symbolic or hard link to an input is caught too), and a clash
is an input error naming both. A file is written to a private temporary file in its folder and
renamed into place, so a failure leaves the old file (or none), never half a report."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from targets.errors import Problem, TargetsError


def _fail(file: str, code: str, message: str) -> TargetsError:
    return TargetsError([Problem(file=file, code=code, message=message)])


def _identity(path: Path) -> tuple[Path, tuple[int, int] | None]:
    """(resolved path, (device, inode) when the file exists)."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a link loop: compare it as written
        resolved = Path(os.path.abspath(path))
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return resolved, None
    return resolved, (st.st_dev, st.st_ino)


def _stdout_identity() -> tuple[int, int] | None:
    """(device, inode) of stdout when it is redirected to a regular file."""
    try:
        st = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # a test runner's stream has no descriptor
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


class Outputs:
    """The inputs and outputs of one command, checked against each other on creation."""

    def __init__(
        self,
        reads: Iterable[Path | None],
        writes: Iterable[Path | None] = (),
        *,
        stdout: bool = True,
    ) -> None:
        self.reads = [p for p in reads if p is not None]
        self.writes = [p for p in writes if p is not None]
        self._check(stdout)

    def _check(self, stdout: bool) -> None:
        inputs = [(p, *_identity(p)) for p in self.reads]
        seen: dict[Path, Path] = {}
        console = _stdout_identity() if stdout else None
        for out in self.writes:
            where, inode = _identity(out)
            if inode is not None and inode == console:
                raise _fail(
                    str(out), "output-twice", "is also where standard output goes; choose another file"
                )
            for given, resolved, in_inode in inputs:
                if where == resolved or (inode is not None and inode == in_inode):
                    raise _fail(
                        str(out),
                        "output-is-input",
                        f"would overwrite the input file {given}; nothing was written "
                        "(choose another output file)",
                    )
            if where in seen:
                raise _fail(str(out), "output-twice", f"given twice as an output (also as {seen[where]})")
            seen[where] = out
        if console is not None:
            for given, _, in_inode in inputs:
                if in_inode == console:
                    raise _fail(
                        "<stdout>",
                        "output-is-input",
                        f"standard output is redirected to the input file {given}; nothing was "
                        "written (redirect to another file, or use -o where the command has it)",
                    )

    def write(self, path: Path, data: str | bytes) -> None:
        """Write `data` to `path` through a temporary file. Text is written as UTF-8 through
        safe.terminal, the last guard: no raw control or bidi character reaches a file either."""
        if path not in self.writes:  # pragma: no cover - a programming error, not an input error
            raise ValueError(f"{path} was not declared as an output")
        if isinstance(data, str):
            write_text(path, data)
        else:
            write_atomic(path, data)


def write_text(path: Path, text: str) -> None:
    """Text as UTF-8 through safe.terminal (no raw control or bidi character reaches a file),
    written atomically; for a path already checked by Outputs."""
    from targets.safe import terminal

    write_atomic(path, terminal(text).encode("utf-8"))


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename. A device or FIFO (/dev/stdout, a pipe) is
    written directly, as it cannot be replaced. Errors become an input error naming the file."""
    try:
        target = path.resolve()
        st = os.stat(target) if target.exists() else None
    except (OSError, RuntimeError) as exc:
        raise _fail(str(path), "output", f"cannot write: {getattr(exc, 'strerror', None) or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise _fail(str(path), "output", "cannot write: it is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            with open(target, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise _fail(str(path), "output", f"cannot write: {exc.strerror or exc}") from None
        return
    import tempfile  # here, not at the top: most runs write only to stdout (tempfile ~1.5 ms)

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise _fail(str(path), "output", f"cannot write: {exc.strerror or exc}") from None
