"""`kavkaz crawl` end to end: a real demo server on 127.0.0.1, real Scrapy crawls, a real SQLite file."""

from __future__ import annotations

import pytest

from crawler.demo.archive import DemoArchive
from crawler.demo.manifest import live_articles
from crawler.demo.scoring import score_database
from crawler.demo.server import DemoServer, free_port
from crawler.lock import DatabaseLock
from tests.crawling import articles_by_id, crawl, integrity_ok, last_run, rows

pytestmark = pytest.mark.slow
ARTICLES = 300
BOILERPLATE = (
    "All news",
    "НАСТОЯЩИЙ МАТЕРИАЛ",
    "Know more? Do not be silent!",
    "Скачайте приложение",
    "Make comments via Caucasian Knot",
    "Find Caucasian Knot partners",
    "originally published on the Russian page",
    "Author:",
    "Source:",
)


@pytest.fixture
def served(tmp_path):
    """A 300-id demo archive on a free port, and its manifest."""
    archive = DemoArchive(seed=11, articles=ARTICLES)
    with DemoServer(archive, port=0) as server:
        manifest = tmp_path / "manifest.jsonl"
        archive.write_manifest(manifest)
        yield server, archive, manifest


def test_full_crawl_stores_every_article_once_with_every_field(served, tmp_path):
    server, _, manifest = served
    db = tmp_path / "k.db"
    result = crawl(server.base_url, db, check=True)

    score = score_database(db, manifest)
    assert score.perfect, score.describe()
    assert score.stored == score.live == len(live_articles(manifest))
    assert score.missing_recorded == score.missing_ids > 0, "missing ids are recorded as 404 failures"
    for article in articles_by_id(db).values():
        for text in BOILERPLATE:
            assert text not in (article["body"] or ""), f"{text!r} leaked into the body of {article['article_id']}"
    run = last_run(db)
    assert run["status"] == "finished"
    assert run["new"] == score.live
    assert run["missing"] == score.missing_ids and run["failed"] == 0, "404s are missing ids, not failures"
    assert "crawl finished" in result.stdout
    assert integrity_ok(db)

    # The same archive again: no row changes except last_fetched_at.
    before = articles_by_id(db)
    crawl(server.base_url, db, "--mode", "full", check=True)
    after = articles_by_id(db)
    assert after.keys() == before.keys()
    changed = {
        (article_id, column)
        for article_id, row in after.items()
        for column, value in row.items()
        if column != "last_fetched_at" and before[article_id][column] != value
    }
    assert not changed, sorted(changed)[:10]
    assert last_run(db)["unchanged"] == score.live
    assert rows(db, "select count(*) n from article_versions")[0]["n"] == 0


def test_day_advance_versions_edited_articles_and_adds_new_ones(served, tmp_path):
    server, archive, manifest = served
    db = tmp_path / "k.db"
    crawl(server.base_url, db, check=True)
    first = articles_by_id(db)

    server.advance_day()
    manifest_day1 = tmp_path / "manifest-day1.jsonl"
    server.archive.write_manifest(manifest_day1)
    crawl(server.base_url, db, "--mode", "full", check=True)

    score = score_database(db, manifest_day1)
    assert score.perfect, score.describe()
    truth = live_articles(manifest_day1)
    edited = {article_id for article_id, record in truth.items() if record["version"] > 1}
    new = truth.keys() - first.keys()
    assert edited and new
    now = articles_by_id(db)
    for article_id in edited:
        assert now[article_id]["version"] == 2
        old = rows(db, "select * from article_versions where lang='en' and article_id=?", article_id)
        assert len(old) == 1 and old[0]["headline"] == first[article_id]["headline"]
        assert old[0]["body"] == first[article_id]["body"]
    assert all(now[article_id]["version"] == 1 for article_id in new)
    run = last_run(db)
    assert (run["new"], run["updated"]) == (len(new), len(edited))



def test_server_down_exits_1_with_one_line(tmp_path):
    db = tmp_path / "k.db"
    result = crawl(f"http://127.0.0.1:{free_port()}", db, "--quiet", "--max-pages", "5")
    assert result.returncode == 1
    assert "no page could be fetched" in result.stderr
    assert integrity_ok(db)
    assert last_run(db)["status"] != "running"


def test_every_page_failing_exits_1(tmp_path):
    archive = DemoArchive(seed=3, articles=40)
    from crawler.demo.faults import FaultPlan

    with DemoServer(archive, port=0, faults=FaultPlan.parse("500=1.0,persistent")) as server:
        result = crawl(server.base_url, tmp_path / "k.db", "--mode", "ids", "--ids", "1-10")
    assert result.returncode == 1, result.stderr
    assert "every article page failed" in result.stderr
    failures = rows(tmp_path / "k.db", "select * from failures")
    assert len(failures) == 10 and {f["status"] for f in failures} == {500}


def test_a_second_crawl_on_the_same_database_exits_3(tmp_path):
    db = tmp_path / "k.db"
    with DatabaseLock(db):
        result = crawl("http://127.0.0.1:9", db)
    assert result.returncode == 3
    assert "locked" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_corrupt_database_exits_1_and_is_left_untouched(tmp_path):
    db = tmp_path / "k.db"
    garbage = b"this is not a database\n" * 100
    db.write_bytes(garbage)
    result = crawl("http://127.0.0.1:9", db)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert db.read_bytes() == garbage


def test_listing_mode_with_since_stops_at_older_items_and_shows_progress(served, tmp_path):
    server, archive, manifest = served
    truth = live_articles(manifest)
    since = sorted(r["published_at"] for r in truth.values())[-45][:10]
    log = tmp_path / "crawl.log"
    result = crawl(server.base_url, tmp_path / "k.db", "--mode", "listing", "--since", since, "--log-file", str(log),
                   "--set", "KAVKAZ_PROGRESS=log", "--set", "KAVKAZ_PROGRESS_INTERVAL=0.2", check=True)
    stored = articles_by_id(tmp_path / "k.db")
    expected = {i for i, r in truth.items() if r["published_at"][:10] >= since}
    assert set(stored) == expected
    assert last_run(tmp_path / "k.db")["pages"] <= len(expected) + 5, "the walk stopped at the first older page"
    text = log.read_text()
    assert "progress:" in text and "articles" in text, "progress lines in the log when not on a terminal"
    assert "crawl finished" in result.stdout
