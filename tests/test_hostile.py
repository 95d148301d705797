"""Hostile inputs: one test per defect found by an adversarial tester (bounded time and memory, a clear answer,
nothing lost). Each fails without its fix."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.demo.archive import DemoArchive
from crawler.lock import DatabaseLock
from crawler.parsers import parse_article, parse_listing
from tests.crawling import LOCAL_SETTINGS, crawl, integrity_ok, last_run, rows, serve

KAVKAZ = [sys.executable, "-m", "crawler"]


def demo_answer(archive: DemoArchive, overrides: dict[str, Callable[[int], tuple[int, str, bytes, float]]] | None = None):
    def answer(path: str, attempt: int) -> tuple[int, str, bytes, float]:
        for prefix, special in (overrides or {}).items():
            if path == prefix or (prefix.endswith("/") and path.startswith(prefix)):
                return special(attempt)
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n", 0
        page, query = (path.split("?", 1) + [""])[:2]
        status, html = archive.render(page, dict(p.split("=", 1) for p in query.split("&") if "=" in p))
        return status, "text/html; charset=utf-8", html.encode(), 0
    return answer


# 1. Unbounded memory, SIGTERM ignored -------------------------------------------------------------------------


def test_a_huge_id_range_costs_no_memory_and_max_pages_stops_it(tmp_path):
    archive = DemoArchive(seed=2, articles=50)
    with serve(demo_answer(archive)) as base:
        started = time.monotonic()
        result = crawl(base, tmp_path / "k.db", "--mode", "ids", "--ids", "1-99999999999", "--max-pages", "3",
                       timeout=120)
    assert time.monotonic() - started < 60, "the range is never materialised"
    assert result.returncode == 0, result.stderr[-2000:]
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mib < 400, f"peak RSS {peak_mib:.0f} MiB"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_any_crawl_within_5_seconds_with_exit_130_and_a_run_row(tmp_path, signum):
    archive = DemoArchive(seed=2, articles=400)
    slow = {"/articles/": lambda attempt: (200, "text/html", b"<html><body><h1>x</h1><p>y</p></body></html>", 20.0)}
    db = tmp_path / "k.db"
    with serve(demo_answer(archive, slow)) as base:
        process = subprocess.Popen([*KAVKAZ, "crawl", "--base-url", base, "--db", str(db), *LOCAL_SETTINGS,
                                    "--mode", "ids", "--ids", "1-99999999999", "--quiet"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(4)
        assert process.poll() is None
        process.send_signal(signum)
        signalled = time.monotonic()
        _, stderr = process.communicate(timeout=30)
        stopped_after = time.monotonic() - signalled
    assert process.returncode == 130, stderr[-2000:]
    assert stopped_after < 5, f"stopped {stopped_after:.1f}s after the signal"
    assert last_run(db)["status"] == "interrupted"
    assert integrity_ok(db)
    assert "Traceback" not in stderr


# 2. An article that breaks the parser is lost without a trace -------------------------------------------------


def test_malformed_urls_in_a_page_break_nothing():
    html = ('<html><body><p>01 May 2020, 08:36</p><h1>Title</h1><figure><img src="http://[x::y/photo.jpg">'
            '<figcaption>Photo by A. B. for the Caucasian Knot</figcaption></figure><p>Text.</p>'
            '<p>All news</p><p>May 01, 2020 09:00</p><p><a href="http://[bad/articles/7">Bad link</a></p>'
            '<a href="/rubric/10?page=99999999999999999999">›</a></body></html>')
    record = parse_article("https://eng.kavkaz-uzel.eu/articles/1", html)
    assert record["headline"] == "Title" and record["image_url"] is None and record["sidebar"] == []
    listing = parse_listing("https://eng.kavkaz-uzel.eu/rubric/10?page=abc", html)
    assert listing["next_page"] is None


def test_a_page_the_parser_chokes_on_is_a_failure_with_its_raw_page_then_reparsed(tmp_path, monkeypatch):
    """The crawl records a parser exception as a failure and keeps the page; a fixed parser stores it."""
    import crawler.parsers.article as article_parser
    from crawler.cli import main

    archive = DemoArchive(seed=2, articles=20)
    breaking = archive.live_ids[3]
    poison = f"POISON-{breaking}"
    bad = {f"/articles/{breaking}": lambda attempt: (
        200, "text/html", archive.render(f"/articles/{breaking}")[1].replace("<h1>", f"<h1>{poison} ").encode(), 0)}
    db = tmp_path / "k.db"
    env = {**os.environ, "KAVKAZ_TEST_POISON": poison}
    with serve(demo_answer(archive, bad)) as base:
        driver = ("import sys; import tests.test_hostile as t; t.poisoned_parser(); from crawler.cli import main; "
                  "sys.exit(main(sys.argv[1:]))")
        result = subprocess.run([sys.executable, "-c", driver, "crawl", "--base-url", base, "--db", str(db),
                                 *LOCAL_SETTINGS, "--mode", "ids", "--ids", "1-20",
                                 "--set", "KAVKAZ_PARSE_WORKERS=0"],  # the poison is patched into this process
                                capture_output=True, text=True, env=env, timeout=120,
                                cwd=Path(__file__).resolve().parents[1])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    failure = rows(db, "select error, article_id from failures where article_id = ?", breaking)
    assert failure and failure[0]["error"].startswith("parser error: RuntimeError: poisoned"), failure
    kept = rows(db, "select count(*) n from pages where article_id = ?", breaking)[0]["n"]
    assert kept == 1, "the raw page is kept for reparse"
    assert not rows(db, "select 1 from articles where article_id = ?", breaking)
    monkeypatch.setattr(article_parser, "parse_article", article_parser.parse_article)  # today's (fixed) parser
    assert main(["reparse", "--db", str(db)]) == 0
    assert rows(db, "select headline from articles where article_id = ?", breaking)[0]["headline"].startswith(poison)


def poisoned_parser() -> None:
    """Installed in the crawl's own process by the test: the parser raises on pages carrying the poison."""
    import crawler.parsers.article as article_parser

    original = article_parser.parse_article
    poison = os.environ["KAVKAZ_TEST_POISON"]

    def parse(url, source, **options):  # options: the response's content type, the learned layouts
        if poison in (source if isinstance(source, str) else source.decode("utf-8", "replace")):
            raise RuntimeError("poisoned page")
        return original(url, source, **options)

    article_parser.parse_article = parse


