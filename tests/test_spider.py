"""The spider's callbacks on recorded responses (no network), its error handler, and retries that wait without
holding a download slot (a real crawl against a real server)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionRefusedError
from twisted.python.failure import Failure

from crawler.demo.archive import DemoArchive
from crawler.record import Article, RawPage
from crawler.signals import page_failed, page_fetched
from spiders.en_archive import EnArchiveSpider
from tests.crawling import crawl, project_settings, rows, serve

BASE = "http://127.0.0.1:9"  # never contacted: callbacks get recorded responses


def drain(outputs) -> list:
    """Everything an (async) callback yields, run to its end outside a crawl."""
    async def collect() -> list:
        return [output async for output in outputs]

    return asyncio.run(collect()) if hasattr(outputs, "__aiter__") else list(outputs)


def _spider(**arguments: Any) -> tuple[EnArchiveSpider, dict[str, list]]:
    # parsing in this process (no crawl to close a pool of workers), no job extension (a whole crawl's)
    crawler = get_crawler(EnArchiveSpider, project_settings(KAVKAZ_PARSE_WORKERS=0, EXTENSIONS={}))
    spider = EnArchiveSpider.from_crawler(crawler, base_url=BASE, **arguments)
    crawler.spider = spider
    sent: dict[str, list] = {"pages": [], "failures": []}
    crawler.signals.connect(lambda page: sent["pages"].append(page), signal=page_fetched, weak=False)
    crawler.signals.connect(lambda failure: sent["failures"].append(failure), signal=page_failed, weak=False)
    return spider, sent


def _response(path: str, archive: DemoArchive, **meta: Any) -> Response:
    status, html = archive.render(path.split("?")[0], dict(p.split("=") for p in path.split("?")[1:]))
    request = Request(BASE + path, meta=meta)
    return HtmlResponse(BASE + path, status=status, body=html.encode(), encoding="utf-8", request=request,
                        headers={"Content-Type": "text/html; charset=utf-8"})


def test_an_article_page_yields_its_record_keeps_the_page_and_follows_the_sidebar():
    archive = DemoArchive(seed=3, articles=60)
    article_id = archive.live_ids[10]
    spider, sent = _spider(mode="full")
    output = drain(spider.parse_article_page(_response(f"/articles/{article_id}", archive, article_id=article_id)))
    records = [o for o in output if isinstance(o, Article)]
    requests = [o for o in output if isinstance(o, Request)]
    assert len(records) == 1 and records[0]["article_id"] == article_id
    assert records[0]["headline"] == archive.article(article_id).record()["headline"]
    assert records[0]["fetched_url"] == f"{BASE}/articles/{article_id}" and records[0]["http_status"] == 200
    assert [type(p) for p in sent["pages"]] == [RawPage] and sent["pages"][0]["article_id"] == article_id
    assert requests and all(r.url.startswith(f"{BASE}/articles/") for r in requests), "sidebar links, rebased"
    assert not sent["failures"]


def test_ids_mode_does_not_follow_the_sidebar_and_requests_each_id_once():
    archive = DemoArchive(seed=3, articles=60)
    spider, _ = _spider(mode="ids", ids="1-5")
    first = spider.article_request(3)
    assert first is not None and spider.article_request(3) is None
    article_id = archive.live_ids[5]
    output = drain(spider.parse_article_page(_response(f"/articles/{article_id}", archive, article_id=article_id)))
    assert not [o for o in output if isinstance(o, Request)]


def test_a_listing_page_yields_article_requests_and_the_next_page():
    archive = DemoArchive(seed=3, articles=60)
    spider, sent = _spider(mode="listing")
    output = list(spider.parse_listing_page(_response("/rubric/10", archive)))
    urls = [r.url for r in output]
    assert any("/rubric/10?page=2" in url for url in urls)
    assert sum("/articles/" in url for url in urls) == 20
    assert sent["pages"][0]["page_kind"] == "listing"


def test_a_truncated_article_is_retried_then_recorded_as_a_failure():
    archive = DemoArchive(seed=3, articles=60)
    article_id = archive.live_ids[1]
    spider, sent = _spider(mode="full")
    response = _response(f"/articles/{article_id}", archive, article_id=article_id)
    cut = response.replace(body=response.body[:200])
    (retry,) = drain(spider.parse_article_page(cut))
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    exhausted = cut.replace(request=cut.request.replace(meta={"article_id": article_id, "retry_times": 99}))
    assert drain(spider.parse_article_page(exhausted)) == []
    (failure,) = sent["failures"]
    assert failure["article_id"] == article_id and "no headline" in failure["error"] or "truncated" in failure["error"]


@pytest.mark.parametrize("known", [False, True])
def test_network_errors_are_recorded_even_for_known_failures(known):
    """Regression: a network error on a page whose earlier failure was being retried raised UnboundLocalError
    and wrote no failure row."""
    spider, sent = _spider(mode="incremental")
    if known:
        spider.known_failure_ids = {42}
    failure = Failure(ConnectionRefusedError("refused"))
    failure.request = Request(f"{BASE}/articles/42", meta={"article_id": 42})
    spider.on_error(failure)
    (recorded,) = sent["failures"]
    assert recorded["article_id"] == 42 and recorded["status"] is None
    assert recorded["error"].startswith("ConnectionRefusedError")
    assert spider.crawler.stats.get_value("kavkaz/known_failures", 0) == (1 if known else 0)


def test_http_errors_keep_their_status_message():
    spider, sent = _spider(mode="incremental")
    spider.known_failure_ids = {7}
    request = Request(f"{BASE}/articles/7", meta={"article_id": 7})
    response = Response(f"{BASE}/articles/7", status=500, request=request)
    failure = Failure(HttpError(response))
    failure.request = request
    spider.on_error(failure)
    (recorded,) = sent["failures"]
    assert recorded["error"] == "HTTP 500" and recorded["status"] == 500


def test_mode_auto_is_accepted():
    spider, _ = _spider(mode="auto")
    assert spider.mode == "auto" and spider.job == {"base_url": BASE, "mode": "auto", "listings": "/rubric/10"}
    with pytest.raises(ValueError):
        _spider(mode="everything")


def test_a_retry_waiting_for_retry_after_holds_no_download_slot(tmp_path):
    """/articles/1 answers 500 with Retry-After: 2 once (a 429 would also slow the whole host down, on purpose);
    every other article answers after 50 ms."""
    archive = DemoArchive(seed=5, articles=40)
    log: list[tuple[float, str, int]] = []

    def answer(path: str, attempt: int) -> tuple:
        if path == "/articles/1" and attempt == 1:
            log.append((time.monotonic(), path, 500))
            return 500, "text/html", b"try later", 0, {"Retry-After": "2"}
        time.sleep(0.05)
        status, html = archive.render(path, {})
        log.append((time.monotonic(), path, status))
        return status, "text/html; charset=utf-8", html.encode(), 0

    db = tmp_path / "k.db"
    with serve(answer) as base:
        result = crawl(base, db, "--mode", "ids", "--ids", "1-30", "--concurrency", "1",
                       "--set", "KAVKAZ_BACKOFF_MAX=5")
    assert result.returncode == 0, result.stderr[-2000:]
    asked = next(t for t, path, status in log if path == "/articles/1" and status == 500)
    retried = next(t for t, path, status in log if path == "/articles/1" and status == 200)
    assert retried - asked >= 1.9, "the retry honoured Retry-After"
    during = [path for t, path, _ in log if asked < t < asked + 1.5 and path != "/articles/1"]
    assert len(during) >= 10, f"only {len(during)} pages were fetched while the retry waited (one slot)"
    stored = {row["article_id"] for row in rows(db, "select article_id from articles")}
    assert 1 in stored


def test_the_listing_that_linked_a_page_names_its_rubric_or_region():
    archive = DemoArchive(seed=3, articles=60)
    spider, _ = _spider(mode="listing")
    requests = [r for r in spider.parse_listing_page(_response("/category/9", archive)) if "/articles/" in r.url]
    assert requests and requests[0].meta["listing"] == ("/category/9", "Nature And Ecology")
    article_id = requests[0].meta["article_id"]
    response = _response(f"/articles/{article_id}", archive, article_id=article_id, listing=("/category/9", "Nature And Ecology"))
    (record,) = [o for o in drain(spider.parse_article_page(response)) if isinstance(o, Article)]
    assert "Nature And Ecology" in record["rubrics"]
    response = _response(f"/articles/{article_id}", archive, article_id=article_id, listing=("/dagestan", "Dagestan"))
    (record,) = [o for o in drain(spider.parse_article_page(response)) if isinstance(o, Article)]
    assert "Dagestan" in record["regions"]
