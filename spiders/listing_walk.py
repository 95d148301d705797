"""How a listing page is walked, in steps (a mixin of `KnotSpider`): read it (or retry a truncated one), follow
its items within the date window until a stored one (incremental runs), follow what else it links
(`_follow_extras`: the Russian blog posts), then its next page unless the walk is done.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response

from crawler.parsers import ParseError, parse_bounded, parse_listing
from crawler.urls import article_key, rebase


class ListingWalk:
    """`parse_listing_page` and its steps; the spider provides the requests, the mode, the window and the plan."""

    lang: str
    mode: str
    since: date | None
    until: date | None
    base_url: str
    parse_seconds: float
    known_ids: Any
    crawler: Any

    def parse_listing_page(self, response: Response) -> Iterator[Any]:
        """A listing page, in steps: read it, follow its items, follow what else it links, then its next page."""
        listing = yield from self._read_listing(response)
        if listing is None:
            return
        in_range, reached_known = yield from self._follow_items(listing, response)
        reached_known = (yield from self._follow_extras(listing)) or reached_known
        reached_since = bool(self.since and in_range == 0 and listing["items"])
        next_page = listing.get("next_page")
        shows_something = listing["items"] or listing.get("blog_posts")
        if next_page and shows_something and not reached_since and not reached_known:
            yield self._listing_request(rebase(next_page, self.base_url))

    def _read_listing(self, response: Response) -> Generator[Any, None, Any]:
        """The parsed listing, or None: a page that is not HTML or cannot be parsed is a recorded failure; a
        truncated or empty one (it would end the walk early) is tried again first."""
        if not self._is_html(response):
            self.fail(response.url, response.status, "not an HTML page")
            return None
        if b"</html" not in response.body[-4096:].lower():
            retry = get_retry_request(response.request, spider=self, reason="listing page truncated or empty")
            if retry is not None:
                retry.meta.pop("download_latency", None)
                yield retry
            else:
                self.fail(response.url, response.status, "listing page truncated or empty")
            return None
        self.keep_page(response, "listing")
        try:
            return parse_bounded(self._parse_listing, response.url, response.text, self.parse_seconds)
        except ParseError as exc:
            self.crawler.stats.inc_value("kavkaz/parse_errors")
            self.fail(response.url, response.status, str(exc))
            return None

    def _follow_items(self, listing: Any, response: Response) -> Generator[Any, None, tuple[int, bool]]:
        """Requests for the listing's articles within the date window; an incremental walk skips the stored ones
        (newest first: from the first stored one on, the rest is stored too). Returns (items in the window, a
        stored one reached)."""
        in_range = 0
        reached_known = False
        for item in listing["items"]:
            published = _date_of(item.get("published_at"))
            if published and ((self.since and published < self.since) or (self.until and published > self.until)):
                continue
            in_range += 1
            key = article_key(item.get("url") or "", default_lang=self.lang)
            if self.mode == "incremental" and key and key[1] in self.known_ids:
                reached_known = True
                continue
            request = self._request_for_link(item.get("url"))
            if request is not None:
                if listing["title"]:
                    request.meta["listing"] = (urlsplit(response.url).path, listing["title"])
                yield request
        return in_range, reached_known

    def _follow_extras(self, listing: Any) -> Generator[Any, None, bool]:
        """What else a listing links that the crawl keeps (the Russian spider: reader blog posts). Returns whether
        the walk reached what is stored."""
        return False
        yield  # a generator, like its overrides

    def _parse_listing(self, url: str | None, source: str | bytes) -> Any:
        return parse_listing(url, source, lang=self.lang)


def _date_of(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).date()
    except ValueError:
        return None
