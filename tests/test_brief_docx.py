"""The Word briefing read back with python-docx: A4, title and date, tables with the review columns,
shaded status cells, CJK fonts on w:eastAsia, a PAGE field, the same bytes every time."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from typer.testing import CliRunner

from targets.catalog import default_catalog_path
from targets.cli.app import app
from targets.report.brief.labels import COLUMN_NAMES, PLAN_COLUMNS, STATUS_COLOURS, UNIT_COLUMNS

ACTUALS = default_catalog_path().parent / "actuals"
runner = CliRunner()


def write(tmp_path: Path, *args: str, name: str = "简报.docx") -> Path:
    target = tmp_path / name
    result = runner.invoke(app, ["brief", str(ACTUALS), "-o", str(target), "--date", "2025年1月15日", *args])
    assert result.exit_code == 0, result.stderr
    assert f"targets: wrote {target}" in result.stderr
    return target


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return Document(str(write(tmp_path_factory.mktemp("docx"))))


def test_a4_title_date_and_summary(document: Any) -> None:
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["规划目标监测简报（数据截至2024年）", "2025年1月15日"]
    assert document.paragraphs[0].style.name == "Title"
    assert texts[2].startswith("共152项目标：")
    heading = texts.index("一、重庆高新区内陆开放高地建设“十四五”规划")
    assert document.paragraphs[heading].style.name == "Heading 1"
    assert texts[heading + 1] == "规划期2021—2025年"
    assert texts[heading + 2].startswith("本规划共32项目标：")
    worst = next(t for t in texts if t.startswith("明显滞后、逆向变化、回落或未完成2项："))
    assert "对外直接投资额（7，明显滞后，差距0.65亿美元，需+185.71%/年）" in worst
    assert "五、重庆市开放平台协同发展规划：规划期2018—2020年已结束，14项目标均无实际值。" in texts
    assert not any("gx-open-14th" in t for t in texts)


def test_one_table_per_plan_with_the_review_columns(document: Any) -> None:
    headers = [COLUMN_NAMES["zh"][c] for c in PLAN_COLUMNS]
    assert len(document.tables) == 4  # the ended plan has no table
    for table in document.tables:
        assert [c.text for c in table.rows[0].cells] == headers
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
    first = document.tables[0]
    row = [c.text for c in first.rows[3].cells]
    assert row == ["3", "外贸进出口总额", "亿元", "预期性", "2900\n(2020)", "3700\n(2025)", "3350\n(2024)",
                   "56.3%", "80.0%", "+10.45%/年", "滞后"]  # fmt: skip
    fdi = next(r for r in first.rows if r.cells[1].text == "实际利用外资")
    assert fdi.cells[9].text == "+9.70亿美元/年"


def test_status_cells_are_shaded_as_in_the_html(document: Any) -> None:
    seen = set()
    for table in document.tables:
        for row in table.rows[1:]:
            cell = row.cells[-1]
            shd = cell._tc.tcPr.find(qn("w:shd"))
            run = cell.paragraphs[0].runs[0]
            slug = run.style.name.removeprefix("Status ")
            assert shd is not None and shd.get(qn("w:fill")) == STATUS_COLOURS[slug][1]
            seen.add(slug)
    assert {"behind", "far_behind", "achieved", "not_assessable"} <= seen


def test_cjk_fonts_are_named_for_word_and_wps(document: Any) -> None:
    def east_asian(style: str) -> str | None:
        fonts = document.styles[style].element.rPr.find(qn("w:rFonts"))
        return None if fonts is None else fonts.get(qn("w:eastAsia"))

    assert east_asian("Normal") == "仿宋"
    assert east_asian("Title") == "宋体" and east_asian("Table Text") == "宋体"
    assert east_asian("Heading 1") == "黑体"


def test_page_number_field_in_the_footer(document: Any) -> None:
    footer = document.sections[0].footer._element
    instructions = [el.text.strip() for el in footer.iter(qn("w:instrText"))]
    kinds = [el.get(qn("w:fldCharType")) for el in footer.iter(qn("w:fldChar"))]
    assert instructions == ["PAGE"] and kinds == ["begin", "separate", "end"]
    assert "第" in footer.xpath("string(.)") and "页" in footer.xpath("string(.)")


def test_by_unit_tables_have_support_and_deadline(tmp_path: Path) -> None:
    doc = Document(str(write(tmp_path, "--by", "unit", "--only", "behind")))
    assert doc.paragraphs[0].text == "督办清单（数据截至2024年）"
    assert [c.text for c in doc.tables[0].rows[0].cells] == [COLUMN_NAMES["zh"][c] for c in UNIT_COLUMNS]
    titles = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert titles[0] == "一、区科技局" and titles[-1].endswith("未明确责任单位")
    assert doc.tables[0].rows[1].cells[-1].text == "2025年前"


def test_same_bytes_every_time_and_format_from_suffix(tmp_path: Path) -> None:
    first = write(tmp_path, name="a.docx").read_bytes()
    second = write(tmp_path, "--format", "docx", name="b.bin").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_docx_needs_an_output_file() -> None:
    result = runner.invoke(app, ["brief", str(ACTUALS), "--format", "docx"])
    assert result.exit_code == 2 and "give -o FILE.docx" in result.stderr and result.stdout == ""


def test_python_docx_is_imported_only_for_word() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom targets.cli.app import app\n"
        f"r = CliRunner().invoke(app, ['brief', {str(ACTUALS)!r}, '-f', 'html'])\n"
        "assert r.exit_code == 0, r.stderr\nprint('docx' in sys.modules, 'lxml' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False False"


def test_a_word_file_never_replaces_an_input(tmp_path: Path) -> None:
    catalog = tmp_path / "indicators.yaml"
    catalog.write_bytes(default_catalog_path().read_bytes())
    before = catalog.read_bytes()
    args = ["brief", str(ACTUALS), "--catalog", str(catalog), "--format", "docx", "-o", str(catalog)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "would overwrite the input file" in result.stderr
    assert catalog.read_bytes() == before
