"""Unattended runs: incremental cost, resume after kill -9, faults, signals (issue: unattended and unbreakable)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from crawler.demo.archive import DemoArchive
from crawler.demo.faults import FaultPlan
from crawler.demo.manifest import live_articles
from crawler.demo.scoring import score_database
from crawler.demo.server import DemoServer
from tests.crawling import LOCAL_SETTINGS, articles_by_id, crawl, integrity_ok, last_run, rows, serve

pytestmark = pytest.mark.slow


def requests_served(server: DemoServer) -> int:
    with urllib.request.urlopen(f"{server.base_url}/__demo__/stats") as response:
        return int(json.load(response)["requests"])


def reset_stats(server: DemoServer) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{server.base_url}/__demo__/reset-stats", method="POST")).close()


def test_incremental_runs_cost_what_is_new(tmp_path):
    archive = DemoArchive(seed=5, articles=400)
    with DemoServer(archive, port=0) as server:
        db = tmp_path / "k.db"
        crawl(server.base_url, db, check=True)

        # Unchanged archive: robots.txt and the first listing page.
        reset_stats(server)
        result = crawl(server.base_url, db, "--mode", "incremental", check=True)
        unchanged_requests = requests_served(server)
        assert unchanged_requests <= 5, result.stderr
        assert last_run(db)["new"] == 0

        # A day later: the new articles, a listing page or two, and the refresh budget.
        server.advance_day()
        manifest = tmp_path / "day1.jsonl"
        server.archive.write_manifest(manifest)
        truth = live_articles(manifest)
        new_ids = truth.keys() - articles_by_id(db).keys()
        reset_stats(server)
        budget = 30
        crawl(server.base_url, db, "--mode", "incremental", "--refresh-older-than", "0s",
              "--refresh-budget", str(budget), check=True)
        day_requests = requests_served(server)
        assert set(articles_by_id(db)) == set(truth), "every new article is stored"
        assert day_requests <= len(new_ids) + budget + 4
        recent_edits = [i for i, r in truth.items() if r["version"] > 1 and i in sorted(truth)[-budget:]]
        stored = articles_by_id(db)
        for article_id in recent_edits:
            assert stored[article_id]["version"] == 2, "edits among the most recent articles are caught"
    print(f"checked {len(truth)} records; unchanged run {unchanged_requests} requests, day run {day_requests}")


def _start_crawl(base_url: str, db, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "crawler", "crawl", "--base-url", base_url, "--db", str(db), *LOCAL_SETTINGS,
               "--concurrency", "4", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# (one random moment in `make test`; two more in `make test-long`, which CI runs too: the suite's time budget)
@pytest.mark.parametrize("seed", [1, pytest.param(2, marks=pytest.mark.long), pytest.param(3, marks=pytest.mark.long)])
def test_kill_9_at_a_random_moment_then_resume(tmp_path, seed):
    archive = DemoArchive(seed=20 + seed, articles=1200)
    with DemoServer(archive, port=0, faults=FaultPlan.parse("slow=0.05,slow_seconds=0.2")) as server:
        manifest = tmp_path / "m.jsonl"
        archive.write_manifest(manifest)
        db = tmp_path / "k.db"
        process = _start_crawl(server.base_url, db)
        time.sleep(random.Random(seed).uniform(1.5, 4.0))
        assert process.poll() is None, "the crawl ended before the kill: nothing would be tested"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert integrity_ok(db) if db.exists() else True
        crawl(server.base_url, db, check=True)
    score = score_database(db, manifest)
    assert score.perfect, score.describe()
    assert integrity_ok(db)
    statuses = [run["status"] for run in rows(db, "select status from runs order by id")]
    assert statuses[-1] == "finished"
    assert statuses[0] == "killed" or len(statuses) == 1  # a kill before the run row was written leaves none
    print(f"checked {score.live} records after a kill at seed {seed}; runs {statuses}")


def _wait_for_pages(db, process, pages: int = 20, timeout: float = 60) -> None:
    """Until the crawl has stored some pages (it is crawling, its handlers are in place)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the crawl ended before the signal: nothing would be tested"
        try:
            if db.exists() and rows(db, "select count(*) n from pages")[0]["n"] >= pages:
                return
        except sqlite3.Error:  # the database is being created
            pass
        time.sleep(0.2)
    raise AssertionError(f"the crawl stored fewer than {pages} pages in {timeout:.0f} s")


