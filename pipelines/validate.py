"""ValidatePipeline: required fields and types; nothing incomplete is dropped silently."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.record import LIST_FIELDS, Failure
from crawler.signals import page_failed

EXPECTED = ("headline", "published_at", "body")


class ValidatePipeline:
    """An article without url, lang or id cannot be stored: it is dropped and recorded as a failure (signal
    crawler.signals.page_failed), not lost.
    One missing its headline, date or body is stored with a warning naming the field. Lists are lists.
    Reads no settings; counts `kavkaz/articles_parsed`, `kavkaz/empty/<field>` and `kavkaz/disputed/<field>`
    (a warning where two signals of the page disagreed) for the coverage check.
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        failure = validate_record(adapter)
        if failure:
            self.crawler.signals.send_catch_log(signal=page_failed, failure=failure)
            raise DropItem(failure["error"])
        missing = [name for name in EXPECTED if not adapter.get(name)]
        self.crawler.stats.inc_value("kavkaz/articles_parsed")
        for name in missing:
            self.crawler.stats.inc_value(f"kavkaz/empty/{name}")
        for name in disputed_fields(adapter.get("warnings") or []):
            self.crawler.stats.inc_value(f"kavkaz/disputed/{name}")
        if missing:
            self.crawler.stats.inc_value("kavkaz/incomplete_articles")
        return item


def disputed_fields(warnings: list[str]) -> set[str]:
    """The fields whose signals disagreed (`headline: <h1> 'A' != og:title 'B'`)."""
    return {warning.split(":", 1)[0] for warning in warnings if " != " in warning}


def validate_record(record: Any) -> Failure | None:
    """Check an article record in place; returns a Failure when it cannot be stored at all."""
    if not record.get("url") or record.get("lang") not in ("en", "ru") or not isinstance(record.get("article_id"), int):
        return Failure(url=record.get("fetched_url") or record.get("url") or "?",
                       fetched_url=record.get("fetched_url"), lang=record.get("lang"),
                       article_id=record.get("article_id"), status=record.get("http_status"),
                       error="page parsed without a canonical url, language or id")
    for name in LIST_FIELDS:
        if not isinstance(record.get(name), list):
            record[name] = [] if record.get(name) is None else [record[name]]
    for name in EXPECTED:
        if not record.get(name) and not any(w.startswith(f"{name}:") for w in record["warnings"]):
            record["warnings"].append(f"{name}: not found")
    return None
