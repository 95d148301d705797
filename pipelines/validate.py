"""ValidatePipeline: required fields and types; nothing incomplete is dropped silently."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from pipelines import ARTICLE

EXPECTED = ("headline", "published_at", "body")
LISTS = ("authors", "labels", "sidebar", "rubrics", "regions", "warnings")


class ValidatePipeline:
    """An article without url, lang or id cannot be stored: it becomes a failure item (recorded, not lost).
    One missing its headline, date or body is stored with a warning naming the field. Lists are lists.
    Reads no settings; counts `kavkaz/articles_parsed` and `kavkaz/empty/<field>` (for the coverage check).
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        if adapter.get("kind") != ARTICLE:
            return item
        if not adapter.get("url") or adapter.get("lang") not in ("en", "ru") or not isinstance(adapter.get("article_id"), int):
            return {"kind": "failure", "url": adapter.get("fetched_url") or adapter.get("url") or "?",
                    "fetched_url": adapter.get("fetched_url"), "lang": adapter.get("lang"),
                    "article_id": adapter.get("article_id"), "status": adapter.get("http_status"),
                    "error": "page parsed without a canonical url, language or id"}
        for name in LISTS:
            if not isinstance(adapter.get(name), list):
                adapter[name] = [] if adapter.get(name) is None else [adapter[name]]
        missing = [name for name in EXPECTED if not adapter.get(name)]
        self.crawler.stats.inc_value("kavkaz/articles_parsed")
        for name in missing:
            self.crawler.stats.inc_value(f"kavkaz/empty/{name}")
        for name in missing:
            if not any(w.startswith(f"{name}:") for w in adapter["warnings"]):
                adapter["warnings"].append(f"{name}: not found")
        if missing:
            self.crawler.stats.inc_value("kavkaz/incomplete_articles")
        return item
