"""Write the .xlsx fixtures of tests/test_xlsx.py with third-party writers (openpyxl, XlsxWriter).

Not run by the tests: the workbooks it writes are committed beside it, so the reader is tested on
files that neither it nor its own writer produced. To regenerate them, outside the project venv:

    python3 -m venv /tmp/xlsxgen && /tmp/xlsxgen/bin/pip install openpyxl xlsxwriter
    PATH=.venv/bin:$PATH /tmp/xlsxgen/bin/python tests/data/xlsx/make_fixtures.py

The last fixture also needs `targets` on PATH (hence .venv/bin) and LibreOffice (`soffice`, Debian
package libreoffice-calc-nogui); without them it is left as it is.

Values follow METHOD.md's worked numbers for the shipped catalog: 外贸进出口总额 3200 in 2023
(behind), 出口退税时间 3.5 (behind), 实际利用外资 flows 8, 9, 9.5 (on track).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import xlsxwriter
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

HERE = Path(__file__).resolve().parent
HEADER = ["indicator", "year", "value", "unit", "note"]
ACTUALS = [
    ["gx-open-14th.trade-total", 2023, 3200, "亿元"],
    ["出口退税时间", 2023, 3.5, "工作日"],
    ["gx-open-14th.fdi-used", 2021, 8, "亿美元"],
    ["gx-open-14th.fdi-used", 2022, 9, "亿美元"],
    ["gx-open-14th.fdi-used", 2023, 9.5, "亿美元"],
]


def xlsxwriter_actuals() -> None:
    """Filled actuals as most writers save them: a shared-string table (one string with rich-text
    runs), numbers, and a second sheet."""
    wb = xlsxwriter.Workbook(str(HERE / "xlsxwriter_actuals.xlsx"))
    ws = wb.add_worksheet("actuals")
    bold = wb.add_format({"bold": True})
    ws.write_row(0, 0, HEADER, bold)
    for r, row in enumerate(ACTUALS, start=1):
        ws.write_row(r, 0, row)
    ws.write_rich_string(1, 4, bold, "METHOD", " 例1")
    other = wb.add_worksheet("2022")
    other.write_row(0, 0, HEADER)
    other.write_row(1, 0, ["gx-open-14th.trade-total", 2022, 3120, "亿元", "第二个工作表"])
    wb.close()


def openpyxl_two_sheets() -> None:
    """Inline strings (openpyxl 3.1 writes no shared-string table; one has rich-text runs),
    numbers, a blank row, a year column formatted as a date, and a second sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "actuals"
    ws.append(HEADER)
    ws.append([*ACTUALS[0], CellRichText([TextBlock(InlineFont(b=True), "METHOD"), " 例1"])])
    ws.append(ACTUALS[1])
    ws.append([])  # row 4 stays empty: row numbers must still match Excel's
    for row in ACTUALS[2:]:
        ws.append(row)
    for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = "yyyy-mm-dd"  # shown as 1905-07-15; the stored number is still 2023
    other = wb.create_sheet("2022")
    other.append(HEADER)
    other.append(["gx-open-14th.trade-total", 2022, 3120, "亿元", "第二个工作表"])
    wb.save(HERE / "openpyxl_two_sheets.xlsx")


def openpyxl_formula_without_value() -> None:
    """openpyxl computes nothing: a formula is saved without a cached result."""
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(HEADER)
    ws.append(["gx-open-14th.trade-total", 2022, 3120, "亿元"])
    ws.append(["gx-open-14th.trade-total", 2023, "=C2+80", "亿元"])
    wb.save(HERE / "openpyxl_formula_no_value.xlsx")


def xlsxwriter_cells() -> None:
    """A chart sheet and a hidden sheet first (the reader skips both by default), then formulas
    with cached values (number, string, error), a boolean, 1E-05, a real date in the year column
    and a control character."""
    wb = xlsxwriter.Workbook(str(HERE / "xlsxwriter_cells.xlsx"))
    chart = wb.add_chartsheet("图表")
    hidden = wb.add_worksheet("隐藏")
    hidden.write_row(0, 0, ["not", "this", "one"])
    hidden.hide()
    ws = wb.add_worksheet("cells")
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, ["gx-open-14th.trade-total", 2022, 3120, "亿元"])
    ws.write_string(2, 0, "gx-open-14th.trade-total")
    ws.write_number(2, 1, 2023)
    ws.write_formula(2, 2, "=C2+80", None, 3200)
    ws.write_formula(2, 4, '="a"&"b"', None, "ab")
    ws.write_string(3, 0, "gx-open-14th.odi-amount")
    ws.write_number(3, 1, 2024)
    ws.write_formula(3, 2, "=1/0", None, "#DIV/0!")
    ws.write_boolean(3, 4, True)
    ws.write_string(4, 0, "gx-open-14th.odi-amount")
    ws.write_datetime(4, 1, dt.datetime(2023, 1, 1), date)
    ws.write_number(4, 2, 1e-05)
    ws.write_string(4, 4, "bell\x07here")
    line = wb.add_chart({"type": "line"})
    line.add_series({"values": "=cells!$C$2:$C$3"})
    chart.set_chart(line)
    wb.close()


def xlsxwriter_inline_strings() -> None:
    """constant_memory mode writes inline strings instead of a shared-string table."""
    wb = xlsxwriter.Workbook(str(HERE / "xlsxwriter_inline.xlsx"), {"constant_memory": True})
    ws = wb.add_worksheet("Sheet1")
    ws.write_row(0, 0, HEADER)
    for r, row in enumerate(ACTUALS, start=1):
        # rows are flushed as soon as the next one starts: write each row's cells in one go
        ws.write_row(r, 0, [*row, "  leading and trailing spaces  "] if r == 1 else row)
    wb.close()


def libreoffice_filled_template() -> None:
    """`targets template` written, filled in, and saved as .xlsx by LibreOffice Calc."""
    targets, soffice = shutil.which("targets"), shutil.which("soffice")
    if not (targets and soffice):
        print("skipped libreoffice_filled_template.xlsx: needs targets and soffice on PATH")
        return
    with tempfile.TemporaryDirectory() as tmp:
        form = Path(tmp) / "form.csv"
        subprocess.run([targets, "template", "2023", "--plan", "gx-open-14th", "-o", str(form)], check=True)
        with form.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        values = {"gaoxin.foreign-trade": "3200", "gx-open-14th.export-tax-refund-time": "3.5"}
        at = rows[0].index("value")
        for row in rows[1:]:
            row[at] = values.get(row[0], "")
        filled = Path(tmp) / "libreoffice_filled_template.csv"
        with filled.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, lineterminator="\r\n").writerows(rows)
        # 44,34,76: comma, double quote, UTF-8
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                "--infilter=CSV:44,34,76",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(HERE),
                str(filled),
            ],
            check=True,
        )


if __name__ == "__main__":
    xlsxwriter_actuals()
    openpyxl_two_sheets()
    openpyxl_formula_without_value()
    xlsxwriter_cells()
    xlsxwriter_inline_strings()
    libreoffice_filled_template()
