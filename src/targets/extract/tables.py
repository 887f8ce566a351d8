"""Tables in the plan text: indicator tables (表2-1: one target per row, with baseline and target
columns) and task-breakdown tables (重点内容 / 牵头单位 / 责任单位 / 完成时限).

Exported plans print a table either one cell per line (each cell indented by a tab, rows
separated by blank lines) or one row per line (cells separated by tabs); both are read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from targets.extract.lexicon import LOWER_BETTER
from targets.extract.model import Entry
from targets.extract.numerals import normalize
from targets.extract.scope import Period
from targets.extract.segment import strip_markup
from targets.extract.unit_words import COUNT_UNITS, UNITS

_BRACKET_NOTE = re.compile(r"[\[［【]\s*[\]］】][^。；]*累计|累计[^。；]*[\[［【]\s*[\]］】]")
_STAR_NOTE = re.compile(r"[*＊★][^。；]*约束性")
YEAR_HEAD = re.compile(r"(?P<y>\d{4})\s*年?")
_CELL_UNIT = "|".join(re.escape(u) for u in UNITS)
_CELL_VALUE = re.compile(
    r"^(?P<pre>≥|>=|＞|>|≤|<=|＜|<|约)?\s*(?P<lb>\[)?\s*(?P<num>\d+(?:\.\d+)?)\s*"
    r"(?:(?:—{1,2}|-|~|至)\s*(?P<num2>\d+(?:\.\d+)?))?\s*"
    rf"(?P<unit>(?:万亿|亿|万|千)?(?:{_CELL_UNIT}))?\s*(?P<rb>\])?\s*(?P<post>以上|以下|以内|左右)?$"
)
MISSING = {"", "-", "—", "——", "/", "－", "…"}
_ROLES = {
    "seq": re.compile(r"^(?:序号|编号)$"),
    "category": re.compile(r"^(?:类别|领域|分类|维度|类型|方面)$"),
    "attribute": re.compile(r"属性|性质|类型"),
    "unit": re.compile(r"^(?:计量)?单位$"),
    "content": re.compile(
        r"重点内容|重点任务|主要任务|工作任务|具体任务|任务内容|工作内容|主要内容|目标任务|工作措施"
    ),
    "lead": re.compile(r"牵头"),
    "support": re.compile(r"责任单位|配合单位|协同单位|参与单位|责任部门|配合部门"),
    "deadline": re.compile(r"时限|完成时间|时间节点|进度安排"),
    "base": re.compile(r"基期|现状|基数|基准"),
    "target": re.compile(r"目标值|目标"),
    "name": re.compile(r"指标|名称"),
}


@dataclass
class Cell:
    line: int
    raw: str

    @property
    def text(self) -> str:
        return strip_markup(self.raw).strip()


@dataclass
class Table:
    caption: str | None
    rows: list[list[Cell]]
    notes: str = ""
    lines: set[int] = field(default_factory=set)


def roles_of(header: list[Cell]) -> dict[str, list[int]]:
    roles: dict[str, list[int]] = {}
    for i, cell in enumerate(header):
        text = re.sub(r"\s+", "", normalize(cell.text).text)
        for role, pattern in _ROLES.items():
            if pattern.search(text) and not (role == "name" and _ROLES["attribute"].search(text)):
                roles.setdefault(role, []).append(i)
                break
        else:
            if YEAR_HEAD.fullmatch(text) or re.search(r"\d{4}", text):
                roles.setdefault("year", []).append(i)
    return roles


def header_years(tables: list[Table]) -> list[int]:
    """The years heading the columns of indicator tables (2020, 2025年目标值…)."""
    years = []
    for table in tables:
        roles = roles_of(table.rows[0]) if table.rows else {}
        if "name" in roles:
            for i in roles.get("year", []) + roles.get("base", []) + roles.get("target", []):
                m = re.search(r"\d{4}", table.rows[0][i].text)
                years += [int(m.group(0))] if m else []
    return sorted(years)


def is_task_table(table: Table) -> bool:
    roles = roles_of(table.rows[0]) if table.rows else {}
    return "content" in roles and ("deadline" in roles or "lead" in roles)


def task_rows(table: Table) -> list[tuple[Cell, dict[str, object], int | None]]:
    """(content cell, responsibility, deadline year) for each row of a task table."""
    roles = roles_of(table.rows[0])
    out = []
    for row in table.rows[1:]:

        def cell(role: str, row: list[Cell] = row) -> str | None:
            idx = roles.get(role, [None])[0]
            return row[idx].text if idx is not None and idx < len(row) and row[idx].text else None

        idx = roles["content"][0]
        if idx >= len(row) or not row[idx].text:
            continue
        deadline = cell("deadline")
        year = re.search(r"\d{4}", deadline or "")
        resp: dict[str, object] = {
            "lead": cell("lead"),
            "support": [s for s in re.split(r"[、，,;；]", cell("support") or "") if s],
            "deadline": deadline,
        }
        out.append((row[idx], resp, int(year.group(0)) if year else None))
    return out


def cell_value(text: str) -> tuple[Decimal, Decimal | None, bool, str] | None:
    m = _CELL_VALUE.match(normalize(text).text.replace(" ", ""))
    if not m:
        return None
    try:
        value = Decimal(m["num"])
        high = Decimal(m["num2"]) if m["num2"] else None
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return None
    cmp = "exact"
    if m["pre"] in ("≥", ">=", "＞", ">") or m["post"] == "以上":
        cmp = "at_least"
    elif m["pre"] in ("≤", "<=", "＜", "<") or m["post"] in ("以下", "以内"):
        cmp = "at_most"
    elif m["pre"] == "约" or m["post"] == "左右":
        cmp = "approx"
    return value, high, bool(m["lb"] and m["rb"]), cmp


def _cell_unit(text: str) -> str | None:
    """The unit printed in a value cell (1200亿元), if any."""
    m = _CELL_VALUE.match(normalize(text).text.replace(" ", ""))
    return m["unit"] if m else None


def _name_unit(text: str) -> tuple[str, str | None]:
    m = re.match(r"^(?P<name>.+?)\s*[（(](?P<unit>[^（）()]+)[）)]\s*$", text)
    if m:
        return m["name"].strip(), m["unit"].strip()
    return text, None


def indicator_rows(table: Table, period: Period) -> list[Entry]:
    """One Entry per row and target column of an indicator table; [] if it is not one."""
    if not table.rows:
        return []
    header = table.rows[0]
    roles = roles_of(header)
    if "name" not in roles or not ({"year", "target"} & set(roles)):
        return []
    if roles.get("category") == [0]:  # a merged category cell, printed on its first row only
        table.rows[1:] = [
            [Cell(r[0].line, ""), *r] if len(r) == len(header) - 1 else r for r in table.rows[1:]
        ]
    years: list[tuple[int, int]] = []  # (column, year)
    for i in roles.get("year", []) + roles.get("base", []) + roles.get("target", []):
        m = re.search(r"\d{4}", header[i].text)
        if m:
            years.append((i, int(m.group(0))))
        elif i in roles.get("target", []):
            years.append((i, period.end))
        elif i in roles.get("base", []):
            years.append((i, period.start - 1))
    years.sort(key=lambda c: c[1])
    base_cols = [c for c in years if c[1] < period.start or c[0] in roles.get("base", [])]
    target_cols = [c for c in years if c not in base_cols]
    bracket_total = bool(_BRACKET_NOTE.search(table.notes))
    out: list[Entry] = []
    for row in table.rows[1:]:
        name_i = roles["name"][0]
        if name_i >= len(row) or not row[name_i].text:
            continue
        name_cell = row[name_i]
        name, unit = _name_unit(name_cell.text)
        if "unit" in roles and roles["unit"][0] < len(row) and row[roles["unit"][0]].text:
            unit = row[roles["unit"][0]].text
        star = name.endswith(("*", "＊", "★")) and bool(_STAR_NOTE.search(table.notes))
        name = name.rstrip("*＊★ ")
        attr_text = (
            row[roles["attribute"][0]].text
            if "attribute" in roles and roles["attribute"][0] < len(row)
            else ""
        )
        attribute = (
            "binding" if "约束" in attr_text or star else "expected" if "预期" in attr_text else "unstated"
        )
        seq = row[roles["seq"][0]].text if "seq" in roles and roles["seq"][0] < len(row) else ""
        base = None
        if base_cols and base_cols[-1][0] < len(row):
            base = (cell_value(row[base_cols[-1][0]].text), base_cols[-1][1])
        for col, year in target_cols:
            if col >= len(row):
                continue
            parsed = cell_value(row[col].text)
            if parsed is None:
                continue
            value, high, bracketed, cmp = parsed
            unit = unit or _cell_unit(row[col].text)
            e = Entry(
                name=name,
                unit=unit,
                kind="level",
                comparator=cmp,
                direction="higher",
                year=year,
                line=name_cell.line,
                quote=name_cell.text,
                pattern="table-row",
                value=value,
                table=table.caption,
                row=int(seq) if seq.isdigit() else None,
                attribute=attribute,
                origin="table",
            )
            if unit is None:
                e.guess("unit")
                e.notes.append("No unit printed.")
            if high is not None:
                e.kind, e.comparator, e.value_high = "range", "range", high
            elif bracketed and bracket_total:
                e.kind = "cum_sum"
                e.cumulative = (period.start, year)
                e.notes.append("Bracketed; by the table note a total over the plan period.")
            elif unit == "%":
                e.kind = "share"
            b = base[0] if base else None
            if b is not None and b[2] and bracket_total:
                years_text = f"{period.start - 5}-{period.start - 1}"
                column = base[1] if base else ""
                note = f"Printed as [{b[0]}] in the {column} column: the previous period's total."
                e.previous_period = (years_text, b[0], note)
                e.notes.append(
                    "The bracketed previous-period total is reported only, never used as a baseline."
                )
                e.guess("previous_period")
            elif b is not None and base is not None and e.kind != "range":
                e.baseline = (base[1], b[0])
            _direction(e)
            out.append(e)
    return out


def _direction(e: Entry) -> None:
    if e.comparator == "at_most":
        e.direction = "lower"
    elif e.comparator == "at_least":
        e.direction = "higher"
    elif e.baseline is not None and e.value is not None and e.baseline[1] != e.value:
        e.direction = "lower" if e.value < e.baseline[1] else "higher"
    else:
        e.direction = "lower" if LOWER_BETTER.search(e.name) and e.unit not in COUNT_UNITS else "higher"
        e.guess("direction")
