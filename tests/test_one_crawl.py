"""One crawl: `scrapy crawl en_archive …` behaves exactly like `kavkaz crawl …` — same database, same exit code,
the same lock and plan — and its feed exports carry the article records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from crawler.lock import DatabaseLock
from tests.crawling import crawl, last_run, rows

REPO = Path(__file__).resolve().parents[1]
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "KAVKAZ_BACKOFF_BASE=0.05", "-s", "LOG_LEVEL=WARNING"]
CONTENT = ("article_id, url, headline, lead, body, published_at, authors, source, labels, image_url, image_caption, "
           "translation, original_url, version, content_hash")


def scrapy_crawl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "en_archive", *args, *FAST], cwd=REPO,
                          capture_output=True, text=True, timeout=240)


def test_scrapy_crawl_gives_the_same_database_exit_code_and_a_feed_of_articles(demo_server, tmp_path):
    server = demo_server(articles=120, seed=11)
    via_scrapy, via_kavkaz, feed = tmp_path / "scrapy.db", tmp_path / "kavkaz.db", tmp_path / "items.jsonl"
    result = scrapy_crawl("-a", f"base_url={server.base_url}", "-s", f"KAVKAZ_DB={via_scrapy}", "-O", str(feed))
    assert result.returncode == 0, result.stderr[-3000:]
    reference = crawl(server.base_url, via_kavkaz)
    assert reference.returncode == 0, reference.stderr[-3000:]

    ordered = f"select {CONTENT} from articles order by article_id"
    assert rows(via_scrapy, ordered) == rows(via_kavkaz, ordered)
    assert last_run(via_scrapy)["status"] == last_run(via_kavkaz)["status"] == "finished"
    assert last_run(via_scrapy)["arguments"]["mode"] == "full", "auto resolved to full on an empty database"
    assert rows(via_scrapy, "select count(*) n from pages")[0]["n"] > 0, "raw pages reach the store, not the feed"

    lines = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    stored = rows(via_scrapy, "select article_id from articles order by article_id")
    assert sorted(line["article_id"] for line in lines) == [row["article_id"] for row in stored]
    assert {line["kind"] for line in lines} == {"article"}
    assert "body" in lines[0] and "headline" in lines[0]

    again = scrapy_crawl("-a", f"base_url={server.base_url}", "-a", "mode=auto", "-s", f"KAVKAZ_DB={via_scrapy}")
    assert again.returncode == 0, again.stderr[-3000:]
    assert last_run(via_scrapy)["arguments"]["mode"] == "incremental", "auto resolved from the database"


def test_scrapy_crawl_csv_feed(demo_server, tmp_path):
    server = demo_server(articles=30, seed=12)
    feed = tmp_path / "items.csv"
    result = scrapy_crawl("-a", f"base_url={server.base_url}", "-a", "mode=ids", "-a", "ids=1-10",
                          "-s", f"KAVKAZ_DB={tmp_path / 'k.db'}", "-O", str(feed))
    assert result.returncode == 0, result.stderr[-3000:]
    header = feed.read_text(encoding="utf-8").splitlines()[0]
    assert "headline" in header and "article_id" in header


def test_scrapy_crawl_exit_codes_are_kavkaz_exit_codes(tmp_path):
    db = tmp_path / "k.db"
    with DatabaseLock(db):
        locked = scrapy_crawl("-a", "base_url=http://127.0.0.1:9", "-s", f"KAVKAZ_DB={db}")
    assert locked.returncode == 3
    assert locked.stderr.strip().splitlines()[-1].startswith("scrapy crawl en_archive: ")
    assert "locked" in locked.stderr
    down = scrapy_crawl("-a", "base_url=http://127.0.0.1:9", "-a", "mode=ids", "-a", "ids=1-3",
                        "-s", f"KAVKAZ_DB={db}", "-s", "RETRY_ENABLED=False")
    assert down.returncode == 1
    assert "no page could be fetched" in down.stderr


def test_a_crawl_prints_no_warning_about_scrapy_s_referer_handling(tmp_path):
    """No Referer is sent (settings.py): redirects drop it without Scrapy's warning on every crawl."""
    from crawler.demo.archive import DemoArchive
    from crawler.demo.server import DemoServer
    from tests.crawling import crawl

    with DemoServer(DemoArchive(seed=3, articles=10), port=0) as server:
        result = crawl(server.base_url, tmp_path / "k.db", "--mode", "ids", "--ids", "1-5", check=True)
    assert "RefererMiddleware" not in result.stderr and "WARNING" not in result.stderr, result.stderr[-2000:]
