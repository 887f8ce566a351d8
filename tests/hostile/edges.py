"""Numbers and texts at the edges: magnitudes, lone surrogates, undecodable names, strict
encodings, full disks and closed pipes."""

from __future__ import annotations

import os
from pathlib import Path

from tests.hostile.kit import (
    CASES,
    TT,
    Case,
    actuals,
    base,
    case,
    catalog,
    inline_row,
    workbook,
    xlsx_table,
)

# ------------------------------------------------------------------------------ numbers
for key, value in {
    "1e1000000": "1e1000000",
    "1e-999999": "1e-999999",
    "1e-400": "1e-400",
    "1e99999999999": "1e99999999999",
    "zeros-then-1": "0." + "0" * 500 + "1",
    "many-digits": "1" * 1000,
    "tiny-1e-300": "1e-300",
    "tiny-1e-299": "1.5e-299",
}.items():
    for cmd in ("check", "brief", "trend"):

        def make(d: Path, value: str = value, cmd: str = cmd) -> Case:
            base(d, data=actuals([f"{TT},2022,{value},亿元,,", f"{TT},2023,3200,亿元,,"]))
            args = [cmd, *([TT] if cmd == "trend" else []), "a.csv", "-c", "cat.yaml"]
            if cmd == "brief":
                args += ["-f", "html", "-o", "b.html"]
            return Case(args, outputs=["b.html"])

        CASES[f"number-{key}-{cmd}"] = make


@case("number-catalog-1e-400")
def _(d: Path) -> Case:
    base(d, cat=catalog(baseline="1e-400"))
    return Case(["check", "a.csv", "-c", "cat.yaml"], codes=(2,))


@case("number-catalog-tiny-baseline")
def _(d: Path) -> Case:
    base(d, cat=catalog(baseline="1e-300"))
    return Case(["brief", "a.csv", "-c", "cat.yaml", "-f", "html", "-o", "b.html"], outputs=["b.html"])


@case("number-xlsx-1e-400")
def _(d: Path) -> Case:
    base(d, data=None)
    numbers = '<c r="B2"><v>2023</v></c><c r="C2"><v>1E-400</v></c>'
    sheet = inline_row(1, ["indicator", "year", "value"]) + (
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>{TT}</t></is></c>{numbers}</row>'
    )
    (d / "a.xlsx").write_bytes(workbook(sheet))
    return Case(["check", "a.xlsx", "-c", "cat.yaml"], codes=(2,))


@case("number-fx-extreme")
def _(d: Path) -> Case:
    base(d)
    return Case(["check", "a.csv", "-c", "cat.yaml", "--fx", "USD=1e999999999"], codes=(2,))


@case("number-as-of-huge")
def _(d: Path) -> Case:
    base(d)
    return Case(["check", "a.csv", "-c", "cat.yaml", "--as-of", "99999999999999999999"])


@case("number-as-of-negative")
def _(d: Path) -> Case:
    base(d)
    return Case(["brief", "a.csv", "-c", "cat.yaml", "--as-of", "-5"])


for label, year in {"huge": "99999999999999999999", "negative": "-99999999999999999999", "zero": "0"}.items():
    for cmd in (["brief", "a.csv"], ["trend", TT, "a.csv"], ["check", "a.csv", "-f", "json"]):
        CASES[f"number-as-of-{label}-{cmd[0]}"] = lambda d, cmd=cmd, year=year: (
            base(d),
            Case([*cmd, "-c", "cat.yaml", "--as-of", year]),
        )[-1]
    CASES[f"number-template-year-{label}"] = lambda d, year=year: (
        base(d),
        Case(["template", year, "-c", "cat.yaml"], codes=(2,)),
    )[-1]


@case("number-show-context-huge")
def _(d: Path) -> Case:
    base(d)
    return Case(["show", TT, "-c", "cat.yaml", "--context", "99999999999999999999"])


# ---------------------------------------------------------------------------- encodings
@case("encoding-xlsx-lone-surrogate")
def _(d: Path) -> Case:
    base(d, data=None)
    (d / "a.xlsx").write_bytes(
        xlsx_table([["indicator", "year", "value", "region"], [TT, "2023", "3200", "东_xD800_区"]])
    )
    return Case(["check", "a.xlsx", "-c", "cat.yaml", "-f", "json"])


