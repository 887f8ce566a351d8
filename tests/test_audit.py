"""The plausibility audit (METHOD.md section 4), names resolved with the plan scope, and the
directory walk of the actuals reader."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets.actuals import load_actuals
from targets.actuals.audit import confirms
from targets.catalog import default_catalog_path, load_catalog, parse_catalog
from targets.cli.app import app
from targets.errors import ActualsError, Problem
from targets.models import Catalog

from .conftest import MINI

runner = CliRunner()
HEAD = "indicator,year,value,unit,region,note\n"


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(default_catalog_path())


def problems_of(tmp_path: Path, catalog: Catalog, files: dict[str, str], **kw: object) -> list[Problem]:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    try:
        _, problems = load_actuals([tmp_path / n for n in files], catalog, **kw)  # type: ignore[arg-type]
    except ActualsError as exc:
        return exc.problems
    return problems


def messages(problems: list[Problem]) -> list[tuple[str, int | None, str]]:
    return [(p.code, p.line, p.message) for p in problems]


# ---------------------------------------------------------------- unit slips


def test_wan_typed_into_the_yi_form(tmp_path: Path, shipped: Catalog) -> None:
    rows = "gx-open-14th.trade-total,2023,3200,亿元,,\ngx-open-14th.trade-total,2024,33500000,亿元,,\n"
    (p,) = problems_of(tmp_path, shipped, {"a.csv": HEAD + rows})
    assert (p.code, p.line, p.column, p.severity) == ("magnitude-jump", 3, "value", "error")
    assert p.message == (
        "gaoxin.foreign-trade 2024: 33500000 亿元 is 10468.8 times the 2023 value 3200 (line 2); "
        "likely a 万元 figure entered as 亿元 (33500000 万元 = 3350 亿元). "
        "If the jump is genuine, start the note of line 3 with 确认 (or confirmed)"
    )


def test_a_jump_across_files_names_both(tmp_path: Path, shipped: Catalog) -> None:
    files = {
        "2023.csv": HEAD + "gx-open-14th.trade-total,2023,3200,亿元,,\n",
        # a figure in 元 with its unit given is converted, not a slip
        "2024.csv": HEAD + "gx-open-14th.trade-total,2024,335000000000,元,,\n",
    }
    assert problems_of(tmp_path, shipped, files) == []  # 元 converts: 3350 亿元
    files["2024.csv"] = HEAD + "gx-open-14th.trade-total,2024,0.335,亿元,,\n"
    (p,) = problems_of(tmp_path, shipped, files)
    assert p.file == str(tmp_path / "2024.csv") and p.line == 2
    before = tmp_path / "2023.csv"
    assert p.message.startswith(
        f"gaoxin.foreign-trade 2024: 0.335 亿元 is 1/9552.24 of the 2023 value 3200 ({before}:2); "
        "likely a 万亿元 figure entered as 亿元 (0.335 万亿元 = 3350 亿元)"
    )


def test_first_year_against_the_plan(tmp_path: Path, shipped: Catalog) -> None:
    (p,) = problems_of(tmp_path, shipped, {"a.csv": HEAD + "gx-open-14th.trade-total,2023,32000000,亿元,,\n"})
    assert p.code == "magnitude-vs-plan"
    assert "is 11034.5 times the plan's 2020 baseline 2900 of gx-open-14th.trade-total" in p.message
    assert "likely a 万元 figure entered as 亿元 (32000000 万元 = 3200 亿元)" in p.message
    # another district's row is not compared with this plan's scale
    other = HEAD + "gx-open-14th.trade-total,2023,32000000,亿元,北碚区,\n"
    assert messages(problems_of(tmp_path, shipped, {"b.csv": other})) == []


@pytest.mark.parametrize(
    "note", ["确认", "确认：2024年起含新并入园区", "已确认", "Confirmed by the bureau", " 确认"]
)
def test_a_confirmed_jump_passes(tmp_path: Path, shipped: Catalog, note: str) -> None:
    rows = f"gx-open-14th.trade-total,2023,3200,亿元,,\ngx-open-14th.trade-total,2024,33500000,亿元,,{note}\n"
    assert problems_of(tmp_path, shipped, {"a.csv": HEAD + rows}) == []


@pytest.mark.parametrize("note", ["待确认", "not confirmed", "unconfirmed", "", "see 确认"])
def test_what_does_not_confirm(tmp_path: Path, shipped: Catalog, note: str) -> None:
    assert not confirms(note)
    rows = f"gx-open-14th.trade-total,2023,3200,亿元,,\ngx-open-14th.trade-total,2024,33500000,亿元,,{note}\n"
    assert [p.code for p in problems_of(tmp_path, shipped, {"a.csv": HEAD + rows})] == ["magnitude-jump"]


def test_the_confirmation_is_read_in_chinese_headers_and_big_files(tmp_path: Path, shipped: Catalog) -> None:
    head = "指标,年份,数值,单位,备注\n"
    plain = "".join(f"gx-open-14th.fdi-used,{y},9,亿美元,\n" for y in range(2021, 2024))
    rows = (
        plain + "gx-open-14th.trade-total,2023,3200,亿元,\ngx-open-14th.trade-total,2024,33500000,亿元,确认\n"
    )
    assert problems_of(tmp_path, shipped, {"a.csv": head + rows}) == []


def test_small_jumps_zero_and_negative_values_are_not_slips(tmp_path: Path, shipped: Catalog) -> None:
    rows = (
        "gx-open-14th.trade-total,2022,3000,亿元,,\n"
        "gx-open-14th.trade-total,2023,2900000,亿元,,\n"  # 966.7 times: below the threshold
        "gx-open-14th.intl-exhibitions-hosted,2023,0,次,,\n"
        "gx-open-14th.intl-exhibitions-hosted,2024,1200,次,,\n"  # from zero: no ratio
    )
    assert [p.code for p in problems_of(tmp_path, shipped, {"a.csv": HEAD + rows})] == []


def test_shares_outside_0_100_and_negative_counts(tmp_path: Path, shipped: Catalog) -> None:
    rows = (
        "yc-innovation-2025.rd-institution-rate,2023,103,%,,\n"
        "yc-innovation-2025.rd-institution-rate,2024,−1,%,,\n"
        "gx-open-14th.trading-enterprises,2024,-3,家,,\n"
    )
    found = messages(problems_of(tmp_path, shipped, {"a.csv": HEAD + rows}))
    assert found == [
        ("negative-count", 4, "a count cannot be negative: -3"),
        (
            "share-out-of-range",
            2,
            "yongchuan.rd-institution-rate 2023: a share lies between 0 and 100 %, got 103",
        ),
        (
            "share-out-of-range",
            3,
            "yongchuan.rd-institution-rate 2024: a share lies between 0 and 100 %, got -1",
        ),
    ]


def test_the_exit_code_is_2_and_nothing_is_evaluated(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(HEAD + "gx-open-14th.trade-total,2024,33500000,亿元,,\n", encoding="utf-8")
    for extra in ([], ["--strict"], ["--fail-on", "never"]):
        result = runner.invoke(app, ["check", str(path), "--format", "json", *extra])
        assert result.exit_code == 2
        assert '"results": []' in result.stdout and '"code": "magnitude-vs-plan"' in result.stdout


# ---------------------------------------------------------------- names and the plan scope


def test_a_shared_name_is_resolved_by_the_region_as_plan_scope(tmp_path: Path, shipped: Catalog) -> None:
    rows = "外贸进出口总额,2024,3350,亿元,重庆高新区,\n外贸进出口总额,2024,71,亿元,永川区,\n"
    (tmp_path / "a.csv").write_text(HEAD + rows, encoding="utf-8")
    store, problems = load_actuals([tmp_path / "a.csv"], shipped)
    assert problems == []
    assert sorted(store.group_keys()) == [
        ("gaoxin.foreign-trade", "重庆高新区"),
        ("yongchuan.foreign-trade", "永川区"),
    ]


def test_a_shared_name_without_scope_is_ambiguous_unless_plan_is_given(
    tmp_path: Path, shipped: Catalog
) -> None:
    files = {"a.csv": HEAD + "外贸进出口总额,2024,3350,亿元,,\n"}
    (p,) = problems_of(tmp_path, shipped, files)
    assert p.message == (
        "indicator name '外贸进出口总额' is ambiguous; use one of the ids: gaoxin.foreign-trade, "
        "yongchuan.foreign-trade, or give the plan scope in a region column (永川区 or 重庆高新区) "
        "or --plan (gx-open-14th, yc-open-2022)"
    )
    assert problems_of(tmp_path, shipped, files, plans=("gx-open-14th",)) == []
    assert [
        q.code for q in problems_of(tmp_path, shipped, files, plans=("gx-open-14th", "yc-open-2022"))
    ] == ["unknown-indicator"]


PLAN_COMMANDS = [
    ["check", "{csv}", "--format", "json"],
    ["brief", "{csv}", "--format", "md"],
    ["trend", "gx-open-14th.trade-total", "{csv}", "--format", "json"],
    ["template", "2024"],
]


@pytest.mark.parametrize("command", PLAN_COMMANDS, ids=lambda c: c[0])
def test_plan_option_is_shared(tmp_path: Path, command: list[str]) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text(HEAD + "外贸进出口总额,2024,3350,亿元,,\n", encoding="utf-8")
    argv = [a.format(csv=csv) for a in command]
    repeated = runner.invoke(app, [*argv, "--plan", "gx-open-14th", "--plan", "gx-sc-2027"])
    comma = runner.invoke(app, [*argv, "--plan", "gx-open-14th,gx-sc-2027"])
    assert repeated.exit_code == comma.exit_code == 0, repeated.output
    assert repeated.stdout == comma.stdout
    # a repeated --plan keeps both plans, never only the last one
    alone = runner.invoke(app, [*argv, "--plan", "gx-sc-2027"])
    assert alone.stdout != repeated.stdout or command[0] == "trend"
    unknown = runner.invoke(app, [*argv, "--plan", "gx-open-14th,nope"])
    assert unknown.exit_code == 2 and "unknown plan 'nope'" in unknown.output


def test_check_reports_only_the_chosen_plans(tmp_path: Path) -> None:
    import json

    actuals = default_catalog_path().parent / "actuals"
    out = runner.invoke(
        app, ["check", str(actuals), "--format", "json", "-p", "gx-sc-2027", "-p", "yc-open-2022"]
    )
    plans = {r["plan"] for r in json.loads(out.stdout)["results"]}
    assert plans == {"gx-sc-2027", "yc-open-2022"}


# ---------------------------------------------------------------- directories


def test_directories_are_searched_recursively(tmp_path: Path) -> None:
    catalog = parse_catalog(MINI, "mini.yaml")
    row = HEAD + "t.trade,{y},3200,亿元,,\n"
    files = {
        "data/2023/a.csv": row.format(y=2023),
        "data/2024/deep/b.csv": row.format(y=2024),
        "data/.git/c.csv": "garbage",  # hidden folder
        "data/2024/~$b.xlsx": "lock",  # Excel's lock file
        "data/2024/.d.csv": "garbage",  # hidden file
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    outside = tmp_path / "outside.csv"
    outside.write_text("garbage", encoding="utf-8")
    os.symlink(outside, tmp_path / "data" / "2024" / "link.csv")
    os.symlink(tmp_path / "data" / "2023" / "a.csv", tmp_path / "data" / "inside.csv")
    store, problems = load_actuals([tmp_path / "data"], catalog)
    # the link inside the folder is read (the same figure twice is no conflict); the one leading
    # outside, the hidden folder and file and the lock file are not
    assert problems == []
    assert store.files == [
        str(tmp_path / "data" / "2023" / "a.csv"),
        str(tmp_path / "data" / "2024" / "deep" / "b.csv"),
        str(tmp_path / "data" / "inside.csv"),
    ]
    assert store.group(("t.trade", None)) == {2023: 3200, 2024: 3200}


def test_check_without_actuals_reads_every_actuals_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "actuals/2020.csv": "indicator,year,value,unit\nyongchuan.foreign-trade,2020,50,亿元\n",
        "districts/yc/actuals/2024.csv": "indicator,year,value,unit\nyongchuan.foreign-trade,2024,55,亿元\n",
        ".git/actuals/x.csv": "garbage",
        "other/x.csv": "garbage",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    import json

    result = runner.invoke(app, ["check", "--format", "json"])
    assert result.exit_code == 0, result.output
    (r,) = [r for r in json.loads(result.stdout)["results"] if r["id"] == "yc-open-2022.foreign-trade-2025"]
    assert (r["baseline"], r["baseline_year"], r["actual"], r["file"]) == (
        50,
        2020,
        55,
        "districts/yc/actuals/2024.csv",
    )
    (tmp_path / "actuals" / "2020.csv").unlink()
    (tmp_path / "districts" / "yc" / "actuals" / "2024.csv").unlink()
    empty = runner.invoke(app, ["check", "--format", "json"])
    assert empty.exit_code == 2
    assert json.loads(empty.stdout)["problems"][0]["message"] == (
        "no ACTUALS given, and no CSV file or workbook in a folder named actuals under here"
    )
