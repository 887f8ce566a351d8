"""Start-up: validate answers from a cache keyed by the catalog, its plan texts and the code;
help is plain text (no rich markup formatter); a warm `check` imports nothing heavy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets.catalog import cache as cache_mod
from targets.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture()
def catalog_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TARGETS_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "data" / "sources", tmp_path / "sources")
    path = tmp_path / "indicators.yaml"
    shutil.copy(ROOT / "data" / "indicators.yaml", path)
    return path


def test_validate_warm_cache_gives_the_same_findings(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = runner.invoke(app, ["validate", str(catalog_copy)])
    assert cold.exit_code == 0, cold.output
    assert list((catalog_copy.parent / "cache").glob("validate-*.json"))

    def no_validation(*_: object) -> None:
        raise AssertionError("validated again although nothing changed")

    monkeypatch.setattr("targets.catalog.validate_catalog_file", no_validation)
    warm = runner.invoke(app, ["validate", str(catalog_copy)])
    assert warm.exit_code == 0
    assert warm.output == cold.output
    assert "warning" in warm.output and "ok: 5 plans" in warm.output


def test_validate_again_when_a_plan_text_changes(catalog_copy: Path) -> None:
    assert runner.invoke(app, ["validate", str(catalog_copy)]).exit_code == 0
    key = cache_mod.validation_key(catalog_copy, catalog_copy.read_bytes())
    text = catalog_copy.parent / "sources" / "cq-platforms-2020.txt"
    text.write_text("被改动的规划文本\n", encoding="utf-8")
    assert cache_mod.validation_key(catalog_copy, catalog_copy.read_bytes()) != key
    again = runner.invoke(app, ["validate", str(catalog_copy)])
    assert again.exit_code == 2
    assert "is past the end of cq-platforms-2020.txt (1 lines)" in again.output


def test_validate_again_when_the_catalog_changes(catalog_copy: Path) -> None:
    assert runner.invoke(app, ["validate", str(catalog_copy)]).exit_code == 0
    text = catalog_copy.read_text(encoding="utf-8")
    catalog_copy.write_text(text.replace("version: 1", "version: one", 1), encoding="utf-8")
    again = runner.invoke(app, ["validate", str(catalog_copy)])
    assert again.exit_code == 2
    assert "version" in again.output


def test_help_is_plain_and_loads_no_markdown() -> None:
    code = (
        "import sys\n"
        "from targets.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('markdown_it', 'pygments', 'rich'))\n"
        "print('LOADED', bad)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage: targets" in proc.stdout
    assert "LOADED []" in proc.stdout


def _check_in_python(code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` (which calls `main` for a check of the shipped data) in a fresh interpreter;
    the check's JSON report must be on stdout."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert '"results": [' in proc.stdout
    return proc


def test_a_named_command_loads_only_its_module() -> None:
    code = (
        "import sys\n"
        "from targets.cli import main\n"
        "try:\n    main(['check', 'data/actuals/', '--format', 'json'])\nexcept SystemExit:\n    pass\n"
        "cmds = ('_cmd', '_cmds')\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('targets.cli.') and m.endswith(cmds))\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    proc = _check_in_python(code)
    assert "LOADED ['targets.cli.check_cmd']" in proc.stderr


# Imports a warm `check` must not pay for: the YAML and pydantic validation (the catalog cache
# spares them), units, rich output, workbooks, Parquet, DuckDB, and OpenSSL (hashlib) and
# tempfile from the standard library.
HEAVY = (
    "yaml", "pydantic", "pydantic_core", "pint", "rich", "markdown_it", "pygments",
    "python_calamine", "openpyxl", "docx", "lxml", "pyarrow", "duckdb", "numpy", "polars",
    "hashlib", "_hashlib", "tempfile",
)  # fmt: skip
_RUN_CHECK = (
    "import gc, sys\n"
    "from targets.cli import main\n"
    "sys.argv = ['targets', 'check', 'data/actuals/', '--format', 'json']\n"
    "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
    f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
    "frozen = gc.get_freeze_count() > 0\n"
    "print('EXIT', code, 'LOADED', heavy, 'FROZEN', frozen, gc.isenabled(), file=sys.stderr)\n"
)


def test_check_on_a_warm_cache_imports_nothing_heavy(tmp_path: Path) -> None:
    env = {**os.environ, "TARGETS_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("TARGETS_NO_CACHE", None)
    env.pop("TARGETS_CATALOG", None)
    cold, warm = (
        subprocess.run(
            [sys.executable, "-c", _RUN_CHECK], capture_output=True, text=True, check=True, cwd=ROOT, env=env
        )
        for _ in range(2)
    )
    # the first run validates the catalog and fills the cache: the test sees what it guards
    assert "EXIT 0 LOADED [" in cold.stderr and "'pydantic'" in cold.stderr and "'yaml'" in cold.stderr
    assert "EXIT 0 LOADED [] FROZEN True True" in warm.stderr, warm.stderr[-2000:]
    assert warm.stdout == cold.stdout
    assert '"results": [' in warm.stdout


def test_the_collector_is_left_as_found_when_main_is_called_from_python() -> None:
    # The console script freezes what start-up built (see the test above: FROZEN True); a
    # caller that passes its own argv keeps its collector as it was, enabled and unfrozen.
    code = (
        "import gc, sys\n"
        "from targets.cli import main\n"
        "try:\n    main(['check', 'data/actuals/', '--format', 'json'])\nexcept SystemExit:\n    pass\n"
        "print('FROZEN', gc.get_freeze_count(), gc.isenabled(), file=sys.stderr)\n"
    )
    proc = _check_in_python(code)
    assert "FROZEN 0 True" in proc.stderr


def test_every_command_is_listed_and_unknown_ones_suggested() -> None:
    from targets.cli.app import COMMANDS

    result = runner.invoke(app, ["--help"])
    assert all(name in result.output for name in COMMANDS)
    wrong = subprocess.run(
        [sys.executable, "-m", "targets", "chek"], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert wrong.returncode == 2 and "Did you mean 'check'" in wrong.stderr


def test_validate_again_when_a_plan_text_outside_sources_changes(catalog_copy: Path, tmp_path: Path) -> None:
    # a plan may name its text by an absolute path; the cached findings must follow that file too
    outside = tmp_path / "elsewhere" / "cq.txt"
    outside.parent.mkdir()
    shutil.move(catalog_copy.parent / "sources" / "cq-platforms-2020.txt", outside)
    text = catalog_copy.read_text(encoding="utf-8")
    catalog_copy.write_text(
        text.replace("source: cq-platforms-2020.txt", f"source: {outside}"), encoding="utf-8"
    )
    assert runner.invoke(app, ["validate", str(catalog_copy)]).exit_code == 0
    outside.write_text("被改动的规划文本\n", encoding="utf-8")
    again = runner.invoke(app, ["validate", str(catalog_copy)])
    assert again.exit_code == 2
    assert "is past the end of" in again.output


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes")
def test_a_fifo_among_the_plan_texts_cannot_hang_validate(catalog_copy: Path) -> None:
    import os

    text = catalog_copy.read_text(encoding="utf-8")
    os.mkfifo(catalog_copy.parent / "pipe.txt")
    catalog_copy.write_text(
        text.replace("source: cq-platforms-2020.txt", f"source: {catalog_copy.parent / 'pipe.txt'}"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(catalog_copy)])
    assert result.exit_code == 2
    assert "not a regular file" in result.output
