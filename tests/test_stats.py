"""The crawl's stats collector (crawler/stats_collector.py): what the project's settings choose, counting as Scrapy's does,
without Scrapy's per-access deprecation shim."""

from __future__ import annotations

import warnings

import scrapy
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

import settings as project_settings
from crawler.stats_collector import PlainStatsCollector


def test_the_crawl_counts_with_the_plain_collector_and_warns_of_nothing():
    settings = Settings()
    settings.setmodule(project_settings)
    stats = load_object(settings["STATS_CLASS"])(Crawler(scrapy.Spider, settings))  # as Scrapy makes it
    assert type(stats) is PlainStatsCollector, "settings.py's STATS_CLASS"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Scrapy's shim warns when `spider` is passed (scrapy-redis passes it)
        stats.inc_value("kavkaz/articles_new")
        stats.inc_value("kavkaz/articles_new", 2, spider=None)
        stats.set_value("kavkaz/frontier", 1, spider=None)
    assert stats.get_stats() == {"kavkaz/articles_new": 3, "kavkaz/frontier": 1}
    assert "_cached_inc_value" not in vars(stats), "no wrapper cached: attributes are read directly"
