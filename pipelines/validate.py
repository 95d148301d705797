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
        failure = validate_record(adapter)
        if failure:
            return failure
        missing = [name for name in EXPECTED if not adapter.get(name)]
        self.crawler.stats.inc_value("kavkaz/articles_parsed")
        for name in missing:
            self.crawler.stats.inc_value(f"kavkaz/empty/{name}")
        if missing:
            self.crawler.stats.inc_value("kavkaz/incomplete_articles")
        return item


def validate_record(record: Any) -> dict | None:
    """Check an article record in place; returns a failure item when it cannot be stored at all."""
    if not record.get("url") or record.get("lang") not in ("en", "ru") or not isinstance(record.get("article_id"), int):
        return {"kind": "failure", "url": record.get("fetched_url") or record.get("url") or "?",
                "fetched_url": record.get("fetched_url"), "lang": record.get("lang"),
                "article_id": record.get("article_id"), "status": record.get("http_status"),
                "error": "page parsed without a canonical url, language or id"}
    for name in LISTS:
        if not isinstance(record.get(name), list):
            record[name] = [] if record.get(name) is None else [record[name]]
    for name in EXPECTED:
        if not record.get(name) and not any(w.startswith(f"{name}:") for w in record["warnings"]):
            record["warnings"].append(f"{name}: not found")
    return None
