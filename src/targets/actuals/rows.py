"""Table rows -> observations: every check of a row, and a bulk path for the plain rows of big files.

A national roll-up has millions of rows that are all alike: an id, a four-digit year, a plain
number. Blocks of such rows are checked column by column (each distinct spelling resolved
once, all numbers matched by one regex) and anything unusual in a block sends the whole block
through the row-by-row checks, so messages and duplicate handling are the same either way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice
from typing import cast

from targets.actuals.audit import remember_confirmations
from targets.actuals.resolve import Resolver
from targets.actuals.sink import Sink
from targets.actuals.store import Actuals
from targets.errors import ActualsError
from targets.models import Kind, Target
from targets.textio import _YEAR, NumberError, parse_number

CHUNK = 2048
REF_FIELDS = ("indicator", "year", "value", "unit")
COUNTS = ("家", "个", "项", "次", "人", "所", "座", "名")
_PLAIN = r"-?\d{1,15}(?:\.\d{1,15})?"  # below MAX_ABS by construction
_FAST_NUMBER = re.compile(_PLAIN)
_ZERO_FRACTION = re.compile(r"(?<=^\d{4})\.0+$")
_ALL_PLAIN = re.compile(rf"(?:{_PLAIN}\n)*{_PLAIN}")


class RowsBroken(Exception):
    """Raised by a row source that cannot go on (a CSV quote never closed); internal."""

    def __init__(self, line: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.code, self.message = line, code, message


class TableReader:
    """Reads the data rows of one table into a store, given the header's column positions."""

    def __init__(
        self,
        store: Actuals,
        sink: Sink,
        res: Resolver,
        cols: dict[str, int],
        fx: dict[str, Decimal] | None,
        sheet: str | None = None,
    ) -> None:
        self.store, self.sink, self.res, self.fx = store, sink, res, fx
        self.file = store.file_index(f"{sink.source}!{sheet}" if sheet else sink.source)
        self.i_ind, self.i_year, self.i_val = cols["indicator"], cols["year"], cols["value"]
        self.i_unit, self.i_reg = cols.get("unit"), cols.get("region")
        # where messages point: a sheet's cells (Sheet1!D7), from a column of references when
        # the rows were made from a wide table, else the CSV column's name
        self.i_ref, self.sheet, self.cols = cols.get("ref"), sheet, cols
        self.i_note = cols.get("note")
        self.width = max(cols.values()) + 1
        self.regions: dict[str, str | None] = {}  # cell -> its stripped text, one object per region
        self.years: dict[str, int] = {}
        self.in_period: dict[tuple[str, int], bool] = {}
        self.units_ok: dict[tuple[str, str], bool] = {}
        # series whose rows are checked one by one for a share written as a fraction
        self.percent = {s for s, ts in res.series_targets.items() if ts[0].unit == "%"}

    def read(self, rows: Iterator[tuple[int, list[str]]]) -> None:
        try:
            while batch := list(islice(rows, CHUNK)):
                if not self._bulk(batch):
                    for line, row in batch:
                        self.row(line, row)
        except RowsBroken as exc:
            self.sink.add(exc.line, None, exc.code, exc.message)

    # ------------------------------------------------------------------ bulk
    def _bulk(self, batch: list[tuple[int, list[str]]]) -> bool:
        """Read a block of plain rows at once; False (nothing read) when any row is unusual."""
        width = self.width
        if any(len(row) != width for _, row in batch):
            return False
        lines, rows = zip(*batch, strict=True)
        cols = list(zip(*rows, strict=True))
        memo = self.res.memo
        inds = cols[self.i_ind]
        found = [memo.get(x) for x in inds]
        if None in found:
            for x in {x for x, s in zip(inds, found, strict=True) if s is None}:
                self.res.resolve(x)  # learns good spellings; bad ones stay unresolved
            found = [memo.get(x) for x in inds]
            if None in found:
                return False
        series = cast("list[str]", found)
        years = self._years(cols[self.i_year])
        values = cols[self.i_val]
        if years is None or not _ALL_PLAIN.fullmatch("\n".join(values)):
            return False
        if any(
            v[0] == "-" or (v[0] == "0" and s in self.percent) for s, v in zip(series, values, strict=True)
        ):
            return False  # negative counts and shares as fractions get their row checks
        if self.i_unit is not None and not self._units_ok(series, cols[self.i_unit]):
            return False
        regions: list[str | None] | tuple[None, ...]
        if self.i_reg is None:
            regions = (None,) * len(rows)
        else:
            rmemo = self.regions
            regions = [rmemo[x] if x in rmemo else self._region(x) for x in cols[self.i_reg]]
        period = self.in_period
        outside = [
            i
            for i, key in enumerate(zip(series, years, strict=True))
            if not (period[key] if key in period else self._period(key))
        ]
        for i in outside:
            self._outside(lines[i], series[i], years[i], self.at(rows[i], lines[i], "year"))
        if self.i_note is not None:
            remember_confirmations(self.store, self.file, lines, cols[self.i_note])
        dupes = self.store.add_many(list(zip(series, regions, strict=True)), years, values, self.file, lines)
        for i, held in dupes:
            where = self.at(rows[i], lines[i], "value")
            self._duplicate(held, series[i], regions[i], years[i], Decimal(values[i]), lines[i], where)
        return True

    def _years(self, cells: tuple[str, ...]) -> list[int] | None:
        memo = self.years
        for cell in set(cells) - memo.keys():
            if not (len(cell) == 4 and cell.isascii() and cell.isdigit()):
                return None
            memo[cell] = int(cell)
        return [memo[c] for c in cells]

    def _units_ok(self, series: list[str], cells: tuple[str, ...]) -> bool:
        memo = self.units_ok
        for key in set(zip(series, cells, strict=True)):
            if key not in memo:
                s, cell = key
                given, unit = cell.strip(), self.res.series_targets[s][0].unit
                memo[key] = not given or unit is None or given == unit
            if not memo[key]:
                return False  # a conversion: done and reported row by row
        return True

    def _region(self, cell: str) -> str | None:
        text = cell.strip()
        self.regions[cell] = text or None
        return text or None

    def _period(self, key: tuple[str, int]) -> bool:
        s, year = key
        lo, hi = self.res.series_years[s]
        self.in_period[(s, year)] = ok = lo <= year <= hi
        return ok

    def at(self, row: list[str], line: int, field: str | None) -> str | None:
        """The cell a message about `field` of this row points at."""
        if self.i_ref is not None and self.i_ref < len(row):
            refs = row[self.i_ref].split("\t")
            pick = ("indicator", "year", "value", "unit").index(field) if field in REF_FIELDS else 2
            return (refs[pick] if pick < len(refs) and refs[pick] else refs[2 % len(refs)]) or field
        if self.sheet is None:
            return field
        from targets.actuals.sheet_guards import column_letter

        return f"{self.sheet}!{column_letter(self.cols.get(field or 'indicator', self.i_ind))}{line}"

    def _outside(self, line: int, series: str, year: int, column: str | None = "year") -> None:
        if self.sink.full("year-outside-period"):
            self.sink.count("year-outside-period", 1, "warning")
            return
        lo, _ = self.res.series_years[series]
        periods = "、".join(f"{a}—{b}" for a, b in sorted(self.res.series_periods[series]))
        self.sink.add(
            line,
            column,
            "year-outside-period",
            f"{year} is outside the plan period(s) of {series} ({periods}); "
            f"base-year values from {lo} are accepted",
            warn=True,
        )

    # ------------------------------------------------------------------ one row
    def row(self, line: int, row: list[str]) -> None:
        """Every check of one row; the reference behaviour the bulk path reproduces."""
        add, at = self.sink.add, self.at
        if len(row) < self.width:
            if not any(cell.strip() for cell in row):
                return
            row = row + [""] * (self.width - len(row))
        found = self._series(line, row)
        if found is None:
            return
        series, in_name = found
        ycell = row[self.i_year]
        # a year typed as a number and saved from Excel as text: 2024.0
        m = _YEAR.fullmatch(_ZERO_FRACTION.sub("", unicodedata.normalize("NFKC", ycell).strip()))
        if not m:
            add(line, at(row, line, "year"), "bad-year", _bad_year(ycell))
            return
        year = int(m.group(1))
        parsed = self._value(line, row)
        if parsed is None:
            return
        value, in_value = parsed
        region = None if self.i_reg is None else self._region(row[self.i_reg])
        targets = self.res.series_targets[series]
        if value is not None:
            column = row[self.i_unit].strip() if self.i_unit is not None else ""
            given = column or in_name or in_value
            if (in_name or in_value) and not (in_name == in_value == column):
                from targets.actuals.cellunits import agree

                given, conflict = agree(
                    [("the unit column", column), ("the name", in_name), ("the value", in_value)]
                )
                if conflict:
                    add(line, at(row, line, "unit" if column else "value"), "unit-conflict", conflict)
                    return
            unit = targets[0].unit
            if given and unit is not None and given != unit:
                converted = self._convert(value, given, unit, line, at(row, line, "unit"))
                if converted is None:
                    return
                value = converted
            _plausibility(value, targets, series, line, self.sink, at(row, line, "value"))
        if not self._period((series, year)):
            self._outside(line, series, year, at(row, line, "year"))
        if self.i_note is not None:
            remember_confirmations(self.store, self.file, (line,), (row[self.i_note],))
        text = "" if value is None else str(value)
        for _, held in self.store.add_many([(series, region)], [year], [text], self.file, [line]):
            self._duplicate(held, series, region, year, value, line, at(row, line, "value"))

    def _series(self, line: int, row: list[str]) -> tuple[str, str] | None:
        """The series a row names, and a unit written after the name (外贸进出口总额（亿元）)."""
        text = row[self.i_ind]
        scope = row[self.i_reg] if self.i_reg is not None else None  # decides an ambiguous name
        series, err = self.res.resolve(text, scope)
        if series is not None:
            return series, ""
        from targets.actuals.cellunits import bare_name, name_unit

        # as printed in a table: 1.外贸进出口企业数（家）, 其中：对外直接投资额
        bare = bare_name(text)
        split = name_unit(bare) or (bare, "")
        if split[0] != text:
            series, bare_err = self.res.resolve(split[0], scope)
            if series is not None:
                return series, split[1]
            if self.res.is_name(split[0]):
                # the bare name is the catalog's but ambiguous: say so (and offer --plan)
                # rather than call the name with its unit unknown
                err = bare_err
        if err and any(cell.strip() for cell in row):
            self.sink.add(line, self.at(row, line, "indicator"), "unknown-indicator", err)
        return None

    def _value(self, line: int, row: list[str]) -> tuple[Decimal | None, str] | None:
        """The value and a unit written in it: 295家, 3,350亿元, 5.5% (None after an error)."""
        text = row[self.i_val]
        try:
            value, percent = parse_number(text)
            return value, "%" if percent else ""
        except NumberError as exc:
            from targets.actuals.cellunits import value_unit

            split = value_unit(text)
            if split is not None:
                try:
                    return parse_number(split[0])[0], split[1]
                except NumberError:
                    pass
            self.sink.add(line, self.at(row, line, "value"), "bad-number", str(exc))
            return None

    def _convert(
        self, value: Decimal, given: str, unit: str, line: int, column: str | None
    ) -> Decimal | None:
        from targets.catalog.units import convert
        from targets.errors import UnitError

        try:
            return convert(value, given, unit, self.fx)
        except UnitError as exc:
            self.sink.add(line, column, "unit-mismatch", f"{exc.problems[0].message} (catalog unit {unit!r})")
            return None

    def _duplicate(
        self,
        held: tuple[Decimal | None, int, int],
        series: str | None,
        region: str | None,
        year: int,
        value: Decimal | None,
        line: int,
        column: str | None,
    ) -> None:
        prev_value, prev_file, prev_line = held
        where = f" {region}" if region else ""
        add = self.sink.add
        if prev_file != self.file:
            # the same figure in two submissions is harmless; two figures are a conflict
            if prev_value != value:
                add(
                    line,
                    column,
                    "duplicate-conflict",
                    f"{series} {year}{where} differs from {self.store.files[prev_file]}:{prev_line} "
                    f"({prev_value} there, {value} here)",
                )
        elif prev_value != value:
            add(
                line,
                column,
                "duplicate-conflict",
                f"{series} {year}{where} is given twice with different values "
                f"({prev_value} on line {prev_line}, {value} here)",
            )
        else:
            add(line, column if self.sheet else None, "duplicate", f"repeats line {prev_line}", warn=True)


