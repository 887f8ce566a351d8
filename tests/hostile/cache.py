"""Cache tampering: broken, foreign, planted and oversized entries; unusable cache folders."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.hostile.kit import (
    CASES,
    TIMEOUT,
    Case,
    base,
    case,
)


# -------------------------------------------------------------------------------- cache
def _cache_case(d: Path, plant: Callable[[Path, Path], None], fmt: str = "json") -> Case:
    base(d)
    cache = d.parent / "planted-cache"
    cache.mkdir(mode=0o700)
    env = {"TARGETS_CACHE_DIR": str(cache)}
    warm = subprocess.run(
        [sys.executable, "-m", "targets", "list", "-c", "cat.yaml", "-f", "json"],
        cwd=d,
        env={**os.environ, **env},
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert warm.returncode == 0, warm.stderr
    entries = sorted(cache.glob("catalog-*.json"))
    plant(cache, entries[0] if entries else cache / "catalog-missing.json")
    return Case(["list", "-c", "cat.yaml", "-f", fmt], env=env, codes=(0,))


def _rewrite(fn: Callable[[str], str]) -> Callable[[Path, Path], None]:
    def plant(cache: Path, entry: Path) -> None:
        entry.write_text(fn(entry.read_text(encoding="utf-8")), encoding="utf-8")

    return plant


for key, fn in {
    "wrong-type-name": lambda t: t.replace('"name": "外贸进出口总额"', '"name": 5'),
    "wrong-type-year": lambda t: t.replace('"year": 2025', '"year": "2025"'),
    "wrong-type-plans": lambda t: t.replace('"plans": [', '"plans": {"x": [', 1) + "}",
    "huge-value": lambda t: t.replace('"3700"', '"1e999999"'),
    "tiny-value": lambda t: t.replace('"3700"', '"1e-999999"'),
    "nan-value": lambda t: t.replace('"3700"', '"NaN"'),
    "truncated": lambda t: t[: len(t) // 2],
    "not-json": lambda t: "\x00\x01garbage",
    "list": lambda t: "[1, 2, 3]",
    "deep": lambda t: "[" * 100_000 + "]" * 100_000,
    "other-key": lambda t: t.replace('"key": "', '"key": "0'),
    "bad-kind": lambda t: t.replace('"kind": "level"', '"kind": "nonsense"'),
}.items():
    CASES[f"cache-{key}"] = lambda d, fn=fn: _cache_case(d, _rewrite(fn))


@case("cache-entry-fifo")
def _(d: Path) -> Case:
    def plant(cache: Path, entry: Path) -> None:
        entry.unlink()
        os.mkfifo(entry)

    return _cache_case(d, plant)


@case("cache-entry-link-dev-zero")
def _(d: Path) -> Case:
    def plant(cache: Path, entry: Path) -> None:
        entry.unlink()
        entry.symlink_to("/dev/zero")

    return _cache_case(d, plant)


@case("cache-entry-link-elsewhere")
def _(d: Path) -> Case:
    elsewhere = d / "precious.txt"

    def plant(cache: Path, entry: Path) -> None:
        elsewhere.write_text("keep me\n", encoding="utf-8")
        entry.unlink()
        entry.symlink_to(elsewhere)

    return _cache_case(d, plant)


@case("cache-entry-directory")
def _(d: Path) -> Case:
    def plant(cache: Path, entry: Path) -> None:
        entry.unlink()
        entry.mkdir()

    return _cache_case(d, plant)


@case("cache-entry-huge-sparse")
def _(d: Path) -> Case:
    def plant(cache: Path, entry: Path) -> None:
        with open(entry, "r+b") as fh:
            fh.truncate(2**31)

    return _cache_case(d, plant)


@case("cache-entry-other-owner")
def _(d: Path) -> Case:
    def plant(cache: Path, entry: Path) -> None:
        if os.geteuid() == 0:
            os.chown(entry, 65534, 65534)
            entry.write_text(entry.read_text().replace("外贸进出口总额", "TAMPERED"), encoding="utf-8")

    c = _cache_case(d, plant)
    c.absent = ("TAMPERED",)
    return c


@case("cache-dir-world-writable")
def _(d: Path) -> Case:
    def plant(cache: Path, entry: Path) -> None:
        entry.write_text(entry.read_text().replace("外贸进出口总额", "TAMPERED"), encoding="utf-8")
        os.chmod(cache, 0o777)

    c = _cache_case(d, plant)
    c.absent = ("TAMPERED",)
    c.expect = ("writable by other users",)
    return c


@case("cache-dir-is-a-file")
def _(d: Path) -> Case:
    base(d)
    (d / "cachefile").write_text("x", encoding="utf-8")
    return Case(["list", "-c", "cat.yaml"], env={"TARGETS_CACHE_DIR": str(d / "cachefile")}, codes=(0,))


@case("cache-dir-is-dev-null")
def _(d: Path) -> Case:
    base(d)
    return Case(["check", "a.csv", "-c", "cat.yaml"], env={"TARGETS_CACHE_DIR": "/dev/null"}, codes=(0,))


@case("cache-dir-unwritable")
def _(d: Path) -> Case:
    base(d)
    return Case(
        ["check", "a.csv", "-c", "cat.yaml"], env={"TARGETS_CACHE_DIR": "/proc/version/x"}, codes=(0,)
    )


@case("cache-dir-link-loop")
def _(d: Path) -> Case:
    base(d)
    (d / "loop").symlink_to(d / "loop")
    return Case(["check", "a.csv", "-c", "cat.yaml"], env={"TARGETS_CACHE_DIR": str(d / "loop")}, codes=(0,))
