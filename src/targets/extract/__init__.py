"""`targets extract`: draft catalog entries from the text of a plan, each traceable to its line.

Rule-based and explainable (docs/extract.md): no network, no model. Pure: text in, DraftPlan out;
`emit` turns a DraftPlan into catalog YAML or list-shaped JSON, `score` compares it with a catalog.
"""

from __future__ import annotations

from targets.extract.core import extract
from targets.extract.model import DraftPlan, Entry

__all__ = ["DraftPlan", "Entry", "extract"]
