"""The columns an actuals table may have, by the spellings of their headers."""

from __future__ import annotations

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
