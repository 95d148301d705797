"""The scheduler of a worker on a shared frontier (crawler/frontier.py): scrapy-redis' own, with its queue and
duplicate filter under the job's keys. A module of its own because it imports scrapy-redis, an optional dependency
(`kavkaz[distributed]`), and crawler.frontier is loaded by every crawl (its add-on is in settings.py)."""

from __future__ import annotations

from typing import Any

from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from crawler.frontier import job_key, keys


class JobScheduler(Scheduler):
    """scrapy-redis' scheduler with its queue and duplicate filter under the job's keys (they are `<spider>:…`
    in scrapy-redis, the same for every job of a spider)."""

    def open(self, spider: Any) -> None:
        names = keys(spider.name, job_key(spider.job))
        self.queue_key = names["requests"]  # no `%(spider)s` left to fill in
        self.df = RFPDupeFilter(self.server, key=names["dupefilter"],
                                debug=spider.settings.getbool("DUPEFILTER_DEBUG"))
        super().open(spider)
