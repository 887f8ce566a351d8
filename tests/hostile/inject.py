"""Injection: hostile text from catalogs, actuals, xlsx cells, file names and arguments, per output format."""

from __future__ import annotations

import re
from pathlib import Path

from tests.hostile.kit import (
    CASES,
    PLAIN,
    TT,
    Case,
    actuals,
    base,
    case,
    catalog,
    xlsx_table,
)

# ------------------------------------------------------------------------------ injection
HOSTILE_NAMES = {
    "osc52": "\\e]52;c;ZXZpbA==\\a外贸",
    "clear": "\\e[2J\\e[H外贸",
    "bidi": "外贸\\u202egnp.exe",
    "c1": "外贸\\x9b31m红",
    "html": "<script>alert(1)</script>外贸",
    "img": "<img src=x onerror=alert(1)>",
    "formula": '=HYPERLINK(\\"http://x\\",\\"a\\")',
    "cr": "外贸\\r| injected | row |",
    "nul": "外\\x01贸\\x08",
}
for key, hostile in HOSTILE_NAMES.items():
    for fmt in ("text", "md", "csv", "json", "table", "github"):

        def make(d: Path, hostile: str = hostile, fmt: str = fmt, key: str = key) -> Case:
            base(d, cat=catalog(name=hostile, note=hostile, scope=hostile))

            def check(d: Path, out: bytes, err: bytes) -> str | None:
                text = out.decode("utf-8", "replace")
                if (fmt == "md" and "<script" in text.lower()) or (fmt == "md" and "<img" in text.lower()):
                    return "raw HTML in markdown"
                if fmt == "csv" and re.search(r'(^|,)"?[=+@-]', text, re.M):
                    return "a CSV cell starts a formula"
                if fmt == "md" and key == "cr":
                    rows = [line for line in text.splitlines() if line.startswith("|")]
                    if any(line.count("|") - line.count("\\|") != rows[0].count("|") for line in rows[:1]):
                        return "markdown row split"
                if fmt == "json":
                    import json

                    json.loads(out)
                return None

            return Case(["check", "a.csv", "-c", "cat.yaml", "-f", fmt], check=check)

        if fmt in ("text", "md", "csv") or key in ("osc52", "bidi", "c1", "formula"):
            CASES[f"inject-name-{key}-check-{fmt}"] = make


@case("inject-region-formula-csv")
def _(d: Path) -> Case:
    rows = [f"{TT},2023,3200,亿元,{r}," for r in ("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1")]
    base(d, data=actuals(rows))

    def check(d: Path, out: bytes, err: bytes) -> str | None:
        bad = [line for line in out.decode().splitlines() if re.search(r'(^|,)"?[=+@\t-][^0-9]', line)]
        return f"formula cells: {bad}" if bad else None

    return Case(["check", "a.csv", "-c", "cat.yaml", "-f", "csv"], check=check)


@case("inject-region-escape-text")
def _(d: Path) -> Case:
    base(d, data=actuals([f"{TT},2023,3200,亿元,\x1b]52;c;ZXZpbA==\x07东区,"]))
    return Case(["check", "a.csv", "-c", "cat.yaml", "-f", "text"])


@case("inject-region-escape-table")
def _(d: Path) -> Case:
    base(d, data=actuals([f"{TT},2023,3200,亿元,\x1b[2J\x9b东区\u202e,"]))
    return Case(["check", "a.csv", "-c", "cat.yaml", "-f", "table"])


@case("inject-region-html-md")
def _(d: Path) -> Case:
    base(d, data=actuals([f'{TT},2023,3200,亿元,"<img src=x onerror=alert(1)>",']))

    def check(d: Path, out: bytes, err: bytes) -> str | None:
        return "raw HTML" if b"<img" in out else None

    return Case(["check", "a.csv", "-c", "cat.yaml", "-f", "md"], check=check)


@case("inject-region-cr-md")
def _(d: Path) -> Case:
    base(d, data=actuals([f'{TT},2023,3200,亿元,"东区\r| x | y |",']))

    def check(d: Path, out: bytes, err: bytes) -> str | None:
        rows = [line for line in out.decode().split("\n") if line.startswith("|")]
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in rows}
        return None if len(widths) == 1 else f"rows of different widths: {widths}"

    return Case(["check", "a.csv", "-c", "cat.yaml", "-f", "md"], check=check)


@case("inject-region-trend")
def _(d: Path) -> Case:
    base(d, data=actuals([f"{TT},2023,3200,亿元,\x1b[31m东区,"]))
    return Case(["trend", TT, "a.csv", "-c", "cat.yaml"])


@case("inject-region-trend-arg")
def _(d: Path) -> Case:
    base(d, data=actuals([f"{TT},2023,3200,亿元,东区,"]))
    return Case(["trend", TT, "a.csv", "-c", "cat.yaml", "--region", "\x1b]0;title\x07"], codes=(2,))


