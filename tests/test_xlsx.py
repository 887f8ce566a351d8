"""The workbook reader (calamine behind our guards) on .xlsx files written by openpyxl, XlsxWriter
and LibreOffice, on crafted hostile files, and the template writer read back. Fixtures:
tests/data/xlsx/ (made by make_fixtures.py there, not run by tests)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import struct
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from targets.actuals import sheet_guards
from targets.actuals.isolate import isolated
from targets.actuals.load import parse_number
from targets.actuals.sheets import Sheet, column_letter, read_sheets
from targets.cli.app import app
from targets.errors import ActualsError
from targets.report.xlsx_write import Cell, write_xlsx

DATA = Path(__file__).parent / "data" / "xlsx"
HEADER = ["indicator", "year", "value", "unit", "note"]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
runner = CliRunner()


def fixture(name: str) -> bytes:
    return (DATA / name).read_bytes()


def read_xlsx(data: bytes, source: str, sheet: str | None = None) -> Sheet:
    [one] = read_sheets(data, source, sheet)
    return one


def rows_of(data: bytes, sheet: str | None = None) -> list[tuple[int, list[str]]]:
    return read_xlsx(data, "book.xlsx", sheet).rows


def error_of(data: bytes, sheet: str | None = None, source: str = "book.xlsx") -> str:
    with pytest.raises(ActualsError) as info:
        read_xlsx(data, source, sheet)
    return str(info.value)


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return buf.getvalue()


def with_sheet(sheet_data: str, shared: list[str] | None = None, raw: str | None = None) -> bytes:
    """A workbook from our writer whose sheet XML (and shared strings) a test supplies."""
    parts = parts_of(write_xlsx([["x"]], "Sheet1", header=False))
    parts["xl/worksheets/sheet1.xml"] = (
        raw or f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>'
    ).encode()
    if shared is not None:
        items = "".join(f"<si><t>{s}</t></si>" for s in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{items}</sst>'.encode()
        rels = parts["xl/_rels/workbook.xml.rels"].decode()
        rel = (
            '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/>'
        )
        parts["xl/_rels/workbook.xml.rels"] = rels.replace(
            "</Relationships>", rel + "</Relationships>"
        ).encode()
    return zipped(parts)


def cell(value: str, t: str | None = None, ref: str = "A1", row: int = 1) -> bytes:
    kind = f' t="{t}"' if t else ""
    return with_sheet(f'<row r="{row}"><c r="{ref}"{kind}><v>{value}</v></c></row>')


# ---------------------------------------------------------------- third-party workbooks


def test_xlsxwriter_shared_strings_with_rich_text() -> None:
    table = read_xlsx(fixture("xlsxwriter_actuals.xlsx"), "a.xlsx")
    assert table.name == "actuals"
    assert table.rows == [
        (1, HEADER),
        (2, ["gx-open-14th.trade-total", "2023", "3200", "亿元", "METHOD 例1"]),
        (3, ["出口退税时间", "2023", "3.5", "工作日"]),
        (4, ["gx-open-14th.fdi-used", "2021", "8", "亿美元"]),
        (5, ["gx-open-14th.fdi-used", "2022", "9", "亿美元"]),
        (6, ["gx-open-14th.fdi-used", "2023", "9.5", "亿美元"]),
    ]


def test_openpyxl_inline_strings_blank_row_and_date_formatted_year() -> None:
    rows = rows_of(fixture("openpyxl_two_sheets.xlsx"))
    assert [n for n, _ in rows] == [1, 2, 3, 5, 6, 7]  # Excel's row numbers; row 4 is blank
    assert rows[1] == (2, ["gx-open-14th.trade-total", "2023", "3200", "亿元", "METHOD 例1"])
    # the year column is formatted yyyy-mm-dd: the stored number is what is read
    assert {cells[1] for _, cells in rows[1:]} == {"2021", "2022", "2023"}


def test_xlsxwriter_inline_strings_keep_spaces() -> None:
    rows = rows_of(fixture("xlsxwriter_inline.xlsx"))
    assert rows[1] == (
        2,
        ["gx-open-14th.trade-total", "2023", "3200", "亿元", "  leading and trailing spaces  "],
    )
    assert rows == [(1, HEADER), rows[1], *rows_of(fixture("xlsxwriter_actuals.xlsx"))[2:]]


def test_xlsxwriter_formulas_errors_booleans_dates() -> None:
    table = read_xlsx(fixture("xlsxwriter_cells.xlsx"), "c.xlsx")
    assert table.name == "cells"  # a chart sheet and a hidden sheet come first
    assert table.rows == [
        (1, HEADER),
        (2, ["gx-open-14th.trade-total", "2022", "3120", "亿元"]),
        (3, ["gx-open-14th.trade-total", "2023", "3200", "", "ab"]),  # cached formula results
        (4, ["gx-open-14th.odi-amount", "2024", "#DIV/0!", "", "TRUE"]),
        (5, ["gx-open-14th.odi-amount", "44927", "0.00001", "", "bell\x07here"]),  # a real date: its serial
    ]


def test_sheet_by_name_position_and_case() -> None:
    book = fixture("openpyxl_two_sheets.xlsx")
    second = [(1, HEADER), (2, ["gx-open-14th.trade-total", "2022", "3120", "亿元", "第二个工作表"])]
    assert rows_of(book, "2022") == second
    assert rows_of(book, "2") == second
    assert read_xlsx(book, "b", "ACTUALS").name == "actuals"
    cells = fixture("xlsxwriter_cells.xlsx")
    assert rows_of(cells, "隐藏") == [(1, ["not", "this", "one"])]  # hidden, but asked for


def test_unknown_sheet_lists_the_names() -> None:
    message = error_of(fixture("openpyxl_two_sheets.xlsx"), "2021", source="two.xlsx")
    assert message == "two.xlsx: no sheet '2021'; the workbook has 'actuals', '2022' (or give 1-2, or all)"
    assert "no sheet '9'" in error_of(fixture("openpyxl_two_sheets.xlsx"), "9")
    chart = error_of(fixture("xlsxwriter_cells.xlsx"), "图表", source="c.xlsx")
    assert chart == "c.xlsx: sheet '图表' is not a worksheet (a chart or macro sheet)"


def test_formula_without_a_saved_value_names_file_sheet_and_cell() -> None:
    message = error_of(fixture("openpyxl_formula_no_value.xlsx"), source="f.xlsx")
    assert message == (
        "f.xlsx!数据!C3: formula =C2+80 has no saved result: open and save the file in Excel, "
        "or paste the values only"
    )


# ---------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("stored", "text", "number"),
    [
        ("3200", "3200", "3200"),
        ("0.055", "0.055", "0.055"),
        ("1E-3", "0.001", "0.001"),
        ("-2.5e+2", "-250", "-250"),
        (".5", "0.5", "0.5"),
        ("4.4999999999999998E-2", "0.045", "0.045"),  # Excel's binary noise, shown as 0.045
        ("0.30000000000000004", "0.3", "0.3"),
        ("1234567.8901234567", "1234567.89012346", "1234567.89012346"),
    ],
)
def test_numbers_keep_their_digits(stored: str, text: str, number: str) -> None:
    assert rows_of(cell(stored)) == [(1, [text])]
    assert parse_number(text)[0] == Decimal(number)


def test_huge_exponent_stays_short() -> None:
    [(_, [text])] = rows_of(cell("1.2345678901234567E+300"))
    assert text == "1.23456789012346E+300"


def test_cell_kinds_and_escapes() -> None:
    sheet = (
        '<row r="2"><c r="B2" t="b"><v>0</v></c><c r="D2" t="e"><v>#N/A</v></c>'
        '<c r="E2" t="d"><v>2023-01-01T00:00:00</v></c>'
        '<c r="F2" t="inlineStr"><is><r><t>a</t></r><rPh><t>ふりがな</t></rPh>'
        "<r><t>_x000D__x005F_x0041_</t></r></is></c>"
        '<c r="G2" t="s"><v>1</v></c><c r="H2" s="3"/></row>'
    )
    rows = rows_of(with_sheet(sheet, shared=["zero", "一"]))
    # an ISO date cell reads as its serial number, as a date-formatted number does
    assert rows == [(2, ["", "FALSE", "", "#N/A", "44927", "a\r_x0041_", "一"])]


def test_rows_and_cells_without_references() -> None:
    sheet = "<row><c><v>1</v></c><c><v>2</v></c></row><row><c t='inlineStr'><is><t>x</t></is></c></row>"
    assert rows_of(with_sheet(sheet)) == [(1, ["1", "2"]), (2, ["x"])]


def test_strict_namespace_and_absolute_targets() -> None:
    parts = parts_of(write_xlsx([["a", 1]], "S", header=False))
    strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    for name in ("xl/workbook.xml", "xl/worksheets/sheet1.xml"):
        parts[name] = parts[name].replace(MAIN.encode(), strict.encode())
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b'Target="worksheets/sheet1.xml"', b'Target="/xl/worksheets/sheet1.xml"'
    )
    assert rows_of(zipped(parts)) == [(1, ["a", "1"])]


# ---------------------------------------------------------------- hostile and broken files


def test_not_a_workbook() -> None:
    assert error_of(b"indicator,year,value\n") == (
        "book.xlsx: a text file saved under a workbook's name: if it is a CSV file, name it .csv"
    )
    assert error_of(b"<html><body><table><tr><td>1</td></tr></table>") == (
        "book.xlsx: an HTML page saved under a workbook's name: open it in Excel or WPS and save it as .xlsx"
    )
    assert error_of(b"\x00\x01\x02garbage").startswith("book.xlsx: not a workbook (not a zip archive")
    assert error_of(b"") == "book.xlsx: the file is empty, not a workbook"
    truncated = fixture("xlsxwriter_actuals.xlsx")[:3000]
    assert "not a workbook" in error_of(truncated)
    assert error_of(zipped({"a.txt": b"x"})) == (
        "book.xlsx: a zip archive, but not an .xlsx, .xlsb or .ods workbook"
    )


def test_damaged_legacy_container() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert error_of(ole2, source="old.xls").startswith(
        "old.xls: cannot read the workbook (a password-protected workbook?): "
    )


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        ("xl/workbook.xml", "a zip archive, but not an .xlsx, .xlsb or .ods workbook"),
        (
            "xl/worksheets/sheet1.xml",
            "missing part xl/worksheets/sheet1.xml of sheet 'Sheet1': the file is damaged",
        ),
        (
            "xl/_rels/workbook.xml.rels",
            "sheet 'Sheet1' refers to relationship 'rId1', which xl/_rels/workbook.xml.rels does not have: "
            "the file is damaged",
        ),
    ],
)
def test_missing_parts(drop: str, message: str) -> None:
    parts = parts_of(write_xlsx([["a"]]))
    del parts[drop]
    assert error_of(zipped(parts)) == f"book.xlsx: {message}"


def test_no_visible_worksheet() -> None:
    parts = parts_of(write_xlsx([["a"]], "only"))
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'sheetId="1"', b'sheetId="1" state="hidden"')
    assert error_of(zipped(parts)) == "book.xlsx: the workbook has no visible worksheet (sheets: 'only')"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_doctype_and_entities_are_refused(encoding: str) -> None:
    bomb = (
        f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c>'
        "</row></sheetData></worksheet>"
    )
    parts = parts_of(write_xlsx([["a"]]))
    parts["xl/worksheets/sheet1.xml"] = bomb.encode(encoding)
    assert error_of(zipped(parts)) == (
        "book.xlsx: part xl/worksheets/sheet1.xml has a DOCTYPE or ENTITY declaration: refused"
    )


def test_malformed_xml() -> None:
    assert error_of(with_sheet('<row r="1"><c r="A1"><v>1</v></row>')).startswith(
        "book.xlsx: Sheet1: cannot read the sheet (damaged, or not well-formed XML): "
    )
    parts = parts_of(write_xlsx([["a"]]))
    parts["xl/workbook.xml"] = b"<workbook"
    assert error_of(zipped(parts)).startswith("book.xlsx: cannot read the workbook: ")


@pytest.mark.parametrize(
    ("ref", "shown"),
    [
        ("ZZZZ1", "Sheet1!ZZZZ1"),
        ("XFE1", "Sheet1!XFE1"),
        ("A1048577", "Sheet1!A1048577"),
        ("1A", "Sheet1!1A"),
    ],
)
def test_cell_references_beyond_the_grid(ref: str, shown: str) -> None:
    message = error_of(cell("1", ref=ref))
    assert message == f"book.xlsx!{shown}: bad cell reference {ref!r} (A1 to XFD1048576)"


def test_row_number_beyond_the_grid() -> None:
    message = error_of(with_sheet('<row r="99999999"><c><v>1</v></c></row>'))
    assert message == "book.xlsx: Sheet1: bad row number '99999999' (1-1048576)"


def test_last_column_is_accepted() -> None:
    (row,) = rows_of(cell("7", ref="XFD3", row=3))
    assert row[0] == 3 and len(row[1]) == 16384 and row[1][-1] == "7"
    assert column_letter(16383) == "XFD" and column_letter(26) == "AA"


def test_formulas_without_results_are_collected_with_their_cells() -> None:
    sheet = (
        '<row r="4"><c r="A4"><v>1</v></c><c r="B4"><f>A4*2</f><v>2</v></c><c r="C4"><f>SUM(A1:A3)</f></c>'
        '<c r="D4"><f>A4+1</f><v></v></c><c r="E4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="F4"><f t="shared" si="0"/></c></row>'
    )
    message = error_of(with_sheet(sheet), source="x.xlsx")
    assert message.splitlines() == [
        "x.xlsx!Sheet1!C4: formula =SUM(A1:A3) has no saved result: open and save the file in Excel, "
        "or paste the values only",
        "x.xlsx!Sheet1!D4: formula =A4+1 has no saved result: open and save the file in Excel, "
        "or paste the values only",
        "x.xlsx!Sheet1!F4: a shared formula has no saved result: open and save the file in Excel, "
        "or paste the values only",
    ]
    # a formula with its result reads as the result; an error result as its text
    sheet = sheet.replace("<f>SUM(A1:A3)</f>", "<v>6</v>").replace("<v></v>", "<v>2</v>")
    sheet = sheet.replace('<f t="shared" si="0"/>', '<f t="shared" si="0"/><v>3</v>')
    assert rows_of(with_sheet(sheet)) == [(4, ["1", "2", "6", "2", "#DIV/0!", "3"])]


def test_damaged_cells_are_damage_not_a_crash() -> None:
    assert "cannot read" in error_of(
        with_sheet('<row r="4"><c r="A4" t="s"><v>7</v></c></row>', shared=["only"])
    )


def test_too_many_cell_errors_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_guards, "MAX_CELL_ERRORS", 3)
    sheet = "".join(f'<row r="{i}"><c r="A{i}"><f>B{i}</f></c></row>' for i in range(1, 10))
    lines = error_of(with_sheet(sheet)).splitlines()
    assert len(lines) == 4 and lines[-1] == "book.xlsx: too many errors; stopped"


def test_a_sparse_grid_is_refused_before_calamine_allocates_it() -> None:
    # A1 and XFD1048576: calamine would ask for 17 billion cells and abort the process
    data = with_sheet(
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    )
    assert error_of(data) == (
        "book.xlsx: Sheet1: the cells span A1:XFD1048576, more than 10000000 cells: "
        "too large for an actuals sheet (if a stray cell lies far from the table, delete the rows and "
        "columns around it)"
    )


def test_a_file_that_makes_the_reader_abort_is_reported_not_fatal() -> None:
    # a shared-string table declaring 10^11 strings: calamine asks for the memory and aborts,
    # in the child process that reads the workbook; the command reports the file
    parts = parts_of(fixture("xlsxwriter_actuals.xlsx"))
    table = parts["xl/sharedStrings.xml"].decode()
    huge = re.sub(r'count="\d+" uniqueCount="\d+"', 'count="99999999999" uniqueCount="99999999999"', table)
    assert huge != table
    parts["xl/sharedStrings.xml"] = huge.encode()
    assert error_of(zipped(parts)) == (
        "book.xlsx: the workbook reader stopped on this file (signal 6): it is damaged or not what its "
        "name says; open and save it again in Excel or WPS, or save it as CSV"
    )


def test_reading_is_stopped_after_the_time_limit() -> None:
    with pytest.raises(ActualsError) as info:
        isolated(lambda: time.sleep(30), "slow.xlsx", seconds=0.3)
    assert str(info.value) == "slow.xlsx: reading took more than 0.3 s: refused"


def test_without_fork_the_reader_runs_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    assert rows_of(fixture("xlsxwriter_actuals.xlsx"))[1][1][0] == "gx-open-14th.trade-total"
    assert isolated(lambda: 7, "x") == 7


def test_uncompressed_size_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    # a zip bomb in miniature: 5 MB of zeros compress to a few KB
    bomb = with_sheet("", raw=f'<worksheet xmlns="{MAIN}"><sheetData/>{" " * 5_000_000}</worksheet>')
    assert len(bomb) < 50_000
    monkeypatch.setattr(sheet_guards, "MAX_UNCOMPRESSED", 2**20)
    assert (
        error_of(bomb) == "book.xlsx: part xl/worksheets/sheet1.xml is too large: more than 1 MB uncompressed"
    )


def _patch_central(data: bytes, member: str, offset: int, fmt: str, value: int) -> bytes:
    """Rewrite one field of a member's central-directory entry (what zipfile trusts)."""
    name = member.encode()
    at = data.index(b"PK\x01\x02")
    while True:
        n = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + n] == name:
            break
        extra, comment = struct.unpack_from("<HH", data, at + 30)
        at = data.index(b"PK\x01\x02", at + 46 + n + extra + comment)
    out = bytearray(data)
    struct.pack_into(fmt, out, at + offset, value)
    return bytes(out)


