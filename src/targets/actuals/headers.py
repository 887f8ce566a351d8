"""Header cells of actuals tables: which column a cell names, and what a year column holds.

A year column holds actuals (2024, 2024年, 2024年实际, 2024.0), a growth rate (比上年增长%), or
a target or plan (2025年目标, 计划); the rows of a two-row header are read together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from targets.actuals.columns import ALIASES

LOOKUP = {alias: col for col, aliases in ALIASES.items() for alias in aliases}
TARGET = re.compile(r"目标|计划|规划|预期|预计|预测|target|plan", re.IGNORECASE)
_GROWTH = re.compile(r"增长|增速|增幅|增减|同比|比上年|growth|%|％", re.IGNORECASE)
_LEVEL = re.compile(
    r"^(?:绝对值|绝对数|总量|总额|数值|数量|规模|实际|完成|实绩|实际值|完成值|实际完成|完成数|金额|本年|当年"
    r"|level|value|actual)$",
    re.IGNORECASE,
)
_YEAR_CELL = re.compile(
    r"(\d{4})(?:\.0+)?(?:年度?)?(?:1-12月|全年)?(?:实际|完成|实绩|实际值|完成值|实际完成|完成情况|数据|快报|年报)?"
    r"(?:\((?:实际|完成|快报)\))?"
)
_NUMBERISH = re.compile(r"[-+]?[\d,.]+%?")
_YEAR_IN = re.compile(r"(?<!\d)(\d{4})(?:\.0+)?(?!\d)")


@dataclass
class Col:
    index: int
    year: int | None = None
    role: str = "level"  # level, growth, target, or a key of ALIASES
    label: str = ""


def norm(cell: str) -> str:
    return unicodedata.normalize("NFKC", cell).strip().lower().replace(" ", "").replace("\u3000", "")


def year_of(cell: str) -> int | None:
    """The year a header cell stands for as an actual (2024, 2024年, 2024年实际, 2024.0), or None."""
    m = _YEAR_CELL.fullmatch(norm(cell))
    if m and 1949 <= int(m.group(1)) <= 2100:
        return int(m.group(1))
    return None


def year_anywhere(cell: str) -> int | None:
    """The one year a longer header names (2024年比上年增长%); None for none or a span of years
    (2021-2023年均增长), which is no single year's figure."""
    years = {int(y) for y in _YEAR_IN.findall(norm(cell)) if 1949 <= int(y) <= 2100}
    return years.pop() if len(years) == 1 else None


def roles_of(row: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        col = LOOKUP.get(norm(cell))
        if col is not None:
            found.setdefault(col, i)
    return found


def classify(label: str) -> Col:
    """One column header (the two rows of a two-row header joined by '|')."""
    col = Col(index=-1, label=label)
    parts = [p for p in label.split("|") if p.strip()]
    whole = "".join(norm(p) for p in parts)
    if not whole:
        col.role = "blank"
        return col
    if len(parts) == 1 and norm(parts[0]) in LOOKUP:
        col.role = LOOKUP[norm(parts[0])]
        return col
    years = [y for y in (year_of(p) for p in parts) if y is not None]
    any_year = years[0] if years else year_anywhere(whole)
    rest = [norm(p) for p in parts if year_of(p) is None]  # 绝对值, 比上年增长%, 完成率…
    col.year = any_year
    if TARGET.search(whole):
        col.role = "target"
    elif years and all(_LEVEL.match(p) for p in rest):
        col.role = "level"
    elif any_year is not None and _GROWTH.search(whole):
        col.role = "growth"
    else:
        col.role = "other"  # 完成率, 占比, a year inside a title: never a level
    return col


def wide_columns(upper: list[str] | None, lower: list[str]) -> list[Col]:
    """Columns of a wide header; `upper` is the first row of a two-row header, its year cells
    spread over the blank cells a merge leaves to their right."""
    width = max(len(lower), len(upper or []))
    lower = lower + [""] * (width - len(lower))
    labels = list(lower)
    if upper is not None:
        upper = upper + [""] * (width - len(upper))
        carried = ""
        for i in range(width):
            if upper[i].strip():
                carried = (
                    upper[i]
                    if (year_of(upper[i]) or TARGET.search(norm(upper[i])) or year_anywhere(upper[i]))
                    else ""
                )
                labels[i] = f"{upper[i]}|{lower[i]}" if lower[i].strip() else upper[i]
            elif carried and lower[i].strip():
                labels[i] = f"{carried}|{lower[i]}"
    cols = []
    for i, label in enumerate(labels):
        col = classify(label)
        col.index = i
        cols.append(col)
    return cols


def sub_header(row: list[str]) -> bool:
    """The second row of a two-row header: sub-labels (绝对值, 增长%, 目标, 完成率, years), with
    no number in it (a year column's label aside), and at least one that says what it holds."""
    filled = [norm(c) for c in row if c.strip()]
    known = [c for c in filled if _LEVEL.match(c) or _GROWTH.search(c) or year_of(c) or TARGET.search(c)]
    return bool(known) and not any(_NUMBERISH.fullmatch(c) and not year_of(c) for c in filled)
