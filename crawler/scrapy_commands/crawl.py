"""`scrapy crawl en_archive …`: Scrapy's own crawl command, with kavkaz's exit codes and one-line errors.

Scrapy exits 0 whenever the crawl could start; a cron job needs to know when it failed. The crawl is the same
(settings.py, crawler.job.CrawlJob); only its outcome (`kavkaz/exit_code`) becomes the process's exit status,
and an error that stops the crawl before it starts (the database is locked, corrupt, unwritable) is one line.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """A LOG_FILE that cannot be written (a full disk) is one line and exit 2 before Scrapy logs anything: after,
        every record would print a traceback and closing the file would crash the crawl."""
        from pathlib import Path

        from crawler.errors import KavkazError
        from crawler.runner import prepare_log

        super().process_options(args, opts)
        log_file = self.settings.get("LOG_FILE")
        if log_file:
            try:
                prepare_log(Path(log_file))
            except KavkazError as exc:
                print(f"scrapy crawl: {exc}", file=sys.stderr)
                raise SystemExit(2) from None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from crawler.job import outcome_of

        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. scrapy crawl en_archive")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        errors: list[BaseException] = []
        running = self.crawler_process.crawl(crawler, **opts.spargs)
        if hasattr(running, "addErrback"):  # CrawlerProcess: a Deferred
            running.addErrback(lambda failure: errors.append(failure.value))
        else:  # AsyncCrawlerProcess: an asyncio Task
            running.add_done_callback(lambda task: task.cancelled() or errors.extend(filter(None, [task.exception()])))
        self.crawler_process.start()
        self.exitcode, message = outcome_of(crawler, errors[0] if errors else None)
        if self.exitcode:
            print(f"scrapy crawl {args[0]}: {message}", file=sys.stderr)
