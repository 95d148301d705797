"""Page parsers: pure functions from (url, html) to a record (docs/record.md). No network, no Scrapy.

    from crawler.parsers import parse_page
    record = parse_page("https://caucasianknot.info/articles/57654", open("page.html", "rb").read())
"""

from __future__ import annotations

from crawler.parsers.article import ERAS, parse_article
from crawler.parsers.blocks import extract_blocks
from crawler.parsers.listing import parse_listing
from crawler.record import Article, Listing
from crawler.urls import article_id_from_url, is_listing_url

PARSER_VERSION = "1"

__all__ = ["ERAS", "PARSER_VERSION", "parse_article", "parse_listing", "parse_page", "extract_blocks"]


def parse_page(url: str | None, source: str | bytes) -> Article | Listing:
    """Detect the page kind from the URL (else from the content) and parse it."""
    if url and article_id_from_url(url) is not None:
        return parse_article(url, source)
    if url and is_listing_url(url):
        return parse_listing(url, source)
    record = parse_article(url, source)
    if record["published_at"] is None or record["headline"] is None:
        listing = parse_listing(url, source)
        if len(listing["items"]) >= 2:
            return listing
    return record