def _bad_year(cell: str) -> str:
    text = unicodedata.normalize("NFKC", cell).strip()
    what = "a date" if re.fullmatch(r"\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?", text) else "not a year"
    return f"expected a four-digit year, got {cell!r} ({what})"


def _plausibility(
    value: Decimal, targets: list[Target], series: str, line: int, sink: Sink, column: str | None
) -> None:
    t = targets[0]
    if t.unit == "%" and t.target.value is not None and t.target.value >= 1 and 0 < value < 1:
        sink.add(
            line,
            column,
            "share-as-fraction",
            f"{value} looks like a fraction, but {series} is in percent "
            f"(target {t.target.value.normalize():f}%); write {value * 100:f} if that is meant",
            warn=True,
        )
    if value < 0 and t.unit in COUNTS and t.kind is not Kind.change_by:
        sink.add(line, column, "negative-count", f"a count cannot be negative: {value}")


def read_table(
    rows: Iterable[tuple[int, list[str]]],
    store: Actuals,
    sink: Sink,
    res: Resolver,
    cols: dict[str, int],
    fx: dict[str, Decimal] | None,
    sheet: str | None = None,
    more_outside: int = 0,
) -> None:
    """Read data rows (after the header) into `store`; raise ActualsError if any row is wrong.
    `more_outside`: year-outside-period warnings counted elsewhere (by the DuckDB engine)."""
    TableReader(store, sink, res, cols, fx, sheet).read(iter(rows))
    if more_outside:
        sink.count("year-outside-period", more_outside, "warning")
    problems = sink.finish()
    if sink.errors:
        raise ActualsError(problems)
