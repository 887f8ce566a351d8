"""The gate's verdict: the targets at or past --fail-on (for the JSON report and stderr) and the
markdown job summary for $GITHUB_STEP_SUMMARY; pure."""

from __future__ import annotations

from collections.abc import Sequence

from targets.models import Report, Result
from targets.report.render import summary_line
from targets.safe import md_cell


def failing_entry(r: Result) -> dict[str, object]:
    """A target at or past --fail-on, as the JSON report's `failing` list gives it."""
    return {
        "id": r.id,
        "plan": r.plan,
        "name": r.name,
        "region": r.region,
        "status": r.status.value,
        "label": r.label,
        "year": r.year,
    }


def failing_lines(entries: Sequence[dict[str, object]], total: int, fail_on: str, cap: int = 20) -> list[str]:
    """The short list printed after the report: one line per target, worst cases first."""
    lines = [f"targets: {total} target(s) at or past --fail-on {fail_on}:"]
    for e in entries[:cap]:
        region = f" [{e['region']}]" if e["region"] else ""
        year = f"judged on {e['year']}" if e["year"] is not None else "no year judged"
        lines.append(f"  {e['id']}{region} {e['name']}: {e['status']} ({e['label']}), {year}")
    if total > min(cap, len(entries)):
        lines.append(f"  … and {total - min(cap, len(entries))} more (see the full report)")
    return lines


def render_step_summary(
    report: Report,
    failing: Sequence[dict[str, object]],
    failing_total: int,
    fail_on: str | None,
    cap: int = 50,
) -> str:
    """The markdown job summary for $GITHUB_STEP_SUMMARY: the verdict, the input problems and
    the targets at or past --fail-on. Every cell is escaped (md_cell)."""
    lines = ["## targets check", ""]
    errors = sum(1 for p in report.problems if p.severity == "error")
    if errors:
        lines.append(f"**Invalid input: {errors} error(s); nothing was evaluated.**")
    else:
        lines.append(md_cell(summary_line(report, "en")))
        if fail_on is not None:
            verdict = f"{failing_total} target(s) at or past `--fail-on {fail_on}`"
            lines.append("")
            lines.append(
                f"**{verdict}.**" if failing_total else f"No target at or past `--fail-on {fail_on}`."
            )
    if report.problems:
        lines += [
            "",
            "### Input problems",
            "",
            "| severity | file | line | field | code | message |",
            "|---|---|---|---|---|---|",
        ]
        for p in report.problems[:cap]:
            cells = [
                p.severity,
                p.file,
                "" if p.line is None else str(p.line),
                p.column or "",
                p.code,
                p.message,
            ]
            lines.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
        if len(report.problems) > cap:
            lines.append(f"\n… and {len(report.problems) - cap} more.")
    if failing:
        lines += [
            "",
            f"### At or past --fail-on {fail_on}",
            "",
            "| target | name | region | status | year |",
            "|---|---|---|---|---|",
        ]
        for e in failing[:cap]:
            cells = [
                str(e["id"]),
                str(e["name"]),
                str(e["region"] or ""),
                f"{e['status']} ({e['label']})",
                str(e["year"] or ""),
            ]
            lines.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
        if failing_total > min(cap, len(failing)):
            lines.append(f"\n… and {failing_total - min(cap, len(failing))} more.")
    return "\n".join(lines) + "\n\n"
