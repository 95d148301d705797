"""The crawl's progress display: a live status line on a terminal, plain log lines otherwise.

Settings: KAVKAZ_PROGRESS (`auto`: a live line when stderr is a terminal, else log lines; `tty`; `log`; `off`)
and KAVKAZ_PROGRESS_INTERVAL (seconds between updates; default 0.5 on a terminal, 30 in logs).
The counts come from the crawl stats that the write pipeline keeps (`kavkaz/articles_new`, …).
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)


def progress_counts(stats: dict[str, Any]) -> dict[str, int]:
    """The figures a user follows, from Scrapy's and our stats (also used for the final summary)."""
    return {
        "pages": int(stats.get("response_received_count", 0)),
        "new": int(stats.get("kavkaz/articles_new", 0)),
        "updated": int(stats.get("kavkaz/articles_updated", 0)),
        "unchanged": int(stats.get("kavkaz/articles_unchanged", 0)),
        "failed": int(stats.get("kavkaz/failures", 0)),
        "retries": int(stats.get("retry/count", 0)),
    }


class ProgressExtension:
    """Prints crawl progress (see the module docstring for the settings it reads)."""

    def __init__(self, crawler: Crawler, mode: str, interval: float | None):
        self.crawler = crawler
        self.mode = mode
        self.interval = interval or (0.5 if mode == "tty" else 30.0)
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.spider: Spider | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        mode = crawler.settings.get("KAVKAZ_PROGRESS")
        if mode == "off":
            raise NotConfigured
        if mode == "auto":
            mode = "tty" if sys.stderr.isatty() else "log"
        extension = cls(crawler, mode, crawler.settings.getfloat("KAVKAZ_PROGRESS_INTERVAL") or None)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.spider = spider
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=False)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        if self.mode == "tty":
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def line(self) -> str:
        counts = progress_counts(self.crawler.stats.get_stats())
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = counts["pages"] / elapsed
        text = (
            f"{counts['pages']} pages ({rate:.1f}/s) | articles {counts['new']} new, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged | {counts['failed']} failed, {counts['retries']} retries"
        )
        total = getattr(self.spider, "total_expected", None)
        if total and rate > 0:
            remaining = max(total - counts["pages"], 0) / rate
            text += f" | {min(counts['pages'], total)}/{total}, ETA {_duration(remaining)}"
        return text

    def show(self) -> None:
        if self.mode == "tty":
            sys.stderr.write("\r\033[K" + self.line()[:200])
            sys.stderr.flush()
        else:
            logger.info("progress: %s", self.line())


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m{rest % 60:02d}s"
