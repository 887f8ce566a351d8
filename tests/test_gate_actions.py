"""GitHub Actions as a CI maintainer meets it: the documented workflow run step by step,
annotation paths relative to the workspace, the job summary, and nothing from a data file
reaching the log raw."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from targets.catalog import default_catalog_path
from targets.cli.app import app
from targets.report.ci import workspace_path

REPO = Path(__file__).resolve().parents[1]
DATA = default_catalog_path().parent
runner = CliRunner()
# Raw control characters, a line break and a workflow command, as a hostile cell would hold them.
HOSTILE = "北区\n::error file=x.csv,line=1::pwned\x1b[2J\r\x07\u202e"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202e]")


def workflow_steps() -> list[str]:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if "runs-on:" in b]
    steps = yaml.safe_load(block)["jobs"]["check"]["steps"]
    return [s["run"] for s in steps if str(s.get("run", "")).startswith("targets ")]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checked-out data repository as GitHub Actions sees it."""
    shutil.copy(DATA / "indicators.yaml", tmp_path / "indicators.yaml")
    (tmp_path / "data").mkdir()
    shutil.copy(DATA / "indicators.yaml", tmp_path / "data" / "indicators.yaml")
    shutil.copytree(DATA / "sources", tmp_path / "data" / "sources")
    shutil.copytree(DATA / "actuals", tmp_path / "data" / "actuals")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    return tmp_path


def run_step(folder: Path, command: str) -> Result:
    argv = shlex.split(command)[1:]
    target = None
    if ">" in argv:
        at = argv.index(">")
        argv, target = argv[:at], argv[at + 1]
    result = runner.invoke(app, argv)
    assert "Traceback" not in result.output
    if target:
        (folder / target).write_text(result.stdout, encoding="utf-8")
    return result


def test_the_documented_workflow_runs(workspace: Path) -> None:
    steps = workflow_steps()
    assert len(steps) == 3
    codes = [run_step(workspace, step).exit_code for step in steps]
    assert codes == [0, 1, 0]  # validate, the gate (targets far behind), the JSON report
    annotations = run_step(workspace, steps[1]).stdout.splitlines()
    files = {m for line in annotations for m in re.findall(r"file=([^,:]+)", line)}
    assert files == {"data/actuals/gaoxin.csv", "data/actuals/yongchuan.csv", "data/indicators.yaml"}
    assert ET.parse(workspace / "report.xml").getroot().get("tests") == "152"
    assert json.loads((workspace / "report.json").read_text(encoding="utf-8"))["valid"] is True
    summary = (workspace / "summary.md").read_text(encoding="utf-8")
    assert summary.count("## targets check") == 2  # appended by each gate run, never overwritten
    assert "**5 target(s) at or past `--fail-on far_behind`.**" in summary


def test_the_documented_workflow_on_a_bad_submission(workspace: Path) -> None:
    bad = "indicator,year,value,unit\ngx-open-14th.trade-total,2024,14O,亿元\n"
    (workspace / "data" / "actuals" / "2024.csv").write_text(bad, encoding="utf-8")
    steps = workflow_steps()
    assert [run_step(workspace, step).exit_code for step in steps] == [0, 2, 2]
    gate = run_step(workspace, steps[1]).stdout
    assert gate.splitlines()[0] == (
        "::error file=data/actuals/2024.csv,line=2,col=3,title=bad-number::"
        "value: expected a number, got '14O'"
    )
    root = ET.parse(workspace / "report.xml").getroot()
    assert (root.get("tests"), root.get("failures")) == ("1", "1")
    report = json.loads((workspace / "report.json").read_text(encoding="utf-8"))
    assert report["valid"] is False and report["results"] == []
    summary = (workspace / "summary.md").read_text(encoding="utf-8")
    assert "**Invalid input: 1 error(s); nothing was evaluated.**" in summary
    assert (
        "| error | data/actuals/2024.csv | 2 | value | bad-number | expected a number, got '14O' |" in summary
    )


