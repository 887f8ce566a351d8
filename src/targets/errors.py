"""One exception tree for the package, and the Problem record every input error becomes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
MAX_MESSAGE = 300


def _bounded(text: str | None) -> str | None:
    # a 5 MB cell must not become a 5 MB message
    if text is None or len(text) <= MAX_MESSAGE:
        return text
    return f"{text[:MAX_MESSAGE]}… ({len(text) - MAX_MESSAGE} more characters)"


@dataclass(slots=True, kw_only=True)
class Problem:
    """One finding about an input file: where it is, what is wrong, what was expected."""

    file: str
    line: int | None = None
    column: str | None = None  # the field: a CSV column's name, a sheet cell (Sheet1!D7) or a catalog path
    code: str
    message: str
    severity: Severity = "error"
    col: int | None = None  # the 1-based column number in the table, when known
    promoted: bool = False  # a warning that --strict made an error

    def __post_init__(self) -> None:
        self.message = _bounded(self.message) or ""
        self.column = _bounded(self.column)

    @property
    def field(self) -> str | None:
        """The column's name or the catalog field path (`column`, under the report's name)."""
        return self.column

    def __str__(self) -> str:
        if self.column and "!" in self.column:  # a worksheet cell names its row: book.xlsx!Sheet1!D7
            where, col = f"{self.file}!{self.column}", ""
        else:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
            col = f" {self.column}:" if self.column else ""
        tag = " warning:" if self.severity == "warning" else " error (--strict):" if self.promoted else ""
        return f"{where}:{col}{tag} {self.message}"


class TargetsError(Exception):
    """Base of every error this package raises on purpose."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="-", code="error", message=problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class CatalogError(TargetsError):
    """The catalog (indicators.yaml) cannot be read or is invalid."""


class ActualsError(TargetsError):
    """An actuals file cannot be read or is invalid."""


class UnitError(TargetsError):
    """A unit is unknown, or two units cannot be converted into each other."""
