"""Tables in plan text: indicator tables (one entry per row and target column, with the baseline
column, attributes, bracketed five-year totals) and task-breakdown tables (deadline and
responsibility attached to the prose they repeat). Fixtures in tests/data/extract/."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from targets.extract import Entry, extract

DATA = Path(__file__).parent / "data" / "extract"


def entries(name: str) -> list[Entry]:
    text = (DATA / name).read_text(encoding="utf-8")
    return extract(text, "t", name).entries


def test_row_per_line_table_one_entry_per_row_and_target_column() -> None:
    rows = [e for e in entries("table_rows.txt") if e.pattern == "table-row"]
    got = [(e.line, e.name, e.year, e.value, e.baseline, e.attribute) for e in rows]
    assert got == [
        (4, "规模以上工业总产值", 2023, 1000, (2020, 800), "expected"),
        (4, "规模以上工业总产值", 2025, 1200, (2020, 800), "expected"),
        (5, "研发经费投入强度", 2023, Decimal("2.5"), (2020, Decimal("2.1")), "expected"),
        (5, "研发经费投入强度", 2025, 3, (2020, Decimal("2.1")), "expected"),
        (6, "森林覆盖率", 2025, 55, (2020, 50), "binding"),  # the * and its note, no attribute cell
        (7, "实际利用外资", 2025, 45, None, "expected"),
        (8, "万元工业增加值用水量", 2025, 36, (2020, 40), "binding"),
        (9, "工业固体废物综合利用率", 2025, 90, (2020, 88), "expected"),
    ]
    assert all(e.table == "表3-1" for e in rows)
    assert [e.row for e in rows] == [1, 1, 2, 2, 3, 4, 5, 6]


def test_cell_marks_set_comparators_and_values_set_directions() -> None:
    by_name = {(e.name, e.year): e for e in entries("table_rows.txt")}
    assert by_name["研发经费投入强度", 2025].comparator == "at_least"  # ≥3
    assert by_name["工业固体废物综合利用率", 2025].comparator == "approx"  # 90左右
    water = by_name["万元工业增加值用水量", 2025]
    assert (water.direction, water.kind) == ("lower", "level")  # 40 -> 36
    assert (water.unit, "unit" in water.review) == ("立方米", False)  # the registry reads 立方米
    assert by_name["研发经费投入强度", 2025].kind == "share"


def test_bracketed_values_with_a_table_note_are_five_year_totals() -> None:
    fdi = next(e for e in entries("table_rows.txt") if e.name == "实际利用外资")
    assert (fdi.kind, fdi.value, fdi.cumulative) == ("cum_sum", 45, (2021, 2025))
    assert fdi.previous_period is not None and fdi.previous_period[:2] == ("2016-2020", 30)
    assert fdi.baseline is None  # a previous period's total is never a starting level


def test_quote_is_the_name_cell_as_printed() -> None:
    forest = next(e for e in entries("table_rows.txt") if e.name == "森林覆盖率")
    assert forest.quote == "森林覆盖率*"


def test_cell_per_line_table_and_prose_that_restates_it() -> None:
    drafted = entries("sample_plan.txt")
    table = [e for e in drafted if e.pattern == "table-row"]
    assert [(e.line, e.name, e.unit, e.value, e.kind) for e in table] == [
        (19, "数字经济规模", "亿元", 300, "level"),
        (25, "引进数字经济项目", "个", 100, "cum_sum"),
    ]
    assert table[0].baseline == (2020, 120)


def test_task_table_dates_and_assigns_the_prose_it_repeats() -> None:
    drafted = entries("sample_plan.txt")
    centres = next(e for e in drafted if e.name == "新建数据中心")
    assert centres.line == 10  # the prose statement is kept, not the breakdown's copy
    assert centres.responsibility == {
        "lead": "县发展改革局",
        "support": ["县经济信息局", "县大数据中心"],
        "deadline": "2024年前",
    }
    park = next(e for e in drafted if "产业园" in e.name)
    assert (park.line, park.year, park.pattern) == (51, 2023, "task-row/count-verb")  # only in the table
    assert park.responsibility is not None and park.responsibility["deadline"] == "2023年底前"


def test_background_and_facts_in_the_sample_plan_are_not_targets() -> None:
    assert all(e.line != 7 for e in entries("sample_plan.txt"))
