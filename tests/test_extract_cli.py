"""`targets extract` in-process: output formats, where `source` points, the review workflow
(extract -> review -> validate), encodings, and errors as exit 2 with a message."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets.catalog import default_catalog_path, load_catalog
from targets.cli.app import app
from targets.cli.extract_cmd import default_plan_id, source_field

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "extract"
SAMPLE = DATA / "sample_plan.txt"
SOURCES = default_catalog_path().parent / "sources"
PLANS = [p.id for p in load_catalog(default_catalog_path()).plans]


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def resolve_review(path: Path) -> None:
    """What a reviewer does last: every field checked, so the review lists are emptied."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"review: \[[^\]]*\]", "review: []", text), encoding="utf-8")


def test_yaml_to_stdout_and_a_summary_on_stderr() -> None:
    result = invoke("extract", str(SAMPLE))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Draft catalog written by `targets extract` from ")
    assert "\nversion: 1\nplans:\n  - id: sample-plan\n" in result.stdout
    assert "      - id: sample-plan.l9-1\n" in result.stdout
    assert result.stderr == f"10 target(s) drafted from {SAMPLE}, 9 with fields to review\n"


def test_output_file_passes_validate_and_warns_until_reviewed(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    result = invoke("extract", str(SAMPLE), "--plan-id", "sample", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.startswith(f"{out}: 10 target(s) drafted")
    checked = invoke("validate", str(out))
    assert checked.exit_code == 0, checked.stderr
    assert checked.stderr.count("unreviewed draft fields") == 9
    assert invoke("validate", "--strict", str(out)).exit_code == 2
    resolve_review(out)
    strict = invoke("validate", "--strict", str(out))
    assert strict.exit_code == 0, strict.stderr
    assert strict.stdout == f"{out}: ok: 1 plans, 10 targets, 0 warning(s)\n"


@pytest.mark.parametrize("plan_id", PLANS)
def test_a_reviewed_draft_of_each_source_plan_passes_validate(tmp_path: Path, plan_id: str) -> None:
    out = tmp_path / "draft.yaml"
    assert invoke("extract", str(SOURCES / f"{plan_id}.txt"), "-o", str(out)).exit_code == 0
    resolve_review(out)
    result = invoke("validate", str(out))
    assert result.exit_code == 0, result.stderr
    # the only warning left is the plan's own inconsistency (36% stated, 5.1 -> 8 printed)
    assert all(
        "plan-numbers-disagree" in line or "the plan states a change" in line
        for line in result.stderr.splitlines()
    ), result.stderr


def test_json_has_the_shape_of_list(tmp_path: Path) -> None:
    result = invoke("extract", str(SAMPLE), "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    listed = json.loads(invoke("list", "--format", "json").stdout)
    assert set(doc) == set(listed)
    assert set(doc["indicators"][0]) == set(listed["indicators"][0]) | {"confidence", "pattern", "review"}
    assert {i["source"]["file"] for i in doc["indicators"]} == {str(SAMPLE)}


def test_source_resolves_from_the_draft_file(tmp_path: Path) -> None:
    sources = tmp_path / "catalog" / "sources"
    sources.mkdir(parents=True)
    inside = sources / "plan.txt"
    shutil.copy(SAMPLE, inside)
    assert source_field(inside, tmp_path / "catalog") == "plan.txt"
    elsewhere = tmp_path / "texts" / "plan.txt"
    elsewhere.parent.mkdir()
    shutil.copy(SAMPLE, elsewhere)
    assert source_field(elsewhere, tmp_path / "catalog") == "../../texts/plan.txt"
    assert source_field(elsewhere, tmp_path / "nowhere") == elsewhere.resolve().as_posix()
    out = tmp_path / "catalog" / "draft.yaml"
    assert invoke("extract", str(inside), "-o", str(out)).exit_code == 0
    assert "    source: plan.txt\n" in out.read_text(encoding="utf-8")
    assert invoke("validate", str(out)).exit_code == 0


def test_gb18030_text_is_read_and_its_draft_validates(tmp_path: Path) -> None:
    sources = tmp_path / "catalog" / "sources"
    sources.mkdir(parents=True)
    plan = sources / "plan-gbk.txt"
    plan.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    result = invoke("extract", str(plan), "--format", "json")
    assert result.exit_code == 0
    utf8 = json.loads(invoke("extract", str(SAMPLE), "--format", "json").stdout)
    names = [i["name"] for i in json.loads(result.stdout)["indicators"]]
    assert names == [i["name"] for i in utf8["indicators"]]
    out = tmp_path / "catalog" / "draft.yaml"
    assert invoke("extract", str(plan), "-o", str(out)).exit_code == 0
    checked = invoke("validate", str(out))
    assert checked.exit_code == 0, checked.output
    assert "quote" not in checked.output  # every quote found on its line of the GBK text


def test_period_option_sets_the_default_year(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("新建标准厂房10万平方米。\n", encoding="utf-8")
    doc = json.loads(invoke("extract", str(plan), "--format", "json", "--period", "2024-2026").stdout)
    assert doc["plans"][0]["period"] == {"start": 2024, "end": 2026}
    (entry,) = doc["indicators"]
    assert (entry["target"]["year"], entry["review"][0]) == (2026, "target.year")


def test_a_text_without_targets_is_not_an_error(tmp_path: Path) -> None:
    plan = tmp_path / "notice.txt"
    plan.write_text("各有关单位：现将有关事项通知如下。\n", encoding="utf-8")
    result = invoke("extract", str(plan))
    assert result.exit_code == 0
    assert "    targets: []\n" in result.stdout
    assert f"{plan}: warning: no quantitative target found" in result.stderr
    assert f"{plan}: warning: no plan period found in the text; give --period START-END" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "missing.txt: cannot read: No such file or directory"),
        (
            [str(SAMPLE), "--plan-id", "Bad_ID"],
            "--plan-id: expected lower-case ASCII letters, digits and '-'",
        ),
        ([str(SAMPLE), "--period", "2025-2021"], "--period: expected START-END such as 2021-2025"),
        ([str(SAMPLE), "--encoding", "ascii"], "not valid ascii"),
        ([str(SAMPLE), "-o", str(SAMPLE)], "would overwrite the input file"),
    ],
)
def test_bad_input_exits_2_with_a_message(args: list[str], message: str) -> None:
    result = invoke("extract", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_default_plan_id_from_the_file_name() -> None:
    assert default_plan_id(Path("GX-Open 14th.txt")) == "gx-open-14th"
    assert default_plan_id(Path("规划.txt")) == "plan"


def test_help() -> None:
    result = invoke("extract", "--help")
    assert result.exit_code == 0
    assert "Draft catalog entries" in result.stdout


EXPLAINED = (
    "第一章 发展基础\n2020年末，建成5G基站800个。\n"
    "第二章 发展目标\n到2025年，建成5G基站3000个，实施“三大工程”，提高1个百分点。\n"
)


def test_explain_says_why_each_number_was_or_was_not_drafted(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(EXPLAINED, encoding="utf-8")
    result = invoke("extract", str(plan), "--explain")
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("line 2", "800个", "skipped"),
        ("line 4", "3000个", "drafted"),
        ("line 4", "1个百分点", "drafted"),
    ]
    assert "background section" in rows[0][3]
    assert rows[1][3].startswith("count-verb: level, exact, 2025,")
    assert rows[2][3].startswith("pp-change: pp_change")
    assert "version: 1" not in result.stdout  # the explanation replaces the draft on stdout


def test_explain_in_json_adds_a_list_and_keeps_the_draft(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(EXPLAINED, encoding="utf-8")
    out = tmp_path / "draft.json"
    result = invoke("extract", str(plan), "--format", "json", "--explain", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    ids = [i["id"] for i in doc["indicators"]]
    assert [(x["line"], x["drafted"]) for x in doc["explain"]] == [(2, None), (4, ids[0]), (4, ids[1])]
    assert all(x["reason"] for x in doc["explain"])


def test_explain_with_an_output_file_writes_the_draft_there(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(EXPLAINED, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    result = invoke("extract", str(plan), "--explain", "-o", str(out))
    assert result.exit_code == 0 and "drafted" in result.stdout
    assert out.read_text(encoding="utf-8").count("      - id: plan.l4-") == 2