def test_zip_needing_a_newer_unzip_is_not_a_workbook() -> None:
    # found by fuzzing: zipfile raises NotImplementedError for an unknown "version needed"
    data = _patch_central(write_xlsx([["a"]]), "xl/workbook.xml", 6, "<H", 67)
    assert error_of(data).startswith("book.xlsx: not a workbook (not a zip archive, or truncated: ")


def test_unicode_digits_are_not_numbers() -> None:
    # found by property testing: "²1".isdigit() is true, int("²1") is not
    assert error_of(with_sheet('<row r="²1"><c><v>1</v></c></row>')) == (
        "book.xlsx: Sheet1: bad row number '²1' (1-1048576)"
    )
    assert "cannot read" in error_of(cell("²", t="s"))
    assert "no sheet '²'" in error_of(write_xlsx([["a"]]), "²")


@pytest.mark.parametrize("encoding", ["utf-32", "punycode", "no-such-codec"])
def test_xml_encodings_other_than_utf8_and_utf16_are_refused(encoding: str) -> None:
    raw = f'<?xml version="1.0" encoding="{encoding}"?><worksheet xmlns="{MAIN}"><sheetData/></worksheet>'
    assert error_of(with_sheet("", raw=raw)) == (
        f"book.xlsx: part xl/worksheets/sheet1.xml declares encoding {encoding!r}, not UTF-8 or UTF-16"
    )


