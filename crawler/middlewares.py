"""Downloader middlewares of kavkaz: retries with backoff, no redirects off the site, robots.txt for every request.

All are enabled in settings.DOWNLOADER_MIDDLEWARES.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object
from scrapy.utils.response import response_status_message
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None when absent or invalid."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdecimal():  # (not isdigit: `²` is a digit float() refuses)
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryScheduled(IgnoreRequest):
    """Not an error: this request's retry waits outside the downloader and will be scheduled when due."""


class BackoffRetryMiddleware:
    """Retries failed downloads with exponential backoff, honouring Retry-After.

    Replaces Scrapy's RetryMiddleware. A retryable status (RETRY_HTTP_CODES) or network error is retried at
    most RETRY_TIMES times, after `KAVKAZ_BACKOFF_BASE * 2**(n-1)` seconds (with jitter), or after the
    response's Retry-After when it gives one, capped at KAVKAZ_BACKOFF_MAX. A 429 or 503 also raises the
    download slot's delay to the Retry-After, which slows the whole crawl of that host, not just one URL;
    AutoThrottle brings the delay back down as healthy responses return.

    A waiting retry holds no download slot: the request leaves the downloader at once (its errback sees
    `RetryScheduled`, which the spider ignores), and its retry enters the scheduler when the wait is over, so
    other pages and hosts keep downloading meanwhile. The spider is kept open while retries wait. Requests
    without an errback (robots.txt) wait in place, as Scrapy's own retries would.
    """

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.retry_http_codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}
        # Scrapy's own list (RETRY_EXCEPTIONS): it names the exception types of the installed version (2.19 wraps
        # Twisted's connection errors in scrapy.exceptions.Download*Error).
        self.retry_exceptions = tuple(
            load_object(name) if isinstance(name, str) else name for name in settings.getlist("RETRY_EXCEPTIONS"))
        self.backoff_base = settings.getfloat("KAVKAZ_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("KAVKAZ_BACKOFF_MAX")
        self.waiting = 0  # retries waiting for their turn

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        return middleware

    def spider_idle(self) -> None:
        if self.waiting:
            raise DontCloseSpider

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        if response.status in (429, 503) and retry_after is not None:
            self._slow_down(request, min(retry_after, self.backoff_max))
        retry = await self._retry(request, response_status_message(response.status), retry_after)
        return retry or response

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if request.meta.get("dont_retry") or not isinstance(exception, self.retry_exceptions):
            return None
        return await self._retry(request, exception, None)

    def backoff(self, retry_times: int, retry_after: float | None) -> float:
        """The wait before retry number `retry_times` (1-based)."""
        if retry_after is not None:
            return min(retry_after, self.backoff_max)
        delay = self.backoff_base * 2 ** (retry_times - 1)
        return min(delay * random.uniform(0.8, 1.2), self.backoff_max)

    async def _retry(self, request: Request, reason, retry_after: float | None) -> Request | None:
        retry = get_retry_request(request, spider=self.crawler.spider, reason=reason)
        if retry is None:
            return None
        delay = self.backoff(retry.meta["retry_times"], retry_after)
        self.crawler.stats.inc_value("kavkaz/backoff_seconds", delay)
        if delay <= 0:
            return retry
        if request.errback is None:
            await asyncio.sleep(delay)
            return retry
        self._schedule_later(retry, delay)
        raise RetryScheduled(f"retry {retry.meta['retry_times']} of {request.url} in {delay:.1f}s")

    def _schedule_later(self, retry: Request, delay: float) -> None:
        from twisted.internet import reactor

        self.waiting += 1

        def due() -> None:
            self.waiting -= 1
            engine = self.crawler.engine
            if engine is not None and engine.running and self.crawler.spider is not None:
                engine.crawl(retry)

        reactor.callLater(delay, due)

    def _slow_down(self, request: Request, delay: float) -> None:
        downloader = self.crawler.engine.downloader if self.crawler.engine else None
        if downloader is None:
            return
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is None or delay <= slot.delay:
            return
        logger.info("%s asked us to wait %.1fs: slowing the crawl of this host down", request.url, delay)
        previous, slot.delay = slot.delay, delay
        self.crawler.stats.set_value("kavkaz/slowed_down_to", delay)

        def restore() -> None:
            # AutoThrottle, when on, lowers the delay by itself; without it, the window simply ends.
            if slot.delay == delay:
                slot.delay = previous

        from twisted.internet import reactor

        reactor.callLater(delay, restore)


class OffsiteRedirect(IgnoreRequest):
    """A redirect to a host that the spider does not crawl."""


REDIRECT_STATUSES = (301, 302, 303, 307, 308)


class _RedirectCheck:
    """A downloader middleware that looks at every 3xx before RedirectMiddleware follows it: `check` raises an
    IgnoreRequest subclass to fail the request (the spider's errback records it), or lets it pass."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _RedirectCheck:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status in REDIRECT_STATUSES and location:
            self.check(request, urljoin(request.url, location.decode("latin-1")))
        return response

    def check(self, request: Request, target: str) -> None:
        raise NotImplementedError


class OffsiteRedirectMiddleware(_RedirectCheck):
    """Refuses redirects to hosts outside the spider's `allowed_domains`.

    Scrapy checks redirected requests against allowed_domains only when they are not `dont_filter`, and
    retries are; this checks every 3xx, and fails the request with OffsiteRedirect. Reads no settings; uses
    spider.allowed_domains.
    """

    def check(self, request: Request, target: str) -> None:
        host = (urlsplit(target).hostname or "").lower()
        allowed = [d.lower() for d in getattr(self.crawler.spider, "allowed_domains", None) or []]
        if allowed and not any(host == d or host.endswith("." + d) for d in allowed):
            self.crawler.stats.inc_value("kavkaz/offsite_redirects")
            raise OffsiteRedirect(f"redirect to offsite host {host} ({target})")


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL of its own chain."""


class RedirectLoopMiddleware(_RedirectCheck):
    """Fails a request whose 3xx points back to a URL it already went through (A → B → A): Scrapy's duplicate
    filter would drop the repeated URL without a word, and the article would be lost with no failure to retry."""

    def check(self, request: Request, target: str) -> None:
        target = target.split("#", 1)[0]
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            self.crawler.stats.inc_value("kavkaz/redirect_loops")
            raise RedirectLoop(f"redirect loop: {' → '.join([*chain, target])}")


class _WithoutReferer:
    """Scrapy's redirect middlewares, for a crawl that sends no Referer (settings.py disables RefererMiddleware): a
    redirect drops it — what Scrapy does then anyway — without Scrapy's warning about the missing middleware on
    every crawl (its from_crawler connects the check that only warns; this one does not)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        middleware = cls(crawler.settings)  # type: ignore[call-arg]
        middleware.crawler = crawler
        return middleware

    def handle_referer(self, request: Request, response: Response) -> None:
        request.headers.pop("Referer", None)


class RedirectWithoutReferer(_WithoutReferer, RedirectMiddleware):
    """HTTP redirects (see _WithoutReferer)."""


class MetaRefreshWithoutReferer(_WithoutReferer, MetaRefreshMiddleware):
    """`<meta http-equiv="refresh">` redirects (see _WithoutReferer)."""


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every waiting request given the rules.

    In Scrapy 2.19 the requests that arrive while robots.txt is being fetched await one shared Deferred; Twisted's
    `asFuture` passes None down that Deferred's callback chain, so only the first waiter gets the parser and the
    others see None — "no robots.txt" — and are allowed whatever the rules say (`--ids 1-3` fetched a disallowed
    `/articles/3`). By the time any waiter resumes, the parser is stored for its host: take it from there.
    """

    async def robot_parser(self, request: Request):  # type: ignore[override]
        parser = await super().robot_parser(request)
        if parser is None:
            known = self._parsers.get(urlparse_cached(request).netloc)
            if known is not None and not isinstance(known, Deferred):
                return known
        return parser

    # RFC 9309 §2.3.1.4: a robots.txt that cannot be reached (a server error after the retries, a timeout, a refused
    # connection) means "disallow everything" — Scrapy would allow everything. The pages are recorded as failures
    # ("robots.txt unreachable …") and retried by later runs with their backoff; a 4xx still means "no rules".

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:  # type: ignore[override]
        if response.status >= 500:
            self._unreachable(netloc, f"HTTP {response.status}")
            return
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._unreachable(netloc, type(exc).__name__)

    def _unreachable(self, netloc: str, reason: str) -> None:
        self._stats.inc_value("robotstxt/unreachable")
        parser = Unreachable(reason)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)

    def process_request_2(self, rp: Any, request: Request) -> None:
        if isinstance(rp, Unreachable):
            raise IgnoreRequest(f"robots.txt unreachable ({rp.reason}): nothing is fetched from the host until it "
                                "answers; retried by the next runs")
        super().process_request_2(rp, request)


class Unreachable:
    """The rules of a host whose robots.txt could not be read: nothing is allowed."""

    def __init__(self, reason: str):
        self.reason = reason

    def allowed(self, url: str, user_agent: str | bytes) -> bool:
        return False
