"""What is read: actuals folders (links, FIFOs, hidden and lock files), devices and FIFOs as
inputs, and the size limits."""

from __future__ import annotations

import os
from pathlib import Path

from tests.hostile.kit import (
    _MAIN,
    TT,
    Case,
    actuals,
    base,
    case,
    catalog,
    inline_row,
    workbook,
    xlsx_bytes,
)


# ------------------------------------------------------------------------- names, walking
@case("walk-symlink-outside-not-followed")
def _(d: Path) -> Case:
    (d / "data").mkdir()
    base(d, name="data/a.csv")
    (d.parent / "outside").mkdir()
    outside = d.parent / "outside" / "secret-file-name.csv"
    outside.write_text("indicator,year,value\nSECRET-CONTENT,2023,1\n", encoding="utf-8")
    (d / "data" / "link.csv").symlink_to(outside)
    return Case(
        ["check", "data", "-c", "cat.yaml"],
        codes=(0,),
        absent=("secret-file-name", "SECRET-CONTENT"),
        protect=[outside],
    )


@case("walk-symlink-inside-followed")
def _(d: Path) -> Case:
    (d / "data" / "sub").mkdir(parents=True)
    base(d, name="data/sub/a.csv", data=actuals([f"{TT},2023,3200,亿元,,"]))
    (d / "data" / "b.csv").symlink_to(d / "data" / "sub" / "a.csv")
    return Case(["check", "data", "-c", "cat.yaml"], codes=(0,))


@case("walk-symlink-loop")
def _(d: Path) -> Case:
    (d / "data").mkdir()
    base(d, name="data/a.csv")
    (d / "data" / "loop").symlink_to(d / "data")
    (d / "data" / "self.csv").symlink_to(d / "data" / "self.csv")
    return Case(["check", "data", "-c", "cat.yaml"], codes=(0,))


@case("walk-fifo-in-folder")
def _(d: Path) -> Case:
    (d / "data").mkdir()
    base(d, name="data/a.csv")
    os.mkfifo(d / "data" / "pipe.csv")
    return Case(["check", "data", "-c", "cat.yaml"], codes=(0,))


@case("walk-hidden-and-lock-files")
def _(d: Path) -> Case:
    (d / "data" / ".git").mkdir(parents=True)
    base(d, name="data/a.csv")
    for name in (".hidden.csv", "~$a.xlsx", ".git/x.csv"):
        (d / "data" / name).write_bytes(b"\x00garbage")
    return Case(["check", "data", "-c", "cat.yaml"], codes=(0,))


@case("walk-recursive")
def _(d: Path) -> Case:
    (d / "data" / "2023" / "q4").mkdir(parents=True)
    base(d, name="data/2023/q4/a.csv")
    return Case(["check", "data", "-c", "cat.yaml", "-f", "json"], codes=(0,), expect=('"year": 2023',))


@case("read-actuals-fifo")
def _(d: Path) -> Case:
    base(d)
    os.mkfifo(d / "p.csv")
    return Case(["check", "p.csv", "-c", "cat.yaml"], codes=(2,), expect=("FIFO",))


@case("read-actuals-dev-zero")
def _(d: Path) -> Case:
    base(d)
    return Case(["check", "/dev/zero", "-c", "cat.yaml"], codes=(2,))


@case("read-actuals-dev-urandom-xlsx")
def _(d: Path) -> Case:
    base(d)
    (d / "r.xlsx").symlink_to("/dev/urandom")
    return Case(["check", "r.xlsx", "-c", "cat.yaml"], codes=(2,))


@case("read-catalog-dev-zero")
def _(d: Path) -> Case:
    base(d)
    return Case(["check", "a.csv", "-c", "/dev/zero"], codes=(2,))


@case("read-catalog-fifo")
def _(d: Path) -> Case:
    base(d)
    os.mkfifo(d / "c.yaml")
    return Case(["validate", "c.yaml"], codes=(2,))


@case("read-catalog-source-dev-zero")
def _(d: Path) -> Case:
    base(d, cat=catalog(source="/dev/zero"))
    return Case(["validate", "cat.yaml"], codes=(2,), expect=("not a regular file",))


@case("read-catalog-source-fifo")
def _(d: Path) -> Case:
    base(d, cat=catalog(source="pipe.txt"))
    os.mkfifo(d / "sources" / "pipe.txt")
    return Case(["validate", "cat.yaml"], codes=(2,), expect=("FIFO",))


@case("read-show-source-fifo")
def _(d: Path) -> Case:
    base(d, cat=catalog(source="pipe.txt"))
    os.mkfifo(d / "sources" / "pipe.txt")
    return Case(["show", TT, "-c", "cat.yaml"])


@case("read-extract-dev-zero")
def _(d: Path) -> Case:
    return Case(["extract", "/dev/zero"], codes=(2,))


@case("read-extract-fifo")
def _(d: Path) -> Case:
    os.mkfifo(d / "plan.txt")
    return Case(["extract", "plan.txt"], codes=(2,))


@case("read-extract-directory")
def _(d: Path) -> Case:
    (d / "plan.txt").mkdir()
    return Case(["extract", "plan.txt"], codes=(2,))


# -------------------------------------------------------------------------------- sizes
@case("size-xlsx-shared-strings-bomb")
def _(d: Path) -> Case:
    base(d, data=None)
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "<si/>" * 11_000_000
        + "</sst>"
    )
    (d / "a.xlsx").write_bytes(workbook(inline_row(1, ["indicator", "year", "value"]), shared))
    return Case(["check", "a.xlsx", "-c", "cat.yaml"], codes=(2,), expect=("TARGETS_MAX_SHARED_STRINGS",))


