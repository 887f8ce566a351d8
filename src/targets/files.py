"""Reading input files safely: regular files only, within a size limit, never blocking on a FIFO
or a device; and the documented limits with the environment variables that raise them."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MB = 2**20


@dataclass(frozen=True, slots=True)
class Limit:
    """A documented limit: its default, the environment variable that changes it, its unit."""

    name: str
    env: str
    default: int
    unit: str = ""

    @property
    def value(self) -> int:
        raw = os.environ.get(self.env, "").strip()
        if raw.isdigit() and int(raw) > 0:
            return int(raw)
        return self.default

    def refusal(self, found: str) -> str:
        """The message for input past the limit: what was found, the limit, how to raise it."""
        unit = f" {self.unit}" if self.unit else ""
        return f"{found}: more than the limit of {self.value:,}{unit} {self.name} (raise it with {self.env})"


# Every limit the tool enforces, listed in docs/cli.md ("Safety").
MAX_FILE_MB = Limit("per actuals file", "TARGETS_MAX_FILE_MB", 1024, "MB")
MAX_LINE = Limit("per CSV line", "TARGETS_MAX_LINE", 1_000_000, "characters")
MAX_CELLS = Limit("per xlsx sheet", "TARGETS_MAX_CELLS", 2_000_000, "cells")
MAX_SHARED = Limit("shared strings per xlsx file", "TARGETS_MAX_SHARED_STRINGS", 1_000_000)
MAX_CATALOG_MB = Limit("per catalog file", "TARGETS_MAX_CATALOG_MB", 8, "MB")
MAX_TARGETS = Limit("targets per catalog", "TARGETS_MAX_TARGETS", 20_000)
MAX_TEXT_MB = Limit("per plan text (extract, catalog sources)", "TARGETS_MAX_TEXT_MB", 16, "MB")
LIMITS = (MAX_FILE_MB, MAX_LINE, MAX_CELLS, MAX_SHARED, MAX_CATALOG_MB, MAX_TARGETS, MAX_TEXT_MB)


class ReadRefused(Exception):
    """A file that cannot or must not be read; the message says why (internal to callers)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(
    path: str | os.PathLike[str], limit: Limit | int, *, follow: bool = True, scale: int = MB
) -> bytes:
    """The bytes of a regular file within `limit` (a Limit in MB, or a byte count); ReadRefused
    otherwise, naming the limit and how to raise it.

    Opened non-blocking (a FIFO cannot hang the open) and, with follow=False, without following
    a symbolic link; the size is checked from fstat before reading and again while reading."""
    max_bytes = limit.value * scale if isinstance(limit, Limit) else limit

    def too_large(found: str) -> ReadRefused:
        if isinstance(limit, Limit):
            return ReadRefused(limit.refusal(f"the file has {found}"))
        return ReadRefused(f"the file has {found}: more than {max_bytes:,} bytes")

    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise ReadRefused("is a symbolic link") from None
        raise ReadRefused(f"cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadRefused(f"{_kind(st.st_mode)}, not a regular file")
        if st.st_size > max_bytes:
            raise too_large(f"{st.st_size:,} bytes")
        chunks = []
        total = 0
        while chunk := os.read(fd, min(max_bytes + 1 - total, 16 * MB)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise too_large(f"more than {max_bytes:,} bytes")
        return b"".join(chunks)
    except OSError as exc:
        raise ReadRefused(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def walk(root: Path, suffixes: tuple[str, ...], *, follow_outside: bool = False) -> list[Path]:
    """The files under `root` with one of `suffixes`, recursively, in path order.

    Skipped: hidden files and folders (a leading '.'), Excel lock files (`~$*`), anything that
    is not a regular file (FIFOs, devices), and symbolic links that lead outside `root` (unless
    follow_outside). A folder reached twice through links is read once."""
    top = root.resolve()
    found: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()

    def inside(target: Path) -> bool:
        return target == top or top in target.parents

    def visit(folder: Path) -> None:
        try:
            st = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        if (st.st_dev, st.st_ino) in seen_dirs:
            return
        seen_dirs.add((st.st_dev, st.st_ino))
        for entry in entries:
            name = entry.name
            if name.startswith((".", "~$")):
                continue
            path = folder / name
            try:
                if entry.is_symlink():
                    real = path.resolve(strict=True)
                    if not follow_outside and not inside(real):
                        continue  # never read, never named: it leads out of the folder given
                if entry.is_dir():
                    visit(path)
                elif entry.is_file() and name.lower().endswith(suffixes):
                    found.append(path)
            except (OSError, RuntimeError):
                continue  # a dangling or looping link, or a file gone meanwhile

    visit(root)
    return found
