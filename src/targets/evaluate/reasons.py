"""Why a target could not be judged: a stable `reason_code` and its text in English and Chinese.

The English text goes into `Result.reason` (and the JSON report); renderers say it in Chinese
under `--lang zh` from the code and its arguments."""

from __future__ import annotations

from typing import Any

REASONS: dict[str, tuple[str, str]] = {
    "no_data": ("no actual value for this indicator{upto}", "该指标{upto_zh}无实际值"),
    "no_target_year_value": (
        "no value for the target year {target_year}; the latest earlier value ({year}) does not meet "
        "the target",
        "目标年（{target_year}年）无数据，此前最新值（{year}年）未达到目标",
    ),
    "no_value_up_to_target_year": (
        "no value for the target year {target_year} or any year before it",
        "目标年（{target_year}年）及以前均无数据",
    ),
    "region_needs_target": (
        "the target is set for {scope}; give a regional target in the catalog",
        "目标针对{scope}设定；请在目录中为本区域给出目标（regions:）",
    ),
    "no_base_value": (
        "the target is set relative to {base_year}, and neither the plan nor the data gives the "
        "value of {base_year}",
        "目标以{base_year}年为基数，规划和数据均未给出{base_year}年数值",
    ),
    "no_baseline": (
        "no baseline: the plan gives none, and the data has no value for {base_year} nor for a later "
        "year before {year}",
        "无基期值：规划未给出，数据中{base_year}年及其后、{year}年以前均无数值",
    ),
    "not_after_baseline": (
        "the data year {year} is not after the baseline year {base_year}",
        "数据年份（{year}年）不晚于基期（{base_year}年）",
    ),
    "target_equals_baseline": (
        "the target equals the baseline: progress is undefined",
        "目标值等于基期值，无法计算完成进度",
    ),
    "before_window": (
        "the data year {year} is before the cumulative period {start}—{end}",
        "数据年份（{year}年）早于累计期{start}—{end}年",
    ),
    "flows_missing": (
        "flows missing for {years}: the cumulative sum is incomplete",
        "缺少{years}年的数值，累计值不完整",
    ),
    "too_few_years": (
        "a direction-only target needs values for two years",
        "方向性目标至少需要两个年份的数据",
    ),
    "no_rate_in_period": (
        "no yearly rate in the plan period up to {year}",
        "规划期内截至{year}年无年度数值",
    ),
}


def reason_text(code: str | None, args: dict[str, Any] | None, lang: str = "en") -> str | None:
    """The reason in English or Chinese; None when there is none."""
    if code is None or code not in REASONS:
        return None
    en, zh = REASONS[code]
    return (zh if lang == "zh" else en).format(**(args or {}))
