"""NormalisePipeline: text and dates in one canonical form, before anything compares or stores them."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from crawler.prepare import normalise_record


class NormalisePipeline:
    """The crawl's adapter of `crawler.prepare.normalise_record` (reparse and WARC import call it too). Reads no
    settings."""

    def process_item(self, item: Any) -> Any:
        normalise_record(ItemAdapter(item))
        return item
