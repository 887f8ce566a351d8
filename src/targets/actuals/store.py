"""The observations of a check, kept compactly and grouped by (series, region) for evaluation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from targets.models import Observation

GroupKey = tuple[str, str | None]  # (series, region)


class Actuals:
    """Observed values grouped by (series, region), as evaluation reads them.

    A national roll-up holds millions of rows, so a group keeps its rows as one short string
    (";year value file line" per row) until it is evaluated: about 25 bytes a row instead of
    about 250 for objects. Iterating yields Observation objects.
    """

    __slots__ = ("_by_series", "_groups", "confirmed", "count", "files", "latest_year")

    def __init__(self) -> None:
        self._groups: dict[GroupKey, str] = {}
        self._by_series: dict[str, list[str | None]] | None = None
        self.files: list[str] = []
        self.count = 0
        self.latest_year: int | None = None  # the latest year with a value (not a 'missing' mark)
        # (file index, line) of rows whose note confirms a genuine jump (actuals/audit.py)
        self.confirmed: set[tuple[int, int]] = set()

    def file_index(self, name: str) -> int:
        self.files.append(name)
        return len(self.files) - 1

    def add(
        self, key: GroupKey, year: int, value: Decimal | None, file: int, line: int
    ) -> tuple[Decimal | None, int, int] | None:
        """Add one row; if the group already has `year`, add nothing and return the
        (value, file index, line) already there."""
        dupes = self.add_many([key], [year], ["" if value is None else str(value)], file, [line])
        return dupes[0][1] if dupes else None

    def add_many(
        self,
        keys: list[GroupKey],
        years: list[int],
        values: Iterable[str],
        file: int,
        lines: Iterable[int],
    ) -> list[tuple[int, tuple[Decimal | None, int, int]]]:
        """Add rows whose values are exact decimal text ('' for not reported); return
        (position, what the store already had) for each row whose year a group already has."""
        groups = self._groups
        dupes: list[tuple[int, tuple[Decimal | None, int, int]]] = []
        added = 0
        for i, (key, year, value, line) in enumerate(zip(keys, years, values, lines, strict=True)):
            record = f";{year} {value} {file} {line}"
            held = groups.get(key)
            if held is None:
                groups[key] = record
            elif f";{year} " in held:
                at = held.find(f";{year} ")
                end = held.find(";", at + 1)
                _, v, f, n = held[at + 1 : end if end >= 0 else None].split(" ")
                dupes.append((i, ((Decimal(v) if v else None), int(f), int(n))))
                continue
            else:
                groups[key] = held + record
            added += 1
            if value and (self.latest_year is None or year > self.latest_year):
                self.latest_year = year
        self.count += added
        return dupes

    def group_keys(self) -> list[GroupKey]:
        return list(self._groups)

    def series_groups(
        self, series: str
    ) -> Iterator[tuple[str | None, dict[int, Decimal | None], dict[int, tuple[str | None, int | None]]]]:
        """(region, {year: value}, {year: (file, line)}) for each region reporting `series`:
        no region first, then by region name, as evaluation reads them."""
        if self._by_series is None or sum(map(len, self._by_series.values())) != len(self._groups):
            by_series: dict[str, list[str | None]] = {}
            for s, region in sorted(self._groups, key=lambda k: (k[0], k[1] is not None, k[1] or "")):
                by_series.setdefault(s, []).append(region)
            self._by_series = by_series
        for region in self._by_series.get(series, ()):
            values, where = self.group_where((series, region))
            yield region, values, where

    def group(self, key: GroupKey) -> dict[int, Decimal | None]:
        """{year: value} of one (series, region); {} when nothing was reported."""
        held = self._groups.get(key)
        if held is None:
            return {}
        out: dict[int, Decimal | None] = {}
        for record in held[1:].split(";"):
            y, v, _, _ = record.split(" ")
            out[int(y)] = Decimal(v) if v else None
        return out

    def group_where(
        self, key: GroupKey
    ) -> tuple[dict[int, Decimal | None], dict[int, tuple[str | None, int | None]]]:
        """`group` and, for each year, the file and line it was read from, in one pass."""
        held = self._groups.get(key)
        values: dict[int, Decimal | None] = {}
        where: dict[int, tuple[str | None, int | None]] = {}
        if held is None:
            return values, where
        files = self.files
        for record in held[1:].split(";"):
            y, v, f, n = record.split(" ")
            year = int(y)
            values[year] = Decimal(v) if v else None
            where[year] = files[int(f)], int(n) or None
        return values, where

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Observation]:
        for (series, region), held in self._groups.items():
            for record in held[1:].split(";"):
                y, v, f, n = record.split(" ")
                yield Observation(
                    series=series,
                    year=int(y),
                    value=Decimal(v) if v else None,
                    region=region,
                    file=self.files[int(f)],
                    line=int(n) or None,
                )

    @classmethod
    def of(cls, observations: Iterable[Observation]) -> Actuals:
        """Group observations built by hand (tests, other readers); the first of a year wins."""
        if isinstance(observations, Actuals):
            return observations
        store = cls()
        files: dict[str, int] = {}
        for o in observations:
            fi = files.get(o.file)
            if fi is None:
                fi = files[o.file] = store.file_index(o.file)
            store.add((o.series, o.region), o.year, o.value, fi, o.line or 0)
        return store
