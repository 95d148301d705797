"""The crawl's stats collector: Scrapy's in-memory one without its per-access deprecation shim.

Scrapy 2.13+ routes *every* attribute access on the stats collector through a Python `__getattribute__` that looks
for a cached wrapper first (an AttributeError raised and caught on each miss, `self._stats` included), to warn
about the deprecated `spider` argument. A crawl calls the stats a dozen times per page; the shim was 2% of the
crawl's CPU (py-spy, docs/benchmarks.md). Plain attribute access is kept: the methods still accept `spider`,
so scrapy-redis, which passes it, logs no deprecation warning either.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    __getattribute__ = object.__getattribute__