def test_lying_size_header_is_damage_not_a_crash() -> None:
    data = write_xlsx([["a" * 1000]])
    lying = _patch_central(data, "xl/worksheets/sheet1.xml", 24, "<I", 10)  # uncompressed size
    assert "xl/worksheets/sheet1.xml" in error_of(lying)


def test_encrypted_member() -> None:
    data = write_xlsx([["a"]])
    flagged = _patch_central(data, "xl/workbook.xml", 8, "<H", 0x1)
    assert (
        error_of(flagged)
        == "book.xlsx: part xl/workbook.xml is encrypted: save the workbook without a password"
    )


def test_cell_count_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_guards, "MAX_CELLS", 10_000)
    message = error_of(
        with_sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="XFD2"><v>1</v></c></row>')
    )
    assert message == (
        "book.xlsx: Sheet1: the cells span A1:XFD2, more than 10000 cells: too large for an actuals sheet "
        "(if a stray cell lies far from the table, delete the rows and columns around it)"
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_give_our_error_or_a_table(data: bytes) -> None:
    with contextlib.suppress(ActualsError):
        read_xlsx(data, "fuzz.xlsx")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.integers(0, 400))
def test_any_sheet_xml_gives_our_error_or_a_table(noise: str, at: int) -> None:
    base = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    base += "</worksheet>"
    at = min(at, len(base))
    with contextlib.suppress(ActualsError):
        read_xlsx(with_sheet("", raw=base[:at] + noise + base[at:]), "fuzz.xlsx")


