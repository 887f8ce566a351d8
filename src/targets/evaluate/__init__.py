"""Stage 3, evaluation: judges every target for every region against the actuals (METHOD.md),
one target at a time, and counts the statuses; also builds one indicator's trend.

Takes a `Catalog`, `Actuals` and a report year; gives `Result`s and a `Report`. Pure: no I/O,
no clock, no printing."""

from targets.evaluate.run import Summarizer, evaluate, fails, iter_results

__all__ = ["Summarizer", "evaluate", "fails", "iter_results"]
