"""Write the workbooks of tests/test_sheets_files.py with real writers: openpyxl and XlsxWriter
(.xlsx), xlwt (.xls), odfpy (.ods), pyxlsbwriter (.xlsb) and LibreOffice (.xls, .ods and .xlsx
converted from them).

Not run by the tests: the files it writes are committed beside it, so the tests need none of
the writers. To regenerate them:

    pip install openpyxl xlsxwriter xlwt odfpy pyxlsbwriter   # and LibreOffice (`soffice`)
    python tests/data/sheets/make_fixtures.py

The grids are the ones statistics offices keep: a wide table under a merged title with notes
below, a two-row header (years merged over 绝对值 | 比上年增长%), a long table with units written
in names and values, and a book of several sheets. The tests assert the observations each gives.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
Cell = str | int | float | None

TITLE = "重庆高新区主要开放指标完成情况"
WIDE: list[list[Cell]] = [
    [TITLE],
    [],
    ["指标名称", "单位", 2021, "2022年", "2023年实际", "2025年目标", "备注"],
    ["外贸进出口企业数", "家", 260, 280, 295, 350, None],
    ["轨道通车里程(公里)", None, 40, 45, 52.5, 80, None],
    ["出口退税时间", "工作日", 5, 4, 3.5, 3, None],
    ["实际利用外资", "亿美元", 8, 9, 9.5, 50, "当年发生额"],
    [],
    ["注：2023年为快报数。"],
    ["资料来源：高新区统计局。"],
]
TWO_ROW: list[list[Cell]] = [
    ["2023年主要指标完成情况"],
    ["指标", "单位", "2022年", None, "2023年", None, "2025年目标"],
    [None, None, "绝对值", "比上年增长%", "绝对值", "比上年增长%", None],
    ["外贸进出口企业数", "家", 280, 7.7, 295, 5.4, 350],
    ["对外直接投资额", "亿美元", 10, 11.1, 12, 30, 20],  # 10 -> 12 is 20%, not 30%: a warning
]
LONG_UNITS: list[list[Cell]] = [
    ["指标", "年份", "数值", "单位"],
    ["外贸进出口企业数", 2024, "310家", None],
    ["gx-open-14th.trade-total", 2024, "3,350亿元", "亿元"],
    ["一般贸易占比", 2024, "55.5%", None],
    ["外资企业数（家）", 2024, 120, None],
]
REGIONS: list[list[Cell]] = [  # one wide table for two districts, a unit line above it
    ["分区县主要指标"],
    ["单位：家"],
    ["地区", "指标名称", "2023年", "2024年", "备注"],
    ["西永综保区", "外贸进出口企业数", 120, 130, None],
    ["西永综保区", "外资企业数", 40, "—", "2024年未报"],
    ["金凤镇", "外贸进出口企业数", 35, 38, None],
]
README: list[list[Cell]] = [["填报说明"], ["各工作表按统计局口径填报，不含目标值。"]]
CONFLICT: list[list[Cell]] = [["指标名称", "单位", "2023年"], ["外贸进出口企业数（家）", "万元", 295]]
MERGES = {  # sheet -> (first row, first col, last row, last col), 0-based
    "wide": [(0, 0, 0, 6)],
    "two_row": [(0, 0, 0, 6), (1, 2, 1, 3), (1, 4, 1, 5), (1, 0, 2, 0), (1, 1, 2, 1), (1, 6, 2, 6)],
}


def openpyxl_books() -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "主要指标"
    _fill_openpyxl(ws, WIDE, "wide")
    ws["A1"].font = Font(bold=True, size=14)
    ws2 = wb.create_sheet("增长")
    _fill_openpyxl(ws2, TWO_ROW, "two_row")
    wb.save(HERE / "openpyxl_wide_two_row.xlsx")
    wb = Workbook()
    _fill_openpyxl(wb.active, CONFLICT, "")
    wb.save(HERE / "openpyxl_unit_conflict.xlsx")


def _fill_openpyxl(ws: object, grid: list[list[Cell]], merges: str) -> None:
    for r, row in enumerate(grid, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)  # type: ignore[attr-defined]
    for r1, c1, r2, c2 in MERGES.get(merges, []):
        ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)  # type: ignore[attr-defined]


def xlsxwriter_book() -> None:
    """A book of several sheets: a notes sheet first, then three tables, and a hidden sheet."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(HERE / "xlsxwriter_book.xlsx"))
    merged = wb.add_format({"bold": True, "align": "center"})
    for name, grid, merges in (
        ("说明", README, ""),
        ("主要指标", WIDE, "wide"),
        ("增长", TWO_ROW, "two_row"),
        ("单位", LONG_UNITS, ""),
        ("分区", REGIONS, ""),
        ("旧表", [["指标", "年份", "数值"], ["外资企业数", 2020, 1]], ""),
    ):
        ws = wb.add_worksheet(name)
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
        for r1, c1, r2, c2 in MERGES.get(merges, []):
            ws.merge_range(r1, c1, r2, c2, grid[r1][c1] if c1 < len(grid[r1]) else None, merged)
        if name == "旧表":
            ws.hide()
    wb.close()