# ---------------------------------------------------------------- writer


def test_writer_round_trip() -> None:
    rows: list[list[Cell]] = [
        ["指标", "value", None, "note"],
        ["t.trade", Decimal("3200"), 2023, "  spaced  "],
        ["a&b<c>\"'", Decimal("0.055"), -7, "line\r\nbreak\ttab"],
        ["ctrl\x01\x1f", None, None, "_x0041_ stays literal"],
        [None, None, None, None],
        ["last", Decimal("1E-7"), Decimal("-0.5"), "尾"],
    ]
    got = rows_of(write_xlsx(rows, "数据"))
    assert got == [
        (1, ["指标", "value", "", "note"]),
        (2, ["t.trade", "3200", "2023", "  spaced  "]),
        (3, ["a&b<c>\"'", "0.055", "-7", "line\r\nbreak\ttab"]),
        (4, ["ctrl\x01\x1f", "", "", "_x0041_ stays literal"]),
        (6, ["last", "0.0000001", "-0.5", "尾"]),
    ]


def test_writer_numbers_are_numbers_and_parts_are_valid() -> None:
    data = write_xlsx([["h"], [Decimal("0.055"), 12, "12"]], "S")
    parts = parts_of(data)
    for content in parts.values():
        ET.fromstring(content)  # every part is well-formed
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert '<c r="A2"><v>0.055</v></c><c r="B2"><v>12</v></c><c r="C2" t="inlineStr">' in sheet
    assert '<pane ySplit="1" topLeftCell="A2"' in sheet and '<c r="A1" s="1"' in sheet
    types = parts["[Content_Types].xml"].decode()
    assert all(
        f'PartName="/{p}"' in types for p in ("xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml")
    )
    assert write_xlsx([["h"], [1]], "S") == write_xlsx([["h"], [1]], "S")  # deterministic


