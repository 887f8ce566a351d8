"""The columns an actuals table may have, by the spellings of their headers."""

from __future__ import annotations

import re

# Header spellings (normalised: NFKC, lower case, no spaces) of the columns the readers know.
ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "id", "指标", "指标名称", "指标代码", "series", "项目", "项目名称"),
    "year": ("year", "年份", "年度", "年"),
    "value": ("value", "数值", "值", "实际值", "完成值"),
    "unit": ("unit", "单位", "计量单位"),
    "region": ("region", "地区", "区域", "区县", "行政区划"),
    "note": ("note", "备注", "说明"),
    "source": ("source", "来源", "数据来源"),
    "name": ("name", "名称"),
    "plan": ("plan", "规划"),
}

_CELL = re.compile(r"(?:^|!)([A-Z]{1,3})[0-9]+$")  # a cell reference: D7, Sheet1!D7


def column_number(column: str | None, positions: dict[str, int]) -> int | None:
    """The 1-based column a message points at: of a cell (Sheet1!D7, D7), or of a field (a CSV
    column's name) by its 0-based position in the table."""
    if not column:
        return None
    cell = _CELL.search(column)
    if cell is not None:
        n = 0
        for ch in cell.group(1):
            n = n * 26 + ord(ch) - 64
        return n
    at = positions.get(column)
    return None if at is None else at + 1
