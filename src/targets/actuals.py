"""Reading actuals: CSV bytes from Chinese Excel -> Observations in the catalog's units."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path as FsPath

from .errors import ActualsError, Problem, UnitError
from .models import Catalog, Kind, Observation, Target

# Header spellings accepted for each column (normalised: NFKC, lower case, no spaces).
COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "id", "指标", "指标名称", "指标代码", "series"),
    "year": ("year", "年份", "年度", "年"),
    "value": ("value", "数值", "值", "实际值", "完成值"),
    "unit": ("unit", "单位", "计量单位"),
    "region": ("region", "地区", "区域", "区县", "行政区划"),
    "note": ("note", "备注", "说明"),
    "source": ("source", "来源", "数据来源"),
}
REQUIRED = ("indicator", "year", "value")
MISSING_MARKS = frozenset({"", "-", "--", "—", "——", "/", "－", "n/a", "na", "…", "...", "缺", "无"})
_PLAIN = re.compile(r"[-+]?\d+(?:\.\d+)?")
_GROUPED = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_SCI = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)[eE][-+]?\d+")
_YEAR = re.compile(r"(\d{4})(?:年度?)?")
_EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!")
AddProblem = Callable[..., None]
MAX_ABS = Decimal("1e15")  # beyond any statistic a plan tracks; guards against 1e308


class NumberError(ValueError):
    """A cell that is not a number; the message says what it is instead (internal)."""


def parse_number(text: str) -> tuple[Decimal | None, bool]:
    """A cell -> (Decimal or None for 'not reported', had a % sign). Raises NumberError."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = s.replace("\u2212", "-").replace("\u2013", "-").replace(" ", "").replace("\u00a0", "")
    if s.lower() in MISSING_MARKS or text.strip() in MISSING_MARKS:
        return None, False
    if s.startswith("="):
        raise NumberError(f"a spreadsheet formula ({s!r}), not a value: paste values only")
    if s.upper() in _EXCEL_ERRORS:
        raise NumberError(f"an Excel error value ({s}), not a number")
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if _PLAIN.fullmatch(s):
        num = s
    elif _GROUPED.fullmatch(s):
        num = s.replace(",", "")
    elif "," in s:
        raise NumberError(f"ambiguous number {text.strip()!r}: a comma must separate groups of three digits")
    elif _SCI.fullmatch(s):
        num = s
    else:
        raise NumberError(f"expected a number, got {text.strip()!r}")
    try:
        value = Decimal(num)
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid literals
        raise NumberError(f"expected a number, got {text.strip()!r}") from None
    if not value.is_finite() or abs(value) > MAX_ABS:
        raise NumberError(f"number out of range: {text.strip()!r}")
    return value, percent


