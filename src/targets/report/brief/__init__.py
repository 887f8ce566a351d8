"""A briefing (简报) as data: one section per plan, the review-table cells, summaries and chart series."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from targets.models import (
    STATUS_ZH,
    Attribute,
    Catalog,
    Kind,
    Observation,
    Path,
    Plan,
    Report,
    Result,
    Status,
    Target,
)
from targets.report.brief.labels import HEADERS, REASONS, WORDS, section_number
from targets.report.render import (
    ATTR,
    LABELS_EN,
    fmt_num,
    places_of,
    row_cells,
    status_label,
    summary_line,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal


@dataclass(frozen=True)
class Chart:
    """What one small chart shows, in the target's unit; cumulative charts show running totals."""

    path: Path
    baseline: Point
    target: Point
    planned: tuple[Point, ...]  # one point a year from the baseline to the target year
    actual: tuple[Point, ...]
    projection: tuple[Point, ...]  # from the latest actual to the target year; empty when none


@dataclass(frozen=True)
class Row:
    number: int
    result: Result
    cells: tuple[str, ...]
    chart: Chart | None
    reason: str | None  # why the target is not assessable
    no_chart: str | None  # why an assessable target has no chart


@dataclass(frozen=True)
class Section:
    number: str  # 一、 or 1.
    plan: Plan
    meta: str
    summary: str
    rows: tuple[Row, ...]
    counts: dict[str, int]  # status slug -> number of rows, as in the report's summary
    cumulative: bool  # some target uses the [X] convention


@dataclass(frozen=True)
class Briefing:
    lang: str
    title: str
    overall: str
    headers: tuple[str, ...]
    sections: tuple[Section, ...]


Index = dict[tuple[str, str | None], dict[int, Decimal]]


def build(
    catalog: Catalog, observations: Iterable[Observation], report: Report, lang: str = "zh"
) -> Briefing:
    """The briefing of `report`; `observations` supply every year of a series for the charts."""
    words = WORDS[lang]
    targets = {t.id: (plan, t) for plan, t in catalog.iter_targets()}
    index: Index = {}
    for o in observations:
        if o.value is not None and (report.as_of is None or o.year <= report.as_of):
            index.setdefault((o.series, o.region), {})[o.year] = o.value
    grouped: dict[str, list[Result]] = {}
    for r in report.results:
        grouped.setdefault(r.plan, []).append(r)
    sections: list[Section] = []
    with localcontext() as ctx:
        ctx.prec = 28
        for plan in catalog.plans:
            results = grouped.get(plan.id)
            if not results:
                continue
            rows = []
            for no, r in enumerate(results, 1):
                target = targets[r.id][1]
                series = index.get((target.series_key, r.region), {})
                chart, why = _chart(r, target, series)
                reason = _reason(r, target, series, lang)
                no_chart = REASONS[lang][why] if why else None
                rows.append(Row(no, r, _cells(no, r, target, lang), chart, reason, no_chart))
            counts = dict(report.summary.by_plan.get(plan.id, {}))
            sections.append(
                Section(
                    number=section_number(len(sections) + 1, lang),
                    plan=plan,
                    meta=words["meta"].format(id=plan.id, start=plan.period.start, end=plan.period.end),
                    summary=_summary(rows, counts, lang),
                    rows=tuple(rows),
                    counts=counts,
                    cumulative=any(row.result.path is Path.cumulative for row in rows),
                )
            )
    title = words["title"].format(year=report.as_of) if report.as_of is not None else words["title_none"]
    return Briefing(lang, title, summary_line(report, lang), HEADERS[lang], tuple(sections))


def _name(r: Result) -> str:
    return r.name + (f"（{r.region}）" if r.region else "")


def _cells(no: int, r: Result, t: Target, lang: str) -> tuple[str, ...]:
    name, unit, baseline, target, actual, progress, elapsed, required, status = row_cells(r, lang)
    if r.path is Path.cumulative and r.target is not None:
        # The plans print five-year totals in brackets: [45] is 45 over 2021-2025.
        prev = t.previous_period
        places = places_of(r.target, r.cumulative_sum, prev.value if prev else None)
        start, end = (t.cumulative.start, t.cumulative.end) if t.cumulative else (None, r.target_year)
        span = f"{start}–{end}" if start is not None else f"{end}"
        target = f"[{fmt_num(r.target, places)}] ({span})"
        if prev is not None:
            baseline = f"[{fmt_num(prev.value, places)}] ({prev.years.replace('-', '–')})"
        if r.cumulative_sum is not None and r.year is not None:
            upto = min(r.year, end) if isinstance(end, int) else r.year
            span = f"{start}–{upto}" if start is not None and start < upto else f"{upto}"
            actual = f"[{fmt_num(r.cumulative_sum, places)}] ({span})"
    if r.status in (Status.achieved, Status.missed):
        required = "—"
    attribute = ATTR[lang][r.attribute.value]
    return (str(no), name, unit, attribute, baseline, target, actual, progress, elapsed, required, status)


