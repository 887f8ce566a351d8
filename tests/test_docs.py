"""The docs are tested: every command has a section, and the documented JSON matches the report."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from targets.catalog import default_catalog_path
from targets.cli.app import app

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_command_has_a_section_and_help() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = get_command(app).commands  # type: ignore[attr-defined]
    assert set(commands) >= {"check", "validate", "list", "show"}
    for name, command in commands.items():
        assert f"## `targets {name}" in text, name
        assert command.help, name


def test_documented_json_result_fields_match_the_report() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    block = text.split("### JSON report")[1].split("```json")[1].split("```")[0]
    documented = set(re.findall(r'"(\w+)":', block.split('"problems"')[0]))
    actuals = default_catalog_path().parent / "actuals"
    result = CliRunner().invoke(app, ["check", str(actuals), "--format", "json"])
    real = json.loads(result.stdout)["results"][0]
    assert documented - {"valid", "as_of", "results"} == set(real)


def test_documented_json_report_keys_problems_and_failing_match() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    block = text.split("### JSON report")[1].split("```json")[1].split("```")[0]
    problem = set(re.findall(r'"(\w+)":', block.split('"problems"')[1].split('"summary"')[0]))
    failing = set(re.findall(r'"(\w+)":', block.split('"failing"')[1]))
    actuals = default_catalog_path().parent / "actuals"
    result = CliRunner().invoke(app, ["check", str(actuals), "--format", "json", "--fail-on", "far_behind"])
    doc = json.loads(result.stdout)
    assert list(doc) == ["valid", "as_of", "results", "problems", "summary", "failing"]
    assert problem == set(doc["problems"][0])
    assert failing == set(doc["failing"][0])


def test_readme_has_the_two_setup_commands() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert "pip install . && targets check data/actuals/" in readme
    assert 'pip install -e ".[test]" && python -m pytest' in readme
    assert "python -m pytest" in (DOCS.parent / ".ci" / "run").read_text(encoding="utf-8")
