"""Stage 1, the catalog: reads the YAML catalog (line-keeping YAML, the pydantic schema), checks
its provenance against the plan texts and its units, and caches what validated.

Takes catalog bytes (and the plan texts beside it); gives a `Catalog` of plans and targets, or a
`CatalogError` listing every problem with file, line and field path."""

from targets.catalog.loader import (
    default_catalog_path,
    load_catalog,
    parse_catalog,
    validate_catalog_file,
)

__all__ = ["default_catalog_path", "load_catalog", "parse_catalog", "validate_catalog_file"]
