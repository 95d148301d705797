"""NormalisePipeline: text and dates in one canonical form, before anything compares or stores them."""

from __future__ import annotations

import unicodedata
from typing import Any

from itemadapter import ItemAdapter

from crawler.dates import parse_date, to_iso
from crawler.parsers.text import normalise_source

SINGLE_LINE = ("headline", "lead", "source", "image_caption", "banner", "published_at_raw")


def _clean(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    return " ".join(unicodedata.normalize("NFC", text).split()) or None


class NormalisePipeline:
    """Unicode NFC and collapsed whitespace in every text field (paragraph breaks kept in `body`); dates as ISO
    8601 with the Europe/Moscow offset of that date (recomputed from the raw string when a parser gave none);
    `source` with homoglyphs normalised (`СK` → `CK`). Reads no settings.
    """

    def process_item(self, item: Any) -> Any:
        normalise_record(ItemAdapter(item))
        return item


def normalise_record(record: Any) -> Any:
    """Normalise an article record in place (a dict or an ItemAdapter); also used by reparse and WARC import."""
    for name in SINGLE_LINE:
        if name in record:
            record[name] = _clean(record[name])
    if record.get("body"):
        paragraphs = (_clean(p) for p in record["body"].split("\n\n"))
        record["body"] = "\n\n".join(p for p in paragraphs if p) or None
    record["authors"] = [a for a in (_clean(a) for a in record.get("authors") or []) if a]
    record["source"] = normalise_source(record.get("source"))
    for name, raw in (("published_at", "published_at_raw"), ("original_published_at", None)):
        value = record.get(name)
        moment = parse_date(value) if value else (parse_date(record.get(raw)) if raw else None)
        record[name] = to_iso(moment) if moment else None
    return record
