"""WritePipeline: writes articles, raw pages and failures to SQLite in batches, and keeps the `runs` row of the crawl.

The batches are written by one thread of their own ("kavkaz-writer"): SQLite and zstd do their work without the
GIL, so the reactor goes on downloading while a batch is committed. The thread is the only writer; at most
WRITE_QUEUE batches wait for it (a slow disk slows the crawl instead of filling the memory), and the spider's end
waits until every batch is written before the run row is closed.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals

from crawler.contracts import RunDescription
from crawler.signals import page_failed, page_fetched, records_committed, stop_now
from crawler.store import Store, StoreError

logger = logging.getLogger(__name__)
STATUS_BY_REASON = {"finished": "finished", "shutdown": "interrupted", "store_error": "failed", "blocked": "failed"}
WRITE_QUEUE = 4  # batches waiting for the writer thread
RELEARN_AFTER = 20  # articles a finished run parsed before the layouts are learned again from the kept pages


class WritePipeline:
    """Opens the Store (settings KAVKAZ_DB; KAVKAZ_DB_MAX_PAGES caps its size, for tests), opens a `runs` row
    with the spider's arguments, writes articles (items), raw pages and failures (signals of crawler.signals) in
    batched transactions, one per batch (KAVKAZ_BATCH_SIZE records or KAVKAZ_BATCH_SECONDS seconds, and at close), counts outcomes in the crawl stats (`kavkaz/articles_new`,
    `kavkaz/articles_updated`, `kavkaz/articles_unchanged`, `kavkaz/failures`) and closes the run row with
    them when the spider closes. A store error (disk full, read-only …) stops the crawl with reason
    `store_error` and its one-line message in `kavkaz/fatal_error`; what was committed before stays intact.
    """

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.path = settings.get("KAVKAZ_DB")
        self.max_pages = settings.get("KAVKAZ_DB_MAX_PAGES")
        self.batch_size = settings.getint("KAVKAZ_BATCH_SIZE")
        self.batch_seconds = settings.getfloat("KAVKAZ_BATCH_SECONDS")
        self.articles: list[dict[str, Any]] = []
        self.failures: list[dict[str, Any]] = []
        self.pages: list[dict[str, Any]] = []
        self.last_flush = time.monotonic()
        self.store: Store | None = None
        self.run_id: int | None = None
        self.failed = False
        self._batches: queue.Queue = queue.Queue(WRITE_QUEUE)
        self._writer: threading.Thread | None = None

    @classmethod
    def from_crawler(cls, crawler) -> WritePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.page_fetched, signal=page_fetched)
        crawler.signals.connect(pipeline.page_failed, signal=page_failed)
        crawler.signals.connect(pipeline.stop_now, signal=stop_now)
        return pipeline

    def open_spider(self) -> None:
        self.store = Store(self.path, max_pages=self.max_pages)
        spider = self.crawler.spider
        spider: RunDescription = self.crawler.spider
        arguments = {"mode": spider.mode, "job": spider.job, "base_url": spider.base_url,
                     "resumed_run": spider.resumed_run, "plan": self.crawler.stats.get_value("kavkaz/plan")}
        self.run_id = self.store.start_run(spider.name, arguments)
        self._last_page_before = self.store.connection.execute("select coalesce(max(id), 0) from pages").fetchone()[0]
        self._writer = threading.Thread(target=self._write_batches, name="kavkaz-writer", daemon=True)
        self._writer.start()
        resumed = spider.resumed_run
        if resumed:
            logger.info("resuming run %s: %d articles already stored are skipped", resumed, len(spider.seen_ids))

    def process_item(self, item: Any) -> Any:
        if not self.failed:
            self.articles.append(ItemAdapter(item))
            self._maybe_flush()
        return item

    def page_fetched(self, page: Any) -> None:
        if not self.failed:
            self.pages.append(page)

    def page_failed(self, failure: Any) -> None:
        if not self.failed:
            self.failures.append(failure)
            self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self.articles) + len(self.failures) >= self.batch_size or \
                time.monotonic() - self.last_flush >= self.batch_seconds:
            self.flush()

    def flush(self) -> None:
        """Hand the collected records to the writer thread (waits only while WRITE_QUEUE batches are queued)."""
        if self.store is None or self.failed:
            return
        batch = (self.pages, self.articles, self.failures)
        self.articles, self.failures, self.pages = [], [], []
        self.last_flush = time.monotonic()
        if self._writer is not None and self._writer.is_alive():
            self._batches.put(batch)
        else:
            self._write(*batch)

    def _write_batches(self) -> None:
        while True:
            batch = self._batches.get()
            try:
                if batch is None:
                    return
                if not self.failed:
                    self._write(*batch)
            except Exception as exc:  # a defect, not a full disk: the crawl stops rather than go on losing batches
                self.failed = True
                self.crawler.stats.set_value("kavkaz/fatal_error", f"writing a batch failed: {exc!r}")
                logger.exception("writing a batch failed")
                self._stop_crawl()
            finally:
                self._batches.task_done()

    def _write(self, pages: list, articles: list, failures: list) -> None:
        stats = self.crawler.stats
        try:
            # One transaction: an article and the page it came from are kept together or not at all.
            with self.store.transaction() as connection:
                self.store.write_pages(pages, connection)
                outcomes = self.store.write_articles(articles, connection)
                self.store.record_failures(failures, connection)
            for record, outcome in zip(articles, outcomes, strict=True):
                # blog posts are counted apart: never news, never an article id
                stats.inc_value(f"kavkaz/{'blog_posts' if record.get('kind') == 'blog_post' else 'articles'}_{outcome}")
            stats.inc_value("kavkaz/failures", len(failures))
            stats.inc_value("kavkaz/article_failures", sum(1 for f in failures if f.get("article_id")))
            stats.inc_value("kavkaz/pages_kept", len(pages))
            settled = [r.get("article_id") for r in articles if r.get("kind", "article") == "article"]
            settled += [f.get("article_id") for f in failures]
            self.crawler.signals.send_catch_log(signal=records_committed,
                                                article_ids=[i for i in settled if i])
        except StoreError as exc:
            self.failed = True
            stats.set_value("kavkaz/fatal_error", str(exc))
            logger.error("%s", exc)
            self._stop_crawl()

    def _stop_crawl(self) -> None:
        """Close the spider with reason store_error, from the reactor's thread whichever thread failed."""
        from twisted.internet import reactor

        def close() -> None:
            engine = self.crawler.engine
            if engine is not None and engine.running:
                engine.close_spider(self.crawler.spider, "store_error")

        if threading.current_thread() is threading.main_thread():
            close()
        else:
            reactor.callFromThread(close)

    def _stop_writer(self) -> None:
        """Every queued batch written, then the writer thread ended."""
        if self._writer is not None and self._writer.is_alive():
            self._batches.put(None)
            self._writer.join()
        self._writer = None

    def drain(self) -> None:
        """Everything collected so far written (the writer goes on afterwards)."""
        self.flush()
        if self._writer is not None and self._writer.is_alive():
            self._batches.join()

    def close_spider(self) -> None:
        self.flush()
        self._stop_writer()

    def stop_now(self) -> None:
        """The job's bounded stop (signal crawler.signals.stop_now): write what is held, close the run row."""
        self.close_spider()
        self.spider_closed(self.crawler.spider, "shutdown")

    def _relearn_layouts(self) -> None:
        """The site's layouts learned again from the kept pages, this run's included (the next runs, reparse and
        import read pages with them); when that changed the layouts of this run's language, this run's pages that
        were read with a doubt (a warning) before the layouts were known are read again with them. A failure costs
        only the learning."""
        from crawler.keptpages.reparse import reparse
        from crawler.store.layouts import relearn_all

        lang = self.crawler.spider.lang
        try:
            before = self.store.layout_profile(lang)
            profile = relearn_all(self.store)
            self.crawler.stats.set_value("kavkaz/layouts_learned", sum(len(v) for v in profile.layouts.values()))
            if self.store.layout_profile(lang) != before:
                outcome = reparse(self.store, after_page=self._last_page_before, workers=1, unsure_only=True)
                self.crawler.stats.set_value("kavkaz/reread_with_layouts", outcome.done)
                self.crawler.stats.set_value("kavkaz/reread_changed", outcome.counts["changed"])
                logger.info("layouts learned: %d pages of this run read again, %d records changed", outcome.done,
                            outcome.counts["changed"])
        except StoreError as exc:
            logger.error("could not store the learned layouts or the pages read with them: %s", exc)

    def _build_entities(self) -> None:
        """The people and organisations across both languages, built again with this run's articles (derived data:
        a failure costs only the entity tables, rebuilt by the next run or `kavkaz entities --rebuild`)."""
        from crawler.analysis.entities import build_entities

        try:
            self.crawler.stats.set_value("kavkaz/entities", build_entities(self.store))
        except StoreError as exc:
            logger.error("could not build the entity tables: %s", exc)

    def spider_closed(self, spider, reason: str) -> None:
        if self.store is None:
            return
        self._stop_writer()
        stats = self.crawler.stats
        status = "failed" if self.failed else STATUS_BY_REASON.get(reason, "finished")
        try:
            from crawler.coverage import coverage_problem, coverage_report

            report = coverage_report(stats.get_stats(), self.store.connection, spider.lang, spider.name)
            stats.set_value("kavkaz/coverage", report)
            problem = coverage_problem(report)
            if problem:
                status = "failed"
                stats.set_value("kavkaz/fatal_error", problem)
                logger.error("%s", problem)
        except Exception as exc:  # the check must never lose the run row
            logger.error("coverage check failed: %s", exc)
        try:
            if self.run_id is not None:
                self.store.finish_run(
                    self.run_id,
                    status=status,
                    finish_reason=reason,
                    pages=stats.get_value("response_received_count", 0),
                    new=stats.get_value("kavkaz/articles_new", 0),
                    updated=stats.get_value("kavkaz/articles_updated", 0),
                    unchanged=stats.get_value("kavkaz/articles_unchanged", 0),
                    # 404s are missing ids, counted apart (as the summary does), not failures
                    failed=max(stats.get_value("kavkaz/failures", 0) - stats.get_value("kavkaz/missing", 0), 0),
                    missing=stats.get_value("kavkaz/missing", 0),
                    coverage=stats.get_value("kavkaz/coverage"),
                    error=stats.get_value("kavkaz/fatal_error"),
                )
            if status == "finished" and stats.get_value("kavkaz/articles_parsed", 0) >= RELEARN_AFTER:
                self._relearn_layouts()
            if status == "finished":
                self._build_entities()
        except StoreError as exc:
            logger.error("could not close the run row: %s", exc)
        finally:
            self.store.close()
            self.store = None  # closed once: a forced stop (crawler.job) and the engine may both ask
