"""The observations of `check --engine duckdb` (actuals/duckdb_engine.py): the plain rows held by
DuckDB (the table g_rows, sorted by series and region) and the rows read one by one in a small
store, given to evaluation series by series, as the in-memory store gives them
(evaluate.run.Grouped)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any

from targets.actuals.store import Actuals

Where = dict[int, tuple[str | None, int | None]]


class DuckActuals:
    """The observations held by DuckDB (plain rows) and in a small store (rows read one by one),
    given to evaluation series by series (see evaluate.run.Grouped)."""

    def __init__(self, con: Any, store: Actuals, files: list[str], tmp: tempfile.TemporaryDirectory[str]):
        self.con, self.store, self.files, self._tmp = con, store, files, tmp
        row = con.execute("SELECT max(year), count(*) FROM g_rows").fetchone()
        years = [y for y in (row[0], store.latest_year) if y is not None]
        self.latest_year: int | None = max(years) if years else None
        self.count = int(row[1]) + len(store)

    def __len__(self) -> int:
        return self.count

    def series_groups(self, series: str) -> Iterator[tuple[str | None, dict[int, Decimal | None], Where]]:
        local = sorted(
            (key[1] for key in self.store.group_keys() if key[0] == series),
            key=lambda r: (r is not None, r or ""),
        )
        cur = self.con.execute(
            "SELECT region, year, value, file, line FROM g_rows WHERE series = ? "
            "ORDER BY region NULLS FIRST, year",
            [series],
        )
        files = self.files
        for region, group in groupby(_fetched(cur), itemgetter(0)):
            while local and _before(local[0], region):
                yield self._local(series, local.pop(0))
            values: dict[int, Decimal | None] = {}
            where: Where = {}
            for _, year, value, file, line in group:
                values[year] = Decimal(value)
                where[year] = files[file], line
            if local and local[0] == region:
                more, more_where = self.store.group_where((series, local.pop(0)))
                values.update(more)
                where.update(more_where)
            yield region, values, where
        while local:
            yield self._local(series, local.pop(0))

    def _local(self, series: str, region: str | None) -> tuple[str | None, dict[int, Decimal | None], Where]:
        values, where = self.store.group_where((series, region))
        return region, values, where

    def close(self) -> None:
        self.con.close()
        self._tmp.cleanup()


def _fetched(cur: Any) -> Iterator[tuple[Any, ...]]:
    while batch := cur.fetchmany(65_536):
        yield from batch


def _before(a: str | None, b: str | None) -> bool:
    return (a is not None, a or "") < (b is not None, b or "")
