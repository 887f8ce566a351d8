"""`check --engine duckdb`: actuals larger than memory, read and grouped by DuckDB.

DuckDB reads the CSV or Parquet files, types the plain rows in SQL (the same conditions as the
bulk path of rows.py: a known spelling of an indicator, a four-digit year, a plain number, the
catalog's unit or none, a region without surrounding blanks), finds duplicate keys, keeps what
evaluation needs per (series, region) and spills to disk past `--memory-limit`. Every other row
(unusual, duplicated, the first warnings of a file) goes through the row checks of rows.py in
line order, so every message is the same as without the engine. Evaluation then reads the
groups series by series from DuckDB and judges them with the same evaluator.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from itertools import chain
from pathlib import Path as FsPath
from typing import Any

from targets.actuals import duckdb_sql as sql
from targets.actuals.duckdb_store import DuckActuals
from targets.actuals.load import (
    PARQUET_SUFFIXES,
    REQUIRED,
    Options,
    _header_map,
    csv_rows,
    parse_rows,
    table_rows,
)
from targets.actuals.parquet import missing_extra
from targets.actuals.resolve import Resolver
from targets.actuals.rows import TableReader
from targets.actuals.sink import MAX_LISTED, Sink
from targets.actuals.store import Actuals
from targets.actuals.stream import Replay, count_lines, utf8_file
from targets.errors import ActualsError, Problem
from targets.models import Catalog

FIELDS = ("indicator", "year", "value", "unit", "region")
BLANK = sql.BLANK
DEFAULT_MIB = 2048  # memory DuckDB may use before it spills, without --memory-limit
Rows = list[tuple[int, list[str]]]


def connect(memory_limit: str | None, temp_dir: str) -> Any:
    try:
        import duckdb
    except ImportError:
        raise missing_extra("--engine duckdb", "--engine duckdb", "duckdb") from None
    con = duckdb.connect()
    con.execute(f"SET temp_directory = '{_quote(temp_dir)}'")
    con.execute("SET preserve_insertion_order = true")  # row_number() over () is the line
    if memory_limit:
        try:
            con.execute(f"SET memory_limit = '{_quote(memory_limit)}'")
        except duckdb.Error as exc:
            raise ActualsError(
                [Problem(file="--memory-limit", code="usage", message=f"{memory_limit!r}: {exc}")]
            ) from None
    else:  # DuckDB's own default is 80 % of the machine's memory: 2.7 GB for 10M rows
        con.execute(f"SET memory_limit = '{default_memory_limit()}'")
    return con


def default_memory_limit() -> str:
    """Without --memory-limit: 2 GB, or half the machine's memory when that is less."""
    try:
        half = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    except (AttributeError, ValueError, OSError):
        half = 0
    mib = min(DEFAULT_MIB, half >> 20) if half > 0 else DEFAULT_MIB
    return f"{mib}MiB"


def _quote(text: str) -> str:
    return text.replace("'", "''")


# ------------------------------------------------------------------ loading


def load_duckdb(
    paths: Iterable[FsPath],
    catalog: Catalog,
    *,
    encoding: str | None = None,
    fx: dict[str, Decimal] | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    layout: str | None = None,
    memory_limit: str | None = None,
    notices: list[str] | None = None,
    plans: tuple[str, ...] = (),
) -> tuple[DuckActuals, list[Problem]]:
    """Read every file through DuckDB, then audit the values together (duckdb_audit.py); raise
    ActualsError with all errors of all files. Options, notices and `plans` (--plan) as
    load_actuals; a file whose first line is not a long header (or any file, with --header-row
    or --layout) is read by the row reader, which finds its layout."""
    from targets.actuals.duckdb_audit import audit_duckdb

    tmp = tempfile.TemporaryDirectory(prefix="targets-duckdb-")
    con = connect(memory_limit, os.path.join(tmp.name, "spill"))
    res = Resolver(catalog, plans)
    store = Actuals()
    loader = _Loader(con, res, store, tmp.name, encoding, Options(sheet, header_row, layout))
    loader.notices = notices
    try:
        tables = [loader.register(i, FsPath(p)) for i, p in enumerate(paths)]
        problems, failed = loader.finish(tables, fx)
        # the rows that were read are audited even when others were not: every problem at once
        found = audit_duckdb(con, store, [t.source for t in tables], catalog)
    except BaseException:
        con.close()
        tmp.cleanup()
        raise
    problems += found
    if failed or any(p.severity == "error" for p in found):
        con.close()
        tmp.cleanup()
        raise ActualsError(problems)
    return DuckActuals(con, store, [t.source for t in tables], tmp), problems


