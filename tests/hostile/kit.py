"""The kit of the hostile cases: the case record, its registry, and builders of hostile files."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT = 20
ROOT = Path(__file__).resolve().parents[2]

CATALOG = """\
version: 1
plans:
  - id: mini
    title: "{title}"
    doc_number: null
    issuer: null
    date: "2021"
    scope: "{scope}"
    period: {{start: 2021, end: 2025}}
    base_year: 2020
    source: {source}
    targets:
      - id: mini.trade-total
        name: "{name}"
        unit: 亿元
        attribute: expected
        kind: level
        comparator: at_least
        direction: higher
        baseline: {{year: 2020, value: {baseline}}}
        target: {{year: 2025, value: {target}}}
        source: {{line: 2, quote: "{quote}"}}
        note: "{note}"
"""
SOURCE = "示例规划（测试用）\n到2025年，外贸进出口总额达到3700亿元。\n出口退税时间压缩至3个工作日以内。\n"
TT = "mini.trade-total"

# Raw sequences that must never reach a terminal or a file we write: C0 controls other than
# tab and line ends, C1 controls, bidi overrides and isolates, and encoded lone surrogates.
RAW = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
    rb"|\xed[\xa0-\xbf]"
)


def catalog(**fields: str) -> str:
    values = {
        "title": "示例规划",
        "scope": "示例区",
        "source": "mini.txt",
        "name": "外贸进出口总额",
        "baseline": "2900",
        "target": "3700",
        "quote": "外贸进出口总额达到3700亿元",
        "note": "",
    }
    values.update(fields)
    return CATALOG.format(**values)


def actuals(rows: list[str], header: str = "indicator,year,value,unit,region,note") -> str:
    return header + "\n" + "".join(r + "\n" for r in rows)


PLAIN = actuals([f"{TT},2022,3120,亿元,,", f"{TT},2023,3200,亿元,,"])


@dataclass
class Case:
    """One command line and what it may change."""

    args: list[str]
    env: dict[str, str] = field(default_factory=dict)
    shell: str | None = None  # run through bash instead of args (redirections, pipes)
    outputs: list[str] = field(default_factory=list)  # files the command may write (relative)
    codes: tuple[int, ...] = (0, 1, 2)
    expect: tuple[str, ...] = ()  # fragments that must appear on stdout or stderr
    absent: tuple[str, ...] = ()  # fragments that must not appear anywhere in the output
    check: Callable[[Path, bytes, bytes], str | None] | None = None  # extra check: message or None
    protect: list[Path] = field(default_factory=list)  # files outside the folder to keep intact


Setup = Callable[[Path], Case]
CASES: dict[str, Setup] = {}


def case(name: str) -> Callable[[Setup], Setup]:
    def register(fn: Setup) -> Setup:
        assert name not in CASES, name
        CASES[name] = fn
        return fn

    return register


def base(d: Path, cat: str | None = None, data: str | bytes | None = PLAIN, name: str = "a.csv") -> None:
    """cat.yaml, sources/mini.txt and an actuals file in the case folder."""
    (d / "sources").mkdir(exist_ok=True)
    (d / "sources" / "mini.txt").write_text(SOURCE, encoding="utf-8")
    (d / "cat.yaml").write_text(cat or catalog(), encoding="utf-8")
    if data is not None:
        target = d / name
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")


def xlsx_bytes(parts: dict[str, bytes | str]) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return buf.getvalue()


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _rels(*targets: tuple[str, str]) -> str:
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(targets, 1)
    )
    return f'<?xml version="1.0"?><Relationships xmlns="{_PKG}/relationships">{items}</Relationships>'


def workbook(sheet_xml: str, shared: str | None = None) -> bytes:
    book = (
        f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    sheet_rels = [("worksheet", "worksheets/sheet1.xml")]
    if shared is not None:
        sheet_rels.append(("sharedStrings", "sharedStrings.xml"))
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{_PKG}/content-types"/>',
        "_rels/.rels": _rels(("officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": book,
        "xl/_rels/workbook.xml.rels": _rels(*sheet_rels),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>{sheet_xml}</sheetData></worksheet>'
        ),
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    return xlsx_bytes(parts)


def inline_row(r: int, cells: list[str]) -> str:
    out = []
    for i, text in enumerate(cells):
        ref = f"{'ABCDEFGH'[i]}{r}"
        out.append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
    return f'<row r="{r}">{"".join(out)}</row>'


def xlsx_table(rows: list[list[str]]) -> bytes:
    return workbook("".join(inline_row(i + 1, r) for i, r in enumerate(rows)))
