"""A briefing (简报) as data: one section per plan (or per responsible unit), the summary first,
the review-table cells, and the chart series."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from targets.evaluate import fails
from targets.models import Catalog, Kind, Observation, Path, Plan, Report, Result, Status, Target
from targets.report.brief.chart import chart_of
from targets.report.brief.digest import count_parts, digest, sentences
from targets.report.brief.labels import COLUMN_NAMES, PLAN_COLUMNS, REASONS, UNIT_COLUMNS, WORDS
from targets.report.brief.labels import section_number as section_number
from targets.report.brief.model import Briefing, Chart, Digest, Part, Point, Row, Section, split_units
from targets.report.brief.units import make_part, unit_sections
from targets.report.render import ATTR, fmt_num, fmt_required, places_of, row_cells, summary_line

__all__ = ["Briefing", "Chart", "Digest", "Options", "Part", "Point", "Row", "Section", "build"]


@dataclass(frozen=True)
class Options:
    """What a briefing shows. The default is the short one a leader reads."""

    all: bool = False  # also the rows of targets without data, and ended plans in full
    by: str = "plan"  # plan: a section per plan; unit: a section per lead unit (牵头单位)
    only: Status | None = None  # only targets at or past this status (the 督办清单)
    ids: bool = False  # show plan and target ids (for machines)
    date: str | None = None  # a date line under the title
    charts: bool = True


Index = dict[tuple[str, str | None], dict[int, Decimal]]


def build(
    catalog: Catalog,
    observations: Iterable[Observation],
    report: Report,
    lang: str = "zh",
    options: Options | None = None,
) -> Briefing:
    """The briefing of `report`; `observations` supply every year of a series for the charts."""
    opts = options or Options()
    words = WORDS[lang]
    columns = (PLAN_COLUMNS if opts.by == "plan" else UNIT_COLUMNS) + (("id",) if opts.ids else ())
    with localcontext() as ctx:
        ctx.prec = 28
        rows = _rows(catalog, observations, report, lang, columns)
    if opts.by == "unit":
        sections = unit_sections(rows, lang, opts.all, opts.only)
    else:
        sections = _plan_sections(catalog, rows, report.as_of, lang, opts)
    if report.as_of is None:
        title = words["title_none"]
    else:
        title = words["title_only" if opts.only else "title"].format(year=report.as_of)
    if opts.only:
        # a target of a joint lead is listed under each unit: count it once
        shown = list({(row.plan.id, row.number): row for s in sections for row in s.rows}.values())
        counts = digest(shown).counts
        overall = words["overall_only"].format(total=len(shown), parts=count_parts(counts, lang))
    else:
        overall = summary_line(report, lang)
    headers = tuple(COLUMN_NAMES[lang][c] for c in columns)
    return Briefing(
        lang=lang,
        title=title,
        overall=overall,
        columns=columns,
        headers=headers,
        sections=tuple(sections),
        view=opts.by,
        as_of=report.as_of,
        date=opts.date,
        only=opts.only,
        charts=opts.charts and opts.by == "plan",
    )


def _rows(
    catalog: Catalog, observations: Iterable[Observation], report: Report, lang: str, columns: tuple[str, ...]
) -> dict[str, list[Row]]:
    """Every result as a row, by plan id, numbered (序号) in its plan."""
    targets = {t.id: t for _, t in catalog.iter_targets()}
    plans = {p.id: p for p in catalog.plans}
    index: Index = {}
    for o in observations:
        if o.value is not None and (report.as_of is None or o.year <= report.as_of):
            index.setdefault((o.series, o.region), {})[o.year] = o.value
    rows: dict[str, list[Row]] = {}
    for r in report.results:
        plan, target = plans[r.plan], targets[r.id]
        plan_rows = rows.setdefault(plan.id, [])
        series = index.get((target.series_key, r.region), {})
        chart, why = chart_of(r, target, series)
        places = _places(r, target)
        cells = _cells(len(plan_rows) + 1, r, target, places, lang, columns)
        plan_rows.append(
            Row(
                number=len(plan_rows) + 1,
                plan=plan,
                target=target,
                result=r,
                cells=cells,
                places=places,
                chart=chart,
                reason=_reason(r, target, series, lang),
                no_chart=REASONS[lang][why] if why else None,
            )
        )
    return rows


def _plan_sections(
    catalog: Catalog, rows: dict[str, list[Row]], as_of: int | None, lang: str, opts: Options
) -> list[Section]:
    words = WORDS[lang]
    sections: list[Section] = []
    for plan in catalog.plans:
        plan_rows = rows.get(plan.id)
        if not plan_rows:
            continue
        number = section_number(len(sections) + 1, lang)
        key = f"plan-{len(sections) + 1}"
        meta = words["meta_id" if opts.ids else "meta"].format(
            id=plan.id, start=plan.period.start, end=plan.period.end
        )
        if opts.only is not None:
            shown = [row for row in plan_rows if fails(row.status, opts.only)]
            if not shown:
                continue
            d = digest(shown)
            summary = sentences(d, lang, "only_counts", hidden=False, only=True)
            part = _part(plan, None, shown)
            sections.append(Section(number, plan.title, meta, key, d, summary, (part,), plan=plan))
            continue
        if not opts.all and _ended_without_data(plan, plan_rows, as_of):
            line = words["expired"].format(start=plan.period.start, end=plan.period.end, n=len(plan_rows))
            sections.append(Section(number, plan.title, meta, key, line=line, plan=plan))
            continue
        d = digest(plan_rows)
        shown = plan_rows if opts.all else [row for row in plan_rows if row.status is not Status.no_data]
        # The summary names the rows left out: one line per plan.
        summary = sentences(d, lang, "counts", hidden=not opts.all and bool(d.no_data))
        part = _part(plan, None, shown)
        sections.append(Section(number, plan.title, meta, key, d, summary, (part,), plan=plan))
    return sections


def _part(plan: Plan, heading: str | None, shown: list[Row]) -> Part:
    return make_part(plan, heading, shown)


def _ended_without_data(plan: Plan, rows: list[Row], as_of: int | None) -> bool:
    ended = as_of is None or plan.period.end < as_of
    return ended and all(row.status is Status.no_data for row in rows)


def _places(r: Result, t: Target) -> int:
    prev = t.previous_period.value if t.previous_period else None
    return places_of(r.baseline, r.target, r.actual, r.target_high, r.cumulative_sum, prev)


def _cells(
    no: int, r: Result, t: Target, places: int, lang: str, columns: tuple[str, ...]
) -> tuple[str, ...]:
    name, unit, baseline, target, actual, progress, elapsed, _, status = row_cells(r, lang)
    if r.path is Path.cumulative and r.target is not None:
        # The plans print five-year totals in brackets: [45] is 45 over 2021-2025.
        prev = t.previous_period
        start, end = (t.cumulative.start, t.cumulative.end) if t.cumulative else (None, r.target_year)
        span = f"{start}–{end}" if start is not None else f"{end}"
        target = f"[{fmt_num(r.target, places)}] ({span})"
        if prev is not None:
            baseline = f"[{fmt_num(prev.value, places)}] ({prev.years.replace('-', '–')})"
        if r.cumulative_sum is not None and r.year is not None:
            upto = min(r.year, end) if isinstance(end, int) else r.year
            span = f"{start}–{upto}" if start is not None and start < upto else f"{upto}"
            actual = f"[{fmt_num(r.cumulative_sum, places)}] ({span})"
    resp = t.responsibility
    cells = {
        "no": str(no),
        "name": name,
        "unit": unit,
        "attr": ATTR[lang][r.attribute.value],
        "baseline": baseline,
        "target": target,
        "actual": actual,
        "progress": progress,
        "elapsed": elapsed,
        "required": fmt_required(r, lang),
        "status": status,
        "support": _support(resp.lead if resp else None, resp.support if resp else [], lang),
        "deadline": (resp.deadline if resp else None) or "—",
        "id": r.id,
    }
    return tuple(cells[c] for c in columns)


def _support(lead: str | None, support: list[str], lang: str) -> str:
    words = WORDS[lang]
    leads = split_units(lead)
    parts = []
    if len(leads) > 1:
        parts.append(words["co_lead"].format(units=words["list_sep"].join(leads)))
    if support:
        parts.append(words["list_sep"].join(support))
    return words["support_sep"].join(parts) or "—"


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
