"""ValidatePipeline: required fields and types; nothing incomplete is dropped silently (the rules:
`crawler.prepare.validate_record`)."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler.parsers.evidence import statuses
from crawler.prepare import EXPECTED, disputed_fields, validate_record
from crawler.signals import page_failed


class ValidatePipeline:
    """An article without url, lang or id cannot be stored: it is dropped and recorded as a failure (signal
    crawler.signals.page_failed), not lost.
    One missing its headline, date or body is stored with a warning naming the field. Lists are lists.
    Reads no settings; counts `kavkaz/articles_parsed`, `kavkaz/empty/<field>` and `kavkaz/disputed/<field>`
    (a warning where two signals of the page disagreed) and `kavkaz/evidence/<status>/<field>` (the record's
    evidence: confirmed, unconfirmed, disputed, missing) for the coverage check.
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
        for name, status in statuses(adapter.get("evidence")).items():
            self.crawler.stats.inc_value(f"kavkaz/evidence/{status}/{name}")
        if missing:
            self.crawler.stats.inc_value("kavkaz/incomplete_articles")
        return item
