"""Run the workbook reader in a forked child, so that a file which makes it abort cannot take the
command down with it.

calamine is Rust: when a damaged or hostile file makes it ask for an impossible amount of memory
(a shared-string table declaring 10^11 strings, a corrupt length in an .xls record) it aborts the
whole process, which no `except` can catch. In a child the abort is only the child's: the parent
sees it die and reports the file. The child also gets a memory ceiling and a time limit.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

from targets.errors import ActualsError, Problem

T = TypeVar("T")
MAX_SECONDS = 60.0
MEMORY_HEADROOM = 4 * 2**30  # address space the child may add to what it has at the fork


def isolated(fn: Callable[[], T], source: str, seconds: float = MAX_SECONDS) -> T:
    """fn() in a forked child; its ActualsError is raised here, its death becomes one."""
    if not hasattr(os, "fork"):  # Windows: no fork, so no isolation
        return fn()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's lines run in another process
        os.close(read_end)
        _child(fn, write_end)
    os.close(write_end)
    timed_out = True  # until the child has answered: an interrupt here must not leave it running
    try:
        payload, timed_out = _collect(read_end, seconds)
    finally:
        os.close(read_end)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if timed_out:
        raise _failed(source, "sheet-too-slow", f"reading took more than {seconds:g} s: refused")
    if not payload:
        cause = (
            f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
        )
        raise _failed(
            source,
            "sheet-damaged",
            f"the workbook reader stopped on this file ({cause}): it is damaged or not what its name "
            "says; open and save it again in Excel or WPS, or save it as CSV",
        )
    kind, value = pickle.loads(payload)
    if kind == "error":
        raise ActualsError(value)
    return value  # type: ignore[no-any-return]


def _child(fn: Callable[[], object], out: int) -> None:  # pragma: no cover - runs in the child
    code = 0
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)  # an abort's Rust backtrace is noise: the parent says what happened
        faulthandler.disable()  # its dump goes to a copy of the old stderr (pytest enables it)
        _limit_memory()
        try:
            result: tuple[str, object] = ("ok", fn())
        except ActualsError as exc:
            result = ("error", exc.problems)
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(out, view) :]
    except BaseException:
        code = 70  # nothing was written: the parent reports the file
    finally:
        os._exit(code)  # never return into the parent's code, flush its buffers or run its atexit


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (size + MEMORY_HEADROOM, resource.RLIM_INFINITY))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no limits here: the fork still contains an abort


def _collect(fd: int, seconds: float) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"", True
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)


def _failed(source: str, code: str, message: str) -> ActualsError:
    return ActualsError([Problem(file=source, code=code, message=message)])
