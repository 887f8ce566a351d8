"""CI outputs read back by parsers: GitHub workflow commands, JUnit XML, the catalog JSON Schema,
and the pre-commit hooks file."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from targets.actuals import load_actuals
from targets.catalog import default_catalog_path, load_catalog, parse_catalog
from targets.cli.app import app
from targets.errors import Problem
from targets.evaluate import evaluate
from targets.evaluate.run import SEVERITY
from targets.models import (
    Attribute,
    Catalog,
    Comparator,
    Direction,
    Kind,
    Observation,
    Report,
    Status,
)
from targets.report.ci import escape_data, escape_property, render_github, render_junit, result_key
from targets.report.render import row_cells

from .conftest import MINI, obs

REPO = Path(__file__).resolve().parents[1]
ACTUALS = default_catalog_path().parent / "actuals"
runner = CliRunner()

# The mapping the issue asks for, written out here rather than imported from the code under test.
KIND_OF = {
    Status.missed: "error",
    Status.fallen_back: "error",
    Status.moving_away: "error",
    Status.far_behind: "error",
    Status.behind: "warning",
    Status.not_assessable: "notice",
    Status.no_data: "notice",
}
JUNIT_OUTCOME = {
    **dict.fromkeys([Status.achieved, Status.ahead, Status.on_track], "pass"),
    **dict.fromkeys(
        [Status.behind, Status.far_behind, Status.moving_away, Status.fallen_back, Status.missed], "failure"
    ),
    **dict.fromkeys([Status.not_assessable, Status.no_data], "skipped"),
}


# ---------------------------------------------------------------- a workflow-command parser

COMMAND = re.compile(r"::(?P<kind>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<data>.*)")
DATA_ESCAPES = {"%25": "%", "%0D": "\r", "%0A": "\n"}
PROPERTY_ESCAPES = DATA_ESCAPES | {"%3A": ":", "%2C": ","}


def unescape(text: str, escapes: dict[str, str]) -> str:
    codes = "|".join(e[1:] for e in escapes)
    # Every % must open an escape, and the characters GitHub splits on must not appear raw.
    assert re.fullmatch(rf"(?:[^%\r\n]|%(?:{codes}))*", text), text
    return re.sub(rf"%(?:{codes})", lambda m: escapes[m.group()], text)


@dataclass
class Annotation:
    kind: str
    props: dict[str, str]
    message: str


def parse_github(text: str) -> tuple[list[Annotation], list[str]]:
    """Workflow commands and plain lines, split where the GitHub runner splits: at LF."""
    assert text.endswith("\n")
    annotations, plain = [], []
    for line in text[:-1].split("\n"):
        assert "\r" not in line
        m = COMMAND.fullmatch(line)
        if m is None:
            assert not line.startswith("::"), line
            plain.append(line)
            continue
        props: dict[str, str] = {}
        for item in (m["props"] or "").split(",") if m["props"] else []:
            key, sep, value = item.partition("=")
            assert sep and key in {"file", "line", "title", "col", "endLine", "endColumn"}, item
            assert key not in props
            props[key] = unescape(value, PROPERTY_ESCAPES)
        assert "line" not in props or ("file" in props and props["line"].isdigit())
        annotations.append(Annotation(m["kind"], props, unescape(m["data"], DATA_ESCAPES)))
    return annotations, plain


def pointer_count(a: Annotation) -> int | None:
    """N of a '... N more notices not shown' line, None for an ordinary annotation."""
    m = re.match(r"(\d+) more (error|warning|notice)s not shown \((\d+) in all\); ", a.message)
    return int(m[1]) if m else None


# ---------------------------------------------------------------- reports to render


@pytest.fixture(scope="module")
def shipped() -> tuple[Catalog, Report]:
    cat = load_catalog(default_catalog_path())
    observations, problems = load_actuals([ACTUALS], cat)
    return cat, evaluate(cat, observations, problems=problems)


def mini_report(mini: Catalog, problems: list[Problem] | None = None) -> Report:
    observations = [
        *obs("t.trade", {2023: 3200}),  # behind
        *obs("t.refund", {2023: 4.2}),  # moving_away
        *obs("t.expo", {2023: 0}),  # far_behind
        *obs("t.fdi", {2021: 8, 2022: 9, 2023: 9.5}),  # on_track
        *obs("t.rd", {2020: 2, 2023: 3.1}),  # achieved
    ]
    return evaluate(mini, observations, 2023, problems=problems)


def expected_kinds(report: Report) -> Counter[str]:
    """Annotations per type: one per problem and off-track result, one notice for all no_data."""
    counts = Counter(
        KIND_OF[r.status] for r in report.results if r.status in KIND_OF and r.status is not Status.no_data
    )
    counts["notice"] += any(r.status is Status.no_data for r in report.results)
    counts.update("error" if p.severity == "error" else "warning" for p in report.problems)
    return counts


# ---------------------------------------------------------------- GitHub


@given(st.text())
def test_escaping_round_trips_and_stays_on_one_line(text: str) -> None:
    data, prop = escape_data(text), escape_property(text)
    assert unescape(data, DATA_ESCAPES) == text
    assert unescape(prop, PROPERTY_ESCAPES) == text
    assert not {"\n", "\r"} & set(data)
    assert not {"\n", "\r", ":", ","} & set(prop)


def test_github_annotations_of_the_shipped_data(shipped: tuple[Catalog, Report]) -> None:
    _, report = shipped
    text = render_github(report, catalog_source="data/indicators.yaml")
    annotations, plain = parse_github(text)
    assert plain == [text.splitlines()[-1]]
    assert plain[0].startswith(f"{report.summary.total} targets: ")
    by_key = {result_key(r): r for r in report.results}
    expected = expected_kinds(report)
    for kind in ("error", "warning", "notice"):
        mine = [a for a in annotations if a.kind == kind]
        assert len(mine) == min(expected[kind], 10), kind
        pointers = [a for a in mine if pointer_count(a) is not None]
        if expected[kind] > 10:
            assert pointers == [mine[-1]]
            assert pointer_count(mine[-1]) == expected[kind] - 9
            assert "targets check --format json" in mine[-1].message
        else:
            assert pointers == []
    for a in annotations:
        if pointer_count(a) is not None or a.props.get("title") not in by_key:
            continue
        r = by_key[a.props["title"]]
        assert a.kind == KIND_OF[r.status]
        assert a.message.startswith(f"{r.id} {r.name}")
        assert f"{r.status.value} ({r.label})" in a.message
        assert r.status is not Status.no_data  # those are one notice
        assert a.props["file"] == r.file
        assert a.props["line"] == str(r.line)
        assert f"actual {row_cells(r, 'en')[4]} vs target {row_cells(r, 'en')[3]}" in a.message
    no_data = [r.id for r in report.results if r.status is Status.no_data]
    (summary,) = [a for a in annotations if a.props.get("title", "").endswith(" without data")]
    assert summary.kind == "notice"
    assert summary.props == {"file": "data/indicators.yaml", "title": f"targets: {len(no_data)} without data"}
    assert summary.message == (
        f"{len(no_data)} target(s) have no data (no_data, 缺数据): {', '.join(no_data[:20])}"
        f" and {len(no_data) - 20} more"
    )
    problems = [
        a
        for a in annotations
        if a.props.get("title") not in by_key and pointer_count(a) is None and a is not summary
    ]
    assert len(problems) == len(report.problems)
    for a, p in zip(problems, report.problems, strict=True):
        assert (a.kind, a.props["file"], a.props["line"], a.props["col"], a.props["title"]) == (
            "warning" if p.severity == "warning" else "error",
            p.file,
            str(p.line),
            str(p.col),
            p.code,
        )
        assert a.message == f"{p.column}: {p.message}"


def test_github_order_is_worst_first_and_stable(shipped: tuple[Catalog, Report]) -> None:
    _, report = shipped
    text = render_github(report)
    assert text == render_github(report)
    annotations, _ = parse_github(text)
    by_key = {result_key(r): r for r in report.results}
    ranks = [
        SEVERITY.index(by_key[a.props["title"]].status)
        for a in annotations
        if a.kind == "error" and a.props.get("title") in by_key
    ]
    assert ranks == sorted(ranks, reverse=True)
    assert len(set(ranks)) > 1  # the shipped data has more than one error status
    # every input problem comes first, then the results by type
    titles = [a.props.get("title") for a in annotations]
    assert titles[: len(report.problems)] == [p.code for p in report.problems]
    kinds = [a.kind for a in annotations[len(report.problems) :]]
    assert kinds == sorted(kinds, key=["error", "warning", "notice"].index)


@pytest.mark.parametrize("cap", [1, 2, 3, 10])
def test_github_cap_per_type_with_a_pointer(mini: Catalog, cap: int) -> None:
    report = mini_report(mini)
    text = render_github(report, cap=cap, report_hint="see the targets-report artifact")
    annotations, _ = parse_github(text)
    expected = expected_kinds(report)
    assert expected["error"] == 2 and expected["warning"] == 1 and expected["notice"] == 1
    for kind, total in expected.items():
        mine = [a for a in annotations if a.kind == kind]
        if total <= cap:
            assert len(mine) == total
            assert all(pointer_count(a) is None for a in mine)
        else:
            assert len(mine) == cap
            assert [pointer_count(a) for a in mine[:-1]] == [None] * (cap - 1)
            assert pointer_count(mine[-1]) == total - cap + 1
            assert mine[-1].message.endswith(f"({total} in all); see the targets-report artifact")
            assert "file" not in mine[-1].props


def test_github_passing_targets_are_not_annotated(mini: Catalog) -> None:
    report = mini_report(mini)
    passing = {r.id for r in report.results if r.status in (Status.achieved, Status.on_track)}
    assert passing == {"t.fdi", "t.rd", "t.keep"}
    annotations, _ = parse_github(render_github(report))
    titles = {a.props.get("title") for a in annotations}
    assert not passing & titles
    assert {"t.trade", "t.refund", "t.expo"} <= titles


def test_github_no_data_without_catalog_source_has_no_file(mini: Catalog) -> None:
    annotations, _ = parse_github(render_github(mini_report(mini)))
    no_data = [a for a in annotations if a.kind == "notice" and "no_data" in a.message]
    assert no_data
    assert all("file" not in a.props and "line" not in a.props for a in no_data)


def test_github_escapes_names_files_and_regions() -> None:
    name = "Trade, total: 100%\n::error::injected"
    catalog = parse_catalog(MINI.replace("name: 外贸进出口总额", f"name: {json.dumps(name)}", 1), "m.yaml")
    region = "north,\nside: 2%"
    observations = [
        Observation(series="t.trade", year=y, value=Decimal(v), file="in,put: a.csv", line=n, region=region)
        for y, v, n in [(2020, 2900, 6), (2023, 3200, 7)]
    ]
    text = render_github(evaluate(catalog, observations))
    assert not any(line.startswith("::error::injected") for line in text.split("\n"))
    annotations, _ = parse_github(text)
    trade = next(a for a in annotations if a.props.get("title", "").startswith("t.trade"))
    assert trade.props == {"file": "in,put: a.csv", "line": "7", "title": f"t.trade [{region}]"}
    # the message stays on one line: the name's line break becomes a space
    assert trade.message.startswith("t.trade Trade, total: 100% ::error::injected（north, side: 2%）")
    assert "\n" not in trade.message


def test_github_input_problems(mini: Catalog) -> None:
    problems = [
        Problem(file="a.csv", line=3, column="value", code="bad-number", message="'1,2' is ambiguous"),
        Problem(file="-", line=2, code="stdin-warning", message="from stdin", severity="warning"),
        Problem(file="--fx", code="usage", message="bad rate"),
    ]
    annotations, _ = parse_github(render_github(mini_report(mini, problems)))
    first = [a for a in annotations if a.props.get("title") in {p.code for p in problems}]
    assert [(a.kind, a.props) for a in first] == [
        ("error", {"file": "a.csv", "line": "3", "title": "bad-number"}),
        ("error", {"title": "usage"}),
        ("warning", {"title": "stdin-warning"}),
    ]
    assert first[0].message == "value: '1,2' is ambiguous"
    errors = [a for a in annotations if a.kind == "error"]
    assert errors[:2] == first[:2]  # input errors before the results


# ---------------------------------------------------------------- JUnit


def parse_junit(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def check_junit_structure(root: ET.Element) -> None:
    """The rules of the common JUnit schema (Jenkins junit-10.xsd, Testmo's description)."""
    assert root.tag == "testsuites"
    total = Counter[str]()
    for suite in root:
        assert suite.tag == "testsuite"
        assert suite.get("name")
        tags = [child.tag for child in suite]
        assert set(tags) <= {"properties", "testcase", "system-out", "system-err"}
        assert tags == sorted(tags, key=["properties", "testcase", "system-out", "system-err"].index)
        cases = suite.findall("testcase")
        counts = Counter(
            tests=len(cases),
            failures=sum(1 for c in cases if c.find("failure") is not None),
            errors=sum(1 for c in cases if c.find("error") is not None),
            skipped=sum(1 for c in cases if c.find("skipped") is not None),
        )
        for key in ("tests", "failures", "errors", "skipped"):
            assert suite.get(key) == str(counts[key]), (suite.get("name"), key)
        total.update(counts)
        for case in cases:
            assert case.get("name") and case.get("classname")
            inner = [child.tag for child in case]
            assert len([t for t in inner if t in {"failure", "error", "skipped"}]) <= 1
            assert inner == sorted(inner, key=["skipped", "error", "failure", "system-out"].index)
            for outcome in case:
                if outcome.tag != "system-out":
                    assert outcome.get("message")
    for key in ("tests", "failures", "errors", "skipped"):
        assert root.get(key) == str(total[key])


def test_junit_of_the_shipped_data(shipped: tuple[Catalog, Report]) -> None:
    _, report = shipped
    text = render_junit(report, catalog_source="data/indicators.yaml")
    assert text == render_junit(report, catalog_source="data/indicators.yaml")
    root = parse_junit(text)
    check_junit_structure(root)
    plans = list(dict.fromkeys(r.plan for r in report.results))
    assert [s.get("name") for s in root] == [*plans, "input"]
    assert root.get("tests") == str(len(report.results) + 0)  # warnings are not test cases
    cases = [c for s in root if s.get("name") != "input" for c in s.findall("testcase")]
    assert len(cases) == len(report.results)
    for case, r in zip(cases, report.results, strict=True):
        assert (case.get("classname"), case.get("name")) == (r.plan, result_key(r))
        outcome = next((c for c in case if c.tag in {"failure", "skipped"}), None)
        assert (outcome.tag if outcome is not None else "pass") == JUNIT_OUTCOME[r.status]
        if outcome is not None:
            assert r.id in (outcome.get("message") or "")
        if outcome is not None and outcome.tag == "failure":
            assert outcome.get("type") == r.status.value
        if r.status is Status.no_data:
            assert case.get("file") == "data/indicators.yaml" and case.get("line") is None
        else:
            assert (case.get("file"), case.get("line")) == (r.file, str(r.line))
        details = case.findtext("system-out") or ""
        cells = row_cells(r, "en")
        assert f"status: {r.status.value} ({r.label})\n" in details
        assert f"actual: {cells[4]}\n" in details and f"target: {cells[3]}\n" in details
        assert f"required per year: {cells[7]}\n" in details
    by_status = Counter(JUNIT_OUTCOME[r.status] for r in report.results)
    assert root.get("failures") == str(by_status["failure"])
    assert root.get("skipped") == str(by_status["skipped"])
    warnings = root[-1].findtext("system-out") or ""
    assert warnings.splitlines() == [str(p) for p in report.problems]


def test_junit_input_errors_markup_and_control_characters(mini: Catalog) -> None:
    problems = [
        Problem(file="a.csv", line=4, column="value", code="formula", message="cell\x0b'=1+1' <&>"),
        Problem(file="a.csv", line=9, code="year-outside-period", message="2019", severity="warning"),
    ]
    report = mini_report(mini, problems)
    root = parse_junit(render_junit(report, catalog_source="mini.yaml"))
    check_junit_structure(root)
    suite = root[-1]
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == ("input", "1", "1")
    (case,) = suite.findall("testcase")
    assert (case.get("classname"), case.get("name")) == ("input", "a.csv:4 formula")
    assert (case.get("file"), case.get("line")) == ("a.csv", "4")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "formula"
    assert failure.get("message") == "input error: cell\\x0b'=1+1' <&>"
    assert failure.text == "a.csv:4: value: cell\\x0b'=1+1' <&>"
    assert suite.findtext("system-out") == f"{problems[1]}\n"
    assert root.get("errors") == "0"
    props = {p.get("name"): p.get("value") for p in root[0].iter("property")}
    assert props == {"as_of": "2023", "catalog": "mini.yaml"}


def test_junit_names_regions_apart(mini: Catalog) -> None:
    # a share is scale-free: each region is judged from its own baseline (METHOD 3.2)
    observations = [*obs("t.rd", {2020: 2, 2023: 2.1}, "东区"), *obs("t.rd", {2020: 2, 2023: 3.1}, "西区")]
    root = parse_junit(render_junit(evaluate(mini, observations), catalog_source="mini.yaml"))
    check_junit_structure(root)
    rd = {c.get("name"): c for c in root.iter("testcase") if (c.get("name") or "").startswith("t.rd ")}
    assert set(rd) == {"t.rd [东区]", "t.rd [西区]"}
    assert rd["t.rd [东区]"].find("failure") is not None
    assert [c.tag for c in rd["t.rd [西区]"]] == ["system-out"]  # achieved: a pass


# ---------------------------------------------------------------- targets schema


def schema_from_cli(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["schema", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


KEYWORDS = {"$schema", "$id", "$defs", "$ref", "title", "description", "default", "type", "enum", "const"}
KEYWORDS |= {"properties", "required", "additionalProperties", "items", "anyOf", "pattern", "minLength"}
KEYWORDS |= {"minimum", "maximum"}
TYPES: dict[str, type] = {"object": dict, "array": list, "string": str, "null": type(None), "boolean": bool}


def subset_errors(schema: dict[str, Any], root: dict[str, Any], value: Any, at: str = "") -> list[str]:
    """A validator for the keywords the catalog schema uses; enough to check the shipped file."""
    assert set(schema) <= KEYWORDS, set(schema) - KEYWORDS
    if "$ref" in schema:
        return subset_errors(root["$defs"][schema["$ref"].removeprefix("#/$defs/")], root, value, at)
    if "anyOf" in schema:
        options = [subset_errors(s, root, value, at) for s in schema["anyOf"]]
        return [] if any(not o for o in options) else [f"{at}: no option fits {value!r}"]
    kind = schema.get("type")
    if kind in ("integer", "number"):
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if not numeric or (kind == "integer" and not isinstance(value, int)):
            return [f"{at}: expected {kind}, got {value!r}"]
        if not schema.get("minimum", value) <= value <= schema.get("maximum", value):
            return [f"{at}: {value} out of range"]
    elif kind is not None and not isinstance(value, TYPES[kind]):
        return [f"{at}: expected {kind}, got {value!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{at}: {value!r} not in {schema['enum']}"]
    if "const" in schema and value != schema["const"]:
        return [f"{at}: expected {schema['const']!r}"]
    too_short = isinstance(value, str) and len(value) < schema.get("minLength", 0)
    if too_short or (isinstance(value, str) and not re.search(schema.get("pattern", ""), value)):
        return [f"{at}: {value!r} does not match"]
    errors: list[str] = []
    if isinstance(value, list):
        for i, item in enumerate(value):
            errors += subset_errors(schema.get("items", {}), root, item, f"{at}[{i}]")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        errors += [f"{at}: missing {k}" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            errors += [f"{at}: unknown key {k}" for k in value if k not in props]
        for k, v in value.items():
            if k in props:
                errors += subset_errors(props[k], root, v, f"{at}.{k}")
    return errors


def shipped_yaml() -> Any:
    return yaml.safe_load(default_catalog_path().read_text(encoding="utf-8"))


def test_schema_command_prints_a_draft_2020_12_schema() -> None:
    schema = schema_from_cli()
    assert list(schema)[:4] == ["$schema", "$id", "title", "description"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] and schema["description"]
    assert runner.invoke(app, ["schema"]).stdout == runner.invoke(app, ["schema"]).stdout
    assert set(schema["required"]) == {"version", "plans"}
    defs = schema["$defs"]
    for enum, name in [(Kind, "Kind"), (Comparator, "Comparator"), (Attribute, "Attribute")]:
        assert defs[name]["enum"] == [m.value for m in enum]
    assert defs["Direction"]["enum"] == [m.value for m in Direction]
    # the schema never offers the string form of a number the catalog refuses
    assert defs["Baseline"]["properties"]["value"] == {"title": "Value", "type": "number"}


def test_schema_fields_agree_with_the_shipped_catalog() -> None:
    schema = schema_from_cli()
    target = schema["$defs"]["Target"]
    entries = [t for plan in shipped_yaml()["plans"] for t in plan["targets"]]
    written_by_all = set.intersection(*(set(t) for t in entries))
    written_by_any = set.union(*(set(t) for t in entries))
    assert {"id", "name", "kind", "comparator", "direction", "target", "source"} <= set(target["required"])
    assert set(target["required"]) <= written_by_all
    assert written_by_any <= set(target["properties"])
    assert target["additionalProperties"] is False


def test_schema_validates_the_shipped_catalog_and_rejects_mistakes() -> None:
    schema = schema_from_cli()
    data = shipped_yaml()
    assert subset_errors(schema, schema, data) == []
    first = data["plans"][0]["targets"][0]
    bad = {**data, "plans": [{**data["plans"][0], "targets": [{**first, "kind": "levels", "colour": 1}]}]}
    del bad["plans"][0]["targets"][0]["source"]
    errors = subset_errors(schema, schema, bad)
    assert any("'levels' not in" in e for e in errors)
    assert any("unknown key colour" in e for e in errors)
    assert any(e.endswith("missing source") for e in errors)


def test_schema_validates_the_shipped_catalog_with_jsonschema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = schema_from_cli()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(shipped_yaml())) == []
    assert list(validator.iter_errors({"version": 2, "plans": []}))


def test_schema_output_file(tmp_path: Path) -> None:
    path = tmp_path / "catalog.schema.json"
    result = runner.invoke(app, ["schema", "--output", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads(path.read_text(encoding="utf-8")) == schema_from_cli()
    missing = tmp_path / "no" / "such" / "dir.json"
    result = runner.invoke(app, ["schema", "--output", str(missing)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{missing}: cannot write: ")


# ---------------------------------------------------------------- .pre-commit-hooks.yaml


def test_pre_commit_hooks_file() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    by_id = {h["id"]: h for h in hooks}
    assert set(by_id) == {"targets-check", "targets-validate"}
    commands = get_command(app).commands  # type: ignore[attr-defined]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        program, command = hook["entry"].split()
        assert program == "targets" and command in commands
        assert isinstance(hook["pass_filenames"], bool)
        assert all(isinstance(a, str) for a in hook.get("args", []))
    check, validate = by_id["targets-check"], by_id["targets-validate"]
    assert re.search(check["files"], "data/actuals/gaoxin.csv")
    assert re.search(check["files"], "submissions/actuals/2024.XLSX")
    assert re.search(check["files"], "data/indicators.yaml")  # a catalog change changes verdicts
    assert re.search(validate["files"], "data/indicators.yaml")
    assert re.search(validate["files"], "data/sources/gx-open-14th.txt")
    assert not re.search(validate["files"], "data/actuals/gaoxin.csv")
    # the check reads the whole actuals set: the staged files only decide whether it runs
    assert not check["pass_filenames"] and not validate["pass_filenames"]


def test_pre_commit_hooks_run_with_their_default_args(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # pre-commit runs hooks at the repository's root
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    check = hooks["targets-check"]
    result = runner.invoke(app, [*check["entry"].split()[1:], *check["args"]])
    assert result.exit_code == 0, result.output
    validate = hooks["targets-validate"]
    paths = [str(REPO / a) if a.endswith(".yaml") else a for a in validate["args"]]
    result = runner.invoke(app, [*validate["entry"].split()[1:], *paths])
    assert result.exit_code == 0, result.output
    assert "ok: 5 plans" in result.stdout


# ---------------------------------------------------------------- the CLI (wired by check_cmd)


def test_cli_format_github(shipped: tuple[Catalog, Report]) -> None:
    _, report = shipped
    result = runner.invoke(app, ["check", str(ACTUALS), "--format", "github"])
    assert result.exit_code == 0, result.output
    annotations, plain = parse_github(result.stdout)
    assert plain == [f"{report.summary.total} targets: " + plain[0].split(": ", 1)[1]]
    assert max(Counter(a.kind for a in annotations).values()) <= 10
    errors = {a.props["title"] for a in annotations if a.kind == "error"}
    assert errors == {result_key(r) for r in report.results if KIND_OF.get(r.status) == "error"}


def test_cli_format_github_with_fail_on() -> None:
    result = runner.invoke(app, ["check", str(ACTUALS), "--format", "github", "--fail-on", "far_behind"])
    assert result.exit_code == 1
    annotations, _ = parse_github(result.stdout)
    assert any(a.kind == "error" and "far_behind" in a.message for a in annotations)


def test_cli_junit_file(tmp_path: Path, shipped: tuple[Catalog, Report]) -> None:
    _, report = shipped
    path = tmp_path / "report.xml"
    result = runner.invoke(app, ["check", str(ACTUALS), "--format", "json", "--junit", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["total"] == report.summary.total
    root = parse_junit(path.read_text(encoding="utf-8"))
    check_junit_structure(root)
    failures = sum(1 for r in report.results if JUNIT_OUTCOME[r.status] == "failure")
    assert (root.get("tests"), root.get("failures")) == (str(report.summary.total), str(failures))
