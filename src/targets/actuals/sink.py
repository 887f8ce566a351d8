"""Where the problems of one table are collected: each once, at most MAX_LISTED per code."""

from __future__ import annotations

from collections import Counter

from targets.actuals.columns import column_number
from targets.errors import Problem, Severity

MAX_LISTED = 100  # problems listed per file and code; the rest are counted in one more


class Sink:
    """The problems of one table, at most MAX_LISTED per code, then one line counting the rest."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.counts: Counter[str] = Counter()
        self.severity: dict[str, Severity] = {}
        self.errors = 0
        self.cols: dict[str, int] = {}  # field -> 0-based position, once the header is read
        # a wide row becomes a long row per year column: a problem of its name or unit cell
        # would otherwise be reported once per year
        self.seen: set[tuple[int | None, str | None, str, str]] = set()

    def full(self, code: str) -> bool:
        return self.counts[code] >= MAX_LISTED

    def add(self, line: int | None, column: str | None, code: str, message: str, warn: bool = False) -> None:
        key = (line, column, code, message)
        if key in self.seen:
            return
        self.seen.add(key)
        severity: Severity = "warning" if warn else "error"
        self.errors += not warn
        self.counts[code] += 1
        self.severity[code] = severity
        if self.counts[code] <= MAX_LISTED:
            self.problems.append(
                Problem(
                    file=self.source,
                    line=line,
                    column=column,
                    code=code,
                    message=message,
                    severity=severity,
                    col=column_number(column, self.cols),
                )
            )

    def count(self, code: str, n: int, severity: Severity) -> None:
        """Count problems beyond the listed ones without building them."""
        self.counts[code] += n
        self.severity[code] = severity
        self.errors += n if severity == "error" else 0

    def finish(self) -> list[Problem]:
        for code, n in self.counts.items():
            if n > MAX_LISTED:
                self.problems.append(
                    Problem(
                        file=self.source,
                        code=code,
                        message=f"{n - MAX_LISTED} more {code} problem(s) in this file are not listed "
                        f"({n} in all)",
                        severity=self.severity[code],
                    )
                )
        return self.problems
