"""A full crawl's second half (a mixin of `KnotSpider`): once the listings are exhausted, the ids that no listing
covered are fetched, GAP_BATCH at a time, so that the scheduler never holds more than that many; with no readable
listing at all, the ids are probed upward a batch at a time until a whole batch finds no article."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from typing import Any

import scrapy
from scrapy.exceptions import DontCloseSpider

GAP_BATCH = 1000


class GapProbing:
    mode: str
    since: date | None
    until: date | None
    id_range: tuple[int, int] | None
    max_seen_id: int
    crawler: Any
    logger: Any
    _gaps: Iterator[scrapy.Request] | None
    _probing: bool
    _found_in_batch: int

    def _on_idle(self, spider: scrapy.Spider) -> None:
        """In full mode, once the listings are exhausted, fetch the ids that no listing covered — GAP_BATCH at a
        time, so that the scheduler never holds more than that many of them."""
        if self.mode not in ("full", "auto"):
            return
        if self._gaps is None:
            if (self.since or self.until) and not self.id_range:
                return  # a date-bounded crawl is bounded by its listings: ids carry no date
            first, last = self.id_range or (1, self.max_seen_id)
            if last == 0:
                if not self.crawler.stats.get_value("response_received_count"):
                    return  # the server answered nothing at all: nothing to probe
                # No listing could be read (it failed, or shows no links): the highest id is unknown. Probe the ids
                # upward a batch at a time, until a whole batch finds no article.
                self.logger.warning("no listing page could be read; probing article ids from 1 upward")
                self._probing = True
                self._gaps = (r for r in map(self.article_request, itertools.count(1)) if r is not None)
            else:
                self.logger.info("listings done; fetching the ids %d-%d that no listing covered", first, last)
                self._gaps = self._id_requests(first, last)
        elif self._probing and self._found_in_batch == 0:
            return  # a whole batch of missing ids: past the end of the archive
        self._found_in_batch = 0
        scheduled = 0
        for request in itertools.islice(self._gaps, GAP_BATCH):
            self.crawler.engine.crawl(request)
            scheduled += 1
        if scheduled:
            raise DontCloseSpider
