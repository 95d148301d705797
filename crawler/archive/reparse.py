"""Helpers of `kavkaz reparse` (crawler/cli/reparse.py): re-run today's parsers over the stored pages; never fetches, never loses a record."""

from __future__ import annotations

import json
import re

GUARDED = ("headline", "published_at", "body", "lead")  # a reparse may not empty these unless --force


def _version_number(parser_version: str | None) -> int:
    match = re.search(r"/(\d+)$", parser_version or "")
    return int(match.group(1)) if match else 0


def _decoded(value):
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
