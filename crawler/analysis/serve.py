"""The library behind `kavkaz serve` (crawler/cli/serve.py): Datasette on the database, read-only (immutable), with titles, descriptions, facets and
canned queries (crawler/analysis/datasette_metadata.json)."""

from __future__ import annotations

import json
from pathlib import Path

METADATA = Path(__file__).with_name("datasette_metadata.json")


def metadata_for(db: Path) -> dict:
    """The metadata file, keyed by this database's name (Datasette names a database after its file)."""
    template = json.loads(METADATA.read_text(encoding="utf-8"))
    template["databases"] = {db.stem: template["databases"]["kavkaz"]}
    return template
