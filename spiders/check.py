"""The `check` spider: a small, polite sample of a site's listing and article pages, parsed, nothing stored.

`kavkaz check` runs it before a day-long crawl of the live site or of a new mirror: it walks the first listing
pages (`listings`, default KAVKAZ_LISTINGS) until it has `sample` article links, fetches those articles, and
yields the parsed records (articles and listings) for the command to judge. The same settings as a crawl apply
(robots.txt, AutoThrottle, the delay, the User-Agent); the database pipelines and the job extension do not.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

import settings as defaults
from crawler.parsers import parse_article, parse_listing
from crawler.urls import article_key, canonical_article_url, host_language, rebase

MAX_LISTING_PAGES = 5


class CheckSpider(scrapy.Spider):
    name = "check"
    custom_settings = {"ITEM_PIPELINES": {}, "EXTENSIONS": {"crawler.job.CrawlJob": None}}

    def __init__(self, base_url: str = defaults.KAVKAZ_BASE_URL, sample: int | str = 20,
                 listings: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.sample = int(sample)
        self.listings = [p.strip() for p in (listings or defaults.KAVKAZ_LISTINGS).split(",") if p.strip()]
        host = urlsplit(self.base_url).hostname or ""
        self.lang = host_language(host) or "en"
        self.allowed_domains = [host]
        self.requested: set[int] = set()
        self.listing_pages = 0

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for path in self.listings:
            yield scrapy.Request(rebase(path, self.base_url), callback=self.parse_listing_page)

    def parse_listing_page(self, response: Response) -> Iterator[Any]:
        self.listing_pages += 1
        listing = parse_listing(response.url, response.text) if hasattr(response, "text") else None
        if listing is None:
            return
        yield {"kind": "listing", "url": response.url, "items": len(listing["items"]),
               "warnings": listing["warnings"]}
        for item in listing["items"]:
            key = article_key(item["url"] or "", self.lang)
            if key is None or key[1] in self.requested or len(self.requested) >= self.sample:
                continue
            self.requested.add(key[1])
            yield scrapy.Request(rebase(f"/articles/{key[1]}", self.base_url), callback=self.parse_article_page,
                                 meta={"article_id": key[1]}, priority=10)
        next_page = listing.get("next_page")
        if next_page and len(self.requested) < self.sample and self.listing_pages < MAX_LISTING_PAGES:
            yield scrapy.Request(rebase(next_page, self.base_url), callback=self.parse_listing_page)

    def parse_article_page(self, response: Response) -> Iterator[Any]:
        if not hasattr(response, "text"):
            return
        url = canonical_article_url(self.lang, response.meta["article_id"])
        yield parse_article(url, response.text)