def test_parsing_is_linear_in_page_size_and_bounded():
    timings = {}
    for markers in (10_000, 100_000, 1_000_000):
        html = "<html><body><p>01 May 2020, 08:36</p><h1>T</h1><p>" + " ".join(
            f"Org{i % 97}*" for i in range(markers)) + "</p></body></html>"
        started = time.process_time()
        parse_article("https://eng.kavkaz-uzel.eu/articles/1", html)
        timings[markers] = max(time.process_time() - started, 1e-3)
    assert timings[100_000] / timings[10_000] < 30, timings
    assert timings[1_000_000] / timings[100_000] < 30, timings
    assert timings[1_000_000] < 5, timings


# 3. robots.txt ignored for the first concurrent requests -------------------------------------------------------


def test_robots_txt_applies_to_requests_that_waited_for_it(tmp_path):
    archive = DemoArchive(seed=5, articles=40)
    robots = {"/robots.txt": lambda attempt: (200, "text/plain", b"User-agent: *\nDisallow: /articles/3\n", 0.5)}
    fetched: list[str] = []
    answer = demo_answer(archive, robots)

    def logged(path: str, attempt: int):
        fetched.append(path)
        return answer(path, attempt)

    with serve(logged) as base:
        result = crawl(base, tmp_path / "k.db", "--mode", "ids", "--ids", "1-3", "--concurrency", "8")
    assert "/articles/3" not in fetched and "/articles/1" in fetched, fetched
    assert result.returncode == 0, result.stderr[-1500:]
    assert rows(tmp_path / "k.db", "select error from failures where article_id = 3") == [
        {"error": "forbidden by robots.txt"}]


