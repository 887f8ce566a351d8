"""The CI gate around `targets check`: one report whatever happens, and a failing gate that
names its targets.

Input problems are part of the report in every format: JSON prints `valid: false` and the
problems, github prints an annotation per problem, the JUnit file is written with a failing
test case per input error, `--strict` lists the warnings it promoted. After the report, the
targets at or past --fail-on are listed on stderr; under GitHub Actions a markdown summary is
appended to $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer

from targets.cli.common import EXIT_INPUT, err, out, print_problems

if TYPE_CHECKING:
    from targets.errors import Problem
    from targets.models import Report, Result, Status

T = TypeVar("T")
FAILING_KEPT = 1000  # failing targets kept for the report; the rest are counted


class Gate:
    """What a check must report besides its results, whichever way it ends."""

    def __init__(
        self,
        fmt: str,
        *,
        junit: Path | None,
        fail_on: str,
        strict: bool,
        catalog: Path | None,
    ) -> None:
        self.fmt, self.junit, self.strict, self.catalog = fmt, junit, strict, catalog
        self.fail_on = None if fail_on == "never" else fail_on
        self.failing: list[dict[str, object]] = []
        self.failing_total = 0

    # ------------------------------------------------------------------ inputs
    def read(self, load: Callable[[], tuple[T, list[Problem]]]) -> tuple[T, list[Problem]]:
        """Run `load` (catalog, --plan, actuals, audit); any input error ends the check with
        the invalid report. With --strict, warnings are promoted and listed."""
        from targets.errors import TargetsError

        try:
            loaded, problems = load()
        except TargetsError as exc:
            self.invalid(exc.problems)
        if self.strict and problems:
            for p in problems:
                if p.severity == "warning":
                    p.severity, p.promoted = "error", True
            self.invalid(problems)
        return loaded, problems

    def invalid(self, problems: list[Problem]) -> NoReturn:
        """The report of an input that could not be evaluated, in the chosen format; exit 2."""
        from targets.evaluate import Summarizer
        from targets.models import Report

        report = Report(as_of=None, results=[], problems=problems, summary=Summarizer().summary())
        if self.fmt == "json":
            from targets.report.export import iter_json

            out("".join(iter_json(None, [], problems, lambda: None, valid=False)))
        elif self.fmt == "github":
            out(self.github(report))
        if self.fmt != "github":
            print_problems(problems)  # github output carries them as annotations
        self.write_junit(report)
        self.step_summary(report)
        promoted = [p for p in problems if p.promoted]
        errors = sum(1 for p in problems if p.severity == "error")
        if promoted:
            codes = ", ".join(dict.fromkeys(p.code for p in promoted))
            n = len(promoted)
            err(f"targets: --strict: {n} warning(s) treated as errors ({codes}); nothing was evaluated")
        else:
            err(f"targets: {errors} error(s); nothing was evaluated" if errors else "targets: invalid input")
        raise typer.Exit(EXIT_INPUT)

    # ------------------------------------------------------------------ results
    def tally(self, r: Result, threshold: Status | None) -> bool:
        """Count `r` when it is at or past --fail-on; True when it is. Runs once per result."""
        if threshold is None:
            return False
        from targets.evaluate import fails

        if not fails(r.status, threshold):
            return False
        from targets.report.gate import failing_entry

        self.failing_total += 1
        if len(self.failing) < FAILING_KEPT:
            self.failing.append(failing_entry(r))
        return True

    def tally_many(self, entries: list[dict[str, object]], total: int) -> None:
        """`total` results at or past --fail-on, given as their failing entries (the first
        ones, in result order: the columnar path)."""
        self.failing_total += total
        room = FAILING_KEPT - len(self.failing)
        if room > 0:
            self.failing.extend(entries[:room])

    def failing_list(self) -> list[dict[str, object]]:
        return self.failing

    def github(self, report: Report) -> str:
        from targets.models import Status
        from targets.report.ci import render_github, workspace_path

        cwd = os.getcwd()
        workspace = os.environ.get("GITHUB_WORKSPACE") or cwd
        hint = f"full report in {self.junit}" if self.junit is not None else None
        return render_github(
            report,
            report_hint=hint,
            catalog_source=str(self.catalog) if self.catalog is not None else None,
            fail_on=Status(self.fail_on) if self.fail_on else None,
            path_of=lambda source: workspace_path(source, workspace, cwd),
        )

    def finish(self, report: Report) -> None:
        """After the report: the JUnit file, the job summary, the failing targets on stderr."""
        self.write_junit(report)
        self.step_summary(report)
        if self.failing_total and self.fail_on:
            from targets.report.gate import failing_lines

            for line in failing_lines(self.failing, self.failing_total, self.fail_on):
                err(line)

    # ------------------------------------------------------------------ files
    def write_junit(self, report: Report) -> None:
        if self.junit is None:
            return
        from targets.cli.common import catalog_path
        from targets.cli.output import write_text
        from targets.report.ci import render_junit

        # checked against the inputs by `check` first; written through a temporary file
        write_text(self.junit, render_junit(report, catalog_source=str(catalog_path(self.catalog))))

    def step_summary(self, report: Report) -> None:
        """Append the markdown summary to $GITHUB_STEP_SUMMARY when it is set, for the formats
        people read (not json and csv, which a workflow saves as files next to the gate step).
        A file that cannot be written costs a warning."""
        target = os.environ.get("GITHUB_STEP_SUMMARY")
        if self.fmt in ("json", "csv") or not target:
            return
        from targets.report.gate import render_step_summary

        text = render_step_summary(report, self.failing, self.failing_total, self.fail_on)
        try:
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            err(f"targets: warning: cannot append the job summary to {target}: {exc.strerror or exc}")
