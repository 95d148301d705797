"""The Russian archive through the same crawl: `kavkaz crawl --lang ru|all` and `scrapy crawl ru_archive`, mirrors
collapsing to one record per (ru, id)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.crawling import crawl, last_run, rows, serve
from tests.fixtures.samples import PAGES, sample
from tests.fixtures.variants import DEFAULTS, render_variant

REPO = Path(__file__).resolve().parents[1]
RU_PAGES = {int(sample(p)[0].rstrip("/").rsplit("/", 1)[1]): p for p in sorted(PAGES.glob("ru_*.txt"))}
LISTING = ('<html><body><h1>Лента новостей</h1>'
           '<p><a href="https://kavkaz-uzel.top/articles/38001">Родственники провели акцию</a></p>'
           '<p><a href="https://m.kavkaz-uzel.eu/articles/254001/">Жители провели пикет</a></p>'
           '<p><a href="/articles/417500">Суд оштрафовал активиста</a></p>'
           '<p><a href="https://amp.kavkaz-uzel.eu/articles/38001/">1Родственники провели акцию</a></p>'
           '<p><a href="https://caucasianknot.com/articles/254001">Жители провели пикет</a></p></body></html>')


def russian_site():
    """A Russian site: the fixture pages at their ids, a leads-only listing that links them through mirrors."""
    def answer(path: str, attempt: int) -> tuple[int, str, bytes, float]:
        path = path.rstrip("/")
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n", 0
        if path.startswith("/rubric/10"):
            return 200, "text/html; charset=utf-8", LISTING.encode(), 0
        last = path.rsplit("/", 1)[1]
        if path.startswith("/articles/") and last.isdigit() and int(last) in RU_PAGES:
            url, lines = sample(RU_PAGES[int(last)])
            return 200, "text/html; charset=utf-8", render_variant(url, lines, DEFAULTS)[1].encode(), 0
        return 404, "text/html; charset=utf-8", "<html><body>нет</body></html>".encode(), 0

    return serve(answer)


def test_the_russian_archive_is_crawled_into_one_record_per_id(tmp_path):
    db = tmp_path / "k.db"
    with russian_site() as base:
        result = crawl(base, db, "--lang", "ru", "--mode", "listing")
    assert result.returncode == 0, result.stderr[-2000:]
    stored = rows(db, "select lang, article_id, url, headline, published_at from articles order by article_id")
    assert [(r["lang"], r["article_id"], r["url"]) for r in stored] == [
        ("ru", 38001, "https://www.kavkaz-uzel.eu/articles/38001"),
        ("ru", 254001, "https://www.kavkaz-uzel.eu/articles/254001"),
        ("ru", 417500, "https://www.kavkaz-uzel.eu/articles/417500")], "mirrors and forms collapse"
    assert stored[0]["published_at"] == "2003-06-07T16:49:00+04:00", "summer time before 2011"
    assert stored[2]["headline"].startswith("Суд в Ростове")
    assert last_run(db)["spider"] == "ru_archive"
    assert rows(db, "select count(*) n from labels where lang = 'ru' and entity = 'ОВД-инфо'")[0]["n"] == 1


def test_scrapy_crawl_ru_archive_and_lang_all(tmp_path, demo_server):
    english = demo_server(articles=30, seed=12)
    with russian_site() as base:
        ru_only = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "ru_archive", "-a", f"base_url={base}",
                                  "-a", "mode=listing", "-s", f"KAVKAZ_DB={tmp_path / 'ru.db'}", "-s",
                                  "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=ERROR"], cwd=REPO, capture_output=True,
                                 text=True, timeout=120)
        both = crawl(english.base_url, tmp_path / "all.db", "--lang", "all", "--ru-base-url", base, "--mode", "listing")
    assert ru_only.returncode == 0, ru_only.stderr[-2000:]
    assert rows(tmp_path / "ru.db", "select count(*) n from articles where lang = 'ru'")[0]["n"] == 3
    assert both.returncode == 0, both.stderr[-2000:]
    counts = {r["lang"]: r["n"] for r in rows(tmp_path / "all.db", "select lang, count(*) n from articles group by lang")}
    assert counts["ru"] == 3 and counts["en"] == len(english.archive.live_ids)
    assert [r["spider"] for r in rows(tmp_path / "all.db", "select spider from runs order by id")] == [
        "en_archive", "ru_archive"]
    assert "[en_archive] crawl finished" in both.stdout and "[ru_archive] crawl finished" in both.stdout
