"""The options that say how to read actuals tables (--sheet, --header-row, --layout), shared by
check, brief and trend, and the one-line notice of the layout found."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from targets.cli.common import err

if TYPE_CHECKING:
    from targets.actuals.store import Actuals
    from targets.errors import Problem
    from targets.models import Catalog


class Layout(StrEnum):
    long = "long"
    wide = "wide"


SHEET = typer.Option(
    None,
    "--sheet",
    help="Worksheet of workbooks (.xlsx .xls .ods …): name, 1-based number, or all "
    "(every visible sheet with data). Default: the first visible sheet.",
)
HEADER_ROW = typer.Option(
    None,
    "--header-row",
    min=1,
    help="Row number of the table's header (default: found among the first rows, below titles).",
)
LAYOUT = typer.Option(
    None,
    "--layout",
    help="long (indicator, year, value per row) or wide (a column per year). Default: detect.",
)


def read_actuals(
    paths: list[Path],
    cat: Catalog,
    *,
    sheet: str | None,
    header_row: int | None,
    layout: Layout | None,
    **options: Any,
) -> tuple[Actuals, list[Problem]]:
    """load_actuals with the table options (the other options, such as encoding and fx, pass
    through); each layout found is told on stderr in one line."""
    from targets.actuals import load_actuals

    notices: list[str] = []
    try:
        return load_actuals(
            paths,
            cat,
            sheet=sheet,
            header_row=header_row,
            layout=layout.value if layout else None,
            notices=notices,
            **options,
        )
    finally:
        for line in notices:
            err(f"targets: {line}")
