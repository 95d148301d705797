"""The English + Russian demo archive crawled through every Russian form, checked against the manifest field by
field: mirrors and forms collapse to one record per (ru, id), blog posts are kept apart, the EN → RU pairing
resolves; a kill -9 in a Russian crawl resumes; the RSS feed saves incremental requests; `суд` finds its forms."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time

import pytest

from crawler.demo.archive import DemoArchive
from crawler.demo.faults import FaultPlan
from crawler.demo.manifest import read_manifest
from crawler.demo.scoring import score_database
from crawler.demo.server import DemoServer
from tests.crawling import LOCAL_SETTINGS, crawl, integrity_ok, rows

EN_IDS, RU_IDS = 60, 300


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """A demo server with both languages, their manifest, and a database crawled with `--lang all`."""
    root = tmp_path_factory.mktemp("both")
    english = DemoArchive(seed=7, articles=EN_IDS, ru_articles=RU_IDS)
    russian = DemoArchive(seed=7, articles=RU_IDS, lang="ru")
    manifest = root / "m.jsonl"
    english.write_manifest(manifest, russian)
    with DemoServer(english, russian=russian) as server:
        db = root / "k.db"
        result = crawl(server.url("en"), db, "--lang", "all", "--ru-base-url", server.url("ru"), "--mode", "full")
        assert result.returncode == 0, result.stderr[-3000:]
        yield server, russian, manifest, db, result


def _records(manifest, lang: str) -> dict[tuple[str, int], dict]:
    _, records = read_manifest(manifest)
    return {(r.get("kind", "article"), r["article_id"]): r for r in records
            if r.get("lang", "en") == lang and r["status"] == "live"}


def test_both_languages_match_the_manifest_field_by_field(both):
    _, _, manifest, db, result = both
    for lang in ("en", "ru"):
        score = score_database(db, manifest, lang=lang)
        assert score.perfect, f"{lang}: {score.describe()}"
        assert score.live > 0
    assert "blog posts" in result.stdout, "the summary counts blog posts apart"


def test_blog_posts_are_kept_apart_and_never_counted_as_ids(both):
    _, russian, _, db, _ = both
    posts = rows(db, "select blog_id, article_id, url, headline from blog_posts order by article_id")
    assert [(p["blog_id"], p["article_id"]) for p in posts] == sorted(russian.blog_posts(), key=lambda p: p[1])
    assert all("/blogs/" in p["url"] for p in posts)
    assert rows(db, "select count(*) n from articles where url like '%/blogs/%'")[0]["n"] == 0
    highest = rows(db, "select max(article_id) n from articles where lang = 'ru'")[0]["n"]
    assert highest <= russian.max_id, "post ids (6000+) never become article ids to probe"
    probed = rows(db, "select count(*) n from failures where lang = 'ru' and article_id > ?", russian.max_id)
    assert probed[0]["n"] == 0


def test_english_items_pair_with_their_russian_originals(both):
    _, russian, manifest, db, _ = both
    expected = {}
    for record in _records(manifest, "en").values():
        original = record.get("original_article_id")
        if original and russian.is_live(original):
            expected[record["article_id"]] = (original, record["original_published_at"])
    assert len(expected) >= 10, "the demo must exercise the bridge"
    pairs = rows(db, "select * from translation_pairs")
    got = {p["en_id"]: p for p in pairs if p["ru_stored"]}
    assert set(got) == set(expected)
    for en_id, (ru_id, stated) in expected.items():
        assert got[en_id]["ru_id"] == ru_id
        ru_time = russian.article(ru_id).record()["published_at"]
        assert got[en_id]["ru_published_at"] == ru_time
        assert stated in (None, ru_time), "the provenance line states the original's own time"
        assert got[en_id]["delay_hours"] > 0


@pytest.mark.parametrize("form", ["mirror", "m", "amp"])
def test_every_russian_form_gives_the_same_records(both, form, tmp_path):
    """Fetched from the mirrors' layout, the mobile form (date glued to the headline) or AMP (no date in the
    text), every record is the manifest's; only the date line and the banner are the form's own."""
    server, russian, manifest, _, _ = both
    db = tmp_path / f"{form}.db"
    result = crawl(server.url(f"ru-{form}"), db, "--lang", "ru", "--mode", "ids", "--ids", f"1-{RU_IDS}")
    assert result.returncode == 0, result.stderr[-3000:]
    overrides = {"published_at_raw": lambda r: russian.article(r["article_id"]).date_line(form),
                 "banner": lambda r: russian.article(r["article_id"]).banner(form)}
    score = score_database(db, manifest, lang="ru", overrides=overrides)
    assert score.live == score.stored and not score.field_errors, score.describe()
    fetched = rows(db, "select fetched_url from articles limit 1")[0]["fetched_url"]
    assert fetched.startswith(server.url(f"ru-{form}")), "the form fetched is kept"


def test_a_second_form_into_the_same_database_changes_nothing(both, tmp_path):
    server, _, manifest, db, _ = both
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    before = rows(copy, "select article_id, content_hash, version from articles where lang = 'ru' order by 1")
    result = crawl(server.url("ru-m"), copy, "--lang", "ru", "--mode", "ids", "--ids", f"1-{RU_IDS}", check=True)
    assert " 0 new, 0 updated" in result.stdout, result.stdout
    assert rows(copy, "select article_id, content_hash, version from articles where lang = 'ru' order by 1") == before
    forms = rows(copy, "select count(distinct substr(final_url, 1, 22)) n from pages where lang = 'ru' and kind = 'article'")
    assert forms[0]["n"] == 2, "both forms' raw pages are kept"


def test_search_for_sud_finds_its_inflected_forms(both):
    _, _, _, db, _ = both
    result = subprocess.run([sys.executable, "-m", "crawler", "search", "суд", "--db", str(db), "--limit", "500",
                             "--json"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    ids = {hit["article_id"] for hit in hits if hit["lang"] == "ru"}
    stored = rows(db, "select article_id, body from articles where lang = 'ru'")
    for word in ("суда", "суду", "судом"):
        with_word = {r["article_id"] for r in stored if f" {word} " in r["body"] or f" {word}." in r["body"]}
        assert with_word, f"the demo has articles with {word}"
        assert with_word <= ids, f"every article with {word!r} is found by 'суд'"


def test_incremental_russian_runs_read_the_feed_first(tmp_path):
    english = DemoArchive(seed=5, articles=20, ru_articles=400)
    russian = DemoArchive(seed=5, articles=400, lang="ru")
    with DemoServer(english, russian=russian) as server:
        base = server.url("ru")
        db, without_feed = tmp_path / "k.db", tmp_path / "nofeed.db"
        crawl(base, db, "--lang", "ru", "--mode", "full", check=True)
        without_feed.write_bytes(db.read_bytes())
        server.advance_day()
        new = [i for i in range(russian.articles + 1, russian.max_id + 1) if russian.is_live(i)]
        server.reset_stats()
        crawl(base, db, "--lang", "ru", "--mode", "incremental", "--refresh-budget", "0", check=True)
        with_feed = server.stats()["counts"]
        server.reset_stats()
        crawl(base, without_feed, "--lang", "ru", "--mode", "incremental", "--refresh-budget", "0",
              "--set", "KAVKAZ_RU_FEED=", check=True)
        listing_walk = server.stats()["counts"]
    posts = {post for _, post in russian.blog_posts()}
    for path in (db, without_feed):
        stored = {r["article_id"] for r in rows(path, "select article_id from articles where lang = 'ru'")}
        assert set(new) <= stored
        assert {r["article_id"] for r in rows(path, "select article_id from blog_posts")} == posts, \
            "the day's new blog posts too"
    assert with_feed.get("ru/kind:listing", 0) == 2, "the feed and the first page of the blog index"
    assert with_feed.get("ru/kind:blog_post", 0) == len(posts) - 16, "only the new posts (16 were stored)"
    assert listing_walk.get("ru/kind:listing", 0) > 2
    assert with_feed["ru/requests"] < listing_walk["ru/requests"], (with_feed, listing_walk)


@pytest.mark.long  # over 13 s: make test-long (CI runs it)
def test_kill_9_in_a_russian_crawl_resumes_to_the_same_database(tmp_path):
    english = DemoArchive(seed=31, articles=10, ru_articles=900)
    russian = DemoArchive(seed=31, articles=900, lang="ru")
    manifest = tmp_path / "m.jsonl"
    russian.write_manifest(manifest)
    with DemoServer(english, russian=russian, faults=FaultPlan.parse("slow=0.05,slow_seconds=0.2")) as server:
        db = tmp_path / "k.db"
        command = [sys.executable, "-m", "crawler", "crawl", "--lang", "ru", "--base-url", server.url("ru"),
                   "--db", str(db), *LOCAL_SETTINGS, "--concurrency", "4"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(random.Random(31).uniform(2.0, 3.5))
        assert process.poll() is None, "the crawl ended before the kill: nothing would be tested"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert integrity_ok(db) if db.exists() else True
        partial = rows(db, "select count(*) n from articles")[0]["n"] if db.exists() else 0
        crawl(server.url("ru"), db, "--lang", "ru", check=True)
    score = score_database(db, manifest, lang="ru")
    assert score.perfect, score.describe()
    assert 0 < partial < score.live or partial == 0
    assert integrity_ok(db)
    statuses = [r["status"] for r in rows(db, "select status from runs where spider = 'ru_archive' order by id")]
    assert statuses[-1] == "finished"
