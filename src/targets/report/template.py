"""The blank submission form for one year: one row per indicator series the plans track then."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from targets.models import Catalog, Kind
from targets.safe import csv_cell

# Header names the actuals reader accepts (actuals.COLUMNS), in English or Chinese. `name` and
# `plan` only help the person filling the form in; the reader does not use them.
HEADERS = {
    "en": ["indicator", "name", "unit", "plan", "year", "value", "region", "source", "note"],
    "zh": ["指标", "名称", "单位", "规划", "年份", "数值", "地区", "来源", "备注"],
}
VALUE_COLUMN = HEADERS["en"].index("value")
YEAR_COLUMN = HEADERS["en"].index("year")
# What to enter where the plan's own wording invites a mistake: a five-year total is filled in
# year by year, and a yearly-rate indicator takes the rate, not the level.
HINTS = {
    "en": {"flow": "this year's amount, not the running total", "rate": "this year's growth rate"},
    "zh": {"flow": "填当年发生额，不填累计数", "rate": "填当年增速"},
}


@dataclass(frozen=True)
class TemplateRow:
    """One line of the form: the series key the reader resolves, and what helps fill it in."""

    indicator: str
    name: str
    unit: str
    plans: tuple[str, ...]
    hint: str | None = None  # a key of HINTS

    def cells(self, year: int, region: str | None, lang: str = "en") -> list[str]:
        note = HINTS[lang][self.hint] if self.hint else ""
        return [
            self.indicator,
            self.name,
            self.unit,
            "; ".join(self.plans),
            str(year),
            "",
            region or "",
            "",
            note,
        ]


def plans_covering(catalog: Catalog, year: int, plan_id: str | None = None) -> list[str]:
    """Ids of the plans whose period includes `year` (only `plan_id` when given)."""
    return [
        p.id
        for p in catalog.plans
        if (plan_id is None or p.id == plan_id) and p.period.start <= year <= p.period.end
    ]


def template_rows(catalog: Catalog, year: int, plan_id: str | None = None) -> list[TemplateRow]:
    """One row per series with a target in a plan covering `year`, in catalog order. Plans that
    share a series share its row; the row lists them all."""
    covering = set(plans_covering(catalog, year, plan_id))
    units: dict[str, str] = {}
    for _, t in catalog.iter_targets():
        # the reader converts to the unit of the series' first target in the catalog
        units.setdefault(t.series_key, t.unit or "")
    names: dict[str, list[str]] = {}
    plans: dict[str, list[str]] = {}
    hints: dict[str, str] = {}
    for plan, t in catalog.iter_targets():
        if plan.id not in covering:
            continue
        key = t.series_key
        if t.name not in names.setdefault(key, []):
            names[key].append(t.name)
        if plan.id not in plans.setdefault(key, []):
            plans[key].append(plan.id)
        if t.kind is Kind.cum_sum:
            hints[key] = "flow"
        elif t.kind is Kind.rate:
            hints.setdefault(key, "rate")
    return [
        TemplateRow(key, " / ".join(names[key]), units[key], tuple(plans[key]), hints.get(key))
        for key in names
    ]


def template_table(
    catalog: Catalog,
    year: int,
    plan_id: str | None = None,
    region: str | None = None,
    lang: str = "zh",
    wide: bool = False,
) -> list[list[str]]:
    """The form as a table: the header, then one row per series with an empty value. `wide`:
    one column per year from the start of the plans covering `year` up to it, as the
    主要指标完成情况 tables statistics offices keep (the reader finds either layout)."""
    rows = template_rows(catalog, year, plan_id)
    if not wide:
        return [HEADERS[lang], *(r.cells(year, region, lang) for r in rows)]
    first = min(p.period.start for p in catalog.plans if p.id in plans_covering(catalog, year, plan_id))
    years = [f"{y}年" if lang == "zh" else str(y) for y in range(first, year + 1)]
    head = HEADERS[lang]
    header = [*head[:YEAR_COLUMN], *years, *head[VALUE_COLUMN + 1 :]]
    body = []
    for r in rows:
        cells = r.cells(year, region, lang)
        body.append([*cells[:YEAR_COLUMN], *[""] * len(years), *cells[VALUE_COLUMN + 1 :]])
    return [header, *body]


def to_csv(table: list[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark and CRLF line ends: what Excel needs to open Chinese text."""
    buf = io.StringIO()
    # names and regions come from the catalog and the command line: no cell may start a formula
    csv.writer(buf, lineterminator="\r\n").writerows([csv_cell(c) for c in row] for row in table)
    return codecs.BOM_UTF8 + buf.getvalue().encode("utf-8")


def to_xlsx(table: list[list[str]], year: int, wide: bool = False) -> bytes:
    """The same form as a workbook; a long form's year is written as a number, values left empty."""
    from targets.report.xlsx_write import write_xlsx

    cells: list[list[str | int | None]] = [list(table[0])]
    for row in table[1:]:
        out: list[str | int | None] = list(row)
        if not wide:
            out[YEAR_COLUMN] = int(row[YEAR_COLUMN])
        cells.append(out)
    return write_xlsx(cells, sheet=str(year))