@case("size-xlsx-shared-strings-declared")
def _(d: Path) -> Case:
    base(d, data=None)
    shared = f'<sst xmlns="{_MAIN}" count="99000000" uniqueCount="99000000"><si><t>x</t></si></sst>'
    (d / "a.xlsx").write_bytes(workbook(inline_row(1, ["indicator", "year", "value"]), shared))
    return Case(["check", "a.xlsx", "-c", "cat.yaml"], codes=(2,), expect=("TARGETS_MAX_SHARED_STRINGS",))


@case("size-xlsx-many-cells")
def _(d: Path) -> Case:
    base(d, data=None)
    row = "".join(f'<c r="{c}{{r}}"><v>1</v></c>' for c in "ABCDEFGHIJ")
    sheet = inline_row(1, ["indicator", "year", "value"]) + "".join(
        f'<row r="{r}">{row.format(r=r)}</row>' for r in range(2, 300_002)
    )
    (d / "a.xlsx").write_bytes(workbook(sheet))
    return Case(["check", "a.xlsx", "-c", "cat.yaml"], codes=(2,), expect=("TARGETS_MAX_CELLS",))


@case("size-xlsx-many-members")
def _(d: Path) -> Case:
    base(d, data=None)
    (d / "a.xlsx").write_bytes(xlsx_bytes({f"x/{i}.xml": "" for i in range(10_050)}))
    return Case(["check", "a.xlsx", "-c", "cat.yaml"], codes=(2,))


@case("size-csv-long-line")
def _(d: Path) -> Case:
    base(d, data=None)
    with open(d / "a.csv", "wb") as fh:
        fh.write(b"indicator,year,value\n" + TT.encode() + b",2023,")
        for _ in range(200):
            fh.write(b"9" * 2**20)
    return Case(["check", "a.csv", "-c", "cat.yaml"], codes=(2,), expect=("TARGETS_MAX_LINE",))


@case("size-catalog-many-targets")
def _(d: Path) -> Case:
    base(d)
    body = catalog()
    entry = body[body.index("      - id: mini.trade-total") :]
    many = body + "".join(entry.replace("mini.trade-total", f"mini.t{i}") for i in range(25_000))
    (d / "big.yaml").write_text(many, encoding="utf-8")
    env = {"TARGETS_MAX_CATALOG_MB": "64"}  # past the size limit, to reach the count
    return Case(["check", "a.csv", "-c", "big.yaml"], env=env, codes=(2,), expect=("TARGETS_MAX_TARGETS",))


@case("size-catalog-huge-file")
def _(d: Path) -> Case:
    base(d)
    with open(d / "big.yaml", "wb") as fh:
        fh.write(catalog().encode() + b"#" + b"x" * (20 * 2**20) + b"\n")
    return Case(["validate", "big.yaml"], codes=(2,), expect=("TARGETS_MAX_CATALOG_MB",))


@case("size-extract-50mb")
def _(d: Path) -> Case:
    with open(d / "plan.txt", "wb") as fh:
        for _ in range(50):
            fh.write(("到2025年，外贸进出口总额达到3700亿元。\n" * 20000).encode()[: 2**20])
    return Case(["extract", "plan.txt"], codes=(2,), expect=("TARGETS_MAX_TEXT_MB",))


@case("size-actuals-many-columns")
def _(d: Path) -> Case:
    base(d, data="indicator,year,value," + "a," * 600_000 + f"\n{TT},2023,3200\n")
    return Case(["check", "a.csv", "-c", "cat.yaml"], codes=(2,), expect=("TARGETS_MAX_LINE",))


@case("size-limit-raised-by-env")
def _(d: Path) -> Case:
    base(d, data="indicator,year,value," + "a," * 600_000 + f"\n{TT},2023,3200\n")
    return Case(
        ["check", "a.csv", "-c", "cat.yaml", "-f", "json"], env={"TARGETS_MAX_LINE": "5000000"}, codes=(0,)
    )


@case("size-xlsx-renamed-shared-strings")
def _(d: Path) -> Case:
    base(d, data=None)
    book = workbook(inline_row(1, ["indicator", "year", "value"]))
    import io
    import zipfile

    buf = io.BytesIO(book)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z:  # found by its root element
        z.writestr("xl/strs.xml", f'<sst xmlns="{_MAIN}">' + "<si/>" * 2_000_000 + "</sst>")
    (d / "a.xlsx").write_bytes(buf.getvalue())
    return Case(["check", "a.xlsx", "-c", "cat.yaml"], codes=(2,), expect=("TARGETS_MAX_SHARED_STRINGS",))


@case("size-xlsx-bomb-of-spaces")
def _(d: Path) -> Case:
    import zipfile

    base(d, data=None)
    book = d / "a.xlsx"
    book.write_bytes(workbook(inline_row(1, ["indicator", "year", "value"])))
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as z, z.open("xl/worksheets/sheet2.xml", "w") as fh:
        fh.write(f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
        block = b" " * 2**20
        for _ in range(600):  # 600 MB of nothing, a few hundred KB compressed
            fh.write(block)
        fh.write(b"</sheetData></worksheet>")
    return Case(["check", "a.xlsx", "-c", "cat.yaml"])
