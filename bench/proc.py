"""Run one command for the benchmark: wall time, peak RSS, and guards that stop a runaway run."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
GNU_TIME = "/usr/bin/time"


@dataclass
class Run:
    """One finished (or stopped) command."""

    wall: float  # seconds, spawn to reap, measured by the driver
    cpu: float  # user + system seconds of the command (and of GNU time, a few ms)
    peak_kib: int | None  # max resident set of the command (None: not measured)
    rc: int  # exit status; -N when killed by signal N
    outcome: str  # "ok", "failed" (rc not accepted), "timeout", "oom-guard"

    @property
    def completed(self) -> bool:
        return self.outcome in ("ok", "failed")


@functools.cache
def peak_meter() -> str:
    """'gnu-time' when /usr/bin/time is GNU time, else 'wrapper' (this file as a child wrapper)."""
    try:
        out = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return "wrapper"
    return "gnu-time" if "GNU" in out.stdout + out.stderr else "wrapper"


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def _tree_rss_kib(pid: int) -> int:
    """RSS of pid and its children (the meter's child is the measured command)."""
    total = _rss_kib(pid)
    with contextlib.suppress(OSError, ValueError):
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total += sum(_rss_kib(int(k)) for k in kids)
    return total


def run(
    argv: list[str],
    *,
    stdout: str | Path = os.devnull,
    stderr: str | Path = os.devnull,
    timeout: float = 600.0,
    mem_limit_kib: int = 0,
    peak_file: Path | None = None,
    poll: float = 0.05,
    ok_codes: tuple[int, ...] = (0,),
) -> Run:
    """Spawn argv in its own session (cwd inherited), wait, and measure it.

    With `peak_file`, the command runs under GNU time (or this file's wrapper) which writes its
    peak RSS there: the rusage of a command spawned straight from this driver would carry the
    driver's own high-water mark (the kernel records the parent's at exec after vfork).
    A watchdog thread kills the whole session when the wall time passes `timeout` or the
    resident set passes `mem_limit_kib` (0: no memory guard), so a runaway run is reported
    instead of hanging the benchmark or the machine.
    """
    if peak_file is not None:
        if peak_meter() == "gnu-time":
            argv = [GNU_TIME, "-f", "%e %M", "-o", str(peak_file), *argv]
        else:
            argv = [sys.executable, __file__, str(peak_file), *argv]
        with contextlib.suppress(FileNotFoundError):
            peak_file.unlink()
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, str(stdout), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_OPEN, 2, str(stderr), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
    ]
    verdict: list[str] = []
    done = threading.Event()
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions, setsid=True)

    def watch() -> None:
        deadline = time.monotonic() + timeout
        while not done.wait(poll):
            if time.monotonic() > deadline:
                verdict.append("timeout")
            elif mem_limit_kib and _tree_rss_kib(pid) > mem_limit_kib:
                verdict.append("oom-guard")
            else:
                continue
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            return

    dog = threading.Thread(target=watch, daemon=True)
    dog.start()
    try:
        _, status, usage = os.wait4(pid, 0)
    except BaseException:
        # Ctrl-C in the benchmark must not leave a 1M-row run behind
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise
    wall = time.perf_counter() - start
    done.set()
    dog.join()
    rc = os.waitstatus_to_exitcode(status)
    outcome = "ok" if rc in ok_codes else "failed"
    if verdict and rc == -signal.SIGKILL:  # not a run that ended just as the guard fired
        outcome = verdict[0]
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,  # includes the reaped grandchild under a meter
        peak_kib=_read_peak(peak_file) if peak_file else None,
        rc=rc,
        outcome=outcome,
    )


def _read_peak(path: Path) -> int | None:
    """The KiB figure from the meter's last line ("<seconds> <KiB>"); GNU time may prepend a status line."""
    try:
        last = path.read_text().strip().splitlines()[-1].split()
        return int(last[1])
    except (OSError, IndexError, ValueError):
        return None


def tail(path: str | Path, lines: int = 5) -> str:
    """The last lines of a captured stream, for a failure message."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _wrap(out: str, argv: list[str]) -> int:
    """Stand-in for GNU time: run argv, write '<seconds> <peak KiB>' to out, pass on its exit status."""
    start = time.perf_counter()
    child = subprocess.Popen(argv)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    Path(out).write_text(f"{time.perf_counter() - start:.2f} {usage.ru_maxrss}\n")
    return child.returncode if child.returncode >= 0 else 128 - child.returncode


if __name__ == "__main__":
    sys.exit(_wrap(sys.argv[1], sys.argv[2:]))
