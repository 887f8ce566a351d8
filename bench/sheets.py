"""Reading a 100 000-cell workbook: the calamine reader against the hand-written one it replaced.

    python bench/sheets.py [--cells 100000] [--runs 5]

The old reader (src/targets/actuals/xlsx.py before its removal) is loaded from git history into
a temporary package, so both read the same bytes in the same process. Times are the best of
`--runs` rounds of reading the file's bytes into rows of cell texts (parsing, not checking).
Without git history, only the new figure is printed; bench/README.md keeps the old one.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
import types
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD_COMMIT = "c0698f4"  # the last commit with the hand-written reader
OLD_FILES = ("src/targets/actuals/xlsx_cells.py", "src/targets/actuals/xlsx.py")


def workbook(cells: int) -> bytes:
    from targets.report.xlsx_write import write_xlsx

    rows: list[list[str | Decimal | int | None]] = [["indicator", "year", "value", "unit", "note"]]
    for i in range(cells // 5 - 1):
        rows.append([f"gx-open-14th.s{i % 40}", 2021 + i % 4, Decimal(f"{i}.5"), "亿元", f"第{i}行"])
    return write_xlsx(rows, "data")


def old_reader() -> object | None:
    """The removed module, loaded from git into a throwaway package; None without history."""
    tmp = Path(tempfile.mkdtemp()) / "oldxlsx"
    tmp.mkdir()
    for path in OLD_FILES:
        try:
            text = subprocess.run(
                ["git", "-C", str(ROOT), "show", f"{OLD_COMMIT}:{path}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
        (tmp / Path(path).name).write_text(text.replace("targets.actuals.xlsx_cells", "oldxlsx.xlsx_cells"))
    pkg = types.ModuleType("oldxlsx")
    pkg.__path__ = [str(tmp)]
    sys.modules["oldxlsx"] = pkg
    spec = importlib.util.spec_from_file_location("oldxlsx.xlsx", tmp / "xlsx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["oldxlsx.xlsx"] = module
    spec.loader.exec_module(module)
    return module


def best(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from targets.actuals.sheets import read_sheets

    data = workbook(args.cells)
    new_rows = read_sheets(data, "bench.xlsx")[0].rows
    new = best(lambda: read_sheets(data, "bench.xlsx"), args.runs)
    print(f"workbook: {args.cells} cells, {len(data) / 1024:.0f} KB")
    print(f"new (calamine + guards): {new * 1000:8.1f} ms")
    old = old_reader()
    if old is None:
        print("old (hand-written):      not in git history here; see bench/README.md")
        return
    old_rows = old.read_xlsx(data, "bench.xlsx").rows  # type: ignore[attr-defined]
    same = "same rows" if old_rows == new_rows else "ROWS DIFFER"
    took = best(lambda: old.read_xlsx(data, "bench.xlsx"), args.runs)  # type: ignore[attr-defined]
    print(f"old (hand-written):      {took * 1000:8.1f} ms  ({same}; new/old = {new / took:.2f})")


if __name__ == "__main__":
    main()
