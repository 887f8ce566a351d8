"""Parquet actuals through pyarrow: the table's rows as the cells a CSV of it would have.

Column names are the header; each row becomes text cells (numbers as their shortest exact
spelling, nulls as blanks) and goes through the same row checks as a CSV row, so every message
is the same. A row's "line" is its row number plus one: the line it has in a CSV export of the
table with its header on line 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any

from targets.errors import ActualsError, Problem

BATCH = 65_536
INSTALL = 'pip install "targets[scale]"'


def missing_extra(source: str, what: str, module: str) -> ActualsError:
    """The message when an optional package of the `scale` extra is not installed."""
    return ActualsError(
        [
            Problem(
                file=source,
                code="needs-extra",
                message=f"{what} needs the {module} package, which is not installed: {INSTALL}",
            )
        ]
    )


def cell_text(value: Any) -> str:
    """A Parquet value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") and abs(value) < 1e15 else text
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def parquet_rows(path: FsPath) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for the header (line 1) and every row of a Parquet file."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise missing_extra(str(path), "reading Parquet", "pyarrow") from None
    try:
        pf = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        # pyarrow raises ArrowInvalid (a ValueError) for a file that is not Parquet
        message = f"not a readable Parquet file: {exc}"
        raise ActualsError([Problem(file=str(path), code="parquet", message=message)]) from None
    yield 1, list(pf.schema_arrow.names)
    line = 1
    for batch in pf.iter_batches(batch_size=BATCH):
        columns = [[cell_text(v) for v in col.to_pylist()] for col in batch.columns]
        for cells in zip(*columns, strict=True):
            line += 1
            yield line, list(cells)
