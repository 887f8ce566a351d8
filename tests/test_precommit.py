"""pre-commit runs for real: the shipped hook (`pre-commit try-repo`) and the local hook of
docs/ci.md (`pre-commit run`) judge the whole actuals set of a repository, so one staged file
and --all-files give the same verdict."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# The shipped catalog's 永川区 foreign trade: no baseline in the plan, so the baseline is the data's
# value for 2020, the year before the plan period (METHOD.md section 3.1). The baseline year and
# the current year are in two files, as two yearly submissions are.
FILES = {
    "actuals/2020.csv": "indicator,year,value,unit\nyongchuan.foreign-trade,2020,50,亿元\n",
    "actuals/2024.csv": "indicator,year,value,unit\nyongchuan.foreign-trade,2024,55,亿元\n",
    "README.md": "submissions\n",
}
STAGED = ("--files", "actuals/2024.csv")
ALL = ("--all-files",)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def make_repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    git(path, "init", "-q")
    git(path, "config", "user.email", "ci@example.org")
    git(path, "config", "user.name", "CI")
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "data")
    return path


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """This working tree committed into a scratch repository, and that commit: try-repo on one
    fixed commit builds the hook's environment once for all the tests."""
    dst = tmp_path_factory.mktemp("hooks") / "targets"
    junk = shutil.ignore_patterns(
        ".git", ".venv", ".ci-venv", "__pycache__", "*_cache", "*.egg-info", "build"
    )
    shutil.copytree(REPO, dst, ignore=junk)
    git(dst, "init", "-q")
    git(dst, "add", "-A")
    git(dst, "-c", "user.email=ci@example.org", "-c", "user.name=CI", "commit", "-q", "-m", "hooks")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=dst, check=True, capture_output=True, text=True)
    return str(dst), rev.stdout.strip()


def env(tmp_path: Path) -> dict[str, str]:
    """pre-commit from this environment, `targets` on PATH, a private pre-commit cache."""
    bindir = str(Path(sys.executable).parent)
    home = tmp_path.parent / "pre-commit-home"  # shared by the tests of one session folder
    return {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(home),
        "TARGETS_NO_CACHE": "1",
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
    }


def pre_commit(repo: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("pre-commit is not installed: it is in the test extra (pip install -e '.[test]')")
    return subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), *args],
        check=False,
        cwd=repo,
        env=env(tmp_path),
        capture_output=True,
        text=True,
        timeout=900,
    )


def status_of(output: str) -> str:
    """The status label of yc-open-2022's 2025 target (>= 82 亿元) in the text report."""
    section = output.split("\nyc-open-2022\n", 1)[1]
    row = next(
        (line for line in section.splitlines() if "外贸进出口总额" in line and "82 (2025)" in line), None
    )
    assert row is not None, output
    return row.split()[-1]


def docs_local_config() -> str:
    """The local-hook .pre-commit-config.yaml of docs/ci.md, as written there."""
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    (local,) = [b for b in blocks if "repo: local" in b]
    return local


def try_repo(
    repo: Path, tmp_path: Path, hooks: tuple[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    path, rev = hooks
    return pre_commit(repo, tmp_path, "try-repo", path, "targets-check", "--ref", rev, *args)


def test_shipped_hook_judges_the_whole_set(tmp_path: Path, hooks_repo: tuple[str, str]) -> None:
    repo = make_repo(tmp_path / "data-repo", FILES)
    one = try_repo(repo, tmp_path, hooks_repo, "--verbose", *STAGED)
    every = try_repo(repo, tmp_path, hooks_repo, "--verbose", *ALL)
    assert one.returncode == every.returncode == 0, one.stdout + one.stderr + every.stdout + every.stderr
    # B = 50 (2020, from the data), A = 55 (2024), G = 82 (2025): q = 0.206, far behind,
    # whichever file is staged; never 无法评估 for want of the baseline file
    assert status_of(one.stdout) == status_of(every.stdout) == "明显滞后"
    other = try_repo(repo, tmp_path, hooks_repo, "--files", "README.md")
    assert other.returncode == 0 and "(no files to check)Skipped" in other.stdout


def test_docs_configs_block_as_documented(tmp_path: Path, hooks_repo: tuple[str, str]) -> None:
    for name, config in (("remote", docs_remote_config(hooks_repo)), ("local", docs_local_config())):
        repo = make_repo(tmp_path / name, {**FILES, ".pre-commit-config.yaml": config})
        for args in (STAGED, ALL):
            run = pre_commit(repo, tmp_path, "run", "targets-check", *args)
            # --fail-on far_behind: the commit is blocked and the failing target named, either way
            assert run.returncode == 1, run.stdout + run.stderr
            assert status_of(run.stdout) == "明显滞后"
            assert "- exit code: 1" in run.stdout
            assert re.search(r"\ntargets: \d target\(s\) at or past --fail-on far_behind:\n", run.stdout)
            assert (
                "  yc-open-2022.foreign-trade-2025 外贸进出口总额: far_behind (明显滞后), judged on 2024"
                in run.stdout
            )


def test_bad_data_blocks_a_commit_that_did_not_touch_it(tmp_path: Path, hooks_repo: tuple[str, str]) -> None:
    files = {**FILES, ".pre-commit-config.yaml": docs_remote_config(hooks_repo)}
    files["actuals/2020.csv"] = "indicator,year,value,unit\nyongchuan.foreign-trade,2020,14O,亿元\n"
    repo = make_repo(tmp_path / "bad-repo", files)
    for args in (STAGED, ALL):  # 2020.csv is bad; a commit touching only 2024.csv is blocked too
        run = pre_commit(repo, tmp_path, "run", "targets-check", *args)
        assert run.returncode == 1
        assert "actuals/2020.csv:2: value: expected a number, got '14O'" in run.stdout, run.stdout
        assert "- exit code: 2" in run.stdout


def docs_remote_config(hooks: tuple[str, str]) -> str:
    """The .pre-commit-config.yaml of docs/ci.md, pointed at the scratch copy of this repository."""
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    (config,) = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if "rev: v0.1.0" in b]
    path, rev = hooks
    return config.replace("https://<where targets is hosted>", path).replace("rev: v0.1.0", f"rev: {rev}")


def test_hooks_file_matches_the_docs() -> None:
    hooks = {
        h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }
    check = hooks["targets-check"]
    assert check["pass_filenames"] is False
    documented = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    assert f"`{check['entry']} {' '.join(check['args'])}`" in documented
    pattern = check["files"].replace("|", "\\|")
    assert f"`{pattern}`" in documented
    files = re.compile(check["files"])
    assert files.search("data/actuals/2024.csv") and files.search("sub/actuals/a/2024.XLSX")
    assert files.search("data/indicators.yaml")
    assert not files.search("data/sources/gate.txt") and not files.search("actuals.csv")
    # the hook's actuals files are the ones `targets check` reads when given no ACTUALS
    from targets.actuals.load import ACTUALS_PATTERN

    for path in ("actuals/a.csv", "x/actuals/y/b.XLSX", "b.xlsm", "actuals.csv", "xactuals/a.csv"):
        assert bool(re.search(ACTUALS_PATTERN, path)) == bool(files.search(path)), path
