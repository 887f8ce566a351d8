"""Running the hostile cases: each in a fresh folder, as a subprocess with a timeout, with the
checks every case must pass (see the package docstring)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tests.hostile import cache, edges, inject, loss, reading  # noqa: F401 - importing registers the cases
from tests.hostile.kit import CASES, RAW, ROOT, TIMEOUT, Setup

# One case of each class, for the regular test run (tests/test_hostile.py); the script runs all.
QUICK = (
    "loss-brief-o-symlink-to-input",
    "loss-stdout-appends-to-input",
    "inject-name-osc52-check-text",
    "inject-name-html-check-md",
    "inject-brief-html-controls",
    "cache-wrong-type-name",
    "cache-entry-link-dev-zero",
    "number-1e1000000-check",
    "number-1e-400-brief",
    "encoding-xlsx-lone-surrogate",
    "encoding-gbk-file-name-utf8-strict",
    "encoding-dev-full-check",
    "walk-symlink-outside-not-followed",
    "read-catalog-source-fifo",
    "size-xlsx-shared-strings-declared",
    "size-actuals-many-columns",
)


# ----------------------------------------------------------------------------- the runner
@dataclass
class Outcome:
    name: str
    failures: list[str]
    seconds: float


def _snapshot(folder: Path, extra: list[Path]) -> dict[str, object]:
    state: dict[str, object] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root) / name
            key = os.fsdecode(p.relative_to(folder))
            if p.is_symlink():
                state[key] = ("link", os.readlink(p))
            elif p.is_file():
                state[key] = ("file", p.read_bytes())
            elif p.is_dir():
                state[key] = ("dir",)
            else:
                state[key] = ("other", p.lstat().st_mode)
    for p in extra:
        state[str(p)] = ("file", p.read_bytes())
    return state


def run_case(name: str, setup: Setup) -> Outcome:
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        d = Path(tmp) / "case"  # the case's files; beside it: the cache and what lies outside
        d.mkdir()
        try:
            c = setup(d)
        except Exception as exc:
            return Outcome(name, [f"setup failed: {exc!r}"], 0.0)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TARGETS_")}
        env.setdefault("TARGETS_CACHE_DIR", str(Path(tmp) / "cache"))
        env.update(c.env)
        env["PYTHONPATH"] = str(ROOT / "src")
        before = _snapshot(d, c.protect)
        for out in c.outputs:
            before.pop(out, None)
        cmd: list[str] | str = c.shell if c.shell is not None else [sys.executable, "-m", "targets", *c.args]
        if isinstance(cmd, str):
            cmd = cmd.replace("python -m targets", f"{sys.executable} -m targets")
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                cmd,
                cwd=d,
                env=env,
                capture_output=True,
                timeout=TIMEOUT,
                shell=isinstance(cmd, str),
                executable="/bin/bash" if isinstance(cmd, str) else None,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Outcome(name, [f"hung: no exit within {TIMEOUT} s"], TIMEOUT)
        seconds = time.perf_counter() - started
        out, err = proc.stdout, proc.stderr
        both = out + err
        if proc.returncode not in (0, 1, 2):
            failures.append(f"exit {proc.returncode}")
        elif proc.returncode not in c.codes:
            failures.append(f"exit {proc.returncode}, expected {c.codes}")
        for bad in (b"Traceback", b"targets: internal error", b"Exception ignored"):
            if bad in both:
                failures.append(f"{bad.decode()} in the output")
        for stream, data in (("stdout", out), ("stderr", err)):
            m = RAW.search(data)
            if m:
                failures.append(f"raw {m.group()!r} on {stream} at {m.start()}")
        text = both.decode("utf-8", "replace")
        failures += [f"missing {e!r}" for e in c.expect if e not in text]
        failures += [f"present {a!r}" for a in c.absent if a in text]
        after = _snapshot(d, c.protect)
        for out_name in c.outputs:
            written = after.pop(out_name, None)
            if (
                isinstance(written, tuple)
                and written[0] == "file"
                and out_name.endswith((".md", ".html", ".xml"))
            ):
                m = RAW.search(written[1])  # type: ignore[arg-type]
                if m:
                    failures.append(f"raw {m.group()!r} in {out_name}")
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k) and k in before)
        if changed:
            failures.append(f"inputs changed: {changed}")
        if c.check is not None and not failures:
            try:
                problem = c.check(d, out, err)
            except Exception as exc:
                problem = f"check raised {exc!r}"
            if problem:
                failures.append(problem)
        if failures:
            failures.append(f"stderr: {err[-600:]!r}")
        return Outcome(name, failures, seconds)


def run_all(pattern: str = "", workers: int = 8, names: tuple[str, ...] | None = None) -> list[Outcome]:
    chosen = {n: s for n, s in CASES.items() if pattern in n and (names is None or n in names)}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda item: run_case(*item), chosen.items()))


def main(argv: list[str]) -> int:
    pattern = argv[argv.index("-k") + 1] if "-k" in argv else ""
    outcomes = run_all(pattern)
    bad = [o for o in outcomes if o.failures]
    for o in bad:
        print(f"FAIL {o.name}: " + "; ".join(o.failures))
    slow = max(outcomes, key=lambda o: o.seconds, default=None)
    print(
        f"{len(outcomes) - len(bad)}/{len(outcomes)} hostile cases pass"
        + (f"; slowest {slow.name} {slow.seconds:.1f} s" if slow else "")
    )
    return 1 if bad else 0
