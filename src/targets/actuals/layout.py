"""Which layout a grid of cells has, and its observations as long rows; pure, no files.

Statisticians keep actuals in three shapes: long (one row per indicator and year), wide (one
row per indicator, one column per year) and wide with a two-row header (a year merged over
`绝对值 | 比上年增长%`). Above the header there may be titles, a `单位：亿元` line and blank
rows; below it notes (`注：…`, `资料来源：…`). Columns that carry a year but hold targets or
plans (`2025年目标`) are never read as actuals, nor growth columns as levels.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from targets.actuals.cellunits import looks_like_unit, name_unit, value_unit
from targets.actuals.columns import ALIASES
from targets.actuals.headers import (
    Col,
    roles_of,
    sub_header,
    wide_columns,
    year_anywhere,
    year_of,
)

Rows = list[tuple[int, list[str]]]
Where = Callable[[int, int], str]  # (line, 0-based column) -> how messages name that cell
LONG_FIELDS = ("indicator", "year", "value", "unit", "region", "note", "ref")
MAX_HEADER_SEARCH = 30  # non-blank rows looked at for a header

_NOTE = re.compile(
    # not a bare 注…: 注册企业数 is an indicator
    r"^(?:注|附注|说明|备注|资料来源|数据来源|来源|source|note)\s*[:：\d、.]|^(?:资料来源|数据来源)"
    r"|^(?:填报单位|填报人|填表人|制表人?|审核人?|单位负责人|统计负责人|负责人|联系电话|联系人|报出日期|填报日期)\s*[:：]",
    re.IGNORECASE,
)
_UNIT_LINE = re.compile(r"^(?:单位|计量单位)\s*[:：]\s*(\S+)$")


class LayoutError(Exception):
    """The grid cannot be read with certainty; the message says which option resolves it."""

    def __init__(self, line: int | None, column: int | None, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


@dataclass
class Table:
    """A grid read as a table: its layout, where the header is, and the long rows to check."""

    kind: str  # "long" or "wide"
    header_line: int
    header: list[str]
    rows: Rows
    notice: str
    warnings: list[tuple[int, int, str]] = field(default_factory=list)  # (line, column, message)


def _blank(row: list[str]) -> bool:
    return not any(c.strip() for c in row)


def is_note(row: list[str]) -> bool:
    """A note under the table: its first filled cell starts 注：, 资料来源：…, and little follows
    it, or a signature line (填报人：… | 审核人：… | 报出日期：…)."""
    filled = [unicodedata.normalize("NFKC", c).strip() for c in row if c.strip()]
    if not filled or _NOTE.match(filled[0]) is None:
        return False
    return len(filled) <= 2 or all(":" in c for c in filled)


@dataclass
class _Header:
    kind: str
    line: int
    at: int  # position in rows
    rows_used: int  # 1 or 2
    cols: list[Col] = field(default_factory=list)
    name_col: int = 0


def _name_column(cols: list[Col]) -> int | None:
    """The indicator column of a wide header: by its name, else the first column left of the
    years that is not a unit, region or note column."""
    first_year = min((c.index for c in cols if c.role == "level"), default=0)
    named = [c.index for c in cols if c.role == "indicator"]
    if named:
        return named[0]
    free = [c.index for c in cols[:first_year] if c.role in ("other", "name", "blank")]
    return free[0] if free else None


def _try_header(rows: Rows, at: int, layout: str | None) -> _Header | None:
    line, row = rows[at]
    roles = roles_of(row)
    long_ok = all(k in roles for k in ("indicator", "year", "value"))
    nxt = rows[at + 1][1] if at + 1 < len(rows) else None
    two = nxt is not None and _two_rows(row, nxt)
    cols = wide_columns(row if two else None, nxt if two and nxt is not None else row)
    years = [c for c in cols if c.role == "level"]
    wide_ok = bool(years) and "year" not in roles
    if layout == "long":
        return _Header("long", line, at, 1) if long_ok else None
    if layout == "wide":
        name = _name_column(cols)
        return (
            _Header("wide", line, at, 2 if two else 1, cols, name) if wide_ok and name is not None else None
        )
    if long_ok:
        return _Header("long", line, at, 1)
    # a wide header names its indicator column (指标, 项目) or leaves that corner blank; a data
    # row with a year in it (gx-open-14th.trade-total, 2023, 亿元) is neither
    name = _name_column(cols)
    if wide_ok and name is not None and ("indicator" in roles or two or cols[name].role == "blank"):
        return _Header("wide", line, at, 2 if two else 1, cols, name)
    return None


def _two_rows(upper: list[str], lower: list[str]) -> bool:
    """Whether `upper` and `lower` are one header: the lower row holds sub-labels, and the upper
    row names columns or years (a title or a 填报单位 line above a header does neither)."""
    if not sub_header(lower) or "indicator" in roles_of(lower):
        return False
    return bool(roles_of(upper)) or any(year_anywhere(c) for c in upper)


def _find_header(rows: Rows, header_row: int | None, layout: str | None) -> _Header:
    if header_row is not None:
        at = next((i for i, (line, _) in enumerate(rows) if line == header_row), None)
        if at is None:
            raise LayoutError(
                header_row, None, f"--header-row {header_row}: that row is blank or beyond the table"
            )
        found = _try_header(rows, at, layout)
        if found is None:
            what = f"a {layout} header" if layout else "a header"
            hint = _looks_wide(rows[at][1], layout)
            raise LayoutError(header_row, None, f"row {header_row} is not {what}: {_expected(layout)}{hint}")
        return found
    for at in range(min(len(rows), MAX_HEADER_SEARCH)):
        found = _try_header(rows, at, layout)
        if found is not None:
            return found
        line, row = rows[at]
        roles = roles_of(row)
        if layout != "wide" and len(roles.keys() & {"indicator", "year", "value", "unit", "region"}) >= 2:
            # a long header with a column missing
            raise LayoutError(line, None, _missing(row, roles) + _looks_wide(row, layout))
    line, row = rows[0] if rows else (1, [])
    hint = "name the header with --header-row N (and the layout with --layout long|wide)"
    if layout != "wide":
        raise LayoutError(
            line,
            None,
            f"{_missing(row, roles_of(row))}; or, for a wide table, {_expected('wide')}: {hint}"
            + _looks_wide(row, layout),
        )
    raise LayoutError(
        line, None, f"no header row found in the first {MAX_HEADER_SEARCH} rows: {_expected(layout)}; {hint}"
    )


def _missing(row: list[str], roles: dict[str, int]) -> str:
    missing = [c for c in ("indicator", "year", "value") if c not in roles]
    expected = "; ".join(f"{c} ({'/'.join(ALIASES[c][:3])})" for c in missing)
    return f"missing column(s): {expected}; found {row!r}"


def _looks_wide(row: list[str], layout: str | None) -> str:
    """A hint when --layout long was given for a header with year columns (2021年 | 2022年)."""
    years = [c for c in row if year_of(c) is not None]
    if layout != "long" or not years:
        return ""
    return (
        f"; the sheet looks wide (year columns {', '.join(repr(y) for y in years)}): "
        "try --layout wide, or leave --layout out to detect it"
    )


def _expected(layout: str | None) -> str:
    long = "indicator, year and value columns (指标, 年份, 数值)"
    wide = "an indicator column (指标名称) and year columns (2024, 2024年, 2024年实际)"
    return {"long": f"expected {long}", "wide": f"expected {wide}"}.get(
        layout or "", f"expected {long}, or {wide}"
    )


def read_layout(
    rows: Rows, where: Where, *, header_row: int | None = None, layout: str | None = None
) -> Table:
    """Find the header, skip titles above and notes below, and return the long rows."""
    rows = [(n, r) for n, r in rows if not _blank(r)]
    if not rows:
        raise LayoutError(1, None, "the table is empty")
    head = _find_header(rows, header_row, layout)
    above = rows[: head.at]
    body = rows[head.at + head.rows_used :]
    notes = [n for n, r in body if is_note(r)]
    body = [(n, r) for n, r in body if not is_note(r)]
    skipped = _skipped(above, notes)
    unit = _table_unit(above)
    if head.kind == "long":
        header = rows[head.at][1]
        roles = roles_of(header)
        if unit and "unit" not in roles:
            header = [*header, "unit"]
            body = [(n, [*r, *[""] * (len(header) - 1 - len(r)), _fallback(unit, r, roles)]) for n, r in body]
        notice = f"long layout, header row {head.line}{skipped}"
        return Table("long", head.line, header, body, notice)
    return _wide(head, body, where, unit, skipped)


def _skipped(above: Rows, notes: list[int]) -> str:
    parts = []
    if above:
        parts.append(f"title rows {_span([n for n, _ in above])}")
    if notes:
        parts.append(f"notes {_span(notes)}")
    return f"; skipped {', '.join(parts)}" if parts else ""


def _span(lines: list[int]) -> str:
    return str(lines[0]) if len(lines) == 1 else f"{lines[0]}-{lines[-1]}"


def _fallback(unit: str, row: list[str], roles: dict[str, int]) -> str:
    """A `单位：亿元` line above the table is the unit of rows that write none of their own."""
    cell = _getter(row)
    name, value = cell(roles.get("indicator", -1)), cell(roles.get("value", -1)).strip()
    if name_unit(name) or value_unit(value) or value.endswith(("%", "％")):
        return ""
    return unit


def _table_unit(above: Rows) -> str | None:
    for _, row in above:
        for cell in row:
            m = _UNIT_LINE.match(unicodedata.normalize("NFKC", cell).strip())
            if m and looks_like_unit(m.group(1)):  # not 单位：见表, 单位：万元、家
                return m.group(1)
    return None


def _wide(head: _Header, body: Rows, where: Where, unit: str | None, skipped: str) -> Table:
    cols = head.cols
    role = {c.role: c.index for c in reversed(cols) if c.role in ALIASES}
    name_col = head.name_col
    levels = [c for c in cols if c.role == "level" and c.index != name_col]
    seen: dict[int, Col] = {}
    for c in levels:
        if c.year in seen:
            raise LayoutError(
                head.line,
                c.index,
                f"two columns for {c.year} ({seen[c.year].label!r} and {c.label!r}): "
                "keep one, or mark the other as a target (2025年目标)",
            )
        seen[c.year or 0] = c
    growth = {c.year: c for c in cols if c.role == "growth"}
    out: Rows = []
    warnings: list[tuple[int, int, str]] = []
    hline = head.line + head.rows_used - 1
    for line, row in body:
        cell = _getter(row)
        name = cell(name_col)
        if not name.strip():
            continue
        region, note = cell(role.get("region", -1)), cell(role.get("note", -1))
        for c in levels:
            value = cell(c.index)
            if not value.strip():
                continue
            given = cell(role["unit"]) if "unit" in role else ""
            if unit and "unit" not in role:
                given = _fallback(unit, [name, value], {"indicator": 0, "value": 1})
            refs = "\t".join(
                [
                    where(line, name_col),
                    where(head.line, c.index),
                    where(line, c.index),
                    where(line, role.get("unit", -1)) if "unit" in role else "",
                ]
            )
            out.append((line, [name, str(c.year), value, given, region, note, refs]))
        warnings.extend(_cross_check(line, row, levels, growth, where))
    years = sorted(c.year for c in levels if c.year is not None)
    extra = [c for c in cols if c.role in ("target", "growth")]
    kinds = "two-row header, " if head.rows_used == 2 else ""
    ignored = (
        f"; not read as actuals: {', '.join(repr(c.label.replace('|', ' ')) for c in extra)}" if extra else ""
    )
    notice = f"wide layout ({kinds}years {_span(years)}), header row {head.line}{ignored}{skipped}"
    return Table("wide", hline, list(LONG_FIELDS), out, notice, warnings)


def _getter(row: list[str]) -> Callable[[int], str]:
    return lambda i: row[i] if 0 <= i < len(row) else ""


def _number(text: str) -> Decimal | None:
    s = unicodedata.normalize("NFKC", text).strip().replace(",", "").rstrip("%")
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _cross_check(
    line: int, row: list[str], levels: list[Col], growth: dict[int | None, Col], where: Where
) -> list[tuple[int, int, str]]:
    """A reported growth far from the one the levels give is worth a look, not an error
    (growth at comparable prices differs from nominal levels)."""
    out = []
    cell = _getter(row)
    by_year = {c.year: _number(cell(c.index)) for c in levels}
    for year, col in growth.items():
        if year is None:
            continue
        reported = _number(cell(col.index))
        now, before = by_year.get(year), by_year.get(year - 1)
        if reported is None or now is None or not before:
            continue
        implied = (now / before - 1) * 100
        if abs(implied - reported) > Decimal("0.5"):
            out.append(
                (
                    line,
                    col.index,
                    f"reported growth {reported}% for {year} differs from the {implied:.1f}% the levels give "
                    f"({before} -> {now}); growth at comparable prices may differ from nominal levels",
                )
            )
    return out
