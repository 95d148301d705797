"""How a spider hands what it fetched to the store without yielding it as an item: raw pages and failures, sent as
signals (crawler/signals.py) that the write pipeline keeps in the transaction of its batch. A mixin of
`KnotSpider`; it needs the spider's `lang`, `crawler`, `keep_raw` and `known_failure_ids`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.middlewares import RetryScheduled
from crawler.record import PageFailure, RawPage
from crawler.signals import page_failed, page_fetched
from crawler.urls import CANONICAL_BASE, canonical_article_url, split_url

HTML_TYPES = (b"text/html", b"application/xhtml+xml")
BLOCKED_IN_A_ROW = 10  # challenge or login pages in a row that stop a run


class PageHandover:
    """Raw pages (`keep_page`) and failures (`fail`, `on_error`) to the store, under canonical URLs."""

    lang: str
    keep_raw: bool
    crawler: Any
    known_failure_ids: Any
    _blocked_in_a_row: int

    def _on_blocked(self, response: Response, reason: str) -> None:
        """A challenge or login page instead of the article: kept raw, recorded as a failure ("blocked: …"); a run
        that meets BLOCKED_IN_A_ROW of them stops (the site is blocking us: nothing more to learn from it)."""
        article_id = response.meta.get("article_id")
        self.crawler.stats.inc_value("kavkaz/blocked")
        self.keep_page(response, "article", article_id=article_id)
        self.fail(response.url, response.status, f"blocked: {reason}", article_id)
        self._blocked_in_a_row += 1
        if self._blocked_in_a_row == BLOCKED_IN_A_ROW:
            message = (f"the site is blocking the crawler: {BLOCKED_IN_A_ROW} pages in a row were a challenge or a "
                       f"login page ({reason}); nothing of them was stored, try again later")
            self.crawler.stats.set_value("kavkaz/fatal_error", message)
            self.logger.error("%s", message)
            self.crawler.engine.close_spider(self, "blocked")

    def on_error(self, failure: Failure) -> None:
        """A request that ended in an error: recorded as a failure (404s too, counted as missing ids)."""
        if failure.check(RetryScheduled):
            return  # not an error: the retry is waiting for its turn (crawler.middlewares)
        request = failure.request
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
            error = f"HTTP {status}"
            if status == 404 and request.meta.get("article_id"):
                self.crawler.stats.inc_value("kavkaz/missing")  # a missing id: recorded, not a failure
        elif failure.check(IgnoreRequest) and "robots.txt unreachable" in failure.getErrorMessage():
            error = failure.getErrorMessage()  # a failure: retried by later runs once robots.txt answers
        elif failure.check(IgnoreRequest) and "robots.txt" in failure.getErrorMessage():
            error = "forbidden by robots.txt"
            self.crawler.stats.inc_value("kavkaz/forbidden")  # skipped on purpose: recorded, not a failure
        else:
            error = f"{failure.type.__name__}: {failure.getErrorMessage()}"
        if request.meta.get("article_id") in self.known_failure_ids and status != 404:
            self.crawler.stats.inc_value("kavkaz/known_failures")  # failed before, failed again: not news
        self.fail(request.url, status, error, request.meta.get("article_id"))

    def keep_page(self, response: Response, page_kind: str, record: Any = None, article_id: int | None = None) -> None:
        """Hand the response as fetched to the store (KAVKAZ_RAW_PAGES; `kavkaz crawl --no-raw` turns it off)."""
        if not getattr(self, "keep_raw", True):
            return
        article_id = record["article_id"] if record else article_id
        page = RawPage(
            url=record["url"] if record else (canonical_article_url(self.lang, article_id) if article_id
                                              else self.canonical_page_url(response.url)),
            final_url=response.url,
            page_kind=page_kind,
            lang=self.lang,
            article_id=article_id,
            status=response.status,
            headers={k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()},
            fetched_at=record["fetched_at"] if record else datetime.now(UTC).isoformat(timespec="seconds"),
            body=response.body,
        )
        self.crawler.signals.send_catch_log(signal=page_fetched, page=page)

    def canonical_page_url(self, url: str) -> str:
        """A page of the crawled host under the site's canonical host (listings fetched from a mirror or a local
        server), so that a failure and the later success of the same page share one key."""
        parts = split_url(url)
        if parts is None:
            return url
        return CANONICAL_BASE[self.lang] + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def fail(self, url: str, status: int | None, error: str, article_id: int | None = None) -> None:
        """Hand a failed page to the store (crawler.signals.page_failed)."""
        failure = PageFailure(
            url=canonical_article_url(self.lang, article_id) if article_id else self.canonical_page_url(url),
            fetched_url=url,
            lang=self.lang,
            article_id=article_id,
            status=status,
            error=error,
        )
        self.crawler.signals.send_catch_log(signal=page_failed, failure=failure)

    @staticmethod
    def _is_html(response: Response) -> bool:
        content_type = (response.headers.get("Content-Type") or b"text/html").lower()
        return any(kind in content_type for kind in HTML_TYPES) and hasattr(response, "text")
