"""Deterministic renderers: Report -> text / markdown / csv / json strings. Rounding happens here only."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext

from targets.models import STATUS_ZH, Path, Report, Result, Status
from targets.safe import md_cell, visible

LABELS_EN = {
    Status.achieved: "achieved",
    Status.ahead: "ahead",
    Status.on_track: "on track",
    Status.behind: "behind",
    Status.far_behind: "far behind",
    Status.moving_away: "moving away",
    Status.fallen_back: "fallen back",
    Status.missed: "missed",
    Status.not_assessable: "not assessable",
    Status.no_data: "no data",
}
ATTR = {
    "zh": {"expected": "预期性", "binding": "约束性", "unstated": "—"},
    "en": {"expected": "expected", "binding": "binding", "unstated": "-"},
}
HEADERS = {
    "zh": [
        "指标",
        "单位",
        "基期值",
        "目标值",
        "当前值",
        "完成进度",
        "时间进度",
        "年均需增长/增加",
        "评价",
    ],
    "en": [
        "Indicator",
        "Unit",
        "Baseline",
        "Target",
        "Actual",
        "Progress",
        "Time",
        "Required/yr",
        "Status",
    ],
}
COUNT_WORDS = {
    "zh": "共{total}项目标：{parts}。",
    "en": "{total} targets: {parts}.",
}


def width(text: str) -> int:
    """Display width in a monospace terminal: CJK wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, cols: int) -> str:
    return text + " " * (cols - width(text))


def places_of(*values: Decimal | None) -> int:
    """Decimal places as printed: the most any of the plan's or the actual's values has."""
    best = 0
    for v in values:
        if v is None:
            continue
        exp = v.normalize().as_tuple().exponent
        if isinstance(exp, int) and exp < 0:
            best = max(best, -exp)
    return min(best, 4)


def fmt_num(value: Decimal | None, places: int) -> str:
    if value is None:
        return "—"
    if value != 0 and abs(value.adjusted()) > 15:  # absurd magnitudes: say so, compactly
        return f"{value:.3E}"
    with localcontext() as ctx:
        ctx.prec = 60
        return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"


def fmt_pct(value: Decimal | None, places: int = 1, signed: bool = False) -> str:
    if value is None:
        return "—"
    text = fmt_num(value * 100, places)
    if signed and not text.startswith("-"):
        text = "+" + text
    return text + "%"


def status_label(r: Result, lang: str) -> str:
    """未完成（2023年实现） / missed (reached in 2023): a late achievement shows in every format."""
    if lang == "zh":
        return r.label
    text = LABELS_EN[r.status]
    return f"{text} (reached in {r.reached_in})" if r.reached_in is not None else text


def reason_of(r: Result, lang: str) -> str | None:
    """The reason a result was not judged, in the report's language (the JSON keeps the code)."""
    from targets.evaluate.reasons import reason_text

    if lang == "zh" and r.reason_code is not None:
        return reason_text(r.reason_code, r.reason_args, "zh") or r.reason
    return r.reason


def row_cells(r: Result, lang: str) -> list[str]:
    """The cells of one result, as every human-readable format shows them."""
    places = places_of(r.baseline, r.target, r.actual, r.target_high)
    name = r.name + (f"（{r.region}）" if r.region else "")
    return [
        name,
        r.unit or "—",
        fmt_base(r, lang),
        _target_cell(r, lang, places),
        _actual_cell(r, lang, places),
        fmt_pct(r.progress),
        fmt_pct(r.time_elapsed),
        fmt_required(r, lang),
        status_label(r, lang),
    ]


def _target_cell(r: Result, lang: str, places: int) -> str:
    if r.target is None:
        target = _rule_text(r.target_rule, lang)
    elif r.target_high is not None:
        target = f"{fmt_num(r.target, places)}–{fmt_num(r.target_high, places)}"
    else:
        target = fmt_num(r.target, places)
    if r.target_year == "annual":
        return target + (" (每年)" if lang == "zh" else " (annual)")
    return target + f" ({r.target_year})"


def _actual_cell(r: Result, lang: str, places: int) -> str:
    if r.path is Path.cumulative and r.cumulative_sum is not None:
        return f"{fmt_num(r.cumulative_sum, places)} ({'累计至' if lang == 'zh' else 'sum to '}{r.year})"
    if r.actual is None:
        return "—"
    return f"{fmt_num(r.actual, places_of(r.actual, r.baseline, r.target))} ({r.year})"


def fmt_base(r: Result, lang: str) -> str:
    """The baseline with its year, or a previous period's total with its span: never a bare 0.00."""
    if r.baseline is not None and r.baseline_year is not None:
        places = places_of(r.baseline, r.target, r.actual, r.target_high)
        return f"{fmt_num(r.baseline, places)} ({r.baseline_year})"
    if r.previous_value is not None and r.previous_years:
        span = r.previous_years.replace("-", "—")
        word = "累计" if lang == "zh" else " total"
        text = f"[{fmt_num(r.previous_value, places_of(r.previous_value, r.target))}]"
        return f"{text}（{span}{word}）" if lang == "zh" else f"{text} ({span}{word})"
    return "—"


