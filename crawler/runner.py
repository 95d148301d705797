"""Run the crawl in this process: what `kavkaz crawl` and `kavkaz demo` call.

`CrawlOptions` are the command line's options; `scrapy_settings` turns them into Scrapy settings on top of
settings.py, and `run_crawl` runs the very crawlers that `scrapy crawl en_archive` / `ru_archive` run — lock, plan
and exit code come from crawler.job.CrawlJob in both. Twisted's reactor runs once per process, so the crawls of
`--lang all` run one after the other in one reactor run.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import settings as defaults
from crawler.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_LOCKED, EXIT_OK, EXIT_TOO_MANY_FAILURES
from crawler.progress import progress_counts

LOG_MAX_BYTES = 10 * 1024 * 1024  # a log past this is rotated before a crawl (crawl.log → crawl.log.1 …)
LOG_KEEP = 3


@dataclass
class CrawlOptions:
    """Everything one crawl needs; the CLI's options map onto these fields one to one."""

    db: Path
    base_url: str | None = None  # None: the spider's own default (settings KAVKAZ_BASE_URL, KAVKAZ_RU_BASE_URL)
    mode: str = "auto"
    lang: str = "en"  # "en", "ru" or "all" (English, then Russian)
    ru_base_url: str | None = None  # with lang "all": the Russian site's base (base_url is the English one)
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
    frontier: str | None = None  # redis://HOST:PORT/DB: a worker on a shared frontier (crawler/frontier.py)

    def job(self, base_url: str | None = None) -> dict[str, Any]:
        """The spider's arguments: what this crawl is to do (a rerun with the same job resumes it)."""
        arguments: dict[str, Any] = {"mode": self.mode}
        if base_url or self.base_url:
            arguments["base_url"] = base_url or self.base_url
        for name in ("ids", "since", "until", "listings"):
            if getattr(self, name):
                arguments[name] = getattr(self, name)
        return arguments

    def spiders(self) -> list[tuple[str, str | None]]:
        """The spiders of `lang` by name (Scrapy loads them from SPIDER_MODULES, as `scrapy crawl` does), in
        order, each with its base URL (None: its default)."""
        if self.lang == "ru":
            return [("ru_archive", self.base_url)]
        if self.lang == "all":
            return [("en_archive", self.base_url), ("ru_archive", self.ru_base_url)]
        return [("en_archive", self.base_url)]


@dataclass
class CrawlOutcome:
    exit_code: int
    message: str
    stats: dict[str, Any]
    seconds: float
    started: bool = True  # False: the crawl could not start (locked, bad database); `message` says why
    spider: str = "en_archive"
    parts: list[CrawlOutcome] = field(default_factory=list)  # --lang all: one outcome per language

    @property
    def counts(self) -> dict[str, int]:
        return progress_counts(self.stats)


def project_settings(overrides: dict[str, Any]):
    """The project's settings.py with `overrides` on top (at the command line's priority): the one way every
    wrapper of `scrapy crawl` (the crawl, `kavkaz check`) builds its settings."""
    from scrapy.settings import Settings

    import settings as project_module

    result = Settings()
    result.setmodule(project_module, priority="project")
    result.setdict(overrides, priority="cmdline")
    return result


def scrapy_settings(options: CrawlOptions):
    """The project's settings.py with the options of this crawl on top."""
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
    if options.frontier:  # crawler.frontier.FrontierAddon turns the crawl into a worker of this frontier
        overrides["KAVKAZ_FRONTIER"] = options.frontier
    overrides.update(options.settings)
    return project_settings(overrides)