def xlwt_book() -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for name, grid, merges in (("主要指标", WIDE, "wide"), ("增长", TWO_ROW, "two_row")):
        ws = wb.add_sheet(name)
        spans = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in MERGES.get(merges, [])}
        covered = {
            (r, c)
            for (r1, c1), (r2, c2) in spans.items()
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
        }
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if (r, c) in spans:
                    r2, c2 = spans[(r, c)]
                    ws.write_merge(r, r2, c, c2, value)
                elif value is not None and (r, c) not in covered:
                    ws.write(r, c, value)
    wb.save(str(HERE / "xlwt_wide_two_row.xls"))


def odfpy_book() -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, grid, merges in (("主要指标", WIDE, "wide"), ("增长", TWO_ROW, "two_row")):
        table = Table(name=name)
        spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in MERGES.get(merges, [])}
        covered = {
            (r, c)
            for (r1, c1), (rows, cols) in spans.items()
            for r in range(r1, r1 + rows)
            for c in range(c1, c1 + cols)
            if (r, c) != (r1, c1)
        }
        width = max(len(row) for row in grid)
        for r, row in enumerate(grid):
            tr = TableRow()
            for c in range(width):
                value = row[c] if c < len(row) else None
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                attrs: dict[str, object] = {}
                if (r, c) in spans:
                    attrs["numberrowsspanned"], attrs["numbercolumnsspanned"] = spans[(r, c)]
                if isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value, **attrs)
                    cell.addElement(P(text=str(value)))
                elif value is not None:
                    cell = TableCell(valuetype="string", **attrs)
                    cell.addElement(P(text=value))
                else:
                    cell = TableCell(**attrs)
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(HERE / "odfpy_wide_two_row.ods"))


def pyxlsbwriter_book() -> None:
    """.xlsb, Excel's binary format (no merges: the writer has none; the reader needs none)."""
    from pyxlsbwriter import XlsbWriter

    def rect(grid: list[list[Cell]]) -> list[list[Cell]]:
        width = max(len(row) for row in grid)
        return [[*row, *[None] * (width - len(row))] for row in grid]

    with XlsbWriter(str(HERE / "pyxlsbwriter_wide_two_row.xlsb")) as wb:
        for name, grid in (("主要指标", WIDE), ("增长", TWO_ROW)):
            wb.add_sheet(name)
            wb.write_sheet(rect(grid))


def csv_wide() -> None:
    """The wide table as a CSV saved by Excel: UTF-8 with a BOM, years as 2021.0 where a number
    format leaked into the text."""
    lines = []
    for row in WIDE:
        cells = ["2021.0" if v == 2021 else "" if v is None else str(v) for v in row]
        lines.append(",".join(f'"{c}"' if "," in c else c for c in cells))
    (HERE / "wide.csv").write_bytes("\ufeff".encode() + "\r\n".join(lines).encode() + b"\r\n")


def libreoffice() -> None:
    """LibreOffice's own .xls, .ods and .xlsx of the openpyxl book (when soffice is installed)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice not found: LibreOffice fixtures left as they are")
        return
    src = HERE / "openpyxl_wide_two_row.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("xls", "ods", "xlsx"):
            out = Path(tmp) / fmt
            out.mkdir()
            subprocess.run(
                [soffice, "--headless", "--convert-to", fmt, "--outdir", str(out), str(src)],
                check=True,
                capture_output=True,
                timeout=180,
            )
            shutil.copy(out / f"{src.stem}.{fmt}", HERE / f"libreoffice_wide_two_row.{fmt}")


if __name__ == "__main__":
    openpyxl_books()
    xlsxwriter_book()
    xlwt_book()
    odfpy_book()
    pyxlsbwriter_book()
    csv_wide()
    libreoffice()