# How a required change is said per unit: a share's change is in percentage points.
_POINTS = {"zh": "个百分点", "en": " pp"}
_PER_YEAR = {"zh": "/年", "en": "/yr"}


def required_places(r: Result) -> int:
    """The one precision rule of required values: the plan's decimals plus two (at most four)."""
    plan_base = r.baseline if r.baseline_from == "plan" else None
    return min(places_of(plan_base, r.target, r.target_high) + 2, 4)


def fmt_change(value: Decimal, places: int) -> str:
    """A signed change at `places` decimals, trailing zeros dropped down to two (+9.70, +0.067)."""
    text = fmt_num(value, places)
    if "." in text and places > 2:
        whole, frac = text.split(".")
        frac = frac.rstrip("0").ljust(2, "0")
        text = f"{whole}.{frac}"
    return text if text.startswith("-") else "+" + text


def fmt_required(r: Result, lang: str) -> str:
    """What the remaining years need, with its unit and period: +10.45%/年, +0.29个百分点/年,
    +9.70亿美元/年; — when nothing is required (achieved, no data, or past the target year)."""
    per_year = _PER_YEAR[lang]
    if r.status in (Status.achieved, Status.no_data):
        return "—"
    if r.required_annual_growth is not None:
        return fmt_pct(r.required_annual_growth, 2, signed=True) + per_year
    if r.required_annual_change is None:
        return "—"
    text = fmt_change(r.required_annual_change, required_places(r))
    if r.unit in ("%", "％"):
        unit = _POINTS[lang]
    elif r.unit:
        unit = r.unit
    else:
        unit = ""
    return text + unit + per_year


def _rule_text(rule: str | None, lang: str) -> str:
    if rule is None:
        return "—"
    if rule in ("up", "down"):
        return {"zh": {"up": "提升", "down": "下降"}, "en": {"up": "rise", "down": "fall"}}[lang][rule]
    if rule.endswith("%/yr"):
        return ("年均" + rule[:-3]) if lang == "zh" else rule
    if rule.startswith("x"):
        return ("倍数 " if lang == "zh" else "") + "×" + rule[1:]
    return rule


def summary_line(report: Report, lang: str) -> str:
    parts = []
    for s in Status:
        n = report.summary.by_status.get(s.value, 0)
        if n:
            label = LABELS_EN[s] if lang == "en" else STATUS_ZH[s]
            parts.append(f"{label} {n}")
    sep = "，" if lang == "zh" else ", "
    return COUNT_WORDS[lang].format(total=report.summary.total, parts=sep.join(parts))


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain table aligned for a monospace font, CJK counted as two columns; never wraps.
    Control and bidi characters in cells are shown as escapes (safe.visible)."""
    rows = [[visible(c) for c in r] for r in rows]
    cols = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(pad(h, cols[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * c for c in cols))
    lines += ["  ".join(pad(c, cols[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    return "\n".join(lines)


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A markdown table; cells through safe.md_cell (HTML and pipes escaped, line ends folded)."""
    out = ["| " + " | ".join(md_cell(h) for h in headers) + " |"]
    out.append("|" + "|".join("---" for _ in headers) + "|")
    out += ["| " + " | ".join(md_cell(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def _grouped(report: Report) -> dict[str, list[Result]]:
    groups: dict[str, list[Result]] = {}
    for r in report.results:
        groups.setdefault(r.plan, []).append(r)
    return groups


def render_text(report: Report, lang: str = "zh", markdown: bool = False) -> str:
    table = md_table if markdown else text_table
    head = "# " if markdown else ""
    if report.as_of is None:
        title = "规划目标监测（尚无实际值）" if lang == "zh" else "Plan targets (no actual values yet)"
    else:
        title = (
            f"规划目标监测（数据截至{report.as_of}年）"
            if lang == "zh"
            else f"Plan targets, data to {report.as_of}"
        )
    out = [f"{head}{title}", "", summary_line(report, lang), ""]
    for plan, results in _grouped(report).items():
        out.append(f"{'## ' if markdown else ''}{plan}")
        out.append("")
        out.append(table(HEADERS[lang], [row_cells(r, lang) for r in results]))
        out.append("")
        remarks = remarks_of(results, lang)
        if remarks:  # names and regions come from the input: escaped as the table's cells are
            out.extend(md_line(line) if markdown else visible(line) for line in remarks)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def md_line(text: str) -> str:
    """A markdown line of text from the input: as a table cell, but a pipe needs no escape."""
    return md_cell(text).replace("\\|", "|")


def remarks_of(results: Sequence[Result], lang: str) -> list[str]:
    """Why targets could not be judged (not when they only lack data), under the plan's table."""
    head = "说明：" if lang == "zh" else "Notes:"
    lines = []
    for r in results:
        reason = reason_of(r, lang) if r.status is not Status.no_data else None
        if reason:
            year = f"（{r.target_year}）" if lang == "zh" else f" ({r.target_year})"
            name = r.name + (f"（{r.region}）" if r.region else "") + year
            lines.append(f"- {name}：{reason}" if lang == "zh" else f"- {name}: {reason}")
    return [head, *lines] if lines else []


def render_json(report: Report) -> str:
    from targets.report.export import render_json as _render

    return _render(report)


def render_csv(report: Report) -> str:
    from targets.report.export import render_csv as _render

    return _render(report)
