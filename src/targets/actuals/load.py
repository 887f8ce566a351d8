"""Reading actuals: CSV or xlsx rows from Chinese spreadsheets -> observations in the catalog's units."""

from __future__ import annotations

import csv
import gc
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path as FsPath

from targets.actuals.resolve import Resolver
from targets.actuals.rows import RowsBroken, Sink, read_table
from targets.actuals.store import Actuals
from targets.actuals.stream import text_lines
from targets.errors import ActualsError, Problem
from targets.models import Catalog
from targets.textio import MAX_ABS, MISSING_MARKS, NumberError, decode, parse_number

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

XLSX_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")

# Header spellings accepted for each column (normalised: NFKC, lower case, no spaces).
COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "id", "指标", "指标名称", "指标代码", "series"),
    "year": ("year", "年份", "年度", "年"),
    "value": ("value", "数值", "值", "实际值", "完成值"),
    "unit": ("unit", "单位", "计量单位"),
    "region": ("region", "地区", "区域", "区县", "行政区划"),
    "note": ("note", "备注", "说明"),
    "source": ("source", "来源", "数据来源"),
    # Known and ignored: the submission form (`targets template`) carries them for the reader.
    "name": ("name", "名称"),
    "plan": ("plan", "规划"),
}
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
    while start < end:
        stop = find(sep, start)
        if stop < 0:
            yield text[start:]
            return
        yield text[start : stop + 1]
        start = stop + 1


def csv_rows(text: str | Iterator[str]) -> Iterator[tuple[int, list[str]]]:
    """(physical line, cells) for each CSV record of a text or of its lines; RowsBroken on
    malformed CSV."""
    reader = csv.reader(_lines(text) if isinstance(text, str) else text, strict=True)
    line = 0
    try:
        for row in reader:
            line = reader.line_num
            yield line, row
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


def parse_rows(
    rows: Iterable[tuple[int, list[str]]],
    source: str,
    catalog: Catalog,
    *,
    fx: dict[str, Decimal] | None = None,
    resolver: Resolver | None = None,
    store: Actuals | None = None,
    more_outside: int = 0,
) -> tuple[Actuals, list[Problem]]:
    """Rows of one table (header first) -> observations added to `store`; shared by CSV and xlsx.

    `source` names the table in messages. Rows repeating a (series, region, year) already in
    the store are warnings when equal and errors when they differ, within a file or across."""
    res = resolver or Resolver(catalog)
    out = store if store is not None else Actuals()
    sink = Sink(source)
    it = iter(rows)
    try:
        first = next(it, None)
    except RowsBroken as exc:
        raise ActualsError(
            [Problem(file=source, line=exc.line, code=exc.code, message=exc.message)]
        ) from None
    if first is None or not any(h.strip() for h in first[1]):
        raise ActualsError([Problem(file=source, line=1, code="empty", message="the file is empty")])
    header_line, header = first
    cols, unknown = _header_map(header)
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        expected = "; ".join(f"{c} ({'/'.join(COLUMNS[c][:3])})" for c in missing)
        message = f"missing column(s): {expected}; found {header!r}"
        raise ActualsError([Problem(file=source, line=header_line, code="header", message=message)])
    if unknown:
        message = f"ignored unknown column(s): {', '.join(unknown)}"
        sink.add(header_line, None, "header-unknown", message, warn=True)
    read_table(it, out, sink, res, cols, fx, more_outside)
    return out, sink.problems


def iter_csv_paths(paths: Iterable[str | FsPath]) -> list[FsPath]:
    """Files as given; a directory contributes its *.csv and *.xlsx files in name order."""
    out: list[FsPath] = []
    for p in map(FsPath, paths):
        if p.is_dir():
            out.extend(
                sorted(
                    x
                    for x in p.iterdir()
                    if x.suffix.lower() in (".csv", *XLSX_SUFFIXES, *PARQUET_SUFFIXES)
                    and not x.name.startswith("~$")  # Excel's lock file beside an open workbook
                    and x.is_file()
                )
            )
        else:
            out.append(p)
    return out


def load_actuals(
    paths: Iterable[str | FsPath],
    catalog: Catalog,
    *,
    encoding: str | None = None,
    fx: dict[str, Decimal] | None = None,
    sheet: str | None = None,
) -> tuple[Actuals, list[Problem]]:
    """Read every file; collect all errors of all files before raising ActualsError."""
    resolver = Resolver(catalog)
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
                    message="no CSV, xlsx or Parquet files found",
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
                rows, source = table_rows(path, encoding, sheet)
                _, warns = parse_rows(rows, source, catalog, fx=fx, resolver=resolver, store=store)
            except ActualsError as exc:
                problems.extend(exc.problems)
                failed = True
                continue
            problems.extend(warns)
    finally:
        if was_enabled:
            gc.enable()
    if failed:
        raise ActualsError(problems)
    return store, problems


def table_rows(
    path: FsPath, encoding: str | None, sheet: str | None
) -> tuple[Iterable[tuple[int, list[str]]], str]:
    """The rows (header first) of one CSV, xlsx or Parquet file and the name messages give it."""
    if path.suffix.lower() in PARQUET_SUFFIXES:
        from targets.actuals.parquet import parquet_rows

        if not path.is_file():
            raise ActualsError([Problem(file=str(path), code="io", message="cannot read: no such file")])
        return parquet_rows(path), str(path)
    if path.suffix.lower() not in XLSX_SUFFIXES:
        try:
            lines = text_lines(path, encoding)  # decoded chunk by chunk, not all at once
        except OSError:
            lines = None  # reading the whole file below says what is wrong
        if lines is not None:
            return csv_rows(lines), str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ActualsError(
            [Problem(file=str(path), code="io", message=f"cannot read: {exc.strerror or exc}")]
        ) from None
    return _table(data, path, encoding, sheet)


def _table(
    data: bytes, path: FsPath, encoding: str | None, sheet: str | None
) -> tuple[Iterable[tuple[int, list[str]]], str]:
    """The rows of one file and the name that messages give it."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        from targets.actuals.xlsx import read_xlsx

        table = read_xlsx(data, str(path), sheet)
        return table.rows, f"{path}[{table.sheet}]"
    return csv_rows(decode(data, str(path), encoding)), str(path)
