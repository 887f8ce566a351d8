"""The README and docs run as written: every `targets …` command of their fenced shell blocks
(and of the README's command table) and every CSV example, in a folder laid out like the
repository (data/ with the catalog, the plan texts and the sample actuals)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets.cli.app import app

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"```(\w*)\n(.*?)```", re.DOTALL)
SHELLS = {"bash", "sh", "shell", "console"}
runner = CliRunner()


def shell_blocks(text: str) -> list[list[str]]:
    """`targets …` commands of each fenced shell block, in order (a block's commands may build on
    each other). A block stops at a comment line that stands for a manual step (`# review …`):
    what follows needs that step done."""
    blocks: list[list[str]] = []
    for lang, body in FENCE.findall(text):
        if lang not in SHELLS:
            continue
        found: list[str] = []
        blocks.append(found)
        for raw in body.splitlines():
            line = raw.strip()
            if line.startswith("#"):
                if "review" in line:
                    break
                continue
            for part in line.split("&&"):
                command = re.sub(r"\s+#.*$", "", part).strip()
                if command.startswith("targets "):
                    found.append(command)
    return [b for b in blocks if b]


def table_commands(text: str) -> list[str]:
    """`targets …` commands written as code in a table row."""
    return [
        m for row in text.splitlines() if row.startswith("|") for m in re.findall(r"`(targets [^`]+)`", row)
    ]


def csv_examples(text: str) -> list[str]:
    return [body for lang, body in FENCE.findall(text) if lang == "csv"]


def all_blocks() -> list[tuple[str, list[str]]]:
    """(document, commands run in order) for every shell block and README table row."""
    out: list[tuple[str, list[str]]] = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        out += [(doc.name, block) for block in shell_blocks(text)]
        if doc.name == "README.md":
            out += [(doc.name, [c]) for c in dict.fromkeys(table_commands(text))]
    return out


@pytest.fixture
def repo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder like the repository's root, with the files the examples name."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (tmp_path / "2024.csv").write_text(csv_examples(readme)[0], encoding="utf-8")
    plan_text = (REPO / "data" / "sources" / "yc-open-2022.txt").read_bytes()
    (tmp_path / "新规划.txt").write_bytes(plan_text)
    (tmp_path / "data" / "sources" / "yc-digital-2025.txt").write_bytes(plan_text)  # docs/extract.md's cp
    # the README's statistics-office workbook: a wide table under a title, two header rows
    shutil.copy(
        REPO / "tests" / "data" / "sheets" / "libreoffice_wide_two_row.xls", tmp_path / "主要指标.xls"
    )
    monkeypatch.chdir(tmp_path)
    made = runner.invoke(app, ["template", "2024", "-o", "2024.xlsx"])  # the README's workbook
    assert made.exit_code == 0, made.output
    return tmp_path


def test_the_docs_have_examples() -> None:
    commands = [c for _, block in all_blocks() for c in block]
    assert len(commands) >= 20
    for expected in (
        "targets check data/ --format github --junit report.xml",
        "targets trend",
        "targets brief",
    ):
        assert any(c.startswith(expected) for c in commands), expected
    assert csv_examples((REPO / "README.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("doc", "commands"), all_blocks(), ids=lambda x: x if isinstance(x, str) else x[0])
def test_documented_commands_run(repo_copy: Path, doc: str, commands: list[str]) -> None:
    for command in commands:
        run_as_written(repo_copy, doc, command)


def run_as_written(folder: Path, doc: str, command: str) -> None:
    argv = shlex.split(command)[1:]
    target: str | None = None
    if ">" in argv:  # `targets brief … --format md > brief.md`
        at = argv.index(">")
        argv, target = argv[:at], argv[at + 1]
    result = runner.invoke(app, argv)
    assert "Traceback" not in result.output
    # exit 1 is what --fail-on is documented to give when a target reaches it
    allowed = {0, 1} if "--fail-on" in argv else {0}
    assert result.exit_code in allowed, f"{doc}: {command}\n{result.output}"
    if target is not None:
        (folder / target).write_text(result.stdout, encoding="utf-8")
    for option in ("-o", "--output", "--junit"):
        if option in argv:
            assert (folder / argv[argv.index(option) + 1]).stat().st_size > 0, command


EXAMPLE_WITH_OUTPUT = re.compile(
    r"```csv\n(.*?)```\n\n`(targets [^`]+)` prints \(exit (\d)\):\n\n```text\n(.*?)```", re.DOTALL
)


@pytest.mark.parametrize("doc", [d for d in DOCS if csv_examples(d.read_text(encoding="utf-8"))])
def test_csv_examples_check_as_documented(repo_copy: Path, doc: Path) -> None:
    """A CSV example checks cleanly, unless the doc shows what it prints: then it prints exactly that."""
    text = doc.read_text(encoding="utf-8")
    shown = {m[0]: m[1:] for m in EXAMPLE_WITH_OUTPUT.findall(text)}
    for n, body in enumerate(csv_examples(text)):
        if body in shown:
            command, code, expected = shown[body]
            shutil.rmtree(repo_copy / "data" / "actuals")
            (repo_copy / "data" / "actuals").mkdir()
            (repo_copy / "data" / "actuals" / "2024.csv").write_text(body, encoding="utf-8")
            result = runner.invoke(app, shlex.split(command)[1:])
            assert (result.exit_code, result.stdout) == (int(code), expected), result.output
            continue
        path = repo_copy / f"example{n}.csv"
        path.write_text(body, encoding="utf-8")
        result = runner.invoke(app, ["check", str(path), "--format", "json"])
        assert result.exit_code == 0, f"{doc.name} example {n}:\n{result.output}"
        assert '"valid": true' in result.stdout


def test_the_slip_example_of_ci_md(repo_copy: Path) -> None:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    section = text.split("## Plausibility: unit slips")[1]
    expected = section.split("```text\n")[1].split("```")[0]
    actuals = repo_copy / "data" / "actuals"
    shutil.rmtree(actuals)
    actuals.mkdir()
    (actuals / "2023.csv").write_text("indicator,year,value,unit\ngx-open-14th.trade-total,2023,3200,亿元\n")
    (actuals / "2024.csv").write_text(
        "indicator,year,value,unit\ngx-open-14th.trade-total,2024,33500000,亿元\n"
    )
    result = runner.invoke(app, ["check", "data/actuals/", "--format", "text"])
    assert (result.exit_code, result.stderr) == (2, expected)