@pytest.mark.parametrize("robots", [(503, 0)])
def test_a_robots_txt_that_cannot_be_read_disallows_everything_until_it_answers(tmp_path, robots):
    """RFC 9309: robots.txt answering a server error (after the retries) means "disallow all". Nothing but robots.txt
    is fetched; the pages are recorded as failures with the reason, for later runs to retry; the run fails."""
    archive = DemoArchive(seed=5, articles=20)
    status, delay = robots
    fetched: list[str] = []
    answer = demo_answer(archive, {"/robots.txt": lambda attempt: (status, "text/plain", b"down", delay)})

    def logged(path: str, attempt: int):
        fetched.append(path)
        return answer(path, attempt)

    db = tmp_path / "k.db"
    with serve(logged) as base:
        result = crawl(base, db, "--mode", "ids", "--ids", "1-4")
    assert set(fetched) == {"/robots.txt"}, fetched
    assert result.returncode == 1, result.stderr[-1500:]
    errors = {row["error"] for row in rows(db, "select error from failures")}
    assert errors and all(e.startswith(f"robots.txt unreachable (HTTP {status})") for e in errors), errors
    assert integrity_ok(db)


# 5. A failed first listing page aborts a full crawl ------------------------------------------------------------


def test_a_full_crawl_whose_listing_fails_goes_on_to_the_ids(tmp_path):
    archive = DemoArchive(seed=6, articles=60)
    broken = {"/rubric/10": lambda attempt: (500, "text/html", b"<html>down</html>", 0)}
    db = tmp_path / "k.db"
    with serve(demo_answer(archive, broken)) as base:
        result = crawl(base, db, "--mode", "full")
    assert result.returncode == 0, result.stderr[-2000:]
    stored = {row["article_id"] for row in rows(db, "select article_id from articles")}
    assert stored == set(archive.live_ids)
    (listing,) = rows(db, "select url, status from failures where article_id is null")
    assert listing == {"url": "https://eng.kavkaz-uzel.eu/rubric/10", "status": 500}


# 6. Tracebacks instead of one line -----------------------------------------------------------------------------


