"""The baseline crawler: a bare Scrapy spider that fetches /articles/1..N and discards the pages.

Same downloader settings as `kavkaz crawl --delay 0 --concurrency C`; no parsing, no pipelines, no database.
`python -m benchmarks.bare_spider BASE_URL N CONCURRENCY`
"""

import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, base_url: str, count: int, **kwargs):
        super().__init__(**kwargs)
        self.base_url, self.count = base_url, count

    async def start(self):
        for article_id in range(1, self.count + 1):
            yield scrapy.Request(f"{self.base_url}/articles/{article_id}", callback=self.parse, errback=self.discard)

    def parse(self, response):
        return None

    def discard(self, failure):
        return None


if __name__ == "__main__":
    base_url, count, concurrency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    process = CrawlerProcess({
        "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False, "HTTPERROR_ALLOW_ALL": False,
    })
    process.crawl(BareSpider, base_url=base_url, count=count)
    process.start()
