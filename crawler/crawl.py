"""Run one crawl in this process and judge its outcome: the engine behind `kavkaz crawl` and `kavkaz demo`.

Scrapy's own exit status is 0 even when nothing could be fetched; `judge` turns the crawl's stats into the
exit codes of the README (0 done, 1 failed, 4 too many failures, 130 interrupted) and a one-line reason.
Twisted's reactor runs once per process: run one crawl per process (the CLI does).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from crawler.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_TOO_MANY_FAILURES
from crawler.progress import progress_counts


@dataclass
class CrawlOptions:
    """Everything one crawl needs; the CLI's options map onto these fields one to one."""

    db: Path
    base_url: str = "https://eng.kavkaz-uzel.eu"
    mode: str = "auto"
    ids: str | None = None
    since: str | None = None
    until: str | None = None
    listings: str | None = None
    max_pages: int | None = None
    concurrency: int | None = None
    delay: float | None = None
    log_file: str | None = None
    log_level: str = "WARNING"
    progress: str = "auto"
    max_failure_rate: float = 0.05
    refresh_older_than: timedelta = timedelta(days=1)
    refresh_budget: int = 10
    failure_backoff: timedelta = timedelta(hours=1)
    settings: dict[str, Any] = field(default_factory=dict)  # any other Scrapy setting (`--set KEY=VALUE`)

    def job(self) -> dict[str, Any]:
        """The arguments that define what this crawl is to do (a rerun with the same job resumes it)."""
        arguments = {"base_url": self.base_url, "mode": self.mode}
        for name in ("ids", "since", "until", "listings"):
            if getattr(self, name):
                arguments[name] = getattr(self, name)
        return arguments


@dataclass
class CrawlOutcome:
    exit_code: int
    message: str
    stats: dict[str, Any]
    seconds: float

    @property
    def counts(self) -> dict[str, int]:
        return progress_counts(self.stats)


def scrapy_settings(options: CrawlOptions):
    """The project's settings.py with the options of this crawl on top."""
    from scrapy.settings import Settings

    import settings as project_settings

    result = Settings()
    result.setmodule(project_settings, priority="project")
    overrides: dict[str, Any] = {
        "KAVKAZ_DB": str(options.db),
        "LOG_LEVEL": options.log_level,
        "KAVKAZ_PROGRESS": options.progress,
    }
    if options.log_file:
        overrides.update(LOG_FILE=options.log_file, LOG_LEVEL="INFO" if options.log_level == "WARNING" else options.log_level)
    if options.concurrency:
        overrides.update(CONCURRENT_REQUESTS=options.concurrency, CONCURRENT_REQUESTS_PER_DOMAIN=options.concurrency)
    if options.delay is not None:
        overrides["DOWNLOAD_DELAY"] = options.delay
        overrides["AUTOTHROTTLE_START_DELAY"] = max(options.delay, 0.01)
        if options.delay == 0:
            overrides["AUTOTHROTTLE_ENABLED"] = False
            overrides["DOWNLOAD_DELAY_JITTER"] = 0
    if options.max_pages:
        overrides["CLOSESPIDER_PAGECOUNT"] = options.max_pages
    overrides.update(options.settings)
    result.setdict(overrides, priority="cmdline")
    return result


def run_crawl(options: CrawlOptions) -> CrawlOutcome:
    """Crawl with `options` (blocking) and judge the result."""
    from scrapy.crawler import CrawlerProcess

    from spiders.en_archive import EnArchiveSpider

    started = time.monotonic()
    process = CrawlerProcess(scrapy_settings(options))
    crawler = process.create_crawler(EnArchiveSpider)
    process.crawl(crawler, **spider_arguments(options))
    process.start()
    stats = dict(crawler.stats.get_stats() or {})
    exit_code, message = judge(stats, options)
    return CrawlOutcome(exit_code, message, stats, time.monotonic() - started)


def spider_arguments(options: CrawlOptions) -> dict[str, Any]:
    """The spider's arguments: the job, resolved against the database (resume, auto mode, incremental plan)."""
    from crawler import planner

    job = options.job()
    arguments: dict[str, Any] = {**job, "job": job}
    resume = planner.plan_resume(str(options.db), job)
    if resume.resumed_run is not None:
        # The same command after a kill or an interrupt: finish that run's job, skip what it stored.
        arguments["mode"] = resume.resumed_mode or arguments["mode"]
        arguments["skip_ids"] = resume.skip_ids
        arguments["resumed_run"] = resume.resumed_run
    if arguments["mode"] == "auto":
        arguments["mode"] = "full" if planner.is_empty(str(options.db)) else "incremental"
    if arguments["mode"] == "incremental":
        plan = planner.plan_incremental(
            str(options.db), refresh_older_than=options.refresh_older_than, refresh_budget=options.refresh_budget,
            failure_backoff=options.failure_backoff,
        )
        # A failed page in a listing is not new: it is retried only when its backoff is due (extra_ids).
        arguments["known_ids"] = plan.known_ids | plan.failed_ids
        arguments["extra_ids"] = [i for i in plan.extra_ids if i not in arguments.get("skip_ids", ())]
        arguments["known_failure_ids"] = plan.failed_ids
    return arguments


def judge(stats: dict[str, Any], options: CrawlOptions) -> tuple[int, str]:
    """The exit code and a one-line reason, from a finished crawl's stats."""
    counts = progress_counts(stats)
    reason = stats.get("finish_reason", "unknown")
    fatal = stats.get("kavkaz/fatal_error")
    if fatal:
        return EXIT_FAILED, f"the crawl failed: {fatal}"
    if reason == "shutdown":
        return EXIT_INTERRUPTED, "interrupted; run the same command again to resume"
    if counts["pages"] == 0:
        errors = sorted(k.rsplit("/", 1)[-1] for k in stats if k.startswith("downloader/exception_type_count/"))
        detail = f" ({', '.join(errors)})" if errors else ""
        return EXIT_FAILED, f"no page could be fetched from {options.base_url}{detail}"
    stored = counts["new"] + counts["updated"] + counts["unchanged"]
    missing = int(stats.get("kavkaz/missing", 0))  # 404s: a fact of a sparse archive, recorded, not an error
    known = int(stats.get("kavkaz/known_failures", 0))  # retried failures of earlier runs that failed again
    failed = max(counts["failed"] - missing - known, 0)
    if stored == 0 and failed > 0:
        return EXIT_FAILED, f"every article page failed ({failed} failures); see the failures table"
    attempted = stored + failed
    if attempted and failed / attempted > options.max_failure_rate:
        return (
            EXIT_TOO_MANY_FAILURES,
            f"{failed} of {attempted} article pages failed ({failed / attempted:.1%} > {options.max_failure_rate:.1%})",
        )
    return EXIT_OK, "done"


def summary(outcome: CrawlOutcome, db: Path) -> str:
    """The human summary printed at the end of a crawl."""
    counts = outcome.counts
    missing = int(outcome.stats.get("kavkaz/missing", 0))
    lines = [
        f"crawl {'finished' if outcome.exit_code == EXIT_OK else 'ended'} in {outcome.seconds:.1f}s: {outcome.message}",
        f"  pages fetched   {counts['pages']}  ({counts['retries']} retries)",
        f"  articles        {counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged",
        f"  not stored      {missing} missing ids (404), {max(counts['failed'] - missing, 0)} failed",
        f"  database        {db}",
    ]
    return "\n".join(lines)