def test_writer_sheet_names_follow_excel_rules() -> None:
    assert read_xlsx(write_xlsx([["a"]], "a/b:c[d]*?"), "x").name == "a_b_c_d___"
    assert read_xlsx(write_xlsx([["a"]], "长" * 40), "x").name == "长" * 31
    assert read_xlsx(write_xlsx([["a"]], "''"), "x").name == "Sheet1"
    assert read_xlsx(write_xlsx([["a"]], 'q"<&>'), "x").name == 'q"<&>'


cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(-(10**15 - 1), 10**15 - 1),  # Excel keeps 15 significant digits
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.lists(cells, max_size=6), min_size=1, max_size=6))
def test_writer_and_reader_agree(rows: list[list[Cell]]) -> None:
    expected = []
    for n, row in enumerate(rows, start=1):
        texts = {c: _as_text(v) for c, v in enumerate(row) if v is not None and v != ""}
        if any(t.strip() for t in texts.values()):
            expected.append((n, [texts.get(c, "") for c in range(max(texts) + 1)]))
    got = rows_of(write_xlsx(rows))
    assert [(n, cells) for n, cells in got] == expected


def _as_text(value: Cell) -> str:
    # numbers are read as Excel holds them: 1.5000 is 1.5, -0 is 0
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".removeprefix("-") if value.is_zero() else f"{value.normalize():f}"
    return str(value)


