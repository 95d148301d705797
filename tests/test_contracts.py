"""The contracts of crawler/contracts.py held against the real components: a renamed attribute or method of a
spider, or a pipeline that stops listening to the job's stop, fails here instead of in a crawl."""

from __future__ import annotations

import inspect
import sqlite3
import typing

import pytest
from scrapy.utils.test import get_crawler

from crawler.contracts import CrawlPlan, PlannedSpider, ReclaimingSpider, RunDescription
from crawler.idset import IdSet
from crawler.signals import stop_now
from pipelines.write import WritePipeline
from spiders.check import CheckSpider
from spiders.en_archive import EnArchiveSpider
from spiders.ru_archive import RuArchiveSpider
from tests.crawling import project_settings

BASE = "http://127.0.0.1:9"


def _spider(spider_class, tmp_path, **arguments):
    crawler = get_crawler(spider_class, project_settings(KAVKAZ_PARSE_WORKERS=0, EXTENSIONS={},
                                                         KAVKAZ_DB=str(tmp_path / "k.db")))
    spider = spider_class.from_crawler(crawler, base_url=BASE, **arguments)
    crawler.spider = spider
    return crawler, spider


def _members(protocol) -> tuple[list[str], dict[str, object]]:
    """The protocol's attributes and its methods."""
    methods = {name: value for name, value in vars(protocol).items()
               if inspect.isfunction(value) and not name.startswith("_")}
    return list(typing.get_type_hints(protocol)), methods


@pytest.mark.parametrize("spider_class", [EnArchiveSpider, RuArchiveSpider])
@pytest.mark.parametrize("protocol", [PlannedSpider, RunDescription, ReclaimingSpider])
def test_the_archive_spiders_keep_every_contract(spider_class, protocol, tmp_path):
    _, spider = _spider(spider_class, tmp_path, mode="ids", ids="1-3")
    attributes, methods = _members(protocol)
    for name in [*attributes, *methods]:
        assert hasattr(spider, name), f"{spider_class.__name__} lost {name} ({protocol.__name__})"
    for name, method in methods.items():
        expected = list(inspect.signature(method).parameters)[1:]  # without self
        assert list(inspect.signature(getattr(spider, name)).parameters) == expected, name
    assert isinstance(spider, protocol)


def test_the_check_spider_is_not_planned(tmp_path):
    """The job plans only what asks for a plan: `kavkaz check` samples a site and stores nothing."""
    _, spider = _spider(CheckSpider, tmp_path)
    assert not isinstance(spider, PlannedSpider)


def test_a_plan_decides_what_the_spider_requests(tmp_path):
    """The plan the job hands over is what the spider acts on: resumed ids are never requested, the mode is the
    resolved one, refreshes are requested once."""
    _, spider = _spider(EnArchiveSpider, tmp_path, mode="auto", ids="1-5")
    spider.apply_plan(CrawlPlan(mode="ids", resumed_run=7, skip_ids=IdSet([2, 4]), extra_ids=[4, 9]))
    assert (spider.mode, spider.resumed_run, spider.skipped) == ("ids", 7, 2)
    assert spider.extra_ids == [9], "an id the resumed run stored is not refreshed again"
    requested = [spider.article_request(n) for n in range(1, 6)]
    assert [r.meta["article_id"] for r in requested if r is not None] == [1, 3, 5]


def test_the_job_s_stop_closes_the_run_row_through_the_write_pipeline(tmp_path):
    """crawler.signals.stop_now (sent by the job's bounded stop) reaches the write pipeline: what it held is
    written and the run row is closed as interrupted."""
    crawler, spider = _spider(EnArchiveSpider, tmp_path, mode="ids", ids="1-3")
    pipeline = WritePipeline.from_crawler(crawler)
    pipeline.open_spider()
    crawler.signals.send_catch_log(signal=stop_now)
    connection = sqlite3.connect(tmp_path / "k.db")
    try:
        assert connection.execute("select status from runs").fetchall() == [("interrupted",)]
    finally:
        connection.close()
