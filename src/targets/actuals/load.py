"""Reading actuals: CSV files and workbooks from Chinese statistics offices -> observations in the
catalog's units, whatever the layout of their table (long, wide, titles above, notes below)."""

from __future__ import annotations

import csv
import gc
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path as FsPath
from typing import TYPE_CHECKING

from targets.actuals.columns import ALIASES
from targets.actuals.resolve import Resolver
from targets.actuals.rows import RowsBroken, read_table
from targets.actuals.sink import Sink
from targets.actuals.store import Actuals
from targets.actuals.stream import text_lines
from targets.errors import ActualsError, Problem
from targets.files import MAX_FILE_MB, MAX_LINE, ReadRefused, read_regular
from targets.models import Catalog
from targets.textio import MAX_ABS, MISSING_MARKS, NumberError, decode, parse_number

if TYPE_CHECKING:
    from targets.actuals.layout import Table

__all__ = [
    "COLUMNS",
    "MAX_ABS",
    "MISSING_MARKS",
    "NumberError",
    "Resolver",
    "decode",
    "load_actuals",
    "parse_actuals",
    "parse_number",
    "parse_rows",
]

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
PARQUET_SUFFIXES = (".parquet", ".pq")

# Header spellings accepted for each column (normalised: NFKC, lower case, no spaces). `name`
# and `plan` are known and ignored: the submission form carries them for the person filling it.
COLUMNS: dict[str, tuple[str, ...]] = ALIASES
REQUIRED = ("indicator", "year", "value")


def _header_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    lookup = {alias: col for col, aliases in COLUMNS.items() for alias in aliases}
    mapping: dict[str, int] = {}
    unknown = []
    for i, cell in enumerate(header):
        norm = unicodedata.normalize("NFKC", cell).strip().lower().replace(" ", "")
        col = lookup.get(norm)
        if col is None:
            if norm:
                unknown.append(cell.strip())
            continue
        mapping.setdefault(col, i)
    return mapping, unknown


def _lines(text: str) -> Iterator[str]:
    # Lines with their ends, for csv.reader. Not io.StringIO: it keeps a copy of a text with
    # Chinese in it at four bytes a character (180 MB for a million rows). Not splitlines:
    # it would also cut records at form feeds and U+2028 inside a cell.
    sep = "\n" if "\n" in text or "\r" not in text else "\r"  # "\r" alone: classic Mac files
    start, end = 0, len(text)
    find = text.find
    longest = MAX_LINE.value
    while start < end:
        stop = find(sep, start)
        stop = end - 1 if stop < 0 else stop
        if stop - start >= longest:
            # checked before the csv module sees the line: a 200 MB line costs no memory twice
            line = text.count(sep, 0, start) + 1
            found = f"the line has {stop - start + 1:,} characters"
            raise RowsBroken(line, "line-too-long", MAX_LINE.refusal(found))
        yield text[start : stop + 1]
        start = stop + 1


def _limited(lines: Iterator[str]) -> Iterator[str]:
    """Lines read in chunks, with the same length limit as `_lines`."""
    longest = MAX_LINE.value
    for n, line in enumerate(lines, 1):
        if len(line) - line.endswith("\n") >= longest:
            found = f"the line has {len(line):,} characters"
            raise RowsBroken(n, "line-too-long", MAX_LINE.refusal(found))
        yield line


