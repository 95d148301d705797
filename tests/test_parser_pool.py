"""Parsing in worker processes (crawler/parsers/pool.py): the same records as in-process, a page a worker cannot
parse in time or dies on is a failure with its raw page kept, and no worker outlives its crawl."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from crawler.demo.archive import DemoArchive
from crawler.demo.faults import FaultPlan
from crawler.demo.scoring import score_database
from crawler.demo.server import DemoServer
from tests.crawling import LOCAL_SETTINGS, crawl, integrity_ok, rows


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def test_records_are_the_same_with_and_without_workers(tmp_path):
    archive = DemoArchive(seed=41, articles=150)
    manifest = tmp_path / "m.jsonl"
    archive.write_manifest(manifest)
    with DemoServer(archive) as server:
        for workers in ("0", "2"):
            db = tmp_path / f"w{workers}.db"
            crawl(server.base_url, db, "--set", f"KAVKAZ_PARSE_WORKERS={workers}", check=True)
            score = score_database(db, manifest)
            assert score.perfect, f"{workers} workers: {score.describe()}"
    key = "select article_id, content_hash from articles order by 1"
    assert rows(tmp_path / "w0.db", key) == rows(tmp_path / "w2.db", key)


def test_a_page_too_slow_to_parse_in_a_worker_is_a_failure_with_its_raw_page(tmp_path):
    archive = DemoArchive(seed=42, articles=12)
    db = tmp_path / "k.db"
    with DemoServer(archive) as server:
        result = crawl(server.base_url, db, "--mode", "ids", "--ids", "1-12", "--set", "KAVKAZ_PARSE_WORKERS=1",
                       "--set", "KAVKAZ_PARSE_SECONDS=0.000001")
    assert result.returncode != 0, "every page failing is a failed crawl"
    failures = rows(db, "select article_id, error from failures where status = 200")
    assert {f["article_id"] for f in failures} == set(archive.live_ids)
    assert all(f["error"].startswith("parsing took longer than") for f in failures), failures[:2]
    kept = rows(db, "select count(distinct article_id) n from pages where kind = 'article'")[0]["n"]
    assert kept == len(archive.live_ids), "each raw page is kept for reparse"
    assert rows(db, "select count(*) n from articles")[0]["n"] == 0


def test_a_worker_that_dies_costs_one_page_and_the_next_run_stores_it(tmp_path):
    archive = DemoArchive(seed=43, articles=600)
    manifest = tmp_path / "m.jsonl"
    archive.write_manifest(manifest)
    db = tmp_path / "k.db"
    with DemoServer(archive, faults=FaultPlan.parse("slow=0.05,slow_seconds=0.2")) as server:
        command = [sys.executable, "-m", "crawler", "crawl", "--base-url", server.base_url, "--db", str(db),
                   *LOCAL_SETTINGS, "--concurrency", "4", "--set", "KAVKAZ_PARSE_WORKERS=1"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while not workers and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = [pid for pid in _children(process.pid)
                       if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert workers, "the crawl started a parser process"
        time.sleep(1.0)
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = process.communicate(timeout=120)
        assert "Traceback" not in stderr, stderr[-2000:]
        first_run = rows(db, "select count(*) n from articles")[0]["n"]
        died = rows(db, "select count(*) n from failures where error like 'the parser process died%'")[0]["n"]
        crawl(server.base_url, db, "--failure-backoff", "0s", check=True)  # retries the page it died on
    score = score_database(db, manifest)
    assert score.perfect, score.describe()
    # The worker died idle or on one page: that page is a failure, every other one was parsed by the worker started
    # in its place — and the page it died on may already be stored by the first run itself, when the run read its
    # pages again with the layouts it had learned (its raw page was kept).
    assert died <= 1 and score.live - died <= first_run <= score.live, (first_run, died, score.live)
    assert integrity_ok(db)


def test_a_killed_crawl_leaves_no_parser_process(tmp_path):
    archive = DemoArchive(seed=44, articles=2000)
    with DemoServer(archive, faults=FaultPlan.parse("slow=0.05,slow_seconds=0.2")) as server:
        command = [sys.executable, "-m", "crawler", "crawl", "--base-url", server.base_url, "--db",
                   str(tmp_path / "k.db"), *LOCAL_SETTINGS, "--set", "KAVKAZ_PARSE_WORKERS=2"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(3)
        workers = _children(process.pid)
        assert workers, "parser processes were running"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and
                                                  "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
                                                  for pid in workers):
            time.sleep(0.2)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
             and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
    assert not alive, f"parser processes outlived the crawl: {alive}"


def test_pages_and_records_larger_than_a_pipe_never_deadlock():
    """Several pages of ~1 MB in flight at once, each giving a record of ~1 MB: a page is sent while a record
    waits to come back (this hung a crawl of the hostile server before records were sent from a thread). In a
    process of its own, so that multiprocessing's helper process ends with it."""
    script = """
import asyncio
from crawler.parsers.pool import ParserPool

paragraph = "<p>" + "A long paragraph of text that goes on and on. " * 40 + "</p>"
page = ("<html><body><article><h1>A very long article</h1><time datetime='2020-05-01T08:36:00+03:00'>"
        "01 May 2020, 08:36</time>" + paragraph * 500 + "</article></body></html>")
assert len(page) > 900_000

async def parse_all():
    pool = ParserPool(workers=1, seconds=60)
    try:
        return await asyncio.gather(*(pool.parse_article(f"https://eng.kavkaz-uzel.eu/articles/{n}", page)
                                      for n in range(1, 7)))
    finally:
        pool.close()

print(sum(len(record["body"]) > 500_000 for record in asyncio.run(parse_all())))
"""
    try:
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                                cwd=Path(__file__).parent.parent)
    except subprocess.TimeoutExpired:
        raise AssertionError("the crawl's side and the parser process waited for each other") from None
    assert result.stdout.strip() == "6", result.stderr[-2000:]


def test_a_worker_stuck_inside_c_code_is_stopped_and_only_its_page_fails():
    """The time bound inside a worker is a signal, whose handler never runs inside C code; the pool's watchdog
    stops a worker stuck past twice the bound: that page fails (its raw HTML is kept by the crawl, like any parse
    failure), the page queued behind it and the next ones are parsed by the new worker."""
    script = """
import asyncio, time
from crawler.parsers import ParseError
from crawler.parsers.pool import ParserPool

page = ("<html><body><article><h1>A headline of the article</h1><time datetime='2020-05-01T08:36:00+03:00'>"
        "01 May 2020, 08:36</time><p>" + "The text of the article goes on. " * 20 + "</p></article></body></html>")

async def parse(pool, url):
    try:
        return (await pool.parse_article(url, page))["headline"]
    except ParseError as exc:
        return str(exc)

async def main():
    pool = ParserPool(workers=1, seconds=0.5, parse="tests.fixtures.stuck_parser:parse_article")
    started = time.monotonic()
    try:
        results = await asyncio.gather(*(parse(pool, f"https://eng.kavkaz-uzel.eu/articles/{n}{suffix}")
                                         for n, suffix in ((1, ""), (2, "?stuck"), (3, ""), (4, ""))))
    finally:
        pool.close()
    print(results)
    print(round(time.monotonic() - started))

asyncio.run(main())
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).parent.parent)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0] == str(["A headline of the article", "parsing took longer than 2s: the parser process was stopped",
                            "A headline of the article", "A headline of the article"]), lines
    assert int(lines[1]) <= 10, "stopped after the deadline, not after the billion rounds"
