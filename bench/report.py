"""The benchmark's tables: what was measured, as markdown for the terminal and bench/out/latest.md."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

PACKAGES = (
    "targets", "typer", "pydantic", "pydantic-core", "PyYAML", "rich", "Pint", "frictionless", "polars",
    "duckdb", "pyarrow",
)  # fmt: skip


@dataclass
class Book:
    """Everything measured in one run, printed as tables and kept as bench/out/latest.json."""

    facts: dict[str, str] = field(default_factory=dict)
    startup: list[dict[str, object]] = field(default_factory=list)
    throughput: list[dict[str, object]] = field(default_factory=list)
    ratios: list[dict[str, object]] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # what the outputs say (rows validated, statuses)
    failures: list[str] = field(default_factory=list)
    guards: list[str] = field(default_factory=list)


def machine_facts() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        mem_gib = f"{int(mem.split()[1]) / 1024**2:.1f} GiB"
    except (OSError, StopIteration):
        mem_gib = "?"
    facts = {
        "date (UTC)": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
        "nproc": f"{len(os.sched_getaffinity(0))} (cpu_count {os.cpu_count()})",
        "CPU": cpu,
        "memory": mem_gib,
        "kernel": platform.release(),
        "python": f"{platform.python_version()} ({sys.executable})",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    for pkg in PACKAGES:
        try:
            facts[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            facts[pkg] = "not installed"
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    facts["repo HEAD"] = (head.stdout.strip() or "?") + " (the working tree is measured: editable install)"
    return facts


def _cell(v: object, fmt: str = "") -> str:
    if v is None or v == "":
        return "—"
    return format(v, fmt) if fmt and isinstance(v, int | float) else str(v)


def table(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    fmt = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    lines = [fmt.format(*head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    return "\n".join([*lines, *(fmt.format(*r) for r in rows)])


def render(book: Book, args: argparse.Namespace) -> str:
    parts = ["# targets benchmark (bench/run)", ""]
    parts += [table(["machine", "value"], [[k, v] for k, v in book.facts.items()]), ""]
    if book.startup:
        parts += [f"## Start-up (median of {args.runs} interleaved runs, wall time)", ""]
        rows = [
            [
                f"`{r['command']}`",
                _cell(r.get("median_ms"), ".1f"),
                _cell(r.get("min_ms"), ".1f"),
                _cell(r.get("cpu_ms"), ".1f"),
                _cell(r.get("ratio"), ".1f") + ("x" if "ratio" in r else ""),
                _cell(r.get("ratio_min"), ".1f") + ("x" if "ratio_min" in r else ""),
                _cell(r["goal"]),
                _cell(r.get("met")),
            ]
            for r in book.startup
        ]
        parts += [
            table(
                [
                    "command",
                    "median ms",
                    "min ms",
                    "cpu ms",
                    "x pass (median)",
                    "x pass (min)",
                    "goal",
                    "met",
                ],
                rows,
            ),
            "",
            "met: the median ratio (the goal); x pass (min) compares fastest runs, which other load "
            "on the machine hardly moves.",
            "",
        ]
    if book.throughput:
        runs = f"median of {args.tp_runs} runs" if args.tp_runs > 1 else "one run each"
        parts += [f"## Throughput (synthetic actuals, seed {args.seed}, {runs})", ""]
        rows = [
            [
                str(r["size"]),
                str(r["tool"]),
                _cell(r.get("wall_s"), ".2f"),
                _cell(r.get("cpu_s"), ".2f"),
                _cell(r.get("rows_per_s"), ",.0f"),
                _cell(r.get("peak_mib"), ".0f"),
                str(r["status"]),
            ]
            for r in book.throughput
        ]
        parts += [table(["size", "command", "wall s", "cpu s", "rows/s", "peak RSS MiB", "status"], rows), ""]
    if book.ratios:
        rows = [
            [
                str(r["size"]),
                str(r["tool"]),
                _cell(r["wall_s"], ".2f"),
                _cell(r["reference_s"], ".2f") + f" ({r['reference']})",
                _cell(r["ratio"], ".2f"),
                str(r["time_goal"]),
                "yes" if r["time_met"] else "no",
                _cell(r["peak_mib"], ".0f"),
                str(r["rss_goal"]),
                "yes" if r["rss_met"] else "no",
            ]
            for r in book.ratios
        ]
        head = [
            "size",
            "command",
            "wall s",
            "frictionless s (no pk)",
            "ratio",
            "time goal",
            "met",
            "peak MiB",
            "RSS goal MiB",
            "met",
        ]
        parts += ["## Goals (issue 17)", "", table(head, rows), ""]
        parts += [
            "The reference is `frictionless validate` with the schema without primaryKey at the same "
            "size, or (past --frictionless-max) that figure scaled by the row count: the 10M goal is "
            "0.5 x ten times the 1M figure. The Parquet step has no time goal: it must complete within "
            "the RSS goal.",
            "",
        ]
    for title, items in (
        ("Checks of the outputs", book.checks),
        ("Stopped by a guard", book.guards),
        ("FAILED commands", book.failures),
    ):
        if items:
            parts += [f"## {title}", "", *(f"- {x}" for x in items), ""]
    return "\n".join(parts)