@pytest.mark.parametrize("db_path", ["/proc/k.db", "{tmp}/afile/x.db"])
def test_impossible_database_paths_are_one_line(tmp_path, db_path):
    (tmp_path / "afile").write_text("x")
    result = subprocess.run([*KAVKAZ, "crawl", "--base-url", "http://127.0.0.1:9", "--db",
                             db_path.format(tmp=tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot use the database" in result.stderr


def test_a_dead_server_under_quiet_prints_no_traceback(tmp_path):
    result = crawl("http://127.0.0.1:9", tmp_path / "k.db", "--quiet")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "no page could be fetched" in result.stderr.splitlines()[0]
    assert len(result.stderr.splitlines()) <= 9  # the summary, its plan and what remains


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    from crawler.demo.server import DemoServer

    db = tmp_path_factory.mktemp("export") / "k.db"
    with DemoServer(DemoArchive(seed=3, articles=20), port=0) as server:
        crawl(server.base_url, db, check=True)
    return db


@pytest.mark.parametrize("out,code", [("/proc/x.csv", 2), ("{tmp}/nodir/x.csv", 2), ("/dev/full", 1),
                                      ("{tmp}/afile/x.csv", 2)])
def test_export_to_bad_paths_is_one_line_and_leaves_nothing(small_db, tmp_path, out, code):
    (tmp_path / "afile").write_text("x")
    result = subprocess.run([*KAVKAZ, "export", "--format", "csv", "--db", str(small_db), "--out",
                             out.format(tmp=tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == code, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not list(tmp_path.rglob(".part-*")), "no partial file is left"


def test_export_refuses_to_overwrite_without_force(small_db, tmp_path):
    out = tmp_path / "a.csv"
    out.write_text("precious")
    result = subprocess.run([*KAVKAZ, "export", "--format", "csv", "--db", str(small_db), "--out", str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "--force" in result.stderr and out.read_text() == "precious"
    forced = subprocess.run([*KAVKAZ, "export", "--format", "csv", "--db", str(small_db), "--out", str(out),
                             "--force"], capture_output=True, text=True, timeout=60)
    assert forced.returncode == 0 and out.read_text().startswith("lang,")


# 7. The README's cron line writes an empty log -----------------------------------------------------------------


def test_the_cron_recipe_as_written_logs_the_run_and_rotates(tmp_path):
    """`kavkaz crawl --quiet --log-file data/crawl.log` (README, Cron), against the demo archive."""
    archive = DemoArchive(seed=8, articles=30)
    log = tmp_path / "data" / "crawl.log"
    log.parent.mkdir()
    log.write_bytes(b"old line\n" * (11 * 1024 * 1024 // 9))  # past the 10 MiB cap
    with serve(demo_answer(archive)) as base:
        result = subprocess.run([*KAVKAZ, "crawl", "--base-url", base, "--db", str(tmp_path / "data/kavkaz.db"),
                                 *LOCAL_SETTINGS, "--quiet", "--log-file", str(log)],
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == "", "quiet when all is well"
    text = log.read_text()
    assert "Spider opened" in text, "the file gets Scrapy's INFO log"
    assert text.rstrip().splitlines()[-6].startswith("crawl finished in"), "it ends with the run's summary"
    assert (tmp_path / "data" / "crawl.log.1").stat().st_size > 10 * 1024 * 1024, "the old log was rotated"


# 8. The lock is bypassed through a symlink ---------------------------------------------------------------------


def test_the_lock_holds_through_a_symlink(tmp_path):
    real = tmp_path / "real.db"
    link = tmp_path / "link.db"
    link.symlink_to(real)
    with DatabaseLock(real):
        result = crawl("http://127.0.0.1:9", link)
    assert result.returncode == 3 and "locked" in result.stderr


# 9. Listing failures never resolve ------------------------------------------------------------------------------


def test_a_listing_that_failed_is_resolved_when_it_is_fetched(tmp_path):
    archive = DemoArchive(seed=9, articles=40)
    flaky = {"/rubric/10": lambda attempt: (500, "text/html", b"down", 0) if attempt <= 5 else
             (200, "text/html; charset=utf-8", archive.render("/rubric/10", {})[1].encode(), 0)}
    db = tmp_path / "k.db"
    with serve(demo_answer(archive, flaky)) as base:
        crawl(base, db, "--mode", "listing", "--set", "RETRY_TIMES=1")
        assert rows(db, "select resolved_at from failures where url = 'https://eng.kavkaz-uzel.eu/rubric/10'") == [
            {"resolved_at": None}]
        crawl(base, db, "--mode", "listing", "--set", "RETRY_TIMES=1")
        crawl(base, db, "--mode", "listing", "--set", "RETRY_TIMES=1")
    (row,) = rows(db, "select resolved_at from failures where url = 'https://eng.kavkaz-uzel.eu/rubric/10'")
    assert row["resolved_at"] is not None


# Also: the summary says when failed pages will be retried --------------------------------------------------------


def test_the_summary_says_when_failures_will_be_retried(tmp_path):
    archive = DemoArchive(seed=4, articles=30)
    broken = {f"/articles/{archive.live_ids[2]}": lambda attempt: (500, "text/html", b"x", 0)}
    with serve(demo_answer(archive, broken)) as base:
        result = crawl(base, tmp_path / "k.db", "--mode", "ids", "--ids", "1-30", "--max-failure-rate", "0.5")
    assert result.returncode == 0
    assert "1 failed pages will be retried by the next run after 1h" in result.stdout


@pytest.mark.parametrize("argv", [
    ["stats", "--plot", "/proc/x.png"], ["stats", "--plot", "{tmp}/nodir/x.png"], ["reparse", "--db", "/proc/k.db"],
    ["import-warc", "{tmp}/none.warc"], ["demo", "--db", "/proc/demo.db", "--articles", "5"],
    ["demo", "--db", "{tmp}/afile/d.db", "--articles", "5"], ["parse", "/proc/none.html"], ["parse", "{tmp}/nodir/"],
    ["search", "x", "--db", "/proc/k.db"], ["serve", "--db", "{tmp}/afile"],
    ["crawl", "--base-url", "http://127.0.0.1:9", "--db", "{tmp}/k.db", "--log-file", "{tmp}"],
    ["check", "--base-url", "http://127.0.0.1:9", "--sample", "100000"]])
def test_every_command_answers_a_bad_path_in_one_line(small_db, tmp_path, argv):
    (tmp_path / "afile").write_text("x")
    argv = [a.format(tmp=tmp_path) for a in argv]
    if argv[0] in ("stats", "search") and "--db" not in argv:
        argv += ["--db", str(small_db)]
    result = subprocess.run([*KAVKAZ, *argv], capture_output=True, text=True, timeout=60)
    assert result.returncode in (1, 2), result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


# A 200 answer that is no article: a challenge or a login page ----------------------------------------------------

CHALLENGE = (b"<html><head><title>Just a moment...</title></head><body><h1>Please verify you are a human</h1>"
             b"<p>Enable JavaScript and cookies to continue.</p></body></html>")


def test_a_challenge_page_is_never_stored_over_a_record(tmp_path):
    archive = DemoArchive(seed=5, articles=20)
    blocked = {"on": False}
    answer = demo_answer(archive)

    def maybe_blocked(path: str, attempt: int):
        if blocked["on"] and path == "/articles/3":
            return 200, "text/html; charset=utf-8", CHALLENGE, 0
        return answer(path, attempt)

    db = tmp_path / "k.db"
    with serve(maybe_blocked) as base:
        assert crawl(base, db, "--mode", "ids", "--ids", "1-5").returncode == 0
        before = rows(db, "select headline, published_at, version from articles where article_id = 3")
        blocked["on"] = True
        crawl(base, db, "--mode", "ids", "--ids", "1-5")
    assert rows(db, "select headline, published_at, version from articles where article_id = 3") == before
    failure = rows(db, "select error from failures where article_id = 3")
    assert failure and failure[0]["error"].startswith("blocked: a challenge or login page"), failure
    assert rows(db, "select count(*) n from pages where article_id = 3")[0]["n"] == 2, "the challenge kept raw"


def test_a_run_of_challenge_pages_stops_the_crawl_before_it_writes(tmp_path):
    archive = DemoArchive(seed=5, articles=300)
    answer = demo_answer(archive, {"/articles/": lambda attempt: (200, "text/html", CHALLENGE, 0.02)})
    db = tmp_path / "k.db"
    with serve(answer) as base:
        result = crawl(base, db, "--mode", "ids", "--ids", "1-300", "--concurrency", "2")
    assert result.returncode == 1, result.stderr[-1500:]
    assert "the site is blocking the crawler" in result.stderr
    assert rows(db, "select count(*) n from articles")[0]["n"] == 0
    assert rows(db, "select count(*) n from failures where error like 'blocked:%'")[0]["n"] < 100, "stopped early"
    assert integrity_ok(db)


def test_an_article_about_a_captcha_is_no_challenge_page():
    from crawler.parsers.blocked import blocked_reason

    article = {"headline": "Court fines blogger for bypassing a captcha", "published_at": "2024-01-02T10:00:00+03:00",
               "body": "The court in Makhachkala fined a blogger who wrote a program to bypass a captcha."}
    assert blocked_reason(article) is None
    assert blocked_reason({**article, "published_at": None, "headline": "Access denied"})
    assert blocked_reason({"headline": "Подтвердите, что вы не робот", "published_at": None, "body": None})


# 25.6 A redirect loop lost the article silently ----------------------------------------------------------------


def test_a_redirect_loop_is_a_failure_kept_and_retried_never_a_silent_loss(tmp_path):
    archive = DemoArchive(seed=9, articles=30)
    looping = archive.live_ids[3]
    path = f"/articles/{looping}"
    loop = {path: lambda attempt: (302, "text/plain", b"", 0, {"Location": f"{path}?again=1"}),
            f"{path}?again=1": lambda attempt: (302, "text/plain", b"", 0, {"Location": path})}
    db = tmp_path / "k.db"
    with serve(demo_answer(archive, loop)) as base:
        result = crawl(base, db, "--mode", "ids", "--ids", "1-30")
    assert result.returncode == 0, result.stderr[-2000:]
    failures = rows(db, "select article_id, error from failures where article_id = ?", looping)
    assert failures and "redirect" in failures[0]["error"].lower(), failures
    stored = {r["article_id"] for r in rows(db, "select article_id from articles")}
    assert stored == set(archive.live_ids) - {looping}
    assert "1 failed" in result.stdout + result.stderr or last_run(db)["failed"] == 1


def test_an_ids_crawl_that_robots_txt_forbids_says_so_not_listing_pages_failed(tmp_path):
    archive = DemoArchive(seed=5, articles=10)
    robots = {"/robots.txt": lambda attempt: (200, "text/plain", b"User-agent: *\nDisallow: /articles/\n", 0)}
    with serve(demo_answer(archive, robots)) as base:
        result = crawl(base, tmp_path / "k.db", "--mode", "ids", "--ids", "1-5")
    assert result.returncode == 1
    assert "robots.txt forbids every page asked for (5)" in result.stdout + result.stderr
    assert "listing pages failed" not in result.stdout + result.stderr


def test_a_log_file_on_a_full_disk_is_one_line_before_the_crawl_starts(tmp_path):
    """/dev/full answers every write with ENOSPC, as a full disk does: it opens fine, so only a written line tells."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    for command in ([*KAVKAZ, "crawl", "--base-url", "http://127.0.0.1:9", "--db", str(tmp_path / "k.db"),
                     "--log-file", "/dev/full"],
                    [sys.executable, "-m", "scrapy", "crawl", "en_archive", "-s", f"KAVKAZ_DB={tmp_path / 'k.db'}",
                     "-s", "LOG_FILE=/dev/full"]):
        result = subprocess.run(command, capture_output=True, text=True, timeout=60,
                                cwd=Path(__file__).resolve().parents[1])
        assert result.returncode == 2, result.stderr[-1500:]
        assert result.stderr.strip().splitlines() == [
            f"{'kavkaz crawl' if command[2] == 'crawler' else 'scrapy crawl'}: cannot write the log file /dev/full: "
            "No space left on device"], result.stderr[-1500:]


def test_a_log_file_that_fills_during_the_crawl_costs_one_line_and_is_dropped(capfd):
    import logging

    from crawler.logfile import LogFileGuard

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    handler = logging.FileHandler("/dev/full")
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        LogFileGuard()
        for _ in range(20):
            root.warning("a record the full disk refuses")
        assert handler not in root.handlers
    finally:
        root.removeHandler(handler)
        with contextlib.suppress(OSError):  # its last flush fails into the full device; the file closes anyway
            handler.stream.close()
        handler.stream = None
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Logging error" not in err
    assert err.count("cannot write the log file /dev/full") == 1


def test_the_same_page_behind_many_ids_is_never_stored_as_their_articles(tmp_path):
    """A server that answers every id with one page (a soft error page, its front page) with HTTP 200 and a date:
    from the third id on it is a failure "blocked", kept raw and retried, never a record."""
    archive = DemoArchive(seed=9, articles=40)
    first = archive.live_ids[0]
    same = archive.render(f"/articles/{first}")[1].encode()
    everywhere = {"/articles/": lambda attempt: (200, "text/html; charset=utf-8", same, 0)}
    db = tmp_path / "k.db"
    with serve(demo_answer(archive, everywhere)) as base:
        crawl(base, db, "--mode", "ids", "--ids", "1-12")
    assert rows(db, "select count(*) n from articles")[0]["n"] <= 2
    blocked = rows(db, "select count(*) n from failures where error like 'blocked: the same headline and text%'")
    assert blocked[0]["n"] >= 10
