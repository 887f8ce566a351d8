"""Deterministic renderers: Report -> text / markdown / csv / json strings. Rounding happens here only."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext

from targets.models import STATUS_ZH, Path, Report, Result, Status

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
    return r.label if lang == "zh" else LABELS_EN[r.status]


def row_cells(r: Result, lang: str) -> list[str]:
    """The cells of one result, as every human-readable format shows them."""
    places = places_of(r.baseline, r.target, r.actual, r.target_high)
    calc = min(places + 2, 4)
    name = r.name + (f"（{r.region}）" if r.region else "")
    baseline = "—" if r.baseline is None else f"{fmt_num(r.baseline, places)} ({r.baseline_year})"
    if r.target is None:
        target = _rule_text(r.target_rule, lang)
    elif r.target_high is not None:
        target = f"{fmt_num(r.target, places)}–{fmt_num(r.target_high, places)}"
    else:
        target = fmt_num(r.target, places)
    target += (
        f" ({r.target_year})" if r.target_year != "annual" else (" (每年)" if lang == "zh" else " (annual)")
    )
    if r.path is Path.cumulative and r.cumulative_sum is not None:
        actual = f"{fmt_num(r.cumulative_sum, places)} ({'累计至' if lang == 'zh' else 'sum to '}{r.year})"
    elif r.actual is None:
        actual = "—"
    else:
        actual = f"{fmt_num(r.actual, places_of(r.actual, r.baseline, r.target))} ({r.year})"
    if r.status in (Status.achieved, Status.no_data):
        required = "—"
    elif r.required_annual_growth is not None:
        required = fmt_pct(r.required_annual_growth, 2, signed=True)
    elif r.required_annual_change is not None:
        required = fmt_num(r.required_annual_change, calc)
        required = ("+" if not required.startswith("-") else "") + required
    else:
        required = "—"
    return [
        name,
        r.unit or "—",
        baseline,
        target,
        actual,
        fmt_pct(r.progress),
        fmt_pct(r.time_elapsed),
        required,
        status_label(r, lang),
    ]


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
    """A plain table aligned for a monospace font, CJK counted as two columns; never wraps."""
    cols = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(pad(h, cols[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * c for c in cols))
    lines += ["  ".join(pad(c, cols[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    return "\n".join(lines)


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(esc(h) for h in headers) + " |"]
    out.append("|" + "|".join("---" for _ in headers) + "|")
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
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
    return "\n".join(out).rstrip() + "\n"


def render_json(report: Report) -> str:
    from targets.report.export import render_json as _render

    return _render(report)


def render_csv(report: Report) -> str:
    from targets.report.export import render_csv as _render

    return _render(report)
