"""A crawl as a job on one database: the lock, the plan and the outcome. Scrapy extension `CrawlJob`.

Enabled in settings.EXTENSIONS, so `scrapy crawl en_archive …` and `kavkaz crawl …` (which runs the same
crawler) behave alike:

1. **Lock** — `<KAVKAZ_DB>.lock` is taken before anything opens the database; a second crawl of the same
   database fails at once (exit 3).
2. **Plan** — the spider's arguments are resolved against the database before the first request: `auto`
   becomes `full` on an empty database and `incremental` otherwise; a rerun of an interrupted job resumes it
   (its stored ids are skipped); an incremental run gets the stored ids, the refreshes and the retries that are
   due (crawler.planner; settings KAVKAZ_REFRESH_OLDER_THAN, KAVKAZ_REFRESH_BUDGET, KAVKAZ_FAILURE_BACKOFF).
3. **Outcome** — when the engine stops, the crawl's stats are judged (`judge`) into the exit code of the README
   and a one-line reason, kept in the stats as `kavkaz/exit_code` and `kavkaz/outcome`; the lock is released.
4. **A bounded stop** — SIGTERM or SIGINT starts Scrapy's graceful stop; if the crawl has not ended after
   KAVKAZ_SHUTDOWN_GRACE seconds (downloads in flight on a slow server), what was parsed is written, the run row
   is closed as `interrupted`, and the reactor is stopped: a cron job's `timeout` ends a crawl within seconds,
   and a resumed run fetches the pages that were in flight.

Extensions are built after the spider and before the engine and its pipelines (Scrapy's Crawler.crawl), so the
plan is in place before the write pipeline opens its run row.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.contracts import CrawlPlan, PlannedSpider
from crawler.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_TOO_MANY_FAILURES, KavkazError
from crawler.lock import DatabaseLock
from crawler.signals import stop_now

logger = logging.getLogger(__name__)


class CrawlJob:
    """Holds the database lock for the whole crawl, plans the spider, and judges the outcome."""

    def __init__(self, crawler: Crawler):
        from crawler.store import Store

        self.crawler = crawler
        self.db = Path(crawler.settings.get("KAVKAZ_DB"))
        self.lock = DatabaseLock(self.db)
        self.lock.acquire()
        try:
            Store(self.db).close()  # created, migrated, or a one-line error before any request
            if isinstance(crawler.spider, PlannedSpider):  # the check spider is not planned
                plan = plan_crawl(crawler.spider, self.db, crawler.settings)
                crawler.stats.set_value("kavkaz/plan", plan.why)
                crawler.spider.apply_plan(plan)
        except BaseException:
            self.lock.release()
            raise
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)
        self.grace = crawler.settings.getfloat("KAVKAZ_SHUTDOWN_GRACE")
        self.stopped = False
        from twisted.internet import reactor

        # After Scrapy has installed its own handlers (an "after startup" trigger that CrawlerProcess.start()
        # registers later than this), so that ours wraps theirs: one reactor turn after startup.
        if reactor.running:  # a later crawl of the same process (kavkaz crawl --lang all)
            reactor.callLater(0, self._watch_signals)
        else:
            reactor.addSystemEventTrigger("after", "startup", reactor.callLater, 0, self._watch_signals)

    def _watch_signals(self) -> None:
        import signal as signals_module

        from twisted.internet import reactor

        for number in (signals_module.SIGTERM, signals_module.SIGINT):
            previous = signals_module.getsignal(number)

            def handler(signum: int, frame: Any, previous: Any = previous) -> None:
                reactor.callFromThread(reactor.callLater, self.grace, self._force_stop)
                if callable(previous):
                    previous(signum, frame)

            signals_module.signal(number, handler)

    def _force_stop(self) -> None:
        """The graceful stop took too long: keep what was parsed, close the run row, stop now."""
        if self.stopped:
            return
        from twisted.internet import reactor

        stats = self.crawler.stats
        stats.set_value("finish_reason", "shutdown")
        logger.warning("stopping now: the crawl did not end within %.0fs of the signal", self.grace)
        self.crawler.signals.send_catch_log(signal=stop_now)  # the write pipeline writes what it holds
        self.engine_stopped()
        if reactor.running:
            reactor.stop()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlJob:
        return cls(crawler)

    def engine_stopped(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        stats = self.crawler.stats
        spider = self.crawler.spider
        code, message = judge(stats.get_stats(), self.crawler.settings.getfloat("KAVKAZ_MAX_FAILURE_RATE"),
                              getattr(spider, "base_url", ""))  # any spider: the check spider is judged too
        stats.set_value("kavkaz/exit_code", code)
        stats.set_value("kavkaz/outcome", message)
        if code:
            logger.error("crawl ended (exit %d): %s", code, message)
        else:
            logger.info("crawl finished: %s", message)
        self.lock.release()


def plan_crawl(spider: PlannedSpider, db: Path, settings: Any) -> CrawlPlan:
    """Resolve the spider's job against the database: resume, auto mode, incremental plan."""
    from crawler import planner

    db_path = str(db)
    plan = CrawlPlan(mode=spider.mode, layouts=planner.stored_layouts(db_path, spider.lang))
    resume = planner.plan_resume(db_path, spider.job, spider.lang, spider.name)
    why = ""
    if resume.resumed_run is not None:
        # The same command after a kill, an interrupt or a failure: finish that run's job, skip what it stored.
        plan.mode = resume.resumed_mode or plan.mode
        plan.resumed_run = resume.resumed_run
        plan.skip_ids = resume.skip_ids
        why = f"resuming run {resume.resumed_run}, which did not finish ({len(resume.skip_ids)} articles it stored " \
              "are skipped)"
    if plan.mode == "auto":
        empty = planner.is_empty(db_path, spider.lang)
        plan.mode = "full" if empty else "incremental"
        why = why or ("auto: no article of this language stored yet" if empty else "auto: the archive is stored, "
                      "only what is new, due for a refresh or a retry")
    plan.why = f"{plan.mode} ({why})" if why else plan.mode
    if plan.mode == "incremental":
        found = planner.plan_incremental(
            db_path, spider.lang,
            refresh_older_than=planner.parse_duration(settings.get("KAVKAZ_REFRESH_OLDER_THAN")),
            refresh_budget=settings.getint("KAVKAZ_REFRESH_BUDGET"),
            failure_backoff=planner.parse_duration(settings.get("KAVKAZ_FAILURE_BACKOFF")),
        )
        # A failed page in a listing is not new: it is retried only when its backoff is due (extra_ids).
        plan.known_ids = found.known_ids | found.failed_ids
        plan.known_posts = found.known_posts
        plan.extra_ids = found.extra_ids
        plan.known_failure_ids = found.failed_ids
    return plan