def test_sigterm_stops_cleanly_and_exits_130(tmp_path):
    archive = DemoArchive(seed=9, articles=2000)
    with DemoServer(archive, port=0, faults=FaultPlan.parse("slow=0.2,slow_seconds=0.5")) as server:
        db = tmp_path / "k.db"
        process = _start_crawl(server.base_url, db)
        _wait_for_pages(db, process)  # a loaded machine may take seconds to start: a signal before that proves nothing
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr[-2000:]
    assert last_run(db)["status"] == "interrupted"
    assert integrity_ok(db)


@pytest.mark.long
def test_faults_are_survived(tmp_path):
    """Transient 500/503/429, slow pages, truncated and empty HTML, redirect chains: retried until right;
    offsite redirects, non-HTML and huge pages: recorded as failures, never stored."""
    faults = "500=0.05,503=0.03,429=0.03,retry_after=1,truncated=0.04,empty=0.03,redirect=0.04,slow=0.02,slow_seconds=1"
    archive = DemoArchive(seed=13, articles=250)
    with DemoServer(archive, port=0, faults=FaultPlan.parse(faults)) as server:
        manifest = tmp_path / "m.jsonl"
        archive.write_manifest(manifest)
        db = tmp_path / "k.db"
        result = crawl(server.base_url, db, "--set", "DOWNLOAD_MAXSIZE=4000000", check=True)
    score = score_database(db, manifest)
    assert score.perfect, score.describe() + result.stderr[-2000:]
    assert integrity_ok(db)
    print(f"checked {score.live} records under faults")


def test_unrecoverable_pages_are_recorded_not_stored(tmp_path):
    faults = "offsite=0.1,nonhtml=0.1,huge=0.05,persistent"
    archive = DemoArchive(seed=17, articles=120)
    with DemoServer(archive, port=0, faults=FaultPlan.parse(faults)) as server:
        db = tmp_path / "k.db"
        result = crawl(server.base_url, db, "--mode", "ids", "--ids", "1-120", "--set", "DOWNLOAD_MAXSIZE=4000000",
                       "--max-failure-rate", "1")
    assert result.returncode == 0, result.stderr[-2000:]
    failures = rows(db, "select * from failures where status is null or status != 404")
    errors = " ".join(f["error"] for f in failures)
    assert "offsite" in errors and "not an HTML page" in errors
    assert any("size" in f["error"].lower() or "cancel" in f["error"].lower() for f in failures), errors
    stored = articles_by_id(db)
    assert all(article["headline"] for article in stored.values())
    assert not set(stored) & {f["article_id"] for f in failures}
    assert os.path.getsize(db) < 20_000_000


def test_disk_full_stops_with_a_clear_message_and_keeps_what_was_stored(tmp_path):
    archive = DemoArchive(seed=4, articles=300)
    with DemoServer(archive, port=0) as server:
        db = tmp_path / "k.db"
        crawl(server.base_url, db, "--mode", "ids", "--ids", "1-40", check=True)
        before = articles_by_id(db)
        # Cap the file at its current size: the next writes hit "database or disk is full".
        result = crawl(server.base_url, db, "--mode", "ids", "--ids", "41-300", "--set", "KAVKAZ_DB_MAX_PAGES=current")
    assert result.returncode == 1
    assert "full" in result.stderr.lower()
    assert integrity_ok(db)
    after = articles_by_id(db)
    assert all(after[i] == before[i] for i in before)


def test_a_failed_full_crawl_is_finished_by_the_same_command(tmp_path):
    """A full crawl that fails half way (here the disk fills up) is followed, when cron runs the same command again,
    by the rest of the full crawl — not by an incremental run that would leave the archive half built."""
    archive = DemoArchive(seed=4, articles=120)
    with DemoServer(archive, port=0) as server:
        db = tmp_path / "k.db"
        failed = crawl(server.base_url, db, "--set", "KAVKAZ_DB_MAX_PAGES=300")  # about half the archive
        assert failed.returncode == 1 and "full" in failed.stderr.lower(), failed.stderr[-1500:]
        assert "plan            full (auto: no article of this language stored yet)" in failed.stderr
        assert "the full crawl did not finish: the same command resumes it" in failed.stderr
        status = subprocess.run([sys.executable, "-m", "crawler", "status", "--db", str(db)], capture_output=True,
                                text=True, timeout=60)
        assert "plan       full (auto" in status.stdout and "remaining  the full crawl did not finish" in status.stdout
        stored = len(articles_by_id(db))
        assert 0 < stored < len(archive.live_ids), "the disk filled up half way"
        again = crawl(server.base_url, db)
    assert again.returncode == 0, again.stderr[-1500:]
    assert "plan            full (resuming run 1, which did not finish" in again.stdout, again.stdout
    run = last_run(db)
    assert run["arguments"]["mode"] == "full" and run["arguments"]["resumed_run"], run["arguments"]
    assert set(articles_by_id(db)) == set(archive.live_ids), "the archive is complete"
    assert integrity_ok(db)


