"""A run split by region across processes, merged, equals the single run (docs/scale.md)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from targets.report.merge import merge_reports

ROOT = Path(__file__).resolve().parent.parent
HEADER = "indicator,year,value,unit,region\n"


def _rows(seed: int) -> list[tuple[str, str]]:
    """(region, CSV line) for a few regions of the shipped catalog's series."""
    from targets.catalog import default_catalog_path, load_catalog

    catalog = load_catalog(default_catalog_path())
    rnd = random.Random(seed)
    units = {t.series_key: t.unit or "" for _, t in catalog.iter_targets()}
    level = {t.series_key: float(t.target.value or (t.baseline.value if t.baseline else 0) or 100)
             for _, t in catalog.iter_targets()}  # fmt: skip
    series = sorted(units)
    out = []
    for r in range(12):
        region = f"省{r % 4}县{r:02d}"
        for s in rnd.sample(series, 60):  # each region reports some series: the rest are no_data
            for year in range(2020, 2026):
                if rnd.random() < 0.85:
                    out.append(
                        (
                            region,
                            f"{s},{year},{_plausible(level[s], units[s], rnd):.2f},{units[s]},{region}\n",
                        )
                    )
    return out


def _plausible(level: float, unit: str, rnd: random.Random) -> float:
    """Near the plan's level, and a share within 0-100: values the audit lets through."""
    value = level * rnd.uniform(0.5, 1.5)
    return min(value, 99.0) if unit == "%" else value


def _check(files: list[Path], engine: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "targets", "check", *map(str, files), "--as-of", "2025", "-f", "json"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(
        [*cmd, "--engine", engine], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_split_by_province_merges_into_the_single_run(tmp_path: Path, engine: str) -> None:
    if engine == "duckdb":
        pytest.importorskip("duckdb")
    rows = _rows(3)
    whole = tmp_path / "all.csv"
    whole.write_text(HEADER + "".join(line for _, line in rows), encoding="utf-8")
    parts = []
    for p in range(4):  # one file (one process) per province
        part = tmp_path / f"province-{p}.csv"
        part.write_text(
            HEADER + "".join(line for r, line in rows if r.startswith(f"省{p}")), encoding="utf-8"
        )
        parts.append(part)
    procs = [_check([whole], engine), *(_check([part], engine) for part in parts)]
    outs = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
        outs.append(json.loads(stdout))
    single, pieces = outs[0], outs[1:]
    merged = merge_reports(pieces)
    # the same results; each part names its own file and line for the value it used
    assert [_unplaced(r) for r in merged["results"]] == [_unplaced(r) for r in single["results"]]
    for r in merged["results"]:
        if r["file"] is not None:
            text = Path(r["file"]).read_text(encoding="utf-8").splitlines()[r["line"] - 1]
            assert text.endswith(f",{r['region']}") and f",{r['year']}," in text
    assert merged["summary"] == single["summary"]
    assert merged["as_of"] == single["as_of"] == 2025
    assert len({r["region"] for r in merged["results"]}) == 13  # 12 regions and None (no_data)


def _unplaced(result: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in result.items() if k not in ("file", "line")}


def test_parts_for_different_years_do_not_merge() -> None:
    with pytest.raises(ValueError, match="one --as-of"):
        merge_reports(
            [{"as_of": 2024, "results": [], "problems": []}, {"as_of": 2025, "results": [], "problems": []}]
        )