def judge(stats: dict[str, Any], max_failure_rate: float, base_url: str) -> tuple[int, str]:
    """The exit code and a one-line reason, from a finished crawl's stats."""
    from crawler.progress import progress_counts

    counts = progress_counts(stats)
    reason = stats.get("finish_reason", "unknown")
    fatal = stats.get("kavkaz/fatal_error")
    if fatal:
        return EXIT_FAILED, f"the crawl failed: {fatal}"
    if reason == "shutdown":
        return EXIT_INTERRUPTED, "interrupted; run the same command again to resume"
    if counts["pages"] == 0 and not (stats.get("kavkaz/frontier") and not stats.get("downloader/request_count")):
        # (a worker of a shared frontier that found nothing left to do has not failed)
        errors = sorted(k.rsplit("/", 1)[-1] for k in stats if k.startswith("downloader/exception_type_count/"))
        detail = f" ({', '.join(errors)})" if errors else ""
        return EXIT_FAILED, f"no page could be fetched from {base_url}{detail}"
    stored = counts["new"] + counts["updated"] + counts["unchanged"]
    missing = int(stats.get("kavkaz/missing", 0))  # 404s: a fact of a sparse archive, recorded, not an error
    known = int(stats.get("kavkaz/known_failures", 0))  # retried failures of earlier runs that failed again
    # Article pages only: a failed listing page is recorded and retried, but it is not an article that failed.
    forbidden = int(stats.get("kavkaz/forbidden", 0))  # pages robots.txt forbids: skipped on purpose
    failed = max(int(stats.get("kavkaz/article_failures", 0)) - missing - known - forbidden, 0)
    if stored == 0 and failed > 0:
        return EXIT_FAILED, f"every article page failed ({failed} failures); see the failures table"
    if stored == 0 and failed == 0 and missing == 0 and forbidden and forbidden >= counts["failed"]:
        return EXIT_FAILED, f"robots.txt forbids every page asked for ({forbidden}): nothing was fetched"
    if stored == 0 and failed == 0 and missing == 0 and counts["failed"]:
        return EXIT_FAILED, f"no article page was reached: {counts['failed']} listing pages failed"
    attempted = stored + failed
    if attempted and failed / attempted > max_failure_rate:
        return (
            EXIT_TOO_MANY_FAILURES,
            f"{failed} of {attempted} article pages failed ({failed / attempted:.1%} > {max_failure_rate:.1%})",
        )
    return EXIT_OK, "done"


def outcome_of(crawler: Crawler, error: BaseException | None) -> tuple[int, str]:
    """The exit code and reason of a crawl that has run (or failed to start with `error`)."""
    if isinstance(error, KavkazError):
        return error.exit_code, str(error)
    if error is not None:
        return EXIT_FAILED, f"the crawl could not start: {type(error).__name__}: {error}"
    stats = crawler.stats.get_stats() if crawler.stats else {}
    if "kavkaz/exit_code" not in stats:
        return EXIT_FAILED, "the crawl ended before its outcome was known"
    return int(stats["kavkaz/exit_code"]), str(stats.get("kavkaz/outcome", ""))
