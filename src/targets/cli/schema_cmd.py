"""`targets schema`: the JSON Schema of the catalog, for editors and other validators."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from targets.cli.common import guarded, out


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)


def catalog_schema() -> dict[str, Any]:
    """The catalog's JSON Schema (draft 2020-12) built from the pydantic models."""
    from targets.catalog.schema import json_schema

    return json_schema()


def render_schema() -> str:
    import json

    return json.dumps(catalog_schema(), ensure_ascii=False, indent=2) + "\n"


@guarded
def schema(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the schema to this file instead of stdout."
    ),
) -> None:
    """目录的 JSON Schema / Print the JSON Schema (draft 2020-12) of the catalog, for editor
    validation of indicators.yaml and for other tools."""
    from targets.cli.common import catalog_path
    from targets.cli.output import Outputs

    # The schema reads no file, but it must never replace the catalog it describes.
    outputs = Outputs(reads=[catalog_path(None)], writes=[output])
    text = render_schema()
    if output is None:
        out(text)
        return
    outputs.write(output, text)