def run_crawl(options: CrawlOptions) -> CrawlOutcome:
    """Crawl with `options` (blocking): the same crawlers as `scrapy crawl en_archive` / `ru_archive`, judged by
    crawler.job; with `lang="all"` one after the other, the combined exit code the most serious of theirs."""
    from scrapy.crawler import CrawlerProcess

    from crawler.job import outcome_of

    process = CrawlerProcess(scrapy_settings(options))
    queue = list(options.spiders())
    parts: list[CrawlOutcome] = []

    def stop_reactor() -> None:
        from twisted.internet import reactor  # installed by the first crawler (Crawler(init_reactor=True))

        if reactor.running:
            reactor.stop()
        else:
            reactor.callWhenRunning(reactor.stop)

    def next_crawl() -> None:
        if not queue or (parts and parts[-1].exit_code in (EXIT_INTERRUPTED, EXIT_LOCKED)):
            stop_reactor()  # done, or a signal / another crawl: the next language waits for the next run
            return
        spider_name, base_url = queue.pop(0)
        crawler = process.create_crawler(spider_name)
        started = time.monotonic()
        running[:] = [(crawler, spider_name, started)]

        def finished(result: Any) -> None:
            running.clear()
            error = getattr(result, "value", None)  # a twisted Failure when the crawl could not start
            exit_code, message = outcome_of(crawler, error)
            stats = dict(crawler.stats.get_stats() or {}) if crawler.stats else {}
            parts.append(CrawlOutcome(exit_code, message, stats, time.monotonic() - started,
                                      started=error is None, spider=spider_name))
            next_crawl()

        process.crawl(crawler, **options.job(base_url)).addBoth(finished)

    running: list[tuple[Any, str, float]] = []  # the crawl under way, for a stop that does not wait for it
    next_crawl()
    process.start(stop_after_crawl=False)
    for crawler, name, started in running:  # stopped by a signal before its Deferred fired (crawler.job)
        exit_code, message = outcome_of(crawler, None)
        parts.append(CrawlOutcome(exit_code, message, dict(crawler.stats.get_stats() or {}),
                                  time.monotonic() - started, spider=name))
    if len(parts) == 1:
        return parts[0]
    worst = max(parts, key=lambda part: SEVERITY.index(part.exit_code) if part.exit_code in SEVERITY else 0)
    return CrawlOutcome(worst.exit_code, worst.message, {}, sum(p.seconds for p in parts), started=worst.started,
                        spider="all", parts=parts)


# The most serious exit code decides a multi-language run.
SEVERITY = (EXIT_OK, EXIT_TOO_MANY_FAILURES, EXIT_FAILED, EXIT_LOCKED, EXIT_INTERRUPTED)


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
        with open(path, "a", encoding="utf-8") as handle:  # a full disk opens fine and fails the first write
            handle.write(f"--- kavkaz crawl {datetime.now().astimezone().isoformat(timespec='seconds')} ---\n")
            handle.flush()
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
    """The human summary printed at the end of a crawl (one block per language of a `--lang all` run)."""
    if outcome.parts:
        return "\n".join(f"[{part.spider}] " + summary(part, db, retry_after) for part in outcome.parts)
    if not outcome.started:
        return f"kavkaz crawl: {outcome.message}"
    counts = outcome.counts
    missing = int(outcome.stats.get("kavkaz/missing", 0))
    failed = max(counts["failed"] - missing, 0)
    lines = [
        f"crawl {'finished' if outcome.exit_code == EXIT_OK else 'ended'} in {outcome.seconds:.1f}s: {outcome.message}",
        f"  pages fetched   {counts['pages']}  ({counts['retries']} retries)",
        f"  articles        {counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged",
        f"  not stored      {missing} missing ids (404), {failed} failed",
        f"  database        {db}",
    ]
    posts = [int(outcome.stats.get(f"kavkaz/blog_posts_{name}", 0)) for name in ("new", "updated", "unchanged")]
    if any(posts):  # the Russian reader blogs, stored apart from the news, after the articles
        lines.insert(3, f"  blog posts      {posts[0]} new, {posts[1]} updated, {posts[2]} unchanged")
    plan = outcome.stats.get("kavkaz/plan")
    if plan:
        lines.insert(1, f"  plan            {plan}")
    if outcome.exit_code != EXIT_OK and str(plan or "").startswith("full"):
        lines.append("  remaining       the full crawl did not finish: the same command resumes it where it stopped")
    if failed and retry_after:
        lines.append(f"  retries         {failed} failed pages will be retried by the next run after {retry_after} "
                     "(--failure-backoff), up to 5 times")
    return "\n".join(lines)
