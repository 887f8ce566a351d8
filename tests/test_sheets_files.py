"""Workbooks written by real writers (openpyxl, XlsxWriter, xlwt, odfpy, LibreOffice) in every
layout, read to the observations they hold. Fixtures: tests/data/sheets/ (make_fixtures.py)."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets.actuals import load_actuals, sheet_guards
from targets.actuals.sheets import read_sheets
from targets.catalog import load_catalog
from targets.cli.app import app
from targets.cli.common import catalog_path
from targets.errors import ActualsError, Problem
from targets.models import Observation

DATA = Path(__file__).parent / "data" / "sheets"
runner = CliRunner()
Key = tuple[str, int, Decimal, str | None, str | None]  # series, year, value, catalog unit, region

# 主要指标: a wide table under a merged title; 2025年目标 and the notes below are not read
WIDE = {
    ("gx-open-14th.trading-enterprises", 2021, Decimal(260), "家", None),
    ("gx-open-14th.trading-enterprises", 2022, Decimal(280), "家", None),
    ("gx-open-14th.trading-enterprises", 2023, Decimal(295), "家", None),
    ("gaoxin.rail-transit-length", 2021, Decimal(40), "公里", None),  # 轨道通车里程(公里)
    ("gaoxin.rail-transit-length", 2022, Decimal(45), "公里", None),
    ("gaoxin.rail-transit-length", 2023, Decimal("52.5"), "公里", None),
    ("gx-open-14th.export-tax-refund-time", 2021, Decimal(5), "工作日", None),
    ("gx-open-14th.export-tax-refund-time", 2022, Decimal(4), "工作日", None),
    ("gx-open-14th.export-tax-refund-time", 2023, Decimal("3.5"), "工作日", None),
    ("gaoxin.fdi-used", 2021, Decimal(8), "亿美元", None),
    ("gaoxin.fdi-used", 2022, Decimal(9), "亿美元", None),
    ("gaoxin.fdi-used", 2023, Decimal("9.5"), "亿美元", None),
}
# 增长: years merged over 绝对值 | 比上年增长%; only the levels are read
TWO_ROW = {
    ("gx-open-14th.trading-enterprises", 2022, Decimal(280), "家", None),
    ("gx-open-14th.trading-enterprises", 2023, Decimal(295), "家", None),
    ("gx-open-14th.odi-amount", 2022, Decimal(10), "亿美元", None),
    ("gx-open-14th.odi-amount", 2023, Decimal(12), "亿美元", None),
}
# 单位: a long table with units in the values (310家, 3,350亿元, 55.5%) and in a name (外资企业数（家）)
UNITS = {
    ("gx-open-14th.trading-enterprises", 2024, Decimal(310), "家", None),
    ("gaoxin.foreign-trade", 2024, Decimal(3350), "亿元", None),
    ("gx-open-14th.xiyong-general-trade-share", 2024, Decimal("55.5"), "%", None),
    ("gx-open-14th.foreign-funded-enterprises", 2024, Decimal(120), "家", None),
}
# 分区: a wide table for two districts (地区), its unit on a line above; "—" is not reported
REGIONS = {
    ("gx-open-14th.trading-enterprises", 2023, Decimal(120), "家", "西永综保区"),
    ("gx-open-14th.trading-enterprises", 2024, Decimal(130), "家", "西永综保区"),
    ("gx-open-14th.foreign-funded-enterprises", 2023, Decimal(40), "家", "西永综保区"),
    ("gx-open-14th.trading-enterprises", 2023, Decimal(35), "家", "金凤镇"),
    ("gx-open-14th.trading-enterprises", 2024, Decimal(38), "家", "金凤镇"),
}
GROWTH_WARNING = (
    "增长!F5",
    "reported growth 30% for 2023 differs from the 20.0% the levels give (10 -> 12); "
    "growth at comparable prices may differ from nominal levels",
)


@pytest.fixture(scope="module")
def units() -> dict[str, str | None]:
    cat = load_catalog(catalog_path(None))
    out: dict[str, str | None] = {}
    for _, t in cat.iter_targets():
        out.setdefault(t.series_key, t.unit)
    return out


def observed(
    paths: list[Path], units: dict[str, str | None], **options: object
) -> tuple[set[Key], list[Problem]]:
    cat = load_catalog(catalog_path(None))
    store, problems = load_actuals(paths, cat, **options)  # type: ignore[arg-type]
    keys = [_key(o, units) for o in store]
    return {k for k in keys if k is not None}, problems


def _key(obs: Observation, units: dict[str, str | None]) -> Key | None:
    # its value is already in the catalog's unit; a value reported as missing (—) is None
    return None if obs.value is None else (obs.series, obs.year, obs.value, units[obs.series], obs.region)


BOOKS = [
    "openpyxl_wide_two_row.xlsx",
    "xlwt_wide_two_row.xls",
    "odfpy_wide_two_row.ods",
    "pyxlsbwriter_wide_two_row.xlsb",
    "libreoffice_wide_two_row.xls",
    "libreoffice_wide_two_row.ods",
    "libreoffice_wide_two_row.xlsx",
]


@pytest.mark.parametrize("name", BOOKS)
def test_wide_and_two_row_sheets_give_their_levels(name: str, units: dict[str, str | None]) -> None:
    got, problems = observed([DATA / name], units, sheet="all")
    assert got == WIDE | TWO_ROW
    assert [(p.column, p.message, p.severity) for p in problems] == [(*GROWTH_WARNING, "warning")]


@pytest.mark.parametrize("name", BOOKS)
def test_one_sheet_by_name_and_by_number(name: str, units: dict[str, str | None]) -> None:
    assert observed([DATA / name], units)[0] == WIDE  # the first sheet
    assert observed([DATA / name], units, sheet="增长")[0] == TWO_ROW
    assert observed([DATA / name], units, sheet="2")[0] == TWO_ROW


def test_a_book_of_sheets_with_notes_and_a_hidden_sheet(units: dict[str, str | None]) -> None:
    notices: list[str] = []
    got, _ = observed([DATA / "xlsxwriter_book.xlsx"], units, sheet="all", notices=notices)
    assert got == WIDE | TWO_ROW | UNITS | REGIONS  # the hidden 旧表 is not read
    book = DATA / "xlsxwriter_book.xlsx"
    assert notices == [
        f"{book}!说明: skipped, no table found (missing column(s): indicator (indicator/id/指标))",
        f"{book}!主要指标: wide layout (years 2021-2023), header row 3; not read as actuals: '2025年目标'; "
        "skipped title rows 1, notes 9-10",
        f"{book}!增长: wide layout (two-row header, years 2022-2023), header row 2; not read as actuals: "
        "'2022年 比上年增长%', '2023年 比上年增长%', '2025年目标'; skipped title rows 1",
        f"{book}!单位: long layout, header row 1",
        f"{book}!分区: wide layout (years 2023-2024), header row 3; skipped title rows 1-2",
    ]
    assert observed([book], units, sheet="单位")[0] == UNITS


def test_a_missing_mark_in_a_wide_table_is_not_reported(units: dict[str, str | None]) -> None:
    cat = load_catalog(catalog_path(None))
    store, _ = load_actuals([DATA / "xlsxwriter_book.xlsx"], cat, sheet="分区")
    group = store.group(("gx-open-14th.foreign-funded-enterprises", "西永综保区"))
    assert group == {2023: Decimal(40), 2024: None}


def test_a_hidden_sheet_is_read_when_asked_for(units: dict[str, str | None]) -> None:
    got, _ = observed([DATA / "xlsxwriter_book.xlsx"], units, sheet="旧表")
    assert got == {("gx-open-14th.foreign-funded-enterprises", 2020, Decimal(1), "家", None)}


def test_the_first_sheet_of_notes_is_refused_with_what_to_do() -> None:
    book = DATA / "xlsxwriter_book.xlsx"
    result = runner.invoke(app, ["check", str(book)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{book}!说明!A1: missing column(s): indicator (indicator/id/指标); year (year/年份/年度); "
        "value (value/数值/值); found ['填报说明']; or, for a wide table, expected an indicator column "
        "(指标名称) and year columns (2024, 2024年, 2024年实际): name the header with --header-row N "
        "(and the layout with --layout long|wide)"
    )


def test_wide_csv_with_bom_title_and_notes(units: dict[str, str | None]) -> None:
    notices: list[str] = []
    got, problems = observed([DATA / "wide.csv"], units, notices=notices)
    assert got == WIDE and problems == []
    assert notices == [
        f"{DATA / 'wide.csv'}: wide layout (years 2021-2023), header row 3; not read as actuals: "
        "'2025年目标'; skipped title rows 1, notes 9-10"
    ]


def test_unit_in_the_name_and_in_the_unit_column_disagree() -> None:
    book = DATA / "openpyxl_unit_conflict.xlsx"
    with pytest.raises(ActualsError) as info:
        load_actuals([book], load_catalog(catalog_path(None)))
    assert (
        str(info.value)
        == f"{book}!Sheet!B2: the unit '万元' in the unit column and '家' in the name disagree"
    )


def test_check_prints_the_layout_notice_and_evaluates() -> None:
    book = DATA / "openpyxl_wide_two_row.xlsx"
    result = runner.invoke(app, ["check", str(book), "--format", "json", "--plan", "gx-open-14th"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        f"targets: {book}!主要指标: wide layout (years 2021-2023), header row 3; "
        "not read as actuals: '2025年目标'; skipped title rows 1, notes 9-10"
    )
    results = {r["id"]: r for r in json.loads(result.stdout)["results"]}
    tax = results["gx-open-14th.export-tax-refund-time"]
    assert (tax["year"], tax["actual"], tax["file"], tax["line"]) == (2023, 3.5, f"{book}!主要指标", 6)
    assert results["gx-open-14th.fdi-used"]["cumulative_sum"] == 26.5  # 8 + 9 + 9.5


@pytest.mark.parametrize("command", ["brief", "trend"])
def test_brief_and_trend_take_the_sheet_options(command: str) -> None:
    book = str(DATA / "xlsxwriter_book.xlsx")
    args = (
        ["brief", book, "--plan", "gx-open-14th"]
        if command == "brief"
        else ["trend", "gx-open-14th.trading-enterprises", book, "--format", "json"]
    )
    result = runner.invoke(app, [*args, "--sheet", "增长", "--header-row", "2", "--layout", "wide"])
    assert result.exit_code == 0, result.stderr
    assert "增长: wide layout (two-row header, years 2022-2023), header row 2" in result.stderr
    if command == "trend":
        [trend] = json.loads(result.stdout)["trends"]
        assert "295" in json.dumps(trend)


def test_layout_that_cannot_be_read_names_the_option() -> None:
    book = DATA / "openpyxl_wide_two_row.xlsx"
    result = runner.invoke(app, ["check", str(book), "--header-row", "4"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{book}!主要指标!A4: row 4 is not a header: expected indicator, year and value columns"
    )
    forced = runner.invoke(app, ["check", str(book), "--layout", "long"])
    assert forced.exit_code == 2
    assert f"{book}!主要指标!A3: missing column(s): year (year/年份/年度); value" in forced.stderr


def test_check_of_a_csv_does_not_import_the_workbook_reader(tmp_path: Path) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text("indicator,year,value\ngx-open-14th.trade-total,2023,3200\n", encoding="utf-8")
    code = (
        "import sys; from targets.cli import main; sys.argv = ['targets', 'check', sys.argv[1], "
        "'--format', 'json']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "ends = ('.sheets', '.sheet_guards')\n"
        "print('LOADED', [m for m in sys.modules if 'calamine' in m or m.endswith(ends)], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(csv)], capture_output=True, text=True, check=False)
    assert "LOADED []" in done.stderr, done.stderr


def _ods_with(content_edit: Callable[[str], str]) -> bytes:
    src = zipfile.ZipFile(DATA / "odfpy_wide_two_row.ods")
    parts = {n: src.read(n) for n in src.namelist()}
    parts["content.xml"] = content_edit(parts["content.xml"].decode()).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():  # the mimetype first and stored, as ODF requires
            zf.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _record(kind: int, payload: bytes) -> bytes:
    assert kind < 128 and len(payload) < 128  # one-byte varints are enough here
    return bytes([kind, len(payload)]) + payload


def _xlsb_with(sheet_records: bytes) -> bytes:
    src = zipfile.ZipFile(DATA / "pyxlsbwriter_wide_two_row.xlsb")
    parts = {n: src.read(n) for n in src.namelist()}
    parts["xl/worksheets/sheet1.bin"] = sheet_records
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_xlsb_sparse_grid_is_refused_and_error_cells_are_found() -> None:
    def row(n: int) -> bytes:  # BrtRowHdr
        return _record(0, struct.pack("<I", n) + bytes(13))

    def real(col: int) -> bytes:  # BrtCellReal
        return _record(5, struct.pack("<II", col, 0) + struct.pack("<d", 1.0))

    bomb = _xlsb_with(row(0) + real(0) + row(1_048_575) + real(16_383))
    assert str(guard_error(bomb)) == (
        "book.xlsb: 主要指标: the cells span A1:XFD1048576, more than 10000000 cells: "
        "too large for an actuals sheet (if a stray cell lies far from the table, delete the rows and "
        "columns around it)"
    )
    error = _record(3, struct.pack("<II", 1, 0) + bytes([0x07]))  # BrtCellError #DIV/0! at B3
    scan = sheet_guards.guard(_xlsb_with(row(2) + error), "book.xlsb")
    assert scan.errors == {"主要指标": {(3, 1): "#DIV/0!"}}


def guard_error(data: bytes) -> ActualsError:
    with pytest.raises(ActualsError) as info:
        sheet_guards.guard(data, "book.xlsb")
    return info.value


def test_ods_repeats_that_multiply_into_a_huge_grid_are_refused() -> None:
    # a value cell repeated 16384 times on a row repeated a million times: 17 billion cells, which
    # the reader would allocate (and abort the process) if it were let open the file
    def bomb(xml: str) -> str:
        return xml.replace(
            "<table:table-row>", '<table:table-row table:number-rows-repeated="1048576">', 1
        ).replace("<table:table-cell ", '<table:table-cell table:number-columns-repeated="16384" ', 1)

    with pytest.raises(ActualsError) as info:
        read_sheets(_ods_with(bomb), "bomb.ods")
    assert str(info.value).startswith("bomb.ods: 主要指标: the cells span A1:XFD1048585")
    assert str(info.value).endswith("delete the rows and columns around it)")


def test_ods_trailing_empty_repeats_are_fine() -> None:
    # LibreOffice writes the empty rest of a sheet as repeated empty cells and rows
    def padding(xml: str) -> str:
        empty = (
            '<table:table-row table:number-rows-repeated="1048000">'
            '<table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
        )
        return xml.replace("</table:table>", empty + "</table:table>", 1)

    [sheet] = read_sheets(_ods_with(padding), "pad.ods")
    assert dict(sheet.rows)[3][:3] == ["指标名称", "单位", "2021"]
