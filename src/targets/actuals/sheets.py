"""Workbooks (.xlsx .xlsm .xlsb .xls .ods) read through python-calamine, behind our guards.

The guards (sheet_guards) run first; calamine parses; cell values come out as the text a CSV
would hold, so one reader checks both. calamine is imported only here, when a sheet is read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from typing import Any

from targets.actuals.sheet_guards import MAX_CELLS, OLE2_MAGIC, column_letter, fail, guard

__all__ = ["SHEET_SUFFIXES", "Sheet", "cell_text", "column_letter", "read_sheets"]

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_EXCEL_DIGITS = Context(prec=15, rounding=ROUND_HALF_EVEN)  # Excel shows 15 significant digits
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass
class Sheet:
    """One worksheet as text: (1-based row number, cell texts by column, gaps as "")."""

    name: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


# ---------------------------------------------------------------- reading


def cell_text(value: Any) -> str:
    """A calamine cell as the text a CSV would hold: numbers keep the digits Excel shows (never
    float noise), booleans TRUE/FALSE, dates their Excel serial number (what is stored)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        # up to 16 characters with a point hold at most 15 digits: nothing to round
        return text if len(text) <= 16 and "e" not in text else _number_text(text)
    if isinstance(value, dt.datetime):
        return cell_text((value - _EXCEL_EPOCH).total_seconds() / 86400)
    if isinstance(value, dt.date):
        return str((value - _EXCEL_EPOCH.date()).days)
    if isinstance(value, dt.time):
        return cell_text((value.hour * 3600 + value.minute * 60 + value.second) / 86400)
    if isinstance(value, dt.timedelta):
        return cell_text(value.total_seconds() / 86400)
    return str(value)


def _number_text(raw: str) -> str:
    """More than 15 significant digits are binary noise: round to what Excel shows."""
    text = raw.strip()
    if not _NUMBER.fullmatch(text):
        return text  # inf, nan: the value check names them
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return text
    if len(value.as_tuple().digits) > 15:
        value = _EXCEL_DIGITS.plus(value).normalize()
        return f"{value:f}" if abs(value.adjusted()) <= 20 else str(value)
    if "e" in text.lower():
        return text if abs(value.adjusted()) > 20 else f"{value:f}"
    return f"{value:f}"


def _open(data: bytes, source: str) -> Any:
    import python_calamine as pc

    try:
        return pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise fail(source, "sheet-encrypted", "the workbook has a password: save it without one") from None
    except BaseException as exc:  # calamine's errors on damaged files; a Rust panic is a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        hint = " (a password-protected workbook?)" if data.startswith(OLE2_MAGIC) else ""
        raise fail(source, "sheet-not-workbook", f"cannot read the workbook{hint}: {_short(exc)}") from None


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _choose(book: Any, source: str, wanted: str | None) -> list[str]:
    metas = book.sheets_metadata
    names = ", ".join(repr(m.name) for m in metas) or "none"

    def is_sheet(m: Any) -> bool:
        return "WorkSheet" in str(m.typ)

    def visible(m: Any) -> bool:
        return str(m.visible).endswith("Visible")

    if wanted is None or wanted.strip().lower() == "all":
        chosen = [m.name for m in metas if is_sheet(m) and visible(m)]
        if not chosen:
            raise fail(source, "sheet-none", f"the workbook has no visible worksheet (sheets: {names})")
        return chosen if wanted is not None else chosen[:1]
    exact = [m for m in metas if m.name == wanted]
    folded = [m for m in metas if m.name.casefold() == wanted.strip().casefold()]
    text = wanted.strip()
    if exact or len(folded) == 1:
        meta = (exact or folded)[0]
    elif text.isascii() and text.isdigit() and 1 <= int(text) <= len(metas):
        meta = metas[int(text) - 1]
    else:
        raise fail(
            source,
            "sheet-none",
            f"no sheet {wanted!r}; the workbook has {names} (or give 1-{len(metas)}, or all)",
        )
    if not is_sheet(meta):
        raise fail(source, "sheet-none", f"sheet {meta.name!r} is not a worksheet (a chart or macro sheet)")
    return [meta.name]


def read_sheets(data: bytes, source: str, wanted: str | None = None) -> list[Sheet]:
    """The worksheet(s) asked for: the first visible one (None), one by name or 1-based number,
    or every visible worksheet with data ("all"). Raises ActualsError naming file, sheet and cell."""
    scan = guard(data, source)

    def read() -> list[Sheet]:
        book = _open(data, source)
        sheets = []
        for name in _choose(book, source, wanted):
            sheet = _read_one(book, source, name, scan.errors.get(name, {}))
            if sheet.rows or wanted is None or wanted.strip().lower() != "all":
                sheets.append(sheet)
        return sheets

    from targets.actuals.isolate import isolated

    return isolated(read, source)


def _read_one(book: Any, source: str, name: str, errors: dict[tuple[int, int], str]) -> Sheet:
    try:
        raw = book.get_sheet_by_name(name)
    except BaseException as exc:  # as in _open
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise fail(
            source,
            "sheet-damaged",
            f"cannot read the sheet (damaged, or not well-formed XML): {_short(exc)}",
            column=name,
        ) from None
    if raw.height * raw.width > MAX_CELLS:
        raise fail(
            source,
            "sheet-too-large",
            f"more than {MAX_CELLS} cells: too large for an actuals sheet",
            column=name,
        )
    top, left = raw.start or (0, 0)
    sheet = Sheet(name)
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (r, c), text in errors.items():
        by_row.setdefault(r, []).append((c - left, text))
    # to_python starts at the first row and column with data (`start`); iter_rows would start
    # its rows at row 1 but its columns at `start`
    for i, values in enumerate(raw.to_python()):
        cells = [v if type(v) is str else cell_text(v) for v in values]
        row = top + i + 1
        for c, text in by_row.get(row, ()):
            if c >= 0:
                cells.extend([""] * (c + 1 - len(cells)))
                cells[c] = text
        if not any(c.strip() for c in cells):
            continue
        while cells and not cells[-1]:
            cells.pop()
        sheet.rows.append((row, [""] * left + cells))
    return sheet
