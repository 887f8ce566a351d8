"""Time phrases and their reach: 到2025年, 到“十四五”末, 2023年内, 每年, 五年, 较2017年, and the
plan period they imply."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from targets.extract.numerals import normalize

FIVE_YEAR_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020)}
FIVE_YEAR_PLANS |= {"十四五": (2021, 2025), "十五五": (2026, 2030), "十六五": (2031, 2035)}
_P = r"[“\"]?(?P<p>十[一二三四五六]五)[”\"]?"

# Verbs a duration (五年新增…) or 年均 (年均举办…) governs; 九年义务教育, 学前三年 are names.
_SPAN_VERBS = (
    "新增|完成|发布|建成|建设|引进|培育|实现|投入|新建|招引|争取|落地|开工|改造|打造|培养|培训|实施|推动"
)
# kind, pattern. Order matters: earlier kinds claim their span first.
_PHRASES: list[tuple[str, re.Pattern[str]]] = [
    (
        "base",
        re.compile(
            r"(?:较|比|相比|与)\s*(?P<y>\d{4})\s*年|(?:在|以)\s*(?P<y2>\d{4})\s*年(?:的)?(?:基础上|为基)"
        ),
    ),
    ("base", re.compile(rf"(?:较|比|相比|与)\s*{_P}\s*(?:末|期末|末期)")),
    ("base", re.compile(r"(?:达到|是|为|相当于)\s*(?P<y>\d{4})\s*年\s*(?:末|底)?\s*的")),
    ("from", re.compile(r"(?:从|由)\s*(?P<y>\d{4})\s*年\s*(?:末|底)?\s*的?")),
    # not 达到2020年的3倍, 提高到2020年的2倍: a verb's 到 before a year names a base
    (
        "deadline",
        re.compile(
            r"(?:(?<![达高加升长增降少小短大展])(?:到|至)|截至|截止到|截止)\s*(?P<y>\d{4})\s*年(?:末|底)?"
        ),
    ),
    ("deadline", re.compile(rf"(?:到|至)?\s*{_P}\s*(?:末|期末|末期)")),
    ("by", re.compile(r"(?P<y>\d{4})\s*年\s*(?:年底前|年底|底前|以前|之前|内|前|底|末)")),
    ("span", re.compile(rf"{_P}\s*(?:期间|时期)")),
    (
        "span",
        re.compile(rf"(?:今后|未来)?(?P<n>[二三四五六七八九十])年(?=(?:内|间|来)?(?:累计|共|{_SPAN_VERBS}))"),
    ),
    ("annual", re.compile(rf"每年度?|逐年|年均(?={_SPAN_VERBS}|举办|开展|组织|接待|服务)")),
    ("year", re.compile(r"(?P<y>\d{4})\s*年")),
]
ANNUAL_NOUN = re.compile(r"(?:^|[,，、])(?:年度|年(?=[奖营产销新收利纳出进投]))")


@dataclass(frozen=True)
class TimePhrase:
    start: int
    end: int
    kind: str  # base | from | deadline | by | span | annual | year
    year: int | None = None
    span: tuple[int, int] | None = None  # for "span": the years it covers, when known


def time_phrases(text: str) -> list[TimePhrase]:
    """Every time phrase in normalised text, left to right, without overlaps."""
    found: list[TimePhrase] = []
    for kind, pattern in _PHRASES:
        for m in pattern.finditer(text):
            if any(m.start() < p.end and p.start < m.end() for p in found):
                continue
            groups = m.groupdict()
            year = next((int(groups[g]) for g in ("y", "y2") if groups.get(g)), None)
            span = None
            if groups.get("p"):
                span = FIVE_YEAR_PLANS.get(groups["p"])
                if kind in ("deadline", "base") and span:
                    year = span[1]
            found.append(TimePhrase(m.start(), m.end(), kind, year, span))
    return sorted(found, key=lambda p: p.start)


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    how: str  # how it was found, for the plan's note


_TITLE_RANGE = re.compile(r"(?P<a>\d{4})\s*[—\-~至到]+\s*(?P<b>\d{4})\s*年")


def detect_period(lines: list[str], title: str | None) -> Period | None:
    """The plan period: a year range in the title, a five-year plan named in the title, or else
    the target year the text names most often (ties: the later), starting at most four years
    before it (at the start of the five-year plan that contains it when the text names one)."""
    head = " ".join([title or "", *lines[:20]])
    head_n = normalize(head).text
    m = _TITLE_RANGE.search(normalize(title or "").text) or _TITLE_RANGE.search(head_n)
    if m and int(m["a"]) <= int(m["b"]):
        return Period(int(m["a"]), int(m["b"]), f"the year range {m.group(0)} in the title")
    for name, (a, b) in FIVE_YEAR_PLANS.items():
        if name in normalize(title or "").text:
            return Period(a, b, f"“{name}” in the title")
    title_years = set(re.findall(r"(\d{4})\s*年", normalize(title or "").text))
    if len(title_years) == 1:  # 2024年工作要点: an annual plan
        year = int(title_years.pop())
        return Period(year, year, f"the year {year} in the title")
    heads = [n for n in FIVE_YEAR_PLANS if n in normalize(" ".join(lines[:3])).text]
    if len(heads) == 1:
        a, b = FIVE_YEAR_PLANS[heads[0]]
        return Period(a, b, f"“{heads[0]}” in the first lines")
    years: Counter[int] = Counter()
    named: set[str] = set()
    for raw in lines:
        text = normalize(raw).text
        for p in time_phrases(text):
            if p.kind in ("deadline", "by") and p.year:
                years[p.year] += 1
        named |= {n for n in FIVE_YEAR_PLANS if n in text}
    if not years:
        return None
    end = max(years, key=lambda y: (years[y], y))
    start = min(end - 4, *(y for y in years if y <= end))
    for name in sorted(named):
        a, b = FIVE_YEAR_PLANS[name]
        if a <= end <= b:
            start = min(a, *(y for y in years if y <= end))
            return Period(start, end, f"到{end}年 ({years[end]} times) within “{name}”")
    return Period(start, end, f"到{end}年, the target year the text names most often ({years[end]} times)")