@case("inject-header-escape")
def _(d: Path) -> Case:
    base(d, data=actuals([f"{TT},2023,3200"], header="indicator,year,value,\x1b[2Jevil\u202e"))
    return Case(["check", "a.csv", "-c", "cat.yaml"], expect=("ignored unknown column",))


@case("inject-indicator-escape-message")
def _(d: Path) -> Case:
    base(d, data=actuals(["\x1b]52;c;ZXZpbA==\x07,2023,3200,亿元,,"]))
    return Case(["check", "a.csv", "-c", "cat.yaml"], codes=(2,), expect=("unknown indicator",))


@case("inject-value-escape-message")
def _(d: Path) -> Case:
    base(d, data=actuals([f"{TT},2023,\x1b[2J12\u202e,亿元,,"]))
    return Case(["check", "a.csv", "-c", "cat.yaml"], codes=(2,))


@case("inject-note-escape-brief")
def _(d: Path) -> Case:
    base(d, data=actuals([f"{TT},2023,3200,亿元,,\x1b[2Jnote\x07"]))
    return Case(["brief", "a.csv", "-c", "cat.yaml"])


@case("inject-file-name-escape")
def _(d: Path) -> Case:
    base(d, data="indicator,year,value\nnope,2023,1\n", name="a\x1b[2J\u202e.csv")
    return Case(["check", "a\x1b[2J\u202e.csv", "-c", "cat.yaml"], codes=(2,))


@case("inject-plan-arg-escape")
def _(d: Path) -> Case:
    base(d)
    return Case(
        ["check", "a.csv", "-c", "cat.yaml", "--plan", "\x1b[2Jx"], codes=(2,), expect=("unknown plan",)
    )


@case("inject-show-arg-escape")
def _(d: Path) -> Case:
    base(d)
    return Case(["show", "\x1b]52;c;eA==\x07", "-c", "cat.yaml"], codes=(2,))


@case("inject-show-plan-text")
def _(d: Path) -> Case:
    base(d)
    (d / "sources" / "mini.txt").write_text(
        "示例\x1b]52;c;ZXZpbA==\x07\n到2025年，外贸进出口总额达到3700亿元。\x1b[2J\u202e\n第三行\x9b\n",
        encoding="utf-8",
    )
    return Case(["show", TT, "-c", "cat.yaml", "--context", "2"])


@case("inject-show-catalog-fields")
def _(d: Path) -> Case:
    base(d, cat=catalog(title="\\e[2J规划", name="\\e]52;c;x\\a名", note="\\x9b说明\\u202e"))
    return Case(["show", TT, "-c", "cat.yaml"])


@case("inject-list-table")
def _(d: Path) -> Case:
    base(d, cat=catalog(name="\\e[2J名\\u202e"))
    return Case(["list", "-c", "cat.yaml"])


@case("inject-list-csv-formula")
def _(d: Path) -> Case:
    base(d, cat=catalog(name='=HYPERLINK(\\"http://x\\")', quote="@SUM(1)"))

    def check(d: Path, out: bytes, err: bytes) -> str | None:
        return "formula" if re.search(rb'(^|,)"?[=@]', out, re.M) else None

    return Case(["list", "-c", "cat.yaml", "-f", "csv"], check=check)


@case("inject-list-md-html")
def _(d: Path) -> Case:
    base(d, cat=catalog(name="<script>x</script>"))
    return Case(["list", "-c", "cat.yaml", "-f", "md"], absent=("<script>",))


@case("inject-list-json-c1")
def _(d: Path) -> Case:
    base(d, cat=catalog(name="\\x9b\\u202e名"))

    def check(d: Path, out: bytes, err: bytes) -> str | None:
        import json

        doc = json.loads(out)
        return None if doc["indicators"][0]["name"] == "\x9b\u202e名" else "JSON data changed"

    return Case(["list", "-c", "cat.yaml", "-f", "json"], check=check)


@case("inject-template-csv-formula")
def _(d: Path) -> Case:
    base(d, cat=catalog(name='=HYPERLINK(\\"http://x\\")'))

    def check(d: Path, out: bytes, err: bytes) -> str | None:
        return "formula" if re.search(rb'(^|,)"?[=+@-]', (d / "form.csv").read_bytes(), re.M) else None

    return Case(
        ["template", "2023", "-c", "cat.yaml", "-o", "form.csv", "-r", "-1+2"],
        outputs=["form.csv"],
        check=check,
    )


@case("inject-template-csv-stdout")
def _(d: Path) -> Case:
    base(d, cat=catalog(name="+cmd|' /C calc'!A0"))

    def check(d: Path, out: bytes, err: bytes) -> str | None:
        return "formula" if re.search(rb'(^|,|\n)"?[=+@]', out) else None

    return Case(["template", "2023", "-c", "cat.yaml"], check=check)


