"""Stage 2, the actuals: decodes CSV and spreadsheet files, parses numbers, resolves indicator
names against the catalog, converts units and keeps the observations in a compact store.

Takes files (and a `Catalog`); gives `Actuals` (observations by series and region, each with its
file and line) and the input problems found, or an `ActualsError`."""

from targets.actuals.load import load_actuals, parse_actuals

__all__ = ["load_actuals", "parse_actuals"]