for fmt in ("text", "md", "csv", "table"):
    CASES[f"encoding-xlsx-lone-surrogate-{fmt}"] = lambda d, fmt=fmt: (
        base(d, data=None),
        (d / "a.xlsx").write_bytes(
            xlsx_table([["indicator", "year", "value", "region"], [TT, "2023", "3200", "_xDFFF_东"]])
        ),
        Case(["check", "a.xlsx", "-c", "cat.yaml", "-f", fmt]),
    )[-1]


@case("encoding-gbk-file-name-utf8-strict")
def _(d: Path) -> Case:
    base(d)
    name = "数据".encode("gbk")
    os.rename(d / "a.csv", os.fsencode(d) + b"/" + name + b".csv")
    return Case(
        [],
        shell="python -m targets check \"$(printf '\\xca\\xfd\\xbe\\xdd').csv\" -c cat.yaml",
        env={"PYTHONIOENCODING": "utf-8:strict"},
    )


@case("encoding-gbk-file-name-error-utf8-strict")
def _(d: Path) -> Case:
    base(d, data="indicator,year,value\nnope,2023,1\n")
    os.rename(d / "a.csv", os.fsencode(d) + b"/" + "数据".encode("gbk") + b".csv")
    return Case(
        [],
        shell="python -m targets check \"$(printf '\\xca\\xfd\\xbe\\xdd').csv\" -c cat.yaml",
        env={"PYTHONIOENCODING": "utf-8:strict"},
        codes=(2,),
    )


@case("encoding-gbk-plan-name-extract")
def _(d: Path) -> Case:
    base(d)
    os.rename(d / "sources" / "mini.txt", os.fsencode(d) + b"/sources/" + "规划".encode("gbk") + b".txt")
    return Case(
        [],
        shell="python -m targets extract \"sources/$(printf '\\xb9\\xe6\\xbb\\xae').txt\"",
        env={"PYTHONIOENCODING": "utf-8:strict"},
    )


for cmd in (
    ["check", "a.csv", "-c", "cat.yaml"],
    ["list", "-c", "cat.yaml"],
    ["brief", "a.csv", "-c", "cat.yaml"],
    ["show", TT, "-c", "cat.yaml"],
    ["trend", TT, "a.csv", "-c", "cat.yaml"],
    ["check", "a.csv", "-c", "cat.yaml", "-f", "md"],
    ["--help"],
    ["check", "--help"],
):
    CASES[f"encoding-ascii-strict-{cmd[0]}-{len(cmd)}"] = lambda d, cmd=cmd: (
        base(d),
        Case(cmd, env={"PYTHONIOENCODING": "ascii:strict", "LC_ALL": "C"}),
    )[-1]


@case("encoding-latin1-strict-errors")
def _(d: Path) -> Case:
    base(d, data="indicator,year,value\n外贸,2023,abc\n")
    return Case(["check", "a.csv", "-c", "cat.yaml"], env={"PYTHONIOENCODING": "latin-1:strict"}, codes=(2,))


@case("encoding-dev-full-check")
def _(d: Path) -> Case:
    base(d)
    return Case(
        [],
        shell="python -m targets check a.csv -c cat.yaml > /dev/full",
        codes=(2,),
        absent=("internal error",),
    )


@case("encoding-dev-full-list-json")
def _(d: Path) -> Case:
    base(d)
    return Case([], shell="python -m targets list -c cat.yaml -f json > /dev/full", codes=(2,))


@case("encoding-dev-full-template")
def _(d: Path) -> Case:
    base(d)
    return Case([], shell="python -m targets template 2023 -c cat.yaml > /dev/full", codes=(2,))


@case("encoding-dev-full-schema")
def _(d: Path) -> Case:
    return Case([], shell="python -m targets schema > /dev/full", codes=(2,))


@case("encoding-dev-full-stderr")
def _(d: Path) -> Case:
    base(d, data="indicator,year,value\nnope,2023,1\n")
    return Case([], shell="python -m targets check a.csv -c cat.yaml 2> /dev/full", codes=(2,))


@case("encoding-closed-pipe")
def _(d: Path) -> Case:
    base(d)
    return Case([], shell="set -o pipefail; python -m targets schema | head -c 10 >/dev/null", codes=(0,))


@case("encoding-closed-pipe-check-json")
def _(d: Path) -> Case:
    rows = [f"{TT},{y},{3000 + y},亿元,r{i}," for i in range(3000) for y in (2022,)]
    base(d, data=actuals(rows))
    return Case(
        [],
        shell="set -o pipefail; python -m targets check a.csv -c cat.yaml -f json | head -c 10 >/dev/null",
        codes=(0,),
    )