def _svg_ok(d: Path, out: bytes, err: bytes) -> str | None:
    from xml.etree import ElementTree as ET

    text = (d / "b.html").read_text(encoding="utf-8")
    for svg in re.findall(r"<svg.*?</svg>", text, re.S):
        try:
            ET.fromstring(svg)
        except ET.ParseError as exc:
            return f"inline SVG is not valid XML: {exc}"
    return ("<script" in text.lower() and "raw script") or None


@case("inject-brief-html-controls")
def _(d: Path) -> Case:
    base(d, cat=catalog(name="外贸\\x01\\x0b\\x1b[2J<script>x</script>"))
    return Case(
        ["brief", "a.csv", "-c", "cat.yaml", "-f", "html", "-o", "b.html"], outputs=["b.html"], check=_svg_ok
    )


@case("inject-brief-html-region-controls")
def _(d: Path) -> Case:
    base(d, data=actuals([f"{TT},2022,3100,亿元,,", f"{TT},2023,3200,亿元,,\x01\x02"]))
    return Case(
        ["brief", "a.csv", "-c", "cat.yaml", "-f", "html", "-o", "b.html"], outputs=["b.html"], check=_svg_ok
    )


@case("inject-brief-md-html")
def _(d: Path) -> Case:
    base(d, cat=catalog(name="<img src=x onerror=alert(1)>"))
    # CommonMark reads a backslash-escaped < as text; a bare one would open a tag
    return Case(
        ["brief", "a.csv", "-c", "cat.yaml", "-f", "md"],
        check=lambda d, o, e: "raw HTML" if re.search(rb"(?<!\\)<img", o) else None,
    )


@case("inject-brief-text-escape")
def _(d: Path) -> Case:
    base(d, cat=catalog(name="\\e]52;c;ZXZpbA==\\a名", scope="\\e[2J区"))
    return Case(["brief", "a.csv", "-c", "cat.yaml"])


@case("inject-junit-controls")
def _(d: Path) -> Case:
    base(d, cat=catalog(name="外贸\\x01\\x1b<x>"))

    def check(d: Path, out: bytes, err: bytes) -> str | None:
        from xml.etree import ElementTree as ET

        ET.parse(d / "j.xml")
        return None

    return Case(
        ["check", "a.csv", "-c", "cat.yaml", "--junit", "j.xml", "-f", "json"], outputs=["j.xml"], check=check
    )


@case("inject-github-newline")
def _(d: Path) -> Case:
    base(d, cat=catalog(name="x\\n::error file=evil::owned"))

    def check(d: Path, out: bytes, err: bytes) -> str | None:
        return "injected command" if re.search(rb"^::error file=evil", out, re.M) else None

    return Case(["check", "a.csv", "-c", "cat.yaml", "-f", "github"], check=check)


@case("inject-xlsx-escape-cells")
def _(d: Path) -> Case:
    base(d, data=None)
    rows = [["indicator", "year", "value", "region"], [TT, "2023", "3200", "_x001B_]52;c;ZXZpbA==_x0007_东"]]
    (d / "a.xlsx").write_bytes(xlsx_table(rows))
    return Case(["check", "a.xlsx", "-c", "cat.yaml", "-f", "text"])


@case("inject-xlsx-escape-header")
def _(d: Path) -> Case:
    base(d, data=None)
    rows = [["indicator", "year", "value", "_x001B_[2Jx"], [TT, "2023", "3200", ""]]
    (d / "a.xlsx").write_bytes(xlsx_table(rows))
    return Case(["check", "a.xlsx", "-c", "cat.yaml"])


@case("inject-usage-format-value")
def _(d: Path) -> Case:
    base(d)
    return Case(["check", "a.csv", "-c", "cat.yaml", "-f", "\x1b[2Jx\u202e"], codes=(2,))


@case("inject-usage-command-name")
def _(d: Path) -> Case:
    return Case(["\x1b]52;c;ZXZpbA==\x07"], codes=(2,))


@case("inject-fx-value")
def _(d: Path) -> Case:
    base(d)
    return Case(["check", "a.csv", "-c", "cat.yaml", "--fx", "USD=\x1b[2J"], codes=(2,))


for fmt in ("text", "github", "json"):

    def _newline_name(d: Path, fmt: str = fmt) -> Case:
        name = "a\n::error file=x::owned\r.csv"
        base(d, data="indicator,year,value,unit\nnope,2023,1,亿元\n" if fmt == "text" else PLAIN, name=name)

        def check(d: Path, out: bytes, err: bytes) -> str | None:
            lines = (out + err).split(b"\n")
            return (
                "a line starts a workflow command"
                if any(x.startswith(b"::error file=x") for x in lines)
                else None
            )

        return Case(["check", name, "-c", "cat.yaml", "-f", fmt], check=check)

    CASES[f"inject-file-name-newline-{fmt}"] = _newline_name


@case("inject-validate-path-newline")
def _(d: Path) -> Case:
    base(d)
    (d / "c\n::error::x.yaml").write_text(catalog(), encoding="utf-8")
    return Case(
        ["validate", "c\n::error::x.yaml"], check=lambda d, o, e: "split" if b"\n::error" in o + e else None
    )
