"""The rich terminal table (imported only for --format table)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from targets.models import Report, Result, Status
from targets.report.render import HEADERS, remarks_of, row_cells, summary_line
from targets.safe import visible

STYLE = {
    Status.achieved: "bold green",
    Status.ahead: "green",
    Status.on_track: "cyan",
    Status.behind: "yellow",
    Status.far_behind: "red",
    Status.moving_away: "bold red",
    Status.fallen_back: "red",
    Status.missed: "bold red",
    Status.not_assessable: "dim",
    Status.no_data: "dim",
}


def print_rich(report: Report, lang: str) -> None:
    console = Console(markup=False, highlight=False)
    console.print(Text(summary_line(report, lang)))
    plans: dict[str, Table] = {}
    grouped: dict[str, list[Result]] = {}
    for r in report.results:
        grouped.setdefault(r.plan, []).append(r)
        table = plans.get(r.plan)
        if table is None:
            table = Table(title=r.plan, box=box.SIMPLE_HEAVY, title_justify="left")
            for i, h in enumerate(HEADERS[lang]):
                table.add_column(h, justify="right" if 2 <= i <= 7 else "left", overflow="fold")
            plans[r.plan] = table
        cells = [Text(visible(c)) for c in row_cells(r, lang)]
        cells[-1].stylize(STYLE[r.status])
        table.add_row(*cells)
    for plan, table in plans.items():
        console.print(table)
        for line in remarks_of(grouped[plan], lang):  # why a target could not be judged
            console.print(Text(visible(line)))
