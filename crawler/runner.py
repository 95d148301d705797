"""Run one crawl in this process: what `kavkaz crawl` and `kavkaz demo` call.

`CrawlOptions` are the command line's options; `scrapy_settings` turns them into Scrapy settings on top of
settings.py, and `run_crawl` runs the very crawler that `scrapy crawl en_archive` runs — lock, plan and exit
code come from crawler.job.CrawlJob in both. Twisted's reactor runs once per process: one crawl per process.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import settings as defaults
from crawler.errors import EXIT_OK
from crawler.progress import progress_counts

LOG_MAX_BYTES = 10 * 1024 * 1024  # a log past this is rotated before a crawl (crawl.log → crawl.log.1 …)
LOG_KEEP = 3


@dataclass
class CrawlOptions:
    """Everything one crawl needs; the CLI's options map onto these fields one to one."""

    db: Path
    base_url: str = defaults.KAVKAZ_BASE_URL
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
    max_failure_rate: float = defaults.KAVKAZ_MAX_FAILURE_RATE
    refresh_older_than: str = defaults.KAVKAZ_REFRESH_OLDER_THAN
    refresh_budget: int = defaults.KAVKAZ_REFRESH_BUDGET
    failure_backoff: str = defaults.KAVKAZ_FAILURE_BACKOFF
    settings: dict[str, Any] = field(default_factory=dict)  # any other Scrapy setting (`--set KEY=VALUE`)

    def job(self) -> dict[str, Any]:
        """The spider's arguments: what this crawl is to do (a rerun with the same job resumes it)."""
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
    started: bool = True  # False: the crawl could not start (locked, bad database); `message` says why

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
        "KAVKAZ_MAX_FAILURE_RATE": options.max_failure_rate,
        "KAVKAZ_REFRESH_OLDER_THAN": options.refresh_older_than,
        "KAVKAZ_REFRESH_BUDGET": options.refresh_budget,
        "KAVKAZ_FAILURE_BACKOFF": options.failure_backoff,
    }
    if options.log_file:  # the file gets the whole story, whatever the terminal gets (--quiet: nothing)
        overrides.update(LOG_FILE=options.log_file, LOG_LEVEL="DEBUG" if options.log_level == "DEBUG" else "INFO")
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
    """Crawl with `options` (blocking): the same crawler as `scrapy crawl en_archive`, judged by crawler.job."""
    from scrapy.crawler import CrawlerProcess

    from crawler.job import outcome_of
    from spiders.en_archive import EnArchiveSpider

    started = time.monotonic()
    process = CrawlerProcess(scrapy_settings(options))
    crawler = process.create_crawler(EnArchiveSpider)
    errors: list[BaseException] = []
    process.crawl(crawler, **options.job()).addErrback(lambda failure: errors.append(failure.value))
    process.start()
    exit_code, message = outcome_of(crawler, errors[0] if errors else None)
    stats = dict(crawler.stats.get_stats() or {}) if crawler.stats else {}
    return CrawlOutcome(exit_code, message, stats, time.monotonic() - started, started=not errors)


def prepare_log(path: Path, max_bytes: int = LOG_MAX_BYTES, keep: int = LOG_KEEP) -> None:
    """Check that the log file can be written (UsageError, one line) and rotate it past `max_bytes`:
    `crawl.log` → `crawl.log.1` → … `crawl.log.<keep>`, so a daily cron job's log never grows without bound."""
    from crawler.errors import UsageError

    try:
        if path.is_dir():
            raise UsageError(f"--log-file {path} is a directory")
        if path.is_file() and path.stat().st_size > max_bytes:
            for number in range(keep - 1, 0, -1):
                older = path.with_name(f"{path.name}.{number}")
                if older.exists():
                    older.replace(path.with_name(f"{path.name}.{number + 1}"))
            path.replace(path.with_name(f"{path.name}.1"))
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise UsageError(f"cannot write the log file {path}: {exc.strerror}") from None


def append_to_log(path: Path, text: str) -> None:
    """The run's summary as the last lines of its log (what a cron job's reader looks for)."""
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text.rstrip("\n") + "\n")
    except OSError as exc:
        print(f"kavkaz crawl: could not write the summary to {path}: {exc.strerror}", file=sys.stderr)


def summary(outcome: CrawlOutcome, db: Path, retry_after: str | None = None) -> str:
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
    failed = max(counts["failed"] - missing, 0)
    if failed and retry_after:
        lines.append(f"  retries         {failed} failed pages will be retried by the next run after {retry_after} "
                     "(--failure-backoff), up to 5 times")
    return "\n".join(lines)
