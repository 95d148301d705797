"""The contracts between the crawl's components, written once as types (tests/test_contracts.py holds each real
component against them, so a renamed attribute fails a test instead of a crawl).

- job → spider: the job (crawler/job.py) reads a `PlannedSpider`'s job and hands it one `CrawlPlan`.
- spider → write pipeline: the run row describes the spider by `RunDescription` (pipelines/write.py).
- frontier → spider: a worker re-fetches a dead worker's ids through `ReclaimingSpider` (crawler/frontier.py).
- job → write pipeline: a forced stop sends the `crawler.signals.stop_now` signal; the pipeline writes what it
  holds and closes its run row (no component looks another up inside Scrapy's engine).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import scrapy

from crawler.idset import IdSet


@dataclass
class CrawlPlan:
    """What a crawl is to do, resolved against the database before its first request (crawler/job.py)."""

    mode: str  # auto resolved: full, incremental, ids or listing
    resumed_run: int | None = None  # the run this one finishes (same job, killed or interrupted)
    skip_ids: IdSet = field(default_factory=IdSet)  # stored by that run: never requested again
    known_ids: IdSet = field(default_factory=IdSet)  # incremental: stored (or failing) ids stop a listing walk
    known_posts: IdSet = field(default_factory=IdSet)  # incremental: reader blog posts stored
    extra_ids: list[int] = field(default_factory=list)  # incremental: refreshes and retries due
    known_failure_ids: IdSet = field(default_factory=IdSet)  # failures of earlier runs, retried
    layouts: str = ""  # the site's layouts learned from the kept pages (SiteProfile JSON), for the parsers
    why: str = ""  # the plan in words, for the summary and the run's stats (`kavkaz/plan`)


@runtime_checkable
class PlannedSpider(Protocol):
    """A spider the job can plan: what the user asked for, and where the plan goes."""

    name: str
    lang: str
    mode: str
    job: dict[str, Any]

    def apply_plan(self, plan: CrawlPlan) -> None: ...


@runtime_checkable
class RunDescription(Protocol):
    """What the write pipeline records of a spider in its `runs` row."""

    name: str
    lang: str
    mode: str
    job: dict[str, Any]
    base_url: str
    resumed_run: int | None
    seen_ids: IdSet


@runtime_checkable
class ReclaimingSpider(Protocol):
    """A spider whose ids a worker of a shared frontier can fetch again past the duplicate filters, and whose job
    (what its workers were started with) names the frontier and can be started again when Redis lost it."""

    name: str
    job: dict[str, Any]

    def reclaim_request(self, article_id: int) -> scrapy.Request: ...

    def rebuild_requests(self, max_ids: int) -> list[scrapy.Request] | None: ...