class _Table:
    """One input file: a DuckDB view of its cells, or its tables read by Python (workbooks, and
    files DuckDB does not read line for line)."""

    def __init__(self, index: int, source: str) -> None:
        self.index, self.source = index, source
        self.cols: dict[str, int] = {}
        self.header: tuple[int, list[str]] | None = None
        self.tables: list[tuple[Replay, str | None]] | None = None  # read by Python (no view)
        self.error: list[Problem] | None = None


class _Loader:
    def __init__(
        self, con: Any, res: Resolver, store: Actuals, tmp: str, encoding: str | None, opts: Options
    ):
        self.con, self.res, self.store, self.tmp = con, res, store, tmp
        self.encoding, self.opts = encoding, opts
        self.notices: list[str] | None = None

    # -------------------------------------------------------------- one file
    def register(self, i: int, path: FsPath) -> _Table:
        t = _Table(i, str(path))
        suffix = path.suffix.lower()
        try:
            if self.opts.header_row is not None or self.opts.layout is not None:
                self._rows(t, path)
            elif suffix in PARQUET_SUFFIXES:
                self._parquet(t, path)
            elif suffix == ".csv":
                self._csv(t, path)
            else:
                self._rows(t, path)
        except ActualsError as exc:
            t.error = exc.problems
        return t

    def _rows(self, t: _Table, path: FsPath) -> None:
        """Read by the row reader: workbooks, and files DuckDB does not read line for line."""
        self.con.execute(f"DROP VIEW IF EXISTS t{t.index}")
        t.cols = {}
        t.tables = [(Replay(rows), name) for rows, name in table_rows(path, self.encoding, self.opts)]

    def _parquet(self, t: _Table, path: FsPath) -> None:
        import duckdb

        scan = f"read_parquet('{_quote(str(path))}', file_row_number = true)"
        try:
            names = [d[0] for d in self.con.execute(f"SELECT * FROM {scan} LIMIT 0").description]
        except duckdb.Error as exc:
            raise ActualsError(
                [Problem(file=str(path), code="parquet", message=f"not a readable Parquet file: {exc}")]
            ) from None
        names = names[:-1]  # file_row_number
        t.header = (1, names)
        if not self._view(t, scan, [f'"{n}"' for n in names], "file_row_number + 2", double_text=True):
            self._rows(t, path)

    def _csv(self, t: _Table, path: FsPath) -> None:
        import duckdb

        src = self._utf8(path)
        if src is None:
            return self._rows(t, path)
        with open(src, encoding="utf-8-sig", newline="") as fh:
            first = fh.readline()
        rows = list(csv_rows(first))
        if not rows or not any(c.strip() for c in rows[0][1]):
            return self._rows(t, path)
        t.header = (1, rows[0][1])
        width = len(rows[0][1])
        cols = {f"c{k}": "VARCHAR" for k in range(width)}
        scan = (
            f"read_csv('{_quote(str(src))}', header = false, skip = 1, all_varchar = true, "
            f"columns = {cols!r}, delim = ',', quote = '\"', escape = '\"', nullstr = '\x01', "
            "auto_detect = false)"
        )
        if not self._view(t, scan, [f"c{k}" for k in range(width)], "row_number() OVER () + 1"):
            return self._rows(t, path)
        # DuckDB's row number is the line only when every line after the header is one record
        # it accepted (a rejected row, a blank line or a quoted line break makes fewer); else
        # the row reader takes the file, with the same messages either way.
        try:
            n = self.con.execute(f"SELECT count(*) FROM t{t.index}").fetchone()[0]
        except duckdb.Error:
            n = -1
        if n != count_lines(src) - 1:
            self._rows(t, path)
        return None

    def _utf8(self, path: FsPath) -> FsPath | None:
        """The file itself when UTF-8, a UTF-8 copy when GB18030 or UTF-16 (or --encoding), None
        when it cannot be decoded (the row reader then says where)."""
        try:
            return utf8_file(path, self.encoding, FsPath(self.tmp) / f"utf8-{len(os.listdir(self.tmp))}.csv")
        except OSError:
            return None  # the row reader says what is wrong with the file

    def _view(self, t: _Table, scan: str, cells: list[str], line: str, double_text: bool = False) -> bool:
        """A view of the file's cells; False (no view) when the first line is not a long header,
        whose layout the row reader finds."""
        assert t.header is not None
        t.cols, _ = _header_map(t.header[1])
        if [c for c in REQUIRED if c not in t.cols]:
            return False

        def text(k: int) -> str:
            c = f"CAST({cells[k]} AS VARCHAR)"
            if double_text:  # a Parquet number as the text a CSV export holds (parquet.cell_text)
                c = f"regexp_replace({c}, '^(-?[0-9]+)\\.0$', '\\1')"
            return f"coalesce({c}, '')"

        exprs = [text(t.cols[f]) if f in t.cols else "''" for f in (*FIELDS, "note")]
        used = {t.cols[f] for f in FIELDS if f in t.cols}
        others = [text(k) for k in range(len(cells)) if k not in used]
        other = f"regexp_matches(concat({', '.join(others)}), '[^{BLANK}]')" if others else "false"
        names = ", ".join(f"{e} AS {f}" for e, f in zip(exprs, (*FIELDS, "note"), strict=True))
        self.con.execute(
            f"CREATE VIEW t{t.index} AS SELECT {t.index} AS file, {line} AS line, {names}, "
            f"{other} AS other FROM {scan}"
        )
        return True

    # -------------------------------------------------------------- all files
    def finish(self, tables: list[_Table], fx: dict[str, Decimal] | None) -> tuple[list[Problem], bool]:
        views = [t.index for t in tables if t.tables is None and t.error is None]
        sql.spellings(self.con, self.res, views)
        sql.classify(self.con, views)
        odd = {i: self._placed(tables[i], rows) for i, rows in sql.odd_rows(self.con).items()}
        keys = self._dry_keys(tables, odd, fx)
        pulled_rows = sql.pull(self.con, keys, MAX_LISTED)
        pulled = {i: self._placed(tables[i], rows) for i, rows in pulled_rows.items()}
        problems: list[Problem] = []
        failed = False
        for t in tables:
            if t.error is not None:
                problems += t.error
                failed = True
                continue
            if t.tables is not None:
                found, bad = self._read_tables(t, fx, self.store, self.notices)
            else:
                rows = sorted(odd.get(t.index, []) + pulled.get(t.index, []))
                more = sql.outside_unlisted(self.con, t.index)
                found, bad = self._read_view_rows(t, rows, more, fx)
            problems += found
            failed = failed or bad
        sql.group(self.con)
        return problems, failed

    @staticmethod
    def _placed(t: _Table, rows: Rows) -> Rows:
        """Cells in FIELDS order and the note -> a row laid out as the file's header (a seventh
        cell, if any, stands for text in the other columns)."""
        assert t.header is not None
        width = len(t.header[1])
        spots = [(t.cols[f], k) for k, f in enumerate((*FIELDS, "note")) if f in t.cols]
        out: Rows = []
        for line, cells in rows:
            row = [""] * width + cells[6:]
            for at, k in spots:
                row[at] = cells[k]
            out.append((line, row))
        return out

    def _dry_keys(
        self, tables: list[_Table], odd: dict[int, Rows], fx: dict[str, Decimal] | None
    ) -> set[tuple[str, str | None, int]]:
        """The (series, region, year) that rows read one by one will add: plain rows with the
        same key must be read with them, in line order, for the duplicate checks."""
        scratch = Actuals()
        for t in tables:
            if t.error is not None:
                continue
            if t.tables is not None:
                self._read_tables(t, fx, scratch, None)
            elif odd.get(t.index) and t.header is not None:
                reader = TableReader(scratch, Sink(t.source), self.res, t.cols, fx)
                reader.read(iter(odd[t.index]))
        return {(s, r, y) for (s, r) in scratch.group_keys() for y in scratch.group((s, r))}

    def _read_tables(
        self, t: _Table, fx: dict[str, Decimal] | None, store: Actuals, notices: list[str] | None
    ) -> tuple[list[Problem], bool]:
        """A file the row reader reads whole, table by table, as load_actuals does."""
        assert t.tables is not None
        problems: list[Problem] = []
        try:
            for rows, name in t.tables:
                _, warns = parse_rows(
                    rows,
                    t.source,
                    self.res.catalog,
                    fx=fx,
                    resolver=self.res,
                    store=store,
                    sheet=name,
                    options=self.opts,
                    notices=notices,
                )
                problems += warns
        except ActualsError as exc:
            return problems + exc.problems, True
        return problems, False

    def _read_view_rows(
        self, t: _Table, rows: Rows, more_outside: int, fx: dict[str, Decimal] | None
    ) -> tuple[list[Problem], bool]:
        """The rows of a view Python reads, after the file's (long) header, through rows.py."""
        assert t.header is not None
        try:
            _, warns = parse_rows(
                chain([t.header], rows),
                t.source,
                self.res.catalog,
                fx=fx,
                resolver=self.res,
                store=self.store,
                options=self.opts,
                more_outside=more_outside,
            )
        except ActualsError as exc:
            return exc.problems, True
        return warns, False


__all__ = ["DuckActuals", "load_duckdb"]
