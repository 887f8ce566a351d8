"""The CI gate on bad submissions: the full github, JSON and JUnit reports, --strict, the failing
list, workspace paths, the job summary, and nothing from a data file printed raw."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from targets.catalog import default_catalog_path
from targets.cli.app import app

runner = CliRunner()
ACTUALS = default_catalog_path().parent / "actuals"
SAMPLE = "data/actuals/"  # the sample actuals, copied into the working folder

# Our own bad submission: a letter O for a zero, an Excel error, a misspelt name, a duplicate
# with another value, the 万元 figure typed into the 亿元 form.
BAD = (
    "indicator,year,value,unit,region,note\n"
    "gx-open-14th.trade-total,2023,3200,亿元,,\n"
    "gx-open-14th.trade-total,2024,33500000,亿元,,\n"
    "gx-open-14th.trading-enterprises,2024,14O,家,,\n"
    "gx-open-14th.odi-amount,2024,#DIV/0!,亿美元,,\n"
    "外贸进出口企业总数,2024,300,家,,\n"
    "gx-open-14th.fdi-used,2023,9,亿美元,,\n"
    "gx-open-14th.fdi-used,2023,9.5,亿美元,,\n"
)
SLIP = (
    "value: gaoxin.foreign-trade 2024: 33500000 亿元 is 10468.8 times the 2023 value 3200 (line 2); "
    "likely a 万元 figure entered as 亿元 (33500000 万元 = 3350 亿元). If the jump is genuine, start the "
    "note of line 3 with 确认 (or confirmed)"
)

EXPECTED_GITHUB = f"""\
::error file=2024.csv,line=4,col=3,title=bad-number::value: expected a number, got '14O'
::error file=2024.csv,line=5,col=3,title=bad-number::value: an Excel error value (#DIV/0!), not a number
::error file=2024.csv,line=6,col=1,title=unknown-indicator::indicator: unknown indicator \
'外贸进出口企业总数'; did you mean '外贸进出口企业数' or '外贸进出口总额'?
::error file=2024.csv,line=8,col=3,title=duplicate-conflict::value: gaoxin.fdi-used 2023 is given twice with \
different values (9 on line 7, 9.5 here)
::error file=2024.csv,line=3,title=magnitude-jump::{SLIP}
targets: invalid input: 5 error(s), 0 warning(s); nothing was evaluated
"""

EXPECTED_JSON = """\
{
  "valid": false,
  "as_of": null,
  "results": [],
  "problems": [
    {"file": "2024.csv", "line": 4, "column": 3, "field": "value", "code": "bad-number", \
"severity": "error", "message": "expected a number, got '14O'", "promoted": false},
    {"file": "2024.csv", "line": 5, "column": 3, "field": "value", "code": "bad-number", \
"severity": "error", "message": "an Excel error value (#DIV/0!), not a number", "promoted": false},
    {"file": "2024.csv", "line": 6, "column": 1, "field": "indicator", "code": "unknown-indicator", \
"severity": "error", "message": "unknown indicator '外贸进出口企业总数'; did you mean '外贸进出口企业数' or \
'外贸进出口总额'?", "promoted": false},
    {"file": "2024.csv", "line": 8, "column": 3, "field": "value", "code": "duplicate-conflict", \
"severity": "error", "message": "gaoxin.fdi-used 2023 is given twice with different values (9 on line 7, 9.5 \
here)", "promoted": false},
    {"file": "2024.csv", "line": 3, "column": null, "field": "value", "code": "magnitude-jump", "severity": \
"error", "message": "MESSAGE", "promoted": false}
  ],
  "summary": null,
  "failing": []
}
""".replace("MESSAGE", SLIP.removeprefix("value: "))


def _case(line: int, code: str, field: str, message: str) -> str:
    return (
        f'    <testcase classname="input" name="2024.csv:{line} {code}" file="2024.csv" line="{line}">\n'
        f'      <failure type="{code}" message="input error: {message}">2024.csv:{line}: {field}: {message}'
        "</failure>\n"
        "    </testcase>\n"
    )


EXPECTED_JUNIT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<testsuites name="targets" tests="5" failures="5" errors="0" skipped="0">\n'
    '  <testsuite name="input" tests="5" failures="5" errors="0" skipped="0">\n'
    + _case(4, "bad-number", "value", "expected a number, got '14O'")
    + _case(5, "bad-number", "value", "an Excel error value (#DIV/0!), not a number")
    + _case(
        6,
        "unknown-indicator",
        "indicator",
        "unknown indicator '外贸进出口企业总数'; did you mean '外贸进出口企业数' or '外贸进出口总额'?",
    )
    + _case(
        8,
        "duplicate-conflict",
        "value",
        "gaoxin.fdi-used 2023 is given twice with different values (9 on line 7, 9.5 here)",
    )
    + _case(3, "magnitude-jump", "value", SLIP.removeprefix("value: "))
    + "  </testsuite>\n</testsuites>\n"
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository root: the sample actuals in data/actuals/, a bad submission in 2024.csv."""
    shutil.copytree(ACTUALS, tmp_path / "data" / "actuals")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    (tmp_path / "2024.csv").write_text(BAD, encoding="utf-8")
    return tmp_path


def check(*args: str) -> Result:
    result = runner.invoke(app, ["check", *args])
    assert "Traceback" not in result.output
    return result


def test_bad_submission_github(folder: Path) -> None:
    result = check("2024.csv", "--format", "github")
    assert result.exit_code == 2
    assert result.stdout == EXPECTED_GITHUB
    assert result.stderr == "targets: 5 error(s); nothing was evaluated\n"


def test_bad_submission_json(folder: Path) -> None:
    result = check("2024.csv", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == EXPECTED_JSON
    assert json.loads(result.stdout)["valid"] is False


def test_bad_submission_junit_is_written(folder: Path) -> None:
    for fmt in ("text", "github", "json", "csv"):
        (folder / "report.xml").unlink(missing_ok=True)
        result = check("2024.csv", "--format", fmt, "--junit", "report.xml")
        assert result.exit_code == 2
        assert (folder / "report.xml").read_text(encoding="utf-8") == EXPECTED_JUNIT, fmt


def test_bad_submission_text(folder: Path) -> None:
    result = check("2024.csv", "--format", "text")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "2024.csv:4: value: expected a number, got '14O'",
        "2024.csv:5: value: an Excel error value (#DIV/0!), not a number",
        "2024.csv:6: indicator: unknown indicator '外贸进出口企业总数'; did you mean '外贸进出口企业数' or "
        "'外贸进出口总额'?",
        "2024.csv:8: value: gaoxin.fdi-used 2023 is given twice with different values "
        "(9 on line 7, 9.5 here)",
        f"2024.csv:3: {SLIP}",
        "targets: 5 error(s); nothing was evaluated",
    ]


def test_a_catalog_error_is_reported_in_json_and_junit(folder: Path) -> None:
    (folder / "cat.yaml").write_text("version: 1\nplans: [\n", encoding="utf-8")
    result = check("2024.csv", "--catalog", "cat.yaml", "--format", "json", "--junit", "r.xml")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["valid"] is False and doc["results"] == [] and doc["summary"] is None
    assert [p["file"] for p in doc["problems"]] == ["cat.yaml"]
    root = ET.fromstring((folder / "r.xml").read_bytes())
    assert root.get("failures") == "1"


def test_usage_problems_are_in_the_report(folder: Path) -> None:
    result = check(SAMPLE, "--plan", "nope", "--format", "github")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == (
        "::error title=usage::unknown plan 'nope'; plans: gx-open-14th, gx-sc-2027, yc-innovation-2025, "
        "yc-open-2022, cq-platforms-2020"
    )


# ---------------------------------------------------------------- --strict


WARNS = "indicator,year,value,unit\n" + "gx-open-14th.trade-total,2030,3200,亿元\n" * 2


def test_strict_lists_the_warnings_it_promoted(folder: Path) -> None:
    (folder / "w.csv").write_text(WARNS, encoding="utf-8")
    plain = check("w.csv", "--format", "text")
    assert plain.exit_code == 0
    result = check("w.csv", "--format", "text", "--strict")
    assert result.exit_code == 2
    assert result.stdout == ""
    outside = (
        "2030 is outside the plan period(s) of gaoxin.foreign-trade (2021—2025); "
        "base-year values from 2020 are accepted"
    )
    assert result.stderr.splitlines() == [
        f"w.csv:2: year: error (--strict): {outside}",
        f"w.csv:3: year: error (--strict): {outside}",
        "w.csv:3: error (--strict): repeats line 2",
        "targets: --strict: 3 warning(s) treated as errors (year-outside-period, duplicate); "
        "nothing was evaluated",
    ]
    doc = json.loads(check("w.csv", "--format", "json", "--strict").stdout)
    assert doc["valid"] is False
    assert [(p["code"], p["severity"], p["promoted"]) for p in doc["problems"]] == [
        ("year-outside-period", "error", True),
        ("year-outside-period", "error", True),
        ("duplicate", "error", True),
    ]
    github = check("w.csv", "--format", "github", "--strict").stdout.splitlines()
    assert github[0] == (
        "::error file=w.csv,line=2,col=2,title=year-outside-period::"
        f"warning made an error by --strict: year: "
        f"{outside}"
    )


# ---------------------------------------------------------------- the failing list


def test_a_failing_gate_names_its_targets(folder: Path) -> None:
    result = check(SAMPLE, "--format", "text", "--fail-on", "far_behind")
    assert result.exit_code == 1
    tail = result.stderr.splitlines()[-6:]
    assert tail == [
        "targets: 5 target(s) at or past --fail-on far_behind:",
        "  gx-open-14th.odi-amount 对外直接投资额: far_behind (明显滞后), judged on 2024",
        "  gx-open-14th.belt-road-offshore-outsourcing 对“一带一路”沿线国家离岸服务外包执行额: "
        "far_behind (明显滞后), judged on 2024",
        "  yc-open-2022.foreign-trade-2022 外贸进出口总额: missed (未完成（2023年实现）), judged on 2022",
        "  yc-open-2022.fdi-used-2022 实际使用外资: missed (未完成（2023年实现）), judged on 2022",
        "  yc-open-2022.rd-intensity-2022 全社会研发投入强度: missed (未完成（2023年实现）), judged on 2022",
    ]
    doc = json.loads(check(SAMPLE, "--format", "json", "--fail-on", "far_behind").stdout)
    assert doc["failing"][0] == {
        "id": "gx-open-14th.odi-amount",
        "plan": "gx-open-14th",
        "name": "对外直接投资额",
        "region": None,
        "status": "far_behind",
        "label": "明显滞后",
        "year": 2024,
    }
    assert [f["id"] for f in doc["failing"]] == [line.split()[0] for line in tail[1:]]
    github = check(SAMPLE, "--format", "github", "--fail-on", "far_behind").stdout.splitlines()
    gate = [line for line in github if "at or past --fail-on far_behind" in line]
    assert len(gate) == 5 and all(line.startswith("::error file=") for line in gate)
    first_results = [line for line in github if not re.search(r"title=(year-outside-period)", line)]
    assert first_results[:5] == gate  # before any other result
    passing = check(SAMPLE, "--format", "json", "--fail-on", "never")
    assert passing.exit_code == 0 and json.loads(passing.stdout)["failing"] == []


def test_every_input_problem_is_an_annotation(folder: Path) -> None:
    rows = "".join(f"gx-open-14th.trading-enterprises,{2010 + n},1{n}O,家\n" for n in range(15))
    (folder / "many.csv").write_text("indicator,year,value,unit\n" + rows, encoding="utf-8")
    lines = check("many.csv", "--format", "github").stdout.splitlines()
    assert lines == [
        *(
            f"::error file=many.csv,line={n + 2},col=3,title=bad-number::"
            f"value: expected a number, got '1{n}O'"
            for n in range(15)
        ),
        "targets: invalid input: 15 error(s), 0 warning(s); nothing was evaluated",
    ]


def test_the_failing_list_of_ci_md_is_real(folder: Path) -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "ci.md").read_text(encoding="utf-8")
    shown = text.split("## A failing gate names its targets")[1].split("```text\n")[1].split("```")[0]
    result = check(SAMPLE, "--format", "text", "--fail-on", "far_behind")
    assert result.stderr.endswith(shown)