# ---------------------------------------------------------------- through `check`


@pytest.mark.parametrize(
    "name", ["xlsxwriter_actuals.xlsx", "openpyxl_two_sheets.xlsx", "xlsxwriter_inline.xlsx"]
)
def test_check_reads_third_party_workbooks(name: str) -> None:
    result = runner.invoke(app, ["check", str(DATA / name), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    status = {r["id"]: r["status"] for r in json.loads(result.stdout)["results"]}
    # METHOD.md worked examples 1, 2 and 3
    assert status["gx-open-14th.trade-total"] == "behind"
    assert status["gx-open-14th.export-tax-refund-time"] == "behind"
    assert status["gx-open-14th.fdi-used"] == "on_track"


def test_check_sheet_option() -> None:
    book = str(DATA / "openpyxl_two_sheets.xlsx")
    result = runner.invoke(app, ["check", book, "--sheet", "2022", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    r = next(x for x in json.loads(result.stdout)["results"] if x["id"] == "gx-open-14th.trade-total")
    assert (r["year"], r["actual"]) == (2022, 3120)
    unknown = runner.invoke(app, ["check", book, "--sheet", "2021"])
    assert unknown.exit_code == 2
    assert "no sheet '2021'; the workbook has 'actuals', '2022'" in unknown.stderr


def test_check_reports_bad_cells_with_sheet_row_and_column() -> None:
    book = DATA / "xlsxwriter_cells.xlsx"
    result = runner.invoke(app, ["check", str(book), "--format", "json"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    # the Excel error and the date serial, each at its row, naming the sheet
    assert f"{book}!cells!C4: an Excel error value (#DIV/0!), not a number" in lines
    assert f"{book}!cells!B5: expected a four-digit year, got '44927' (not a year)" in lines
    assert "Traceback" not in result.stderr


def test_check_reports_formula_without_value() -> None:
    book = DATA / "openpyxl_formula_no_value.xlsx"
    result = runner.invoke(app, ["check", str(book)])
    assert result.exit_code == 2
    assert f"{book}!数据!C3: formula =C2+80 has no saved result" in result.stderr