def csv_rows(text: str | Iterator[str]) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the record starts, cells) for each CSV record of a text or of its
    lines; RowsBroken on malformed CSV. A quoted cell may hold line breaks, so a record can end
    lines after it starts: it is named by its first line, where an editor shows it."""
    reader = csv.reader(_lines(text) if isinstance(text, str) else _limited(text), strict=True)
    line = 0
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            yield start, row
    except csv.Error as exc:
        if "end of data" in str(exc):
            # the record that never ended starts after the last complete one
            raise RowsBroken(line + 1, "csv", "a quoted field opened on this line is never closed") from None
        raise RowsBroken(reader.line_num or line + 1, "csv", f"bad CSV: {exc}") from None


def parse_actuals(
    text: str,
    source: str,
    catalog: Catalog,
    *,
    fx: dict[str, Decimal] | None = None,
    resolver: Resolver | None = None,
    store: Actuals | None = None,
) -> tuple[Actuals, list[Problem]]:
    """Parse one CSV text. Returns the observations and warnings; raises ActualsError with
    every error of the file when any row is invalid."""
    return parse_rows(csv_rows(text), source, catalog, fx=fx, resolver=resolver, store=store)


@dataclass(frozen=True)
class Options:
    """How to read the tables of the files: which sheet, where the header is, which layout."""

    sheet: str | None = None  # name, 1-based number or "all"
    header_row: int | None = None
    layout: str | None = None  # "long" or "wide"; None: detect


def parse_rows(
    rows: Iterable[tuple[int, list[str]]],
    source: str,
    catalog: Catalog,
    *,
    fx: dict[str, Decimal] | None = None,
    resolver: Resolver | None = None,
    store: Actuals | None = None,
    sheet: str | None = None,
    options: Options | None = None,
    notices: list[str] | None = None,
    more_outside: int = 0,
) -> tuple[Actuals, list[Problem]]:
    """Rows of one table -> observations added to `store`; shared by CSV and workbooks.

    `source` names the file in messages, `sheet` the worksheet. A CSV whose first line is a long
    header streams through; anything else is read whole and its layout found (see layout.py),
    with a one-line notice of what was found added to `notices`. Rows repeating a (series,
    region, year) already in the store are warnings when equal and errors when they differ."""
    res = resolver or Resolver(catalog)
    out = store if store is not None else Actuals()
    opts = options or Options()
    sink = Sink(source)
    it = iter(rows)
    try:
        first = next(it, None)
        while sheet is None and first is not None and not any(h.strip() for h in first[1]):
            first = next(it, None)  # blank lines above a CSV header
    except RowsBroken as exc:
        raise ActualsError(
            [Problem(file=source, line=exc.line, code=exc.code, message=exc.message)]
        ) from None
    if first is None:
        where = f"sheet {sheet!r} is empty" if sheet else "the file is empty"
        raise ActualsError([Problem(file=source, line=1, code="empty", message=where)])
    if sheet is None and opts.header_row is None and opts.layout != "wide":
        cols, unknown = _header_map(first[1])
        if all(c in cols for c in REQUIRED):
            sink.cols = cols
            _unknown(sink, first[0], unknown)
            read_table(it, out, sink, res, cols, fx, more_outside=more_outside)
            return out, sink.problems
    try:
        grid = [first, *it]
    except RowsBroken as exc:
        raise ActualsError(
            [Problem(file=source, line=exc.line, code=exc.code, message=exc.message)]
        ) from None
    name = f"{source}!{sheet}" if sheet else source
    try:
        table = _layout(grid, source, sheet, opts)
    except ActualsError as exc:
        if not (sheet and (opts.sheet or "").strip().lower() == "all"):
            raise
        if notices is not None:  # with --sheet all, a sheet of notes or a chart's data is passed over
            notices.append(f"{name}: skipped, no table found ({exc.problems[0].message.split(';')[0]})")
        return out, sink.problems
    if notices is not None:
        notices.append(f"{name}: {table.notice}")
    if table.kind == "wide":
        from targets.actuals.layout import LONG_FIELDS

        cols = {field: i for i, field in enumerate(LONG_FIELDS)}
        for line, col, message in table.warnings:
            sink.add(line, _where(sheet)(line, col), "growth-mismatch", message, warn=True)
    else:
        cols, unknown = _header_map(table.header)
        sink.cols = cols
        _unknown(sink, table.header_line, unknown, sheet)
    read_table(table.rows, out, sink, res, cols, fx, sheet=sheet)
    return out, sink.problems


def _unknown(sink: Sink, line: int, unknown: list[str], sheet: str | None = None) -> None:
    if unknown:
        message = f"ignored unknown column(s): {', '.join(unknown)}"
        sink.add(line, f"{sheet}!A{line}" if sheet else None, "header-unknown", message, warn=True)


def _where(sheet: str | None) -> Callable[[int, int], str]:
    from targets.actuals.sheet_guards import column_letter

    if sheet is None:
        return lambda line, col: f"{column_letter(col)}{line}"
    return lambda line, col: f"{sheet}!{column_letter(col)}{line}"


def _layout(grid: list[tuple[int, list[str]]], source: str, sheet: str | None, opts: Options) -> Table:
    # a CSV whose first line is a long header never gets here: the layout code stays unloaded
    from targets.actuals.layout import LayoutError, read_layout

    where = _where(sheet)
    try:
        return read_layout(grid, where, header_row=opts.header_row, layout=opts.layout)
    except LayoutError as exc:
        line = exc.line or 1
        column = where(line, exc.column if exc.column is not None else 0) if sheet or exc.column else None
        problem = Problem(file=source, line=line, column=column, code="layout", message=exc.message)
        raise ActualsError([problem]) from None


def iter_csv_paths(paths: Iterable[str | FsPath], *, follow_links: bool | None = None) -> list[FsPath]:
    """Files as given; a directory contributes its CSV files and workbooks, recursively, in path
    order: hidden files and folders and Excel lock files (~$*) are skipped, and a symbolic link
    is followed only when it stays inside the directory (TARGETS_FOLLOW_LINKS=1: always)."""
    import os

    from targets.files import walk

    if follow_links is None:
        follow_links = os.environ.get("TARGETS_FOLLOW_LINKS", "") not in ("", "0")
    out: list[FsPath] = []
    for p in map(FsPath, paths):
        if p.is_dir():
            out.extend(walk(p, (".csv", *SHEET_SUFFIXES, *PARQUET_SUFFIXES), follow_outside=follow_links))
        else:
            out.append(p)
    return out


# The files a repository calls its actuals: what the pre-commit hook's `files` pattern matches.
ACTUALS_PATTERN = r"(?i)(^|/)actuals/.+\.(csv|xlsx|xlsm|xlsb|xls|ods)$"


def discover_actuals(root: str | FsPath = ".") -> list[FsPath]:
    """Every actuals file of a repository: CSV files and workbooks in a folder named `actuals`
    (at any depth) under `root`, in path order, relative to `root` when it is relative; hidden
    folders and files, Excel lock files and symlinks leading outside skipped."""
    import re

    pattern = re.compile(ACTUALS_PATTERN)
    base = FsPath(root)
    return [p for p in _walk(base) if pattern.search(p.relative_to(base).as_posix())]


def _walk(root: FsPath) -> list[FsPath]:
    from targets.files import walk

    return walk(root, (".csv", *SHEET_SUFFIXES))


def load_actuals(
    paths: Iterable[str | FsPath],
    catalog: Catalog,
    *,
    encoding: str | None = None,
    fx: dict[str, Decimal] | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    layout: str | None = None,
    notices: list[str] | None = None,
    plans: tuple[str, ...] = (),
) -> tuple[Actuals, list[Problem]]:
    """Read every file, then audit the values together (actuals/audit.py); collect all errors
    of all files before raising ActualsError. `notices` receives a line per table saying which
    layout was found; `plans` (--plan) decide a name several plans share."""
    opts = Options(sheet, header_row, layout)
    resolver = Resolver(catalog, plans)
    store = Actuals()
    problems: list[Problem] = []
    failed = False
    files = iter_csv_paths(paths)
    if not files:
        raise ActualsError(
            [
                Problem(
                    file=", ".join(map(str, paths)) or "-",
                    code="no-files",
                    message="no CSV files, workbooks or Parquet files found",
                )
            ]
        )
    # The store only grows while loading, and holds no cycles: the cyclic collector walking
    # millions of young objects again and again would triple the loading time of a big file.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for path in files:
            try:
                for rows, sheet_name in table_rows(path, encoding, opts):
                    _, warns = parse_rows(
                        rows,
                        str(path),
                        catalog,
                        fx=fx,
                        resolver=resolver,
                        store=store,
                        sheet=sheet_name,
                        options=opts,
                        notices=notices,
                    )
                    problems.extend(warns)
            except ActualsError as exc:
                problems.extend(exc.problems)
                failed = True
                continue
    finally:
        if was_enabled:
            gc.enable()
    from targets.actuals.audit import audit

    # the rows that were read are audited even when others were not: every problem at once
    found = audit(store, catalog)
    problems.extend(found)
    failed = failed or any(p.severity == "error" for p in found)
    if failed:
        raise ActualsError(problems)
    return store, problems


def table_rows(
    path: FsPath, encoding: str | None, opts: Options
) -> list[tuple[Iterable[tuple[int, list[str]]], str | None]]:
    """The tables of one CSV, workbook or Parquet file, each with its sheet name (None for CSV
    and Parquet). A CSV is decoded chunk by chunk when its encoding allows (stream.py)."""
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        from targets.actuals.parquet import parquet_rows

        if not path.is_file():
            raise ActualsError([Problem(file=str(path), code="io", message="cannot read: no such file")])
        return [(parquet_rows(path), None)]
    if suffix not in SHEET_SUFFIXES and _plain_file(path):
        try:
            lines = text_lines(path, encoding)
        except OSError:
            lines = None  # reading the whole file below says what is wrong
        if lines is not None:
            return [(csv_rows(lines), None)]
    try:
        data = read_regular(path, MAX_FILE_MB)
    except ReadRefused as exc:
        raise ActualsError([Problem(file=str(path), code="io", message=str(exc))]) from None
    return _tables(data, path, encoding, opts)


def _plain_file(path: FsPath) -> bool:
    """A regular file within the size limit: what read_regular accepts, checked without reading
    it (anything else is left to read_regular, which says why it refuses)."""
    import os
    import stat

    try:
        st = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size <= MAX_FILE_MB.value * 1024 * 1024


def _tables(
    data: bytes, path: FsPath, encoding: str | None, opts: Options
) -> list[tuple[Iterable[tuple[int, list[str]]], str | None]]:
    """The tables of one file: its CSV rows, or each worksheet asked for, with its name."""
    if path.suffix.lower() in SHEET_SUFFIXES:
        from targets.actuals.sheets import read_sheets
        from targets.actuals.xlsx_limits import check_xlsx_limits

        check_xlsx_limits(data, str(path))  # documented limits, before any reader runs
        sheets = read_sheets(data, str(path), opts.sheet)
        if not sheets:
            problem = Problem(file=str(path), code="empty", message="no worksheet has data")
            raise ActualsError([problem])
        return [(s.rows, s.name) for s in sheets]
    return [(csv_rows(decode(data, str(path), encoding)), None)]
