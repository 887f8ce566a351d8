"""Messages about wide sheets: a unit in an ambiguous name, --layout long on a wide sheet, and a
problem of a row's name or unit cell reported once, not once per year column."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from targets.cli.app import app

runner = CliRunner()
WIDE = "指标名称,单位,2023年,2024年\n"
AMBIGUOUS = (
    "indicator name '外贸进出口总额' is ambiguous; use one of the ids: gaoxin.foreign-trade, "
    "yongchuan.foreign-trade, or give the plan scope in a region column (永川区 or 重庆高新区) "
    "or --plan (gx-open-14th, yc-open-2022)"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "wide.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_unit_in_an_ambiguous_name_gets_the_ambiguous_message(tmp_path: Path) -> None:
    csv = write(tmp_path, WIDE + "外贸进出口总额（亿元）,亿元,3200,3350\n")
    result = runner.invoke(app, ["check", str(csv), "--format", "text"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"targets: {csv}: wide layout (years 2023-2024), header row 1\n"
        f"{csv}:2: A2: {AMBIGUOUS}\n"
        "targets: 1 error(s); nothing was evaluated\n"
    )
    # the plan decides it, as it does for the bare name
    chosen = runner.invoke(app, ["check", str(csv), "--format", "json", "--plan", "gx-open-14th"])
    assert chosen.exit_code == 0, chosen.output
    assert json.loads(chosen.stdout)["problems"] == []


def test_a_unit_in_an_unknown_name_is_still_unknown(tmp_path: Path) -> None:
    csv = write(tmp_path, WIDE + "外贸进出口总值（亿元）,亿元,3200,3350\n")
    result = runner.invoke(app, ["check", str(csv), "--format", "text"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"targets: {csv}: wide layout (years 2023-2024), header row 1\n"
        f"{csv}:2: A2: unknown indicator '外贸进出口总值（亿元）'; did you mean '外贸进出口总额'?\n"
        "targets: 1 error(s); nothing was evaluated\n"
    )


def test_layout_long_on_a_wide_sheet_suggests_layout_wide(tmp_path: Path) -> None:
    csv = write(tmp_path, "指标名称,单位,2021年,2022年,2023年\n外贸进出口总额,亿元,3000,3100,3200\n")
    result = runner.invoke(app, ["check", str(csv), "--format", "text", "--layout", "long"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{csv}:1: missing column(s): year (year/年份/年度); value (value/数值/值); "
        "found ['指标名称', '单位', '2021年', '2022年', '2023年']; "
        "the sheet looks wide (year columns '2021年', '2022年', '2023年'): "
        "try --layout wide, or leave --layout out to detect it\n"
        "targets: 1 error(s); nothing was evaluated\n"
    )


def test_layout_long_on_a_long_sheet_missing_a_column_has_no_wide_hint(tmp_path: Path) -> None:
    csv = write(tmp_path, "指标,单位\n外贸进出口总额,亿元\n")
    result = runner.invoke(app, ["check", str(csv), "--format", "text", "--layout", "long"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{csv}:1: missing column(s): year (year/年份/年度); value (value/数值/值); found ['指标', '单位']\n"
        "targets: 1 error(s); nothing was evaluated\n"
    )


def test_a_problem_of_a_wide_row_is_reported_once(tmp_path: Path) -> None:
    csv = write(
        tmp_path,
        "指标名称,单位,2023年,2024年,2025年,2026年\n"
        "外贸进出口总额,亿元,3200,3350,3400,3500\n"
        "外贸进出口总额,亿元,3200,3350,3400,3500\n",
    )
    result = runner.invoke(app, ["check", str(csv), "--format", "text"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"targets: {csv}: wide layout (years 2023-2026), header row 1\n"
        f"{csv}:2: A2: {AMBIGUOUS}\n"
        f"{csv}:3: A3: {AMBIGUOUS}\n"
        "targets: 2 error(s); nothing was evaluated\n"
    )
    as_json = runner.invoke(app, ["check", str(csv), "--format", "json"])
    assert as_json.exit_code == 2
    assert [(p["line"], p["field"]) for p in json.loads(as_json.stdout)["problems"]] == [(2, "A2"), (3, "A3")]


def test_a_unit_conflict_of_a_wide_row_is_reported_once(tmp_path: Path) -> None:
    csv = write(tmp_path, WIDE + "外贸进出口总额（亿元）,万元,3200,3350\n")
    result = runner.invoke(app, ["check", str(csv), "--format", "text", "--plan", "gx-open-14th"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"targets: {csv}: wide layout (years 2023-2024), header row 1\n"
        f"{csv}:2: B2: the unit '万元' in the unit column and '亿元' in the name disagree\n"
        "targets: 1 error(s); nothing was evaluated\n"
    )


def test_the_same_message_in_two_cells_of_a_wide_row_is_reported_twice(tmp_path: Path) -> None:
    csv = write(tmp_path, WIDE + "外贸进出口总额,亿元,ten,ten\n")
    result = runner.invoke(app, ["check", str(csv), "--format", "text", "--plan", "gx-open-14th"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"targets: {csv}: wide layout (years 2023-2024), header row 1\n"
        f"{csv}:2: C2: expected a number, got 'ten'\n"
        f"{csv}:2: D2: expected a number, got 'ten'\n"
        "targets: 2 error(s); nothing was evaluated\n"
    )
