"""The library behind `kavkaz serve` (crawler/cli/serve.py): Datasette on the database, read-only, with titles,
descriptions, facets and canned queries (crawler/analysis/datasette_metadata.json) and a guard on every
connection (datasette_plugins/guard.py)."""

from __future__ import annotations

import json
from pathlib import Path

METADATA = Path(__file__).with_name("datasette_metadata.json")
PLUGINS = Path(__file__).with_name("datasette_plugins")  # bounds and refusals on every connection (guard.py)


def metadata_for(db: Path) -> dict:
    """The metadata file, keyed by this database's name (Datasette names a database after its file)."""
    template = json.loads(METADATA.read_text(encoding="utf-8"))
    template["databases"] = {db.stem: template["databases"]["kavkaz"]}
    return template
