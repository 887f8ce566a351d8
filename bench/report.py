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

GOAL_RATIO = 1.0  # targets check time / frictionless validate time
GOAL_RSS_MIB = 300
PACKAGES = ("targets", "typer", "pydantic", "pydantic-core", "PyYAML", "rich", "Pint", "frictionless")


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
        rows = []
        for r in book.ratios:
            ratio, peak, status = r["ratio_pk"], r["targets_peak_mib"], str(r["targets_status"])
            rss_met = "—" if peak is None else ("yes" if float(peak) < GOAL_RSS_MIB else "no")  # type: ignore[arg-type]
            if status.startswith("oom-guard"):
                rss_met = "no (oom-guard)"
            rows.append(
                [
                    str(r["size"]),
                    _cell(ratio, ".2f"),
                    _cell(r["ratio_nopk"], ".2f"),
                    _cell(r["cpu_ratio_pk"], ".2f") + " / " + _cell(r["cpu_ratio_nopk"], ".2f"),
                    status if ratio is None else ("yes" if float(ratio) < GOAL_RATIO else "no"),  # type: ignore[arg-type]
                    _cell(peak, ".0f"),
                    rss_met,
                ]
            )
        head = [
            "size",
            "targets/frictionless (pk)",
            "targets/frictionless (no pk)",
            "cpu-time ratios (pk / no pk)",
            f"time goal < {GOAL_RATIO:g}",
            "targets peak MiB",
            f"RSS goal < {GOAL_RSS_MIB}",
        ]
        parts += ["## Goals: targets parses, validates and evaluates faster than frictionless validates", ""]
        parts += [table(head, rows), ""]
        parts += [
            "Ratios are of median wall time (the goal); pk: the schema with primaryKey "
            "indicator+region+year, which matches targets' duplicate check; cpu-time ratios are "
            "less sensitive to other load on the machine.",
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
