"""The `ru_archive` spider: the Russian archive, walked by `KnotSpider` (spiders/knot.py) with the Russian defaults
— the base URL (KAVKAZ_RU_BASE_URL, `https://www.kavkaz-uzel.eu`), the listings (KAVKAZ_RU_LISTINGS: the news feed
and the reader blog index), the language taken when the base host does not say (a local server) — and what only
the Russian site has:

- **The RSS feed** (KAVKAZ_RU_FEED, `--set KAVKAZ_RU_FEED=` turns it off): incremental runs read it first, and walk
  the news listings only when it does not reach back to a stored article (or cannot be read).
- **Reader blog posts** (`/blogs/<blog>/posts/<post>`), linked from the blog index and from listings: fetched and
  stored apart (`kind` "blog_post"); their ids never count as article ids (no gaps, no probing).

Every Russian mirror and form (`m.`, `amp.`, kavkaz-uzel.media, caucasianknot.com …) collapses to one record per
(`ru`, id), fetched from the base host.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

import settings as defaults
from crawler.middlewares import RetryScheduled
from crawler.urls import article_key, blog_post_key, rebase
from spiders.knot import ARTICLE_PRIORITY, KnotSpider


class RuArchiveSpider(KnotSpider):
    """The Russian archive; arguments and modes in spiders/knot.py."""

    name = "ru_archive"
    default_lang = "ru"
    base_url_setting = "KAVKAZ_RU_BASE_URL"
    listings_setting = "KAVKAZ_RU_LISTINGS"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.feed: str | None = defaults.KAVKAZ_RU_FEED
        self.seen_posts: set[tuple[int, int]] = set()  # blog posts requested (blog_id, post_id)
        self._on_feed, self._on_feed_error = self.parse_feed, self.on_feed_error  # one bound method each

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> RuArchiveSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.feed = crawler.settings.get("KAVKAZ_RU_FEED") or None
        return spider

    # -- the feed -------------------------------------------------------------------------------------

    def _first_requests(self) -> list[scrapy.Request]:
        if self.mode != "incremental" or not self.feed:
            return super()._first_requests()
        feed = scrapy.Request(rebase(self.feed, self.base_url), callback=self._on_feed, errback=self._on_feed_error,
                              meta={"page_kind": "feed"})
        # the feed lists articles only: the blog index is still read
        return [feed, *(self._listing_request(rebase(path, self.base_url)) for path in self.listings
                        if _is_blog_index(path))]

    def _news_listing_requests(self) -> list[scrapy.Request]:
        return [self._listing_request(rebase(path, self.base_url)) for path in self.listings
                if not _is_blog_index(path)]

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """The RSS feed (incremental runs): its new articles; the listings too unless the feed reaches back to an
        article already stored (then everything newer is in the feed)."""
        self.keep_page(response, "feed")
        links = [link.strip() for link in response.xpath("//item/link/text()").getall()] \
            if b"<rss" in response.body[:2048] else []
        keys = [key for key in (article_key(link, default_lang=self.lang) for link in links) if key and key[0] == self.lang]
        self.crawler.stats.set_value("kavkaz/feed_items", len(keys))
        reaches_known = any(key[1] in self.known_ids for key in keys)
        for _, article_id in keys:
            if article_id not in self.known_ids:
                request = self.article_request(article_id)
                if request is not None:
                    yield request
        if not reaches_known:
            self.logger.info("the feed does not reach a stored article: walking the listings too")
            yield from self._news_listing_requests()

    def on_feed_error(self, failure: Failure) -> Iterator[Any]:
        """An unreadable feed: recorded, and the listings are walked instead."""
        self.on_error(failure)
        if not failure.check(RetryScheduled):
            yield from self._news_listing_requests()

    # -- reader blog posts ----------------------------------------------------------------------------

    def _follow_extras(self, listing: Any) -> Generator[Any, None, bool]:
        """The blog posts a listing links (not in an ids or date-bounded job: posts carry no article date or id)."""
        reached_known = False
        if self.mode == "ids" or self.since or self.until:
            return reached_known
        for url in listing.get("blog_posts") or []:
            key = blog_post_key(url)
            if self.mode == "incremental" and key and key[1] in self.known_posts:
                reached_known = reached_known or not listing["items"]  # the blog index: newest first too
                continue
            request = self._request_for_link(url)
            if request is not None:
                yield request
        return reached_known

    def _request_for_link(self, url: str | None) -> scrapy.Request | None:
        post = blog_post_key(url) if url else None
        if post is not None and self._follows(url):
            return self.blog_post_request(*post)
        return super()._request_for_link(url)

    def blog_post_request(self, blog_id: int, post_id: int) -> scrapy.Request | None:
        """The request for a reader blog post; None when already requested. Never touches the article ids."""
        if (blog_id, post_id) in self.seen_posts:
            return None
        self.seen_posts.add((blog_id, post_id))
        return scrapy.Request(rebase(f"/blogs/{blog_id}/posts/{post_id}", self.base_url), callback=self._on_article,
                              errback=self._on_error, priority=ARTICLE_PRIORITY,
                              meta={"page_kind": "blog_post", "blog_post": (blog_id, post_id)})


def _is_blog_index(path: str) -> bool:
    """A listing path that is the reader blogs' index, not a news listing."""
    return path.rstrip("/").endswith("/blogs")