def test_a_layout_change_fails_the_run_naming_the_broken_field(tmp_path):
    """Pages whose markup no longer shows a date line or a headline: the run fails and says which field broke."""
    def new_layout(path: str, attempt: int) -> tuple[int, str, bytes, float]:
        if path.startswith("/articles/"):
            body = "<html><body><div><span>Some story.</span></div><p>Text of the story.</p></body></html>"
        elif path == "/robots.txt":
            body = ""
        else:
            body = "<html><body>" + "".join(f'<div>March 09, 2019 09:{i:02d}</div><a href="/articles/{i}">Story {i}</a>'
                                            for i in range(1, 16)) + "</body></html>"
        return 200, "text/html; charset=utf-8", body.encode(), 0

    with serve(new_layout) as base:
        result = crawl(base, tmp_path / "k.db", "--mode", "listing")
    assert result.returncode == 1
    assert "coverage drop: headline is empty in 15 of 15 articles" in result.stderr
    run = last_run(tmp_path / "k.db")
    assert run["status"] == "failed" and json.loads(run["coverage"])["empty_fields"]["headline"] == 15
    assert len(articles_by_id(tmp_path / "k.db")) == 15, "what was fetched is still stored"


@pytest.mark.long
def test_failures_are_retried_across_runs_then_given_up_or_resolved(tmp_path):
    archive = DemoArchive(seed=31, articles=120)
    db = tmp_path / "k.db"
    with DemoServer(archive, port=0, faults=FaultPlan.parse("500=0.1,persistent")) as server:
        crawl(server.base_url, db, "--max-failure-rate", "1", check=True)
        failing = {f["article_id"] for f in rows(db, "select article_id from failures where status = 500")}
        assert failing
        # Not due yet under the default backoff (1 h): the next run leaves them alone.
        crawl(server.base_url, db, "--mode", "incremental", "--max-failure-rate", "1", check=True)
        assert {f["attempts"] for f in rows(db, "select attempts from failures where status = 500")} == {1}
        for _ in range(5):
            crawl(server.base_url, db, "--mode", "incremental", "--failure-backoff", "0s", "--max-failure-rate", "1",
                  check=True)
    given_up = rows(db, "select * from failures where status = 500")
    assert all(f["attempts"] == 5 and f["gave_up"] == 1 and f["error"] == "HTTP 500" for f in given_up)
    # Given up: not retried again, even when due.
    with DemoServer(archive, port=0) as healthy:
        crawl(healthy.base_url, db, "--mode", "incremental", "--failure-backoff", "0s", check=True)
        assert all(f["resolved_at"] is None for f in rows(db, "select * from failures where status = 500"))
        # A full crawl fetches them again; success resolves the failure.
        crawl(healthy.base_url, db, "--mode", "full", check=True)
    assert all(f["resolved_at"] for f in rows(db, "select * from failures where status = 500"))
    live = failing & set(archive.live_ids)
    assert live and live <= set(articles_by_id(db)), "every failing live article is stored in the end"
    missing = {f["article_id"] for f in rows(db, "select article_id from failures where status = 404")}
    assert failing - live <= missing, "ids that did not exist are recorded as 404 once the server answers"
    print(f"checked {len(failing)} failing records across 8 runs")


def test_too_many_failures_exit_4(tmp_path):
    archive = DemoArchive(seed=31, articles=120)
    with DemoServer(archive, port=0, faults=FaultPlan.parse("500=0.1,persistent")) as server:
        result = crawl(server.base_url, tmp_path / "k.db", "--max-failure-rate", "0.02")
    assert result.returncode == 4, result.stderr[-1000:]
    assert "article pages failed" in result.stderr and "> 2.0%" in result.stderr
    assert len(articles_by_id(tmp_path / "k.db")) > 80, "what could be stored is stored"


def test_truncated_and_empty_listing_pages_do_not_end_the_walk(tmp_path):
    """Listing mode has no id gaps to fall back on: a cut listing page must be fetched again."""
    archive = DemoArchive(seed=8, articles=200)
    with DemoServer(archive, port=0, faults=FaultPlan.parse("truncated=0.3,empty=0.2")) as server:
        manifest = tmp_path / "m.jsonl"
        archive.write_manifest(manifest)
        crawl(server.base_url, tmp_path / "k.db", "--mode", "listing", check=True)
    score = score_database(tmp_path / "k.db", manifest)
    assert score.stored == score.live and not score.field_errors, score.describe()
    print(f"checked {score.live} records through faulty listings")
