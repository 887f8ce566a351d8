"""`targets template`: the blank form, and the round trip template -> filled -> `check`."""

from __future__ import annotations

import codecs
import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets.actuals.load import Resolver
from targets.actuals.sheets import Sheet, read_sheets
from targets.catalog import default_catalog_path, load_catalog
from targets.cli.app import app
from targets.report.template import HEADERS, template_rows
from targets.report.xlsx_write import Cell, write_xlsx

from .conftest import MINI

runner = CliRunner()
SHIPPED = default_catalog_path()
VALUE = HEADERS["en"].index("value")
UNIT = HEADERS["en"].index("unit")


def read_xlsx(data: bytes, source: str) -> Sheet:
    [sheet] = read_sheets(data, source)
    return sheet


@pytest.fixture
def mini_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


def template_csv(*args: str) -> list[list[str]]:
    result = runner.invoke(app, ["template", *args])
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes
    assert raw.startswith(codecs.BOM_UTF8)
    text = raw[3:].decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


def fill(table: list[list[str]], values: dict[str, str]) -> list[list[str]]:
    """The form as a department returns it: a value typed against some indicators."""
    return [table[0], *([*row[:VALUE], values.get(row[0], ""), *row[VALUE + 1 :]] for row in table[1:])]


def save_csv(path: Path, table: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # as Excel saves "CSV UTF-8"
        csv.writer(fh, lineterminator="\r\n").writerows(table)
    return path


def check_json(*args: str) -> tuple[dict[str, str], str]:
    result = runner.invoke(app, ["check", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    return {r["id"]: r["status"] for r in doc["results"]}, result.stderr


# ---------------------------------------------------------------- the form


def test_columns_bom_and_one_row_per_series() -> None:
    assert template_csv("2024")[0] == ["指标", "名称", "单位", "规划", "年份", "数值", "地区", "来源", "备注"]
    table = template_csv("2024", "--lang", "en")
    assert table[0] == ["indicator", "name", "unit", "plan", "year", "value", "region", "source", "note"]
    cat = load_catalog(SHIPPED)
    covering = [p for p in cat.plans if p.period.start <= 2024 <= p.period.end]
    series = {t.series_key for p in covering for t in p.targets}
    rows = table[1:]
    assert sorted(r[0] for r in rows) == sorted(series)  # each series once
    assert all(r[4] == "2024" and r[VALUE] == "" and r[6] == "" for r in rows)
    by_key = {r[0]: r for r in rows}
    # a series two plans track is one row naming both plans
    shared = by_key["gaoxin.rail-transit-length"]
    assert shared[3] == "gx-open-14th; gx-sc-2027"
    assert shared[1] == "轨道通车里程 / 轨道交通运营里程"
    assert shared[UNIT] == "公里"
    assert "cq-platforms-2020" not in {p for r in rows for p in r[3].split("; ")}  # its period is 2018-2020


def test_plan_filter_region_and_chinese_headers() -> None:
    table = template_csv("2021", "--plan", "gx-open-14th", "--region", "高新区", "--lang", "zh")
    assert table[0] == ["指标", "名称", "单位", "规划", "年份", "数值", "地区", "来源", "备注"]
    assert {r[3] for r in table[1:]} == {"gx-open-14th"}
    assert {r[6] for r in table[1:]} == {"高新区"}
    # gx-sc-2027 shares the rail series but starts in 2023: 2021 names only one plan
    assert next(r for r in table[1:] if r[0] == "gaoxin.rail-transit-length")[3] == "gx-open-14th"


def test_rows_follow_the_catalog_not_the_target_count(mini_file: Path) -> None:
    rows = template_rows(load_catalog(mini_file), 2023)
    # t.keep shares the series of t.rd: ten targets, nine rows
    assert [r.indicator for r in rows] == [
        "t.trade",
        "t.refund",
        "t.fdi",
        "t.expo",
        "t.double",
        "t.rd",
        "t.up",
        "t.cut",
        "t.approx",
    ]
    assert next(r for r in rows if r.indicator == "t.rd").name == "研发投入强度 / 研发投入强度保持"


def test_five_year_totals_ask_for_the_year_amount(mini_file: Path) -> None:
    en = {r[0]: r for r in template_csv("2023", "--catalog", str(mini_file), "--lang", "en")[1:]}
    assert en["t.fdi"][-1] == "this year's amount, not the running total"
    assert {k for k, r in en.items() if r[-1]} == {"t.fdi"}
    zh = {r[0]: r for r in template_csv("2023", "--catalog", str(mini_file), "--lang", "zh")[1:]}
    assert zh["t.fdi"][-1] == "填当年发生额，不填累计数"


def test_usage_errors(tmp_path: Path) -> None:
    far = runner.invoke(app, ["template", "2040"])
    assert far.exit_code == 2 and "no plan period covers 2040; periods: gx-open-14th 2021-2025" in far.stderr
    bad_plan = runner.invoke(app, ["template", "2024", "--plan", "nope"])
    assert bad_plan.exit_code == 2 and "unknown plan 'nope'" in bad_plan.stderr
    outside = runner.invoke(app, ["template", "2024", "--plan", "cq-platforms-2020"])
    assert outside.exit_code == 2 and "periods: cq-platforms-2020 2018-2020" in outside.stderr
    unwritable = runner.invoke(app, ["template", "2024", "-o", str(tmp_path / "no" / "dir.csv")])
    assert unwritable.exit_code == 2 and "cannot write" in unwritable.stderr


def test_output_file_csv_and_xlsx(tmp_path: Path) -> None:
    stdout = template_csv("2023")
    csv_file = tmp_path / "form.csv"
    result = runner.invoke(app, ["template", "2023", "-o", str(csv_file)])
    assert result.exit_code == 0
    assert result.stderr == f"targets: wrote {len(stdout) - 1} indicator(s) for 2023 to {csv_file}\n"
    assert csv_file.read_bytes() == runner.invoke(app, ["template", "2023"]).stdout_bytes
    book = tmp_path / "form.XLSX"
    assert runner.invoke(app, ["template", "2023", "-o", str(book)]).exit_code == 0
    table = read_xlsx(book.read_bytes(), str(book))
    assert table.name == "2023"
    # the workbook holds the same cells; empty trailing cells are simply absent
    assert [cells for _, cells in table.rows] == _trim(stdout)
    assert [n for n, _ in table.rows] == list(range(1, len(stdout) + 1))


def _trim(table: list[list[str]]) -> list[list[str]]:
    out = []
    for row in table:
        cells = list(row)
        while cells and cells[-1] == "":
            cells.pop()
        out.append(cells)
    return out


# ---------------------------------------------------------------- round trip through check


MINI_2023 = {
    "t.trade": "3200",  # METHOD example 1: q = 0.657 -> behind
    "t.refund": "3.5",  # example 2, lower is better: q = 0.789 -> behind
    "t.expo": "0",  # example 4: q = 0 -> far_behind
    "t.rd": "2.6",  # binding share: q = 1.0 exactly -> on_track; and t.keep (>= 2) achieved
    "t.approx": "4900",  # 5000 左右: within 5 % -> achieved
    "t.up": "55",  # a direction target with one year -> not_assessable
    "t.fdi": "9.5",  # cumulative with 2021 and 2022 missing -> not_assessable
}
MINI_EXPECTED = {
    "t.trade": "behind",
    "t.refund": "behind",
    "t.expo": "far_behind",
    "t.rd": "on_track",
    "t.keep": "achieved",
    "t.approx": "achieved",
    "t.up": "not_assessable",
    "t.fdi": "not_assessable",
    "t.double": "no_data",  # left blank: "not reported"
    "t.cut": "no_data",
}


def test_round_trip_csv(tmp_path: Path, mini_file: Path) -> None:
    form = template_csv("2023", "--catalog", str(mini_file))
    filled = save_csv(tmp_path / "filled.csv", fill(form, MINI_2023))
    statuses, _ = check_json(str(filled), "--catalog", str(mini_file))
    assert statuses == MINI_EXPECTED


def test_round_trip_several_years(tmp_path: Path, mini_file: Path) -> None:
    """Three yearly forms filled and checked together: flows add up, directions compare."""
    for year, fdi, up in ((2021, "8", "50"), (2022, "9", "52"), (2023, "9.5", "55")):
        form = template_csv(str(year), "--catalog", str(mini_file))
        save_csv(tmp_path / f"{year}.csv", fill(form, {"t.fdi": fdi, "t.up": up}))
    statuses, _ = check_json(str(tmp_path), "--catalog", str(mini_file))
    assert statuses["t.fdi"] == "on_track"  # METHOD example 3: S = 26.5, q = 0.981
    assert statuses["t.up"] == "on_track"  # 52 -> 55 rises


def test_round_trip_shipped_data(tmp_path: Path) -> None:
    """The 2024 form filled with the shipped actuals of 2024 judges every target as those rows do."""
    rows = []
    for path in sorted((SHIPPED.parent / "actuals").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows += [r for r in csv.DictReader(fh) if r["year"] == "2024"]
    resolver = Resolver(load_catalog(SHIPPED))  # the files name some indicators by id, some by name
    given = {resolver.resolve(r["indicator"])[0]: r for r in rows}
    form = template_csv("2024")
    filled = [form[0]]
    for row in form[1:]:
        src = given.get(row[0])
        # the value as reported, in the unit it was reported in
        new = (
            row
            if src is None
            else [*row[:UNIT], src["unit"], *row[UNIT + 1 : VALUE], src["value"], *row[VALUE + 1 :]]
        )
        filled.append(new)
    assert None not in given and sum(1 for r in filled[1:] if r[VALUE]) == len(given)
    save_csv(tmp_path / "filled.csv", filled)
    plain = tmp_path / "plain"
    plain.mkdir()
    save_csv(
        plain / "rows.csv",
        [["indicator", "year", "value", "unit"]]
        + [[r["indicator"], r["year"], r["value"], r["unit"]] for r in rows],
    )
    from_form, _ = check_json(str(tmp_path / "filled.csv"))
    from_rows, _ = check_json(str(plain))
    assert from_form == from_rows
    assert {"behind", "no_data"} <= set(from_form.values())


LIBREOFFICE = Path(__file__).parent / "data" / "xlsx" / "libreoffice_filled_template.xlsx"


def test_form_saved_by_libreoffice_reads_back() -> None:
    """`template 2023 --plan gx-open-14th`, filled, saved as .xlsx by LibreOffice Calc (fixture)."""
    table = read_xlsx(LIBREOFFICE.read_bytes(), LIBREOFFICE.name)
    header, *rows = (cells for _, cells in table.rows)
    assert header == HEADERS["en"]
    expected = template_rows(load_catalog(SHIPPED), 2023, "gx-open-14th")
    assert [r[0] for r in rows] == [r.indicator for r in expected]
    filled = {r[0]: r[VALUE] for r in rows if len(r) > VALUE and r[VALUE]}
    assert filled == {"gaoxin.foreign-trade": "3200", "gx-open-14th.export-tax-refund-time": "3.5"}


def test_round_trip_libreoffice_xlsx(tmp_path: Path) -> None:
    table = read_xlsx(LIBREOFFICE.read_bytes(), LIBREOFFICE.name)
    as_csv = save_csv(tmp_path / "same.csv", [cells for _, cells in table.rows])
    from_csv, _ = check_json(str(as_csv), "--plan", "gx-open-14th")
    from_xlsx, _ = check_json(str(LIBREOFFICE), "--plan", "gx-open-14th")
    assert from_xlsx == from_csv
    assert from_xlsx["gx-open-14th.trade-total"] == "behind"  # METHOD example 1
    assert from_xlsx["gx-open-14th.export-tax-refund-time"] == "behind"  # example 2


def test_filled_form_passes_check_without_warnings(tmp_path: Path, mini_file: Path) -> None:
    form = template_csv("2023", "--catalog", str(mini_file), "--lang", "zh")
    filled = save_csv(tmp_path / "filled.csv", fill(form, MINI_2023))
    result = runner.invoke(
        app, ["check", str(filled), "--catalog", str(mini_file), "--strict", "--format", "json"]
    )
    assert result.stderr == ""
    assert result.exit_code == 0


def test_round_trip_xlsx(tmp_path: Path, mini_file: Path) -> None:
    book = tmp_path / "form.xlsx"
    assert (
        runner.invoke(app, ["template", "2023", "--catalog", str(mini_file), "-o", str(book)]).exit_code == 0
    )
    table = read_xlsx(book.read_bytes(), str(book))
    header, *rows = (cells for _, cells in table.rows)
    filled: list[list[Cell]] = [list(header)]
    for cells in rows:  # typed in as numbers, as Excel stores them
        value = MINI_2023.get(cells[0])
        filled.append([*cells[:VALUE], None if value is None else Decimal(value), *cells[VALUE + 1 :]])
    (tmp_path / "filled.xlsx").write_bytes(write_xlsx(filled, table.name))
    statuses, _ = check_json(str(tmp_path / "filled.xlsx"), "--catalog", str(mini_file))
    assert statuses == MINI_EXPECTED


# ---------------------------------------------------------------- the wide form


def test_wide_form_has_a_column_per_year_of_the_plan(mini_file: Path) -> None:
    table = template_csv("2023", "--catalog", str(mini_file), "--layout", "wide")
    assert table[0] == ["指标", "名称", "单位", "规划", "2021年", "2022年", "2023年", "地区", "来源", "备注"]
    assert [r[0] for r in table[1:]] == [r.indicator for r in template_rows(load_catalog(mini_file), 2023)]
    assert all(r[4:7] == ["", "", ""] for r in table[1:])
    en = template_csv("2023", "--catalog", str(mini_file), "--layout", "wide", "--lang", "en")
    assert en[0][4:7] == ["2021", "2022", "2023"]


MINI_WIDE = {"t.trade": ["3000", "3100", "3200"], "t.refund": ["4", "3.8", "3.5"], "t.fdi": ["8", "9", "9.5"]}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_filled_wide_form_checks_cleanly(tmp_path: Path, mini_file: Path, suffix: str) -> None:
    form = template_csv("2023", "--catalog", str(mini_file), "--layout", "wide")
    filled = [form[0], *([*r[:4], *MINI_WIDE.get(r[0], r[4:7]), *r[7:]] for r in form[1:])]
    path = tmp_path / f"filled{suffix}"
    if suffix == ".csv":
        save_csv(path, filled)
    else:
        typed: list[list[Cell]] = [list(filled[0])]
        typed += [[*r[:4], *(Decimal(v) if v else None for v in r[4:7]), *r[7:]] for r in filled[1:]]
        path.write_bytes(write_xlsx(typed, "2023"))
    result = runner.invoke(
        app, ["check", str(path), "--catalog", str(mini_file), "--strict", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    where = f"{path}!2023" if suffix == ".xlsx" else str(path)
    assert result.stderr == f"targets: {where}: wide layout (years 2021-2023), header row 1\n"
    results = {r["id"]: r for r in json.loads(result.stdout)["results"]}
    assert (results["t.trade"]["year"], results["t.trade"]["actual"]) == (2023, 3200)
    assert results["t.fdi"]["cumulative_sum"] == 26.5
