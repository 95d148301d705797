"""Page parsers: pure functions from (url, html) to a record (docs/record.md). No network, no Scrapy.

    from crawler.parsers import parse_page
    record = parse_page("https://caucasianknot.info/articles/57654", open("page.html", "rb").read())
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import TypeVar

from crawler.parsers.article import ERAS, parse_article
from crawler.parsers.blocks import extract_blocks
from crawler.parsers.listing import parse_listing
from crawler.parsers.profile import SiteProfile
from crawler.record import Article, Listing
from crawler.urls import article_id_from_url, is_listing_url

__all__ = ["ERAS", "ParseError", "extract_blocks", "parse_article", "parse_bounded", "parse_listing",
           "parse_page"]
T = TypeVar("T")


class ParseError(Exception):
    """A page the parser could not read (an exception, or more than the time allowed): the reason, one line."""


class _Timeout(BaseException):  # BaseException: no `except Exception` inside a parser can swallow it
    pass


_armed = [False]  # the timer counts only while the parse runs (a late signal after it returned is ignored)


def _on_alarm(signum: int, frame: object) -> None:
    if _armed[0]:
        raise _Timeout


def parse_bounded(parse: Callable[[str | None, str | bytes], T], url: str | None, source: str | bytes,
                  seconds: float) -> T:
    """`parse(url, source)`, bounded in time (a SIGALRM timer, in the main thread — where a crawl parses) and
    with any exception turned into ParseError, so that no page can take a crawl down or stall it. The bound is the
    caller's (settings.KAVKAZ_PARSE_SECONDS): parsers read no settings; 0 means unbounded."""
    timed = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous = None
    if timed:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        if timed:  # inside the try: a timer that fires at once is a timeout too, never an escaped _Timeout
            _armed[0] = True
            signal.setitimer(signal.ITIMER_REAL, seconds)
        return parse(url, source)
    except _Timeout:
        raise ParseError(f"parsing took longer than {seconds:g}s") from None
    except (Exception, RecursionError) as exc:  # recorded by the caller as a failure, with the raw page
        message = " ".join(str(exc).split())[:300]
        raise ParseError(f"parser error: {type(exc).__name__}: {message}") from exc
    finally:
        if timed:
            _armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def parse_page(url: str | None, source: str | bytes, *, profile: SiteProfile | None = None) -> Article | Listing:
    """Detect the page kind from the URL (else from the content) and parse it (an article with the learned
    `profile` of its site, when given)."""
    if url and article_id_from_url(url) is not None:
        return parse_article(url, source, profile=profile)
    if url and is_listing_url(url):
        return parse_listing(url, source)
    record = parse_article(url, source, profile=profile)
    if record["published_at"] is None or record["headline"] is None:
        listing = parse_listing(url, source)
        if len(listing["items"]) >= 2:
            return listing
    return record
