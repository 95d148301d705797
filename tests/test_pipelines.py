"""Each pipeline on its own, on records (no crawl): normalise, validate, deduplicate, store."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.parsers import parse_article
from crawler.record import PageFailure, RawPage
from crawler.signals import page_failed, page_fetched
from pipelines.deduplicate import DeduplicatePipeline
from pipelines.normalise import NormalisePipeline
from pipelines.validate import ValidatePipeline
from pipelines.write import WritePipeline
from spiders.en_archive import EnArchiveSpider
from tests.crawling import project_settings, rows

PAGE = ("<html><body><p>01 May 2020, 08:36</p><h1>A  headline\u00a0with   spaces</h1><p>First paragraph.</p>"
        "<p>Second paragraph.</p><p>Source: СK correspondent</p></body></html>")


def _record(article_id: int = 5):
    record = parse_article(f"https://eng.kavkaz-uzel.eu/articles/{article_id}", PAGE)
    record.update(fetched_url=f"http://127.0.0.1/articles/{article_id}", fetched_at="2026-01-01T00:00:00+00:00",
                  http_status=200)
    return record


def _crawler(tmp_path=None):
    # the components alone: no job extension (its lock and plan belong to a whole crawl)
    settings = project_settings(EXTENSIONS={}, **({"KAVKAZ_DB": str(tmp_path / "k.db")} if tmp_path else {}))
    crawler = get_crawler(EnArchiveSpider, settings)
    crawler.spider = EnArchiveSpider.from_crawler(crawler, base_url="http://127.0.0.1:9", mode="ids", ids="1-9")
    return crawler


def test_normalise_collapses_space_keeps_paragraphs_and_recomputes_dates():
    record = _record()
    record["published_at"] = None  # recomputed from the raw string
    NormalisePipeline().process_item(record)
    assert record["headline"] == "A headline with spaces"
    assert record["body"] == "First paragraph.\n\nSecond paragraph."
    assert record["published_at"] == "2020-05-01T08:36:00+03:00"
    assert record["source"] == "CK correspondent", "Cyrillic С folded in the source"


def test_validate_warns_on_empty_fields_and_drops_what_cannot_be_stored():
    crawler = _crawler()
    failures = []
    crawler.signals.connect(lambda failure: failures.append(failure), signal=page_failed, weak=False)
    pipeline = ValidatePipeline.from_crawler(crawler)
    record = _record()
    record["body"] = None
    pipeline.process_item(record)
    assert "body: not found" in record["warnings"]
    assert crawler.stats.get_value("kavkaz/empty/body") == 1
    broken = _record()
    broken["article_id"] = None
    with pytest.raises(DropItem):
        pipeline.process_item(broken)
    assert isinstance(failures[0], PageFailure) and "canonical url" in failures[0]["error"]


def test_deduplicate_drops_the_second_copy_and_hashes_the_content():
    pipeline = DeduplicatePipeline.from_crawler(_crawler())
    first = pipeline.process_item(_record())
    assert len(first["content_hash"]) == 64
    with pytest.raises(DropItem):
        pipeline.process_item(_record())
    changed = _record(6)
    changed["headline"] = "Another"
    assert pipeline.process_item(changed)["content_hash"] != first["content_hash"]


def test_store_writes_articles_pages_and_failures_together_and_closes_the_run(tmp_path):
    crawler = _crawler(tmp_path)
    pipeline = WritePipeline.from_crawler(crawler)
    pipeline.open_spider()
    crawler.signals.send_catch_log(page_fetched, page=RawPage(
        url="https://eng.kavkaz-uzel.eu/articles/5", final_url="http://127.0.0.1/articles/5", page_kind="article",
        lang="en", article_id=5, status=200, headers={}, fetched_at="2026-01-01T00:00:00+00:00", body=PAGE.encode()))
    record = DeduplicatePipeline.from_crawler(crawler).process_item(NormalisePipeline().process_item(_record()))
    pipeline.process_item(record)
    crawler.signals.send_catch_log(page_failed, failure=PageFailure(
        url="https://eng.kavkaz-uzel.eu/articles/6", fetched_url="http://127.0.0.1/articles/6", lang="en",
        article_id=6, status=500, error="HTTP 500"))
    pipeline.close_spider()
    crawler.stats.set_value("finish_reason", "finished")
    pipeline.spider_closed(crawler.spider, "finished")
    db = tmp_path / "k.db"
    assert rows(db, "select article_id, headline, version from articles") == [
        {"article_id": 5, "headline": "A headline with spaces", "version": 1}]
    assert rows(db, "select article_id, kind from pages") == [{"article_id": 5, "kind": "article"}]
    assert rows(db, "select article_id, error, attempts from failures") == [
        {"article_id": 6, "error": "HTTP 500", "attempts": 1}]
    run = rows(db, "select status, new, failed from runs")[0]
    assert run == {"status": "finished", "new": 1, "failed": 1}
