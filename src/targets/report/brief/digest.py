"""The summary of a section: counts by status, then the targets a leader must see by name
(binding targets off schedule, the worst with their gap and the growth now required, the early ones)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from targets.evaluate.run import SEVERITY, fails
from targets.models import STATUS_ZH, Attribute, Status
from targets.report.brief.labels import WORDS
from targets.report.brief.model import Digest, Row, leads_of
from targets.report.render import LABELS_EN, fmt_num, fmt_required, status_label

ON_SCHEDULE = frozenset({Status.achieved, Status.ahead, Status.on_track})


def _worst_first(row: Row) -> tuple[int, Decimal, int]:
    r = row.result
    severity = SEVERITY.index(r.status) if r.status in SEVERITY else -1
    q = r.schedule_ratio if r.schedule_ratio is not None else Decimal("Infinity")
    return (-severity, q, row.number)


def early(row: Row) -> bool:
    r = row.result
    return r.status is Status.achieved and isinstance(r.target_year, int) and (r.year or 0) < r.target_year


def digest(rows: Sequence[Row]) -> Digest:
    counts = {s.value: n for s in Status if (n := sum(1 for row in rows if row.status is s))}
    binding = [row for row in rows if row.result.attribute is Attribute.binding]
    leads: dict[str, list[Row]] = {}
    for row in rows:
        for unit in leads_of(row):
            leads.setdefault(unit, []).append(row)
    return Digest(
        counts=counts,
        binding_total=len(binding),
        binding=tuple(sorted((r for r in binding if r.status not in ON_SCHEDULE), key=_worst_first)),
        worst=tuple(sorted((r for r in rows if fails(r.status, Status.far_behind)), key=_worst_first)),
        early=tuple(row for row in rows if early(row)),
        no_data=tuple(row for row in rows if row.status is Status.no_data),
        leads=tuple((unit, tuple(unit_rows)) for unit, unit_rows in leads.items()),
        unassigned=sum(1 for row in rows if not leads_of(row)),
    )


def unit_text(unit: str | None, lang: str) -> str:
    """A unit after a number: percentage points for shares (a gap of 0.29 in a % target)."""
    if unit == "%":
        return WORDS[lang]["points"]
    if not unit:
        return ""
    return unit if lang == "zh" else " " + unit


def gap_text(row: Row, lang: str) -> str | None:
    gap = row.result.gap
    if gap is None or row.status in (Status.achieved, Status.no_data):
        return None
    return fmt_num(abs(gap), row.places) + unit_text(row.result.unit, lang)


def details(row: Row, lang: str, lead: bool = False) -> str:
    """序号, status, gap and what each year must now add: `7，明显滞后，差距0.65亿美元，需+185.71%/年`;
    with `lead`, the unit that answers for it (`牵头：区科技局`)."""
    words = WORDS[lang]
    parts = [status_label(row.result, lang)]
    gap = gap_text(row, lang)
    if gap:
        parts.append(words["gap"].format(gap=gap))
    required = fmt_required(row.result, lang)
    if required != "—":
        parts.append(words["needs"].format(required=required))
    units = leads_of(row)
    if lead and units:
        parts.append(words["lead"].format(units=words["list_sep"].join(units)))
    return words["detail_item"].format(name=row.name, no=row.number, details=words["detail_sep"].join(parts))


def _early_item(row: Row, lang: str) -> str:
    words = WORDS[lang]
    return words["detail_item"].format(
        name=row.name, no=row.number, details=words["reached"].format(year=row.result.year)
    )


def _plain_item(row: Row, lang: str) -> str:
    return WORDS[lang]["item"].format(name=row.name, no=row.number)


def count_parts(counts: dict[str, int], lang: str) -> str:
    words = WORDS[lang]
    parts = []
    for s in Status:
        n = counts.get(s.value, 0)
        if n:
            label = STATUS_ZH[s] if lang == "zh" else LABELS_EN[s]
            parts.append(words["count"].format(label=label, n=n))
    return words["count_sep"].join(parts)


def _named(rows: Sequence[Row], item: Callable[[Row, str], str], lang: str) -> str:
    """The items of a list; grouped under their plan's title when they come from several plans
    (a unit's targets: 序号 7 of one plan is not 序号 7 of another)."""
    words = WORDS[lang]
    plans: dict[str, list[Row]] = {}
    for row in rows:
        plans.setdefault(row.plan.id, []).append(row)
    if len(plans) == 1:
        return words["list_sep"].join(item(row, lang) for row in rows)
    return words["plan_sep"].join(
        words["plan_items"].format(
            plan=group[0].plan.title, items=words["list_sep"].join(item(r, lang) for r in group)
        )
        for group in plans.values()
    )


def _leads_sentence(d: Digest, lang: str) -> str | None:
    """Who answers for the plan's targets: each lead unit with the 序号 it leads."""
    if not d.leads:
        return None
    words = WORDS[lang]
    units = words["list_sep"].join(
        words["lead_item"].format(unit=unit, nos=words["no_sep"].join(str(r.number) for r in rows))
        for unit, rows in d.leads
    )
    rest = words["unassigned"].format(n=d.unassigned) if d.unassigned else ""
    return words["leads"].format(units=units, rest=rest)


def sentences(
    d: Digest,
    lang: str,
    lead: str,
    hidden: bool,
    only: bool = False,
    no_data: bool = True,
    plan_view: bool = True,
) -> tuple[str, ...]:
    """The summary: `lead` is the counts sentence's key (counts, unit_counts, only_counts);
    `hidden` says the rows without data are left out of the table; `no_data=False` leaves their
    names to the tables' own lines (the unit view names them under each plan); `plan_view` adds
    the lead units (a unit's section needs no such line)."""
    words = WORDS[lang]
    total = sum(d.counts.values())
    out = [words[lead].format(total=total, parts=count_parts(d.counts, lang))]
    # in a plan's section, name who answers for each target (a unit's section is its answer)
    by_plan = plan_view

    def detail(row: Row, lang: str) -> str:
        return details(row, lang, lead=by_plan)

    if not only:
        if d.binding:
            items = _named(d.binding, detail, lang)
            out.append(words["binding_off"].format(n=d.binding_total, m=len(d.binding), items=items))
        elif d.binding_total:
            out.append(words["binding_ok"].format(n=d.binding_total))
        else:
            out.append(words["binding_none"])
    worst = d.worst
    if worst:
        out.append(words["worst"].format(n=len(worst), items=_named(worst, detail, lang)))
    if d.early and not only:
        items = _named(d.early, _early_item, lang)
        out.append(words["early"].format(n=len(d.early), items=items))
    leads = _leads_sentence(d, lang) if by_plan else None
    if leads:
        out.append(leads)
    if d.no_data and no_data and not only:
        items = _named(d.no_data, _plain_item, lang)
        out.append(words["hidden" if hidden else "no_data"].format(n=len(d.no_data), items=items))
    return tuple(out)