def _line_at(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    odd, even = sample[1::2], sample[0::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> bool:
    good = bad = 0
    for raw in data.split(b"\n"):
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad += 1
    return good >= bad > 0


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Bytes -> text: BOM first (UTF-8, UTF-16), then strict UTF-8, then GB18030."""

    def fail(message: str, line: int | None = None) -> ActualsError:
        return ActualsError([Problem(file=source, line=line, code="encoding", message=message)])

    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise fail(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise fail(f"not valid {encoding} at byte {exc.start}", _line_at(data, exc.start)) from None
        except (UnicodeError, ValueError, TypeError) as exc:  # codecs such as punycode, idna
            raise fail(f"cannot decode with {encoding!r}: {type(exc).__name__}") from None
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[3:].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise fail(
            "the file has a byte-order mark but is not valid in that encoding",
            _line_at(data, exc.start),
        ) from None
    if b"\x00" in data[:4096]:
        wide = _looks_utf16(data)
        if wide:
            raise fail(f"looks like UTF-16 without a byte-order mark; give --encoding {wide}")
        raise fail("binary data, not a CSV text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _mostly_utf8(data):
        # Most non-ASCII lines are valid UTF-8: a UTF-8 file with a bad line, not a GBK file;
        # decoding it all as GB18030 would only produce mojibake.
        raise fail(
            "not valid UTF-8 here, although the lines before are UTF-8 (mixed encodings?); "
            "save the whole file as UTF-8",
            _line_at(data, utf8_error.start),
        )
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise fail(
            "neither UTF-8 nor GB18030/GBK; give the encoding with --encoding (e.g. --encoding big5)",
            _line_at(data, exc.start),
        ) from None
    pua = next((k for k, ch in enumerate(text) if "\ue000" <= ch <= "\uf8ff"), None)
    if pua is not None:
        # Big5 and other encodings decode as GB18030 without error but land in the
        # private use area; a real GBK export never does.
        raise fail(
            "decoded as GB18030 this gives private-use characters: probably another encoding; "
            "give it with --encoding (e.g. --encoding big5)",
            text[:pua].count("\n") + 1,
        )
    return text


@dataclass
class Resolver:
    """Maps what a CSV writes in its indicator column to a catalog series."""

    catalog: Catalog
    by_key: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=dict)
    series_targets: dict[str, list[Target]] = field(default_factory=dict)
    series_years: dict[str, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for plan, t in self.catalog.iter_targets():
            key = t.series_key
            self.series_targets.setdefault(key, []).append(t)
            self.by_key[key] = key
            self.by_key[t.id] = key
            self.by_name.setdefault(_norm_name(t.name), set()).add(key)
            lo = plan.base_year if plan.base_year is not None else plan.period.start - 1
            if t.baseline is not None:
                lo = min(lo, t.baseline.year)
            if t.target.base_year is not None:
                lo = min(lo, t.target.base_year)
            old = self.series_years.get(key, (lo, plan.period.end))
            self.series_years[key] = (min(old[0], lo), max(old[1], plan.period.end))

    def resolve(self, text: str) -> tuple[str | None, str | None]:
        """-> (series, None) or (None, error message)."""
        key = text.strip()
        if key in self.by_key:
            return self.by_key[key], None
        keys = self.by_name.get(_norm_name(key))
        if keys and len(keys) == 1:
            return next(iter(keys)), None
        if keys:
            listed = ", ".join(sorted(keys))
            return None, f"indicator name {key!r} is ambiguous; use one of the ids: {listed}"
        pool = list(
            dict.fromkeys([*self.by_key, *(t.name for ts in self.series_targets.values() for t in ts)])
        )
        close = difflib.get_close_matches(key, pool, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        return None, f"unknown indicator {key!r}{hint}"


def _norm_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).replace(" ", "").replace("“", '"').replace("”", '"')


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


def parse_actuals(
    text: str,
    source: str,
    catalog: Catalog,
    *,
    fx: dict[str, Decimal] | None = None,
    resolver: Resolver | None = None,
) -> tuple[list[Observation], list[Problem]]:
    """Parse one CSV text. Returns observations and warnings; raises ActualsError with every
    error of the file when any row is invalid."""
    res = resolver or Resolver(catalog)
    problems: list[Problem] = []
    observations: list[Observation] = []
    seen: dict[tuple[str, str | None, int], tuple[Decimal | None, int]] = {}

    def add(line: int | None, column: str | None, code: str, message: str, warn: bool = False) -> None:
        problems.append(
            Problem(
                file=source,
                line=line,
                column=column,
                code=code,
                message=message,
                severity="warning" if warn else "error",
            )
        )

    # newline='' keeps the csv module in charge of line ends: str.splitlines would also
    # break rows at form feeds and U+2028 inside a cell
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ActualsError([Problem(file=source, line=1, code="csv", message=f"bad CSV: {exc}")]) from None
    if header is None or not any(h.strip() for h in header):
        raise ActualsError([Problem(file=source, line=1, code="empty", message="the file is empty")])
    cols, unknown = _header_map(header)
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        expected = "; ".join(f"{c} ({'/'.join(COLUMNS[c][:3])})" for c in missing)
        raise ActualsError(
            [
                Problem(
                    file=source,
                    line=1,
                    code="header",
                    message=f"missing column(s): {expected}; found {header!r}",
                )
            ]
        )
    if unknown:
        add(1, None, "header-unknown", f"ignored unknown column(s): {', '.join(unknown)}", warn=True)

    i_ind, i_year, i_val = cols["indicator"], cols["year"], cols["value"]
    i_unit, i_reg, i_src = cols.get("unit"), cols.get("region"), cols.get("source")
    width = max(cols.values()) + 1
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < width:
                row.extend([""] * (width - len(row)))
            series, err = res.resolve(row[i_ind])
            if err:
                add(line, "indicator", "unknown-indicator", err)
                continue
            assert series is not None
            ytext = unicodedata.normalize("NFKC", row[i_year]).strip()
            m = _YEAR.fullmatch(ytext)
            if not m:
                what = "a date" if re.fullmatch(r"\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?", ytext) else "not a year"
                add(
                    line,
                    "year",
                    "bad-year",
                    f"expected a four-digit year, got {row[i_year]!r} ({what})",
                )
                continue
            year = int(m.group(1))
            try:
                value, percent = parse_number(row[i_val])
            except NumberError as exc:
                add(line, "value", "bad-number", str(exc))
                continue
            region = row[i_reg].strip() or None if i_reg is not None else None
            targets = res.series_targets[series]
            unit = targets[0].unit
            given_unit = row[i_unit].strip() if i_unit is not None else ""
            if percent and not given_unit:
                given_unit = "%"
            if value is not None:
                value, ok = _to_catalog_unit(value, given_unit, unit, fx, line, add)
                if not ok:
                    continue
                _plausibility(value, targets, series, line, add)
            lo, hi = res.series_years[series]
            if not lo <= year <= hi:
                add(
                    line,
                    "year",
                    "year-outside-period",
                    f"{year} is outside the plan period(s) of {series} ({lo}-{hi})",
                    warn=True,
                )
            key = (series, region, year)
            if key in seen:
                prev_value, prev_line = seen[key]
                if prev_value != value:
                    add(
                        line,
                        "value",
                        "duplicate-conflict",
                        f"{series} {year}{' ' + region if region else ''} is given twice with "
                        f"different values ({prev_value} on line {prev_line}, {value} here)",
                    )
                else:
                    add(line, None, "duplicate", f"repeats line {prev_line}", warn=True)
                continue
            seen[key] = (value, line)
            observations.append(
                Observation(
                    series=series,
                    year=year,
                    value=value,
                    region=region,
                    unit=unit,
                    source=row[i_src].strip() if i_src is not None else None,
                    file=source,
                    line=line,
                )
            )
    except csv.Error as exc:
        if "end of data" in str(exc):
            # the record that never ended starts after the last complete one
            add(line + 1, None, "csv", "a quoted field opened on this line is never closed")
        else:
            add(reader.line_num or line, None, "csv", f"bad CSV: {exc}")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ActualsError(problems)
    return observations, problems


def _to_catalog_unit(
    value: Decimal,
    given: str,
    unit: str | None,
    fx: dict[str, Decimal] | None,
    line: int,
    add: AddProblem,
) -> tuple[Decimal, bool]:
    if not given or unit is None or given == unit:
        return value, True
    try:
        from .units import convert

        return convert(value, given, unit, fx), True
    except UnitError as exc:
        add(line, "unit", "unit-mismatch", f"{exc.problems[0].message} (catalog unit {unit!r})")
        return value, False


def _plausibility(value: Decimal, targets: list[Target], series: str, line: int, add: AddProblem) -> None:
    t = targets[0]
    if t.unit == "%" and t.target.value is not None and t.target.value >= 1 and 0 < value < 1:
        add(
            line,
            "value",
            "share-as-fraction",
            f"{value} looks like a fraction, but {series} is in percent "
            f"(target {t.target.value.normalize():f}%); write {value * 100:f} if that is meant",
            warn=True,
        )
    if (
        value < 0
        and t.unit in ("家", "个", "项", "次", "人", "所", "座", "名")
        and t.kind is not Kind.change_by
    ):
        add(line, "value", "negative-count", f"a count cannot be negative: {value}")


def iter_csv_paths(paths: Iterable[str | FsPath]) -> list[FsPath]:
    """Files as given; a directory contributes its *.csv files in name order."""
    out: list[FsPath] = []
    for p in map(FsPath, paths):
        if p.is_dir():
            out.extend(sorted(x for x in p.iterdir() if x.suffix.lower() == ".csv" and x.is_file()))
        else:
            out.append(p)
    return out


def load_actuals(
    paths: Iterable[str | FsPath],
    catalog: Catalog,
    *,
    encoding: str | None = None,
    fx: dict[str, Decimal] | None = None,
) -> tuple[list[Observation], list[Problem]]:
    """Read every file; collect all errors of all files before raising ActualsError."""
    resolver = Resolver(catalog)
    observations: list[Observation] = []
    problems: list[Problem] = []
    failed = False
    files = iter_csv_paths(paths)
    if not files:
        raise ActualsError(
            [
                Problem(
                    file=", ".join(map(str, paths)) or "-",
                    code="no-files",
                    message="no CSV files found",
                )
            ]
        )
    seen: dict[tuple[str, str | None, int], Observation] = {}
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(file=str(path), code="io", message=f"cannot read: {exc.strerror or exc}"))
            failed = True
            continue
        try:
            text = decode(data, str(path), encoding)
            obs, warns = parse_actuals(text, str(path), catalog, fx=fx, resolver=resolver)
        except ActualsError as exc:
            problems.extend(exc.problems)
            failed = True
            continue
        problems.extend(warns)
        for o in obs:
            key = (o.series, o.region, o.year)
            prev = seen.get(key)
            if prev is not None and prev.value != o.value:
                problems.append(
                    Problem(
                        file=o.file,
                        line=o.line,
                        column="value",
                        code="duplicate-conflict",
                        message=f"{o.series} {o.year} differs from {prev.file}:{prev.line} "
                        f"({prev.value} there, {o.value} here)",
                    )
                )
                failed = True
                continue
            if prev is None:
                seen[key] = o
                observations.append(o)
    if failed:
        raise ActualsError(problems)
    return observations, problems