def _missing_flows(r: Result, t: Target, series: dict[int, Decimal]) -> list[int]:
    if t.cumulative is None or r.year is None:
        return []
    return [y for y in range(t.cumulative.start, min(r.year, t.cumulative.end) + 1) if y not in series]


def _reason(r: Result, t: Target, series: dict[int, Decimal], lang: str) -> str | None:
    """Why a target is not assessable, from the result's fields (not the evaluator's English text)."""
    if r.status is not Status.not_assessable:
        return None
    words = REASONS[lang]
    if t.kind is Kind.direction:
        return words["direction"]
    if t.kind is Kind.rate:
        return words["rate"]
    missing = _missing_flows(r, t, series)
    if r.path is Path.cumulative and missing:
        return words["flows_missing"].format(years=WORDS[lang]["list_sep"].join(map(str, missing)))
    if r.target is None:
        return words["needs_baseline"]
    if r.baseline is None or r.baseline_year is None:
        return words["no_baseline"]
    if r.year is not None and r.year <= r.baseline_year:
        return words["not_after"].format(year=r.year, b_year=r.baseline_year)
    if r.target == r.baseline:
        return words["equal"]
    return words["other"]


def _chart(r: Result, t: Target, series: dict[int, Decimal]) -> tuple[Chart | None, str | None]:
    """The chart of an assessable target, or None and the key of the reason there is none."""
    if r.status in (Status.no_data, Status.not_assessable):
        return None, None
    if r.target_year == "annual":
        return None, "chart_annual"
    if r.path is Path.none:
        return None, "chart_no_path"
    if r.target is None or r.actual is None or r.year is None:
        return None, "other"
    goal, end, actual = r.target, r.target_year, r.actual
    if r.path is Path.cumulative:
        if t.cumulative is None:
            return None, "other"
        start, end = t.cumulative.start - 1, t.cumulative.end
        base = Point(start, ZERO)
        planned = tuple(Point(y, goal * (y - start) / (end - start)) for y in range(start, end + 1))
        running, points = ZERO, []
        for y in range(start + 1, min(r.year, end) + 1):
            if y not in series:
                break
            running += series[y]
            points.append(Point(y, running))
        actual = r.cumulative_sum if r.cumulative_sum is not None else running
    else:
        if r.baseline is None or r.baseline_year is None:
            return None, "chart_no_baseline"
        if end <= r.baseline_year:
            return None, "other"
        base = Point(r.baseline_year, r.baseline)
        planned = _planned(r.path, base, Point(end, goal))
        points = [Point(y, v) for y, v in sorted(series.items())]
    projection: tuple[Point, ...] = ()
    if r.projected_value is not None and r.year < end:
        g = r.observed_annual_growth
        if r.path is Path.geometric and g is not None:
            steps = [Point(y, actual * (1 + g) ** (y - r.year)) for y in range(r.year, end)]
        else:
            steps = [Point(r.year, actual)]
        projection = (*steps, Point(end, r.projected_value))
    return Chart(r.path, base, Point(end, goal), planned, tuple(points), projection), None


def _planned(path: Path, base: Point, goal: Point) -> tuple[Point, ...]:
    b, g, n = base.value, goal.value, goal.year - base.year
    geometric = path is Path.geometric and b > 0 and g > 0
    points = [base]
    for y in range(base.year + 1, goal.year):
        k = Decimal(y - base.year) / n
        points.append(Point(y, b * (g / b) ** k if geometric else b + (g - b) * k))
    return (*points, goal)  # the ends exactly, not 49.999...


def _summary(rows: list[Row], counts: dict[str, int], lang: str) -> str:
    words = WORDS[lang]
    sep = words["list_sep"]
    parts = []
    for s in Status:
        n = counts.get(s.value, 0)
        if n:
            label = STATUS_ZH[s] if lang == "zh" else LABELS_EN[s]
            parts.append(words["count"].format(label=label, n=n))
    total = sum(counts.values())
    sentences = [words["counts"].format(total=total, parts=words["count_sep"].join(parts))]
    binding = [row for row in rows if row.result.attribute is Attribute.binding]
    if binding:
        items = sep.join(
            words["binding_item"].format(
                name=_name(row.result), no=row.number, status=status_label(row.result, lang)
            )
            for row in binding
        )
        sentences.append(words["binding"].format(n=len(binding), items=items))
    else:
        sentences.append(words["binding_none"])
    missing = [row for row in rows if row.result.status is Status.no_data]
    if missing:
        items = sep.join(words["item"].format(name=_name(row.result), no=row.number) for row in missing)
        sentences.append(words["no_data"].format(n=len(missing), items=items))
    return ("" if lang == "zh" else " ").join(sentences)