def test_annotation_paths_are_relative_to_the_workspace(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    absolute = str(workspace / "data" / "actuals")
    lines = runner.invoke(app, ["check", absolute, "--format", "github"]).stdout.splitlines()
    assert any("file=data/actuals/gaoxin.csv,line=" in line for line in lines)
    assert not any("site-packages" in line or str(workspace) in line for line in lines)
    # the shipped catalog is outside the workspace: the no_data notice has no file
    (notice,) = [line for line in lines if "without data" in line]
    assert notice.startswith("::notice title=targets%3A ")
    # from a subfolder, paths are still relative to the workspace
    monkeypatch.chdir(workspace / "data")
    lines = runner.invoke(app, ["check", "actuals", "--format", "github"]).stdout.splitlines()
    assert any("file=data/actuals/yongchuan.csv,line=" in line for line in lines)


def test_workspace_path() -> None:
    assert workspace_path("a/b.csv", "/w", "/w") == "a/b.csv"
    assert workspace_path("/w/a/b.csv", "/w", "/elsewhere") == "a/b.csv"
    assert workspace_path("b.csv", "/w", "/w/a") == "a/b.csv"
    assert workspace_path("/usr/lib/python3/site-packages/targets/data/indicators.yaml", "/w", "/w") is None
    assert workspace_path("../b.csv", "/w", "/w") is None
    assert workspace_path("book.xlsx[2024]", "/w", "/w") == "book.xlsx"
    assert workspace_path("a/主要指标.xls!增长", "/w", "/w") == "a/主要指标.xls"
    assert workspace_path("a/b.ods!Sheet1", "/w", "/w/c") == "c/a/b.ods"
    assert workspace_path("-", "/w", "/w") is None
    assert workspace_path("--fx", "/w", "/w") is None


def test_no_summary_without_the_variable(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    result = runner.invoke(app, ["check", "data/actuals", "--format", "github"])
    assert result.exit_code == 0
    assert not (workspace / "summary.md").exists()


def test_summary_cells_are_escaped(workspace: Path) -> None:
    hostile = "indicator,year,value,unit\n" + '"x|<b>y</b>\n::error::z",2024,1,亿元\n'
    (workspace / "data" / "actuals" / "x.csv").write_text(hostile, encoding="utf-8")
    runner.invoke(app, ["check", "data/actuals", "--format", "github"])
    summary = (workspace / "summary.md").read_text(encoding="utf-8")
    row = next(line for line in summary.splitlines() if "unknown-indicator" in line)
    assert "x\\|&lt;b&gt;y&lt;/b&gt;" in row
    assert "\n::error" not in summary


# ---------------------------------------------------------------- nothing printed raw


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def hostile_files(folder: Path) -> list[str]:
    """The hostile text as a region, as an indicator and as a header, each cell quoted as CSV."""
    head = ["indicator", "year", "value", "unit"]
    write_csv(
        folder / "good.csv",
        [[*head, "region"], ["gx-open-14th.trade-total", "2024", "3350", "亿元", HOSTILE]],
    )
    write_csv(folder / "bad.csv", [head, [HOSTILE, "2024", "1", "亿元"]])
    write_csv(
        folder / "head.csv", [[*head, HOSTILE], ["gx-open-14th.trade-total", "2024", "3350", "亿元", ""]]
    )
    return ["good.csv", "bad.csv", "head.csv"]


@pytest.mark.parametrize("fmt", ["github", "json", "text"])
@pytest.mark.parametrize("strict", [[], ["--strict"]])
def test_nothing_from_a_data_file_is_printed_raw(workspace: Path, fmt: str, strict: list[str]) -> None:
    for name in hostile_files(workspace):
        result = runner.invoke(app, ["check", name, "--format", fmt, "--junit", "r.xml", *strict])
        assert result.exit_code in (0, 2), result.output
        # the text report's body is the renderer's; here: its diagnostics, and the machine formats
        for stream in (result.stdout, result.stderr) if fmt != "text" else (result.stderr,):
            assert not RAW.search(stream), (name, fmt, stream)
            for line in stream.split("\n"):
                # a workflow command starts only where we start one, and never from the data
                assert not line.startswith("::") or fmt == "github", line
                assert "::error file=x.csv" not in line.split("::", 2)[1] if line.startswith("::") else True
        if fmt == "json":
            json.loads(result.stdout)
        ET.parse(workspace / "r.xml")  # well-formed whatever the cells held


def test_hostile_region_in_annotations_is_escaped(workspace: Path) -> None:
    hostile_files(workspace)
    lines = runner.invoke(app, ["check", "good.csv", "--format", "github"]).stdout.split("\n")
    (trade,) = [line for line in lines if line.startswith("::") and "file=good.csv" in line]
    title = (
        "gx-open-14th.trade-total [北区%0A%3A%3Aerror file=x.csv%2Cline=1%3A%3Apwned\\x1b[2J%0D\\x07\\u202e]"
    )
    assert f"title={title}::" in trade


@pytest.mark.parametrize(
    ("fmt", "written"), [("github", True), ("text", True), ("json", False), ("csv", False)]
)
def test_summary_by_format(workspace: Path, fmt: str, written: bool) -> None:
    runner.invoke(app, ["check", "data/actuals", "--format", fmt])
    assert (workspace / "summary.md").exists() is written
