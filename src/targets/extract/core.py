"""Plan text -> a draft plan: layout, tables, paragraphs through the rules, merge, final checks."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import accumulate

from targets.extract.clause import Context
from targets.extract.layout import find_tables
from targets.extract.merge import merge
from targets.extract.meta import detect_meta
from targets.extract.model import DraftPlan, Entry, explained
from targets.extract.numerals import normalize
from targets.extract.reader import ParagraphReader
from targets.extract.rules import RULES
from targets.extract.scope import Period, detect_period, time_phrases
from targets.extract.segment import Region, heading_of, regions
from targets.extract.tables import Table, header_years, indicator_rows, is_task_table, task_rows
from targets.extract.unit_words import is_known_unit
from targets.extract.wrap import full_width, paragraphs, wrapped

LEAD_REACH = 12  # a target section's first paragraph opening with 到YYYY年 dates the whole section


def extract(text: str, plan_id: str, source: str, period: tuple[int, int] | None = None) -> DraftPlan:
    """Draft catalog entries for every quantitative target stated in `text` (a plan's text)."""
    lines = text.splitlines()
    meta = detect_meta(lines)
    tables = find_tables(lines)
    found = Period(*period, "given on the command line") if period else detect_period(lines, meta.title)
    years = header_years(tables)
    if found is None and len(years) > 1:
        found = Period(years[0] + 1, years[-1], f"the year columns {years[0]}-{years[-1]} of a table")
    per = found or Period(0, 0, "")
    guessed = list(meta.guessed)
    if found is None:
        guessed.append("period (the text names no target year)")
    line_region, _ = regions(lines)
    entries, readers = _read(lines, tables, per, line_region)
    why = [x for r in readers for x in r.explain()] + [
        explained(e.line, e) for e in entries if e.origin == "table"
    ]
    entries = merge(entries)
    for e in entries:
        _finish(e, per)
    kept = {id(e) for e in entries}
    why = [
        x if x.entry is None or id(x.entry) in kept else replace(x, entry=None, reason=_restated(x.entry))
        for x in why
    ]
    note = f"Drafted by `targets extract`. Period: {per.how or 'not found; set it'}."
    if guessed:
        note += " Guessed: " + "; ".join(guessed) + "."
    return DraftPlan(
        id=plan_id,
        title=meta.title or "(title not found)",
        doc_number=meta.doc_number,
        issuer=meta.issuer,
        date=meta.date,
        scope=meta.scope or "(region not found)",
        period=(per.start, per.end),
        source=source,
        note=note,
        entries=entries,
        explained=sorted(why, key=lambda x: (x.line, x.pos)),
    )


def _read(
    lines: list[str], tables: list[Table], per: Period, line_region: list[Region]
) -> tuple[list[Entry], list[ParagraphReader]]:
    """Every paragraph and table of the text through the rules: the entries, and the readers
    (which know why each number was or was not read)."""
    in_table = set().union(*(t.lines for t in tables)) if tables else set()
    readers: list[ParagraphReader] = []

    def read(raw: str, ctx: Context) -> list[Entry]:
        reader = ParagraphReader(raw, ctx, RULES)
        readers.append(reader)
        return reader.read()

    entries: list[Entry] = []
    lead_year: dict[int, int | None] = {}
    text = [(n, raw) for n, raw in enumerate(lines, start=1) if n not in in_table and raw.strip()]
    prose = [(n, raw) for n, raw in text if heading_of(raw, n) is None]
    join = wrapped([raw for _, raw in prose])
    if join:  # 1.培育壮大链主企业。培育营业收 — a numbered line cut at the width is no heading
        prose = [(n, raw) for n, raw in text if heading_of(raw, n) is None or full_width(raw, prose)]
    for n, group in paragraphs(prose, join):
        raw = "".join(group)
        starts = tuple(accumulate((len(g) for g in group[:-1]), initial=0))
        region = line_region[n - 1]
        carried = None
        if region.target_section is not None:
            if region.target_section not in lead_year:
                lead_year[region.target_section] = _lead_year(raw)
            else:
                carried = lead_year[region.target_section]
        entries += read(raw, Context(n, per, region, carried, starts=starts))
    for table in tables:
        rows = indicator_rows(table, per)
        if rows:
            entries += rows
        elif is_task_table(table):
            for cell, resp, deadline in task_rows(table):
                ctx = Context(cell.line, per, line_region[cell.line - 1], deadline=deadline)
                for e in read(cell.raw, ctx):
                    e.origin, e.responsibility = "task", resp
                    e.pattern = f"task-row/{e.pattern}"
                    entries.append(e)
        else:
            for row in table.rows:
                for cell in row:
                    entries += read(cell.raw, Context(cell.line, per, line_region[cell.line - 1]))
    return entries, readers


def _restated(e: Entry) -> str:
    return f"restates a target stated elsewhere (merged there): {e.pattern}, {e.name}"


def _lead_year(raw: str) -> int | None:
    for p in time_phrases(normalize(raw).text):
        if p.kind == "deadline" and p.start <= LEAD_REACH:
            return p.year
    return None


def _finish(e: Entry, per: Period) -> None:
    """Defaults and the checks `targets validate` would make, turned into review marks."""
    if e.year is None:
        e.year = per.end
        e.guess("target.year")
    if isinstance(e.year, int) and per.end and not per.start <= e.year <= per.end:
        e.guess("target.year")
        e.notes.append(f"Target year {e.year} is outside the detected period {per.start}-{per.end}.")
    if e.kind == "cum_sum":
        end = e.year if isinstance(e.year, int) else per.end
        e.year = end if not isinstance(e.year, str) else e.year
        e.cumulative = (min(per.start, end), end)
    if e.kind == "multiple" and e.base_year is None and per.start:
        e.base_year = per.start - 1
        e.guess("target.base_year")
    if e.baseline is not None and isinstance(e.year, int) and e.baseline[0] >= e.year:
        e.notes.append(f"A baseline of {e.baseline[1]} was printed (year unknown).")
        e.baseline = None
    if e.kind == "share" and e.value is not None and not 0 <= e.value <= 100:
        e.kind = "level"
        e.guess("kind")
    if e.kind == "range" and e.value is not None and e.value_high is not None and e.value >= e.value_high:
        e.kind, e.comparator, e.value_high = "level", "at_least", None
        e.guess("kind")
    if e.comparator == "at_most":
        e.direction = "lower"
    elif e.comparator == "at_least" and e.kind != "change_by":
        e.direction = "higher"
    if e.kind == "change_by" and e.change_pct is not None:
        e.direction = "lower" if e.change_pct < 0 else "higher"
    if e.kind == "change_by" and e.unit in ("%", "％"):
        e.unit = None  # the % belongs to the change (change_pct); the indicator's own unit is not printed
        e.notes.append("The % is the change's: give the indicator's own unit (元, 吨标准煤/万元).")
    if e.kind == "unknown":
        e.guess("kind")
    if e.unit is not None and not is_known_unit(normalize(e.unit).text):
        e.guess("unit")
        e.notes.append(
            f"The unit {e.unit} is not in the unit registry (src/targets/catalog/units.py): "
            "use a known one, or add it there."
        )
    e.name = re.sub(r"\s+", "", e.name) or "?"
    if e.name == "?":
        e.guess("name")
