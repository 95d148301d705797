"""DeduplicatePipeline: one record per (lang, article_id) per run, and a content hash for change detection."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.record import content_hash


class DeduplicatePipeline:
    """Drops a second record of the same article in one run (mirrors, sidebar links, repeated visits) and stamps
    `content_hash` over the content fields only (crawler.record.CONTENT_FIELDS), so the store can tell unchanged
    from updated. Holds only the keys. Reads no settings; counts `kavkaz/duplicates`.
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.seen: set[tuple[str, str, int]] = set()

    @classmethod
    def from_crawler(cls, crawler) -> DeduplicatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        key = (adapter.get("kind") or "article", adapter["lang"], adapter["article_id"])
        if key in self.seen:
            self.crawler.stats.inc_value("kavkaz/duplicates")
            raise DropItem(f"duplicate of {key[1]} {key[0]} {key[2]} in this run")
        self.seen.add(key)
        adapter["content_hash"] = content_hash(adapter)
        return item
