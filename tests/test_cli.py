"""The command line, in-process: exit codes, output formats, the JSON shapes of the docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets import __version__
from targets.catalog import default_catalog_path
from targets.cli import main
from targets.cli.app import app

ROOT = default_catalog_path().parent
ACTUALS = ROOT / "actuals"
runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_version_fast_path(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"targets {__version__}\n"
    assert invoke("--version").stdout == f"targets {__version__}\n"


@pytest.mark.parametrize("command", ["check", "validate", "list", "show"])
def test_every_command_has_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_validate_shipped() -> None:
    result = invoke("validate")
    assert result.exit_code == 0
    assert "ok: 5 plans" in result.stdout
    assert "warning:" in result.stderr
    assert invoke("validate", "--strict").exit_code == 2


def test_list_json_shape() -> None:
    result = invoke("list", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert set(doc) == {"plans", "indicators"}
    plan = doc["plans"][0]
    assert {"id", "title", "scope", "period", "source"} <= set(plan)
    assert plan["source"].startswith("sources/")
    entry = next(i for i in doc["indicators"] if i["id"] == "gx-open-14th.trade-total")
    assert entry == {
        "id": "gx-open-14th.trade-total",
        "plan": "gx-open-14th",
        "series": "gaoxin.foreign-trade",
        "name": "外贸进出口总额",
        "unit": "亿元",
        "kind": "level",
        "comparator": "exact",
        "attribute": "expected",
        "direction": "higher",
        "cumulative": False,
        "baseline": {"year": 2020, "value": 2900},
        "target": {"year": 2025, "value": 3700, "value_high": None},
        "source": {
            "file": "sources/gx-open-14th.txt",
            "line": 63,
            "quote": "外贸进出口总额（亿元）",
        },
    }
    fdi = next(i for i in doc["indicators"] if i["id"] == "yc-open-2022.fdi-used-2025")
    assert fdi["target"]["value"] == 5000 and fdi["unit"] == "万美元"


def test_list_plan_filter_and_unknown_plan() -> None:
    result = invoke("list", "--plan", "cq-platforms-2020", "--format", "csv")
    assert result.exit_code == 0
    rows = result.stdout.strip().splitlines()[1:]
    assert rows and all(",cq-platforms-2020," in r for r in rows)
    bad = invoke("list", "--plan", "nope")
    assert bad.exit_code == 2 and "unknown plan 'nope'" in bad.stderr


def test_show_prints_source_context() -> None:
    result = invoke("show", "gx-open-14th.export-tax-refund-time")
    assert result.exit_code == 0
    assert "出口退税时间" in result.stdout
    assert ">  123 | 出口退税时间（工作日）" in result.stdout
    typo = invoke("show", "gx-open-14th.export-tax-refund")
    assert typo.exit_code == 2 and "did you mean gx-open-14th.export-tax-refund-time" in typo.stderr


def test_check_json_shape() -> None:
    result = invoke("check", str(ACTUALS), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) == {"valid", "as_of", "results", "problems", "summary", "failing"}
    assert doc["valid"] is True and doc["failing"] == []
    assert doc["as_of"] == 2024
    r = next(x for x in doc["results"] if x["id"] == "gx-open-14th.trade-total")
    required = {
        "id",
        "plan",
        "name",
        "unit",
        "kind",
        "path",
        "year",
        "actual",
        "baseline",
        "target",
        "status",
        "label",
        "reason",
        "gap",
        "progress",
        "time_elapsed",
        "schedule_ratio",
        "observed_annual_growth",
        "planned_annual_growth",
        "required_annual_growth",
        "required_annual_change",
        "projected_value",
    }
    assert required <= set(r)
    assert (r["year"], r["actual"], r["baseline"], r["target"]) == (2024, 3350, 2900, 3700)
    assert r["path"] == "geometric" and r["status"] == "behind" and r["label"] == "滞后"
    assert 0 < r["required_annual_growth"] < 1  # a fraction, not a percentage
    assert r["required_annual_change"] is None
    assert {p["code"] for p in doc["problems"]} == {"year-outside-period"}
    assert all({"file", "line", "column", "code", "message"} <= set(p) for p in doc["problems"])
    assert sum(doc["summary"]["by_status"].values()) == doc["summary"]["total"]


def test_check_converts_units() -> None:
    doc = json.loads(invoke("check", str(ACTUALS), "--format", "json").stdout)
    r = next(x for x in doc["results"] if x["id"] == "yc-open-2022.fdi-used-2025")
    assert r["actual"] == 4100  # 0.41 亿美元 -> 4100 万美元


def test_check_text_is_aligned_and_plain() -> None:
    result = invoke("check", str(ACTUALS), "--format", "text", "--plan", "gx-open-14th")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "规划目标监测（数据截至2024年）"
    assert "\x1b[" not in result.stdout
    from targets.report.render import width

    table = [ln for ln in lines if ln.startswith(("指标", "外贸进出口总额", "出口退税时间"))]
    header, *rows = table
    col = width(header[: header.index("评价")])
    for row in rows:
        assert width(row[: len(row) - len(row.split()[-1])]) == col  # the status column lines up
    assert any(ln.startswith("外贸进出口总额") and ln.endswith("滞后") for ln in lines)


def test_check_english_and_markdown() -> None:
    result = invoke("check", str(ACTUALS), "--format", "md", "--lang", "en", "--plan", "gx-open-14th")
    assert result.exit_code == 0
    assert "| Indicator | Unit |" in result.stdout
    assert "| 外贸进出口总额 | 亿元 | 2900 (2020) | 3700 (2025) | 3350 (2024) |" in result.stdout


def test_check_csv_output() -> None:
    result = invoke("check", str(ACTUALS), "--format", "csv")
    header = result.stdout.splitlines()[0].split(",")
    assert header[:3] == ["id", "plan", "region"]


def test_fail_on_exit_codes() -> None:
    assert invoke("check", str(ACTUALS), "--format", "json", "--fail-on", "behind").exit_code == 1
    # yc-open-2022's 2022 milestones were missed in 2022 (reached in 2023): METHOD 3.0
    assert invoke("check", str(ACTUALS), "--format", "json", "--fail-on", "missed").exit_code == 1
    only = ("--plan", "gx-open-14th", "--fail-on", "missed")
    assert invoke("check", str(ACTUALS), "--format", "json", *only).exit_code == 0
    result = invoke("check", str(ACTUALS), "--format", "json", "--strict")
    assert result.exit_code == 2  # the shipped data carries warnings (2021 outside a plan period)


def test_as_of_uses_latest_year_and_says_so(tmp_path: Path) -> None:
    csv = write(tmp_path, "a.csv", "indicator,year,value\ngx-open-14th.trade-total,2022,3120\n")
    doc = json.loads(invoke("check", str(csv), "--format", "json", "--as-of", "2024").stdout)
    r = next(x for x in doc["results"] if x["id"] == "gx-open-14th.trade-total")
    assert r["year"] == 2022
    assert "no value for 2024; the latest year, 2022, is used" in r["notes"]


def test_bad_actuals_exit_2_with_location(tmp_path: Path) -> None:
    text = "指标,年份,数值\n出口退税时间,2023,3.5\n出口退税时问,2023,1\n外贸进出口总额,2023,1\n"
    csv = write(tmp_path, "bad.csv", text, "gbk")
    result = invoke("check", str(csv))
    assert result.exit_code == 2
    assert (
        f"{csv}:3: indicator: unknown indicator '出口退税时问'; did you mean '出口退税时间'?" in result.stderr
    )
    assert (
        f"{csv}:4: indicator: indicator name '外贸进出口总额' is ambiguous; use one of the ids: "
        "gaoxin.foreign-trade, yongchuan.foreign-trade"
    ) in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_currency_mismatch_needs_fx(tmp_path: Path) -> None:
    csv = write(
        tmp_path,
        "fx.csv",
        "indicator,year,value,unit\ngx-open-14th.service-trade-total,2023,100,亿元\n",
    )
    result = invoke("check", str(csv), "--format", "json")
    assert result.exit_code == 2
    assert "--fx USD=7.10" in result.stderr
    ok = invoke("check", str(csv), "--format", "json", "--fx", "USD=8")
    assert ok.exit_code == 0, ok.stderr
    r = next(x for x in json.loads(ok.stdout)["results"] if x["id"] == "gx-open-14th.service-trade-total")
    assert r["actual"] == 12.5
    assert invoke("check", str(csv), "--fx", "USD=abc").exit_code == 2


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    result = invoke("check", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert "nope.csv: cannot read" in result.stderr


def test_internal_error_is_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    import targets.evaluate as ev

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(ev, "iter_results", boom)
    result = invoke("check", str(ACTUALS), "--format", "json")
    assert result.exit_code == 3
    assert "internal error: ZeroDivisionError: boom" in result.stderr
    assert "Traceback" not in result.stderr
    debug = runner.invoke(app, ["--debug", "check", str(ACTUALS), "--format", "json"])
    assert debug.exit_code == 3 and "Traceback" in debug.stderr


def test_input_files_are_not_modified() -> None:
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in ACTUALS.glob("*.csv")}
    invoke("check", str(ACTUALS), "--format", "json")
    assert before == {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in ACTUALS.glob("*.csv")}


def test_a_blank_form_reports_no_data_without_a_year(tmp_path: Path) -> None:
    blank = tmp_path / "blank.csv"
    blank.write_text("indicator,year,value\ngx-open-14th.trade-total,2024,\n", encoding="utf-8")
    result = invoke("check", str(blank), "--format", "text")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "规划目标监测（尚无实际值）"
    assert "None" not in result.stdout
    english = invoke("check", str(blank), "--format", "text", "--lang", "en")
    assert english.stdout.splitlines()[0] == "Plan targets (no actual values yet)"
