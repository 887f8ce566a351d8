"""Stage 3, evaluation: judges every target for every region against the actuals (METHOD.md),
one target at a time, and counts the statuses; also builds one indicator's trend.

Takes a `Catalog`, `Actuals` and a report year; gives `Result`s and a `Report`. Pure: no I/O,
no clock, no printing. Another evaluator (a columnar path) reuses the parts rather than copying
them: `inputs` picks the judged year, baseline, regional values, G and path; `rules` holds each
status rule as a pure function of numbers and years; `quantities` computes METHOD.md section 2."""

from targets.evaluate.run import Summarizer, evaluate, fails, iter_results

__all__ = ["Summarizer", "evaluate", "fails", "iter_results"]
