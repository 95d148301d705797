"""A frontier shared by several crawl workers, on Redis (`kavkaz crawl --frontier redis://HOST:PORT/DB`).

scrapy-redis holds the request queue and the duplicate filter in Redis, so workers on several machines share one
frontier and never fetch a page twice. What scrapy-redis does not do, this module adds:

- **Nothing lost when a worker dies.** A worker pops requests from Redis into its memory; kill it and they are
  gone (its users report it: in-flight requests are not re-queued). So every worker marks in two Redis bitmaps the
  article ids it *requested* and the ids it *settled* — stored, answered 404 or recorded as a failure — the
  latter only after its database committed them. `reconcile()` (run by `kavkaz crawl --frontier … --reconcile`,
  and by every worker when the queue runs dry) gives the ids requested but never settled: a dead worker's leases,
  fetched again by the next worker.
- **Politeness across workers.** `GlobalPoliteness` (a downloader middleware) reserves each request's slot in a
  per-host schedule kept in Redis by one atomic script: the whole group keeps DOWNLOAD_DELAY between requests to
  a host, not each worker.
- **Status.** Each worker writes a heartbeat (pages, articles, started, last seen); `frontier_status()` reads the
  queue length, the leases (requested − settled), per-worker rates and an ETA (`kavkaz status --frontier …`).

- **One frontier per job.** Every key is namespaced by the spider and the job (`job_key`: the site, mode, ids,
  window and listings the workers were started with), so two jobs on one Redis database never read each other's
  queue; each job is listed in `kavkaz:<spider>:jobs` for `kavkaz status`.
- **A lost frontier is rebuilt, or the worker fails.** Each job keeps a marker key; a Redis that restarted without
  persistence (or evicted the keys) has lost it. The first idle worker to see that rebuilds the queue from the job's
  start (the shared duplicate filter keeps the workers from fetching a page twice); a job too large to rebuild that
  way makes every worker that sees the loss exit non-zero, never "done".

Each worker writes its own SQLite file; `kavkaz merge` joins them (crawler/merge.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import socket
import time
from typing import Any
from urllib.parse import urlsplit

PREFIX = "kavkaz"
HEARTBEAT_SECONDS = 2.0
DEAD_AFTER = 15.0  # a worker not seen for this long is dead
SLOTS = f"{PREFIX}:slot:"  # per-host politeness schedules: shared by every job (politeness is per host, not per job)


def job_key(job: dict[str, Any]) -> str:
    """A job's name in Redis: a digest of what its workers were started with (the spider's `job`)."""
    return hashlib.sha1(json.dumps(job, sort_keys=True).encode()).hexdigest()[:12]


def keys(spider: str, job: str) -> dict[str, str]:
    """The Redis keys of one job's frontier (the queue and duplicate filter are scrapy-redis')."""
    base = f"{PREFIX}:{spider}:{job}"
    return {name: f"{base}:{name}" for name in ("requests", "dupefilter", "requested", "settled", "workers",
                                                 "reclaiming", "alive")}


def jobs(client: Any, spider: str) -> dict[str, dict[str, Any]]:
    """The jobs seen on this Redis database for a spider: job key → what they were started with."""
    return {key.decode(): json.loads(value) for key, value in client.hgetall(f"{PREFIX}:{spider}:jobs").items()}


def connect(url: str) -> Any:
    """A Redis client for `redis://HOST:PORT/DB`; ValueError with a readable message when it cannot connect."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10)
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise ValueError(f"cannot reach the frontier {url}: {exc}") from None
    return client


class FrontierAddon:
    """Scrapy add-on (settings.py ADDONS): when KAVKAZ_FRONTIER is set — by `kavkaz crawl --frontier`, or by
    `-s`/Scrapyd's `setting=` — the crawl becomes a worker of that frontier."""

    def update_settings(self, settings: Any) -> None:
        url = settings.get("KAVKAZ_FRONTIER")
        if not url:
            return
        for name, value in scrapy_settings(url).items():
            if name in ("EXTENSIONS", "DOWNLOADER_MIDDLEWARES"):
                settings[name] = {**settings.getdict(name), **value}
            else:
                settings.set(name, value, priority="addon")


def scrapy_settings(url: str) -> dict[str, Any]:
    """The Scrapy settings of a worker on the frontier `url` (FrontierAddon applies them)."""
    return {
        "SCHEDULER": "crawler.frontier_scheduler.JobScheduler",  # (its own module: scrapy-redis is an extra)
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_PERSIST": True,  # the frontier outlives each worker
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,  # never a blocking pop: it would stop the reactor (the ledger waits instead)
        "REDIS_URL": url,
        "KAVKAZ_FRONTIER": url,
        "EXTENSIONS": {"crawler.frontier.FrontierLedger": 200},
        "DOWNLOADER_MIDDLEWARES": {"crawler.frontier.GlobalPoliteness": 560},
    }


# -- the ledger: requested and settled ids, heartbeats -------------------------------------------------------------


class FrontierLedger:
    """Extension: marks requested ids (request_scheduled) and settled ids (after the store committed them), keeps
    the worker's heartbeat, and re-requests the leases of dead workers when the queue runs dry."""

    def __init__(self, crawler: Any, url: str):
        self.crawler = crawler
        self.client = connect(url)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.keys: dict[str, str] = {}
        self.started = time.time()
        self._beat = 0.0
        self.idle = False  # nothing to do right now (published in the heartbeat)
        self._quiet = False  # the frontier looked finished at the last idle check
        self.reclaimed: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierLedger:
        from scrapy import signals

        from crawler.signals import records_committed

        ledger = cls(crawler, crawler.settings.get("KAVKAZ_FRONTIER"))
        crawler.signals.connect(ledger.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ledger.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(ledger.busy, signal=signals.request_reached_downloader)
        crawler.signals.connect(ledger.committed, signal=records_committed)
        crawler.signals.connect(ledger.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ledger.spider_closed, signal=signals.spider_closed)
        return ledger

    def spider_opened(self, spider: Any) -> None:
        job = job_key(spider.job)
        self.keys = keys(spider.name, job)
        self.client.hset(f"{PREFIX}:{spider.name}:jobs", job, json.dumps(spider.job, sort_keys=True))
        self.client.set(self.keys["alive"], self.worker, nx=True)
        self.crawler.stats.set_value("kavkaz/frontier", 1)
        self.crawler.stats.set_value("kavkaz/frontier_job", job)
        self.heartbeat(force=True)

    def request_scheduled(self, request: Any, spider: Any) -> None:
        article_id = request.meta.get("article_id")
        if article_id:
            self.client.setbit(self.keys["requested"], article_id, 1)
        if self.idle:
            self.idle = False
            self.heartbeat(force=True)
        else:
            self.heartbeat()

    def busy(self, request: Any, spider: Any) -> None:
        """A request of the shared queue is being fetched here: this worker is not idle (it may add requests)."""
        self._quiet = False
        if self.idle:
            self.idle = False
            self.heartbeat(force=True)

    def committed(self, article_ids: list[int]) -> None:
        """Called by the write pipeline after a batch is committed (from its writer thread)."""
        if article_ids:
            pipe = self.client.pipeline(transaction=False)
            for article_id in article_ids:
                pipe.setbit(self.keys["settled"], article_id, 1)
            pipe.execute()

    def heartbeat(self, force: bool = False) -> None:
        now = time.time()
        if not force and now - self._beat < HEARTBEAT_SECONDS:
            return
        self._beat = now
        stats = self.crawler.stats
        self.client.hset(self.keys["workers"], self.worker, ",".join(str(v) for v in (
            self.started, now, stats.get_value("response_received_count", 0),
            stats.get_value("kavkaz/articles_new", 0) + stats.get_value("kavkaz/articles_updated", 0)
            + stats.get_value("kavkaz/articles_unchanged", 0), int(self.idle))))

    def spider_idle(self, spider: Any) -> None:
        """Nothing to do here. The worker stays while the shared queue holds requests or another worker is busy
        (it may add some); when every worker is idle and the queue is empty, one of them (a lock in Redis)
        re-fetches the ids requested and never settled — the leases of a worker that died — and then all close."""
        from scrapy.exceptions import DontCloseSpider

        if not self.crawler.engine.spider_is_idle():
            raise DontCloseSpider  # another idle handler just scheduled work: judge at the next idle
        for pipeline in getattr(self.crawler.engine.scraper.itemproc, "middlewares", ()):
            if hasattr(pipeline, "drain"):
                pipeline.drain()  # an idle worker's ids are settled: no other worker takes them for lost
        self.idle = True
        self.heartbeat(force=True)
        if not self.client.exists(self.keys["alive"]):
            self._frontier_lost(spider)
            return
        if frontier_queued(self.client, self.keys) or busy_workers(self.client, self.keys, exclude=self.worker):
            self._quiet = False
            raise DontCloseSpider
        if not self._quiet:  # quiet twice in a row (a few seconds apart): no worker is between two requests
            self._quiet = True
            raise DontCloseSpider
        lost = reconcile(self.client, self.keys)
        if not lost:
            return
        lock = self.keys["reclaiming"]
        if not self.client.set(lock, self.worker, nx=True, ex=60) and self.client.get(lock) != self.worker.encode():
            raise DontCloseSpider  # another worker is fetching them
        fresh = [i for i in lost if i not in self.reclaimed]
        if not fresh:
            self.client.delete(lock)
            return  # fetched once again already and still not settled: recorded as failures by then
        self.reclaimed.update(fresh)
        spider.logger.info("re-fetching %d ids requested by a worker that stopped before storing them", len(fresh))
        for article_id in fresh:
            self.crawler.engine.crawl(spider.reclaim_request(article_id))
        raise DontCloseSpider

    def _frontier_lost(self, spider: Any) -> None:
        """The job's marker is gone: Redis lost the frontier (a restart without persistence, an eviction). The
        first worker to see it rebuilds the queue from the job's start; a job too large for that fails."""
        from scrapy.exceptions import DontCloseSpider

        stats = self.crawler.stats
        requests = spider.rebuild_requests(self.crawler.settings.getint("KAVKAZ_FRONTIER_REBUILD_MAX_IDS"))
        if requests is None:
            message = ("the shared frontier was lost (Redis restarted without persistence, or evicted its keys) and "
                       "this job is too large to rebuild: what this worker stored is in its database; start the job "
                       "again (docs/scaling.md: Redis must persist)")
            spider.logger.error(message)
            stats.set_value("kavkaz/fatal_error", message)
            return  # the spider closes; crawler.job turns the fatal error into a non-zero exit
        if not self.client.set(self.keys["alive"], self.worker, nx=True):
            raise DontCloseSpider  # another worker is rebuilding it
        spider.logger.warning("the shared frontier was lost (Redis restarted without persistence?): rebuilt from "
                              "the job's start with %d requests", len(requests))
        stats.inc_value("kavkaz/frontier_rebuilt")
        self.reclaimed.clear()
        for request in requests:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.heartbeat(force=True)
        self.client.hdel(self.keys["workers"], self.worker)


def busy_workers(client: Any, names: dict[str, str], exclude: str | None = None) -> list[str]:
    """Workers of a job seen lately that are not idle (they may still add requests to the frontier)."""
    now = time.time()
    busy = []
    for worker, value in client.hgetall(names["workers"]).items():
        name, fields = worker.decode(), value.decode().split(",")
        if name != exclude and now - float(fields[1]) < DEAD_AFTER and fields[4:5] != ["1"]:
            busy.append(name)
    return busy


def frontier_queued(client: Any, names: dict[str, str]) -> int:
    """Requests waiting in a job's shared queue (scrapy-redis keeps a sorted set for its priority queue)."""
    name = names["requests"]
    kind = client.type(name)
    return client.zcard(name) if kind == b"zset" else client.llen(name) if kind == b"list" else 0


def reconcile(client: Any, names: dict[str, str]) -> list[int]:
    """Ids requested by some worker of a job and never settled by any: the leases a dead worker took with it."""
    requested = client.get(names["requested"]) or b""
    settled = client.get(names["settled"]) or b""
    settled = settled.ljust(len(requested), b"\0")
    lost = []
    for byte, (want, done) in enumerate(zip(requested, settled, strict=False)):
        missing = want & ~done
        if missing:
            lost.extend(byte * 8 + bit for bit in range(8) if missing & (0x80 >> bit))  # Redis bit order
    return lost


def frontier_status(url: str, spider: str, job: str | None = None) -> dict[str, Any]:
    """Queue length, leases, per-worker rates and an ETA of one job's frontier (`job`: its key; None: the job of
    this spider with the most recently seen worker)."""
    client = connect(url)
    known = jobs(client, spider)
    if job is None:
        job = max(known, key=lambda k: _last_seen(client, keys(spider, k)), default="")
    names = keys(spider, job)
    queued = frontier_queued(client, names)
    requested = client.bitcount(names["requested"]) if client.exists(names["requested"]) else 0
    settled = client.bitcount(names["settled"]) if client.exists(names["settled"]) else 0
    now = time.time()
    workers = []
    for worker, value in sorted(client.hgetall(names["workers"]).items()):
        started, last_seen, pages, articles, idle = (float(v) for v in value.decode().split(","))
        workers.append({"worker": worker.decode(), "pages": int(pages), "articles": int(articles), "idle": bool(idle),
                        "pages_per_s": pages / max(last_seen - started, 1e-9), "alive": now - last_seen < DEAD_AFTER,
                        "last_seen_s": now - last_seen})
    rate = sum(w["pages_per_s"] for w in workers if w["alive"])
    return {"spider": spider, "job": job, "started_with": known.get(job), "jobs": sorted(known), "queued": queued, "requested": requested, "settled": settled,
            "leased": max(requested - settled, 0), "seen": client.scard(names["dupefilter"]) if
            client.exists(names["dupefilter"]) else 0, "workers": workers,
            "eta_s": (queued + max(requested - settled, 0)) / rate if rate else None}


# -- politeness across workers ---------------------------------------------------------------------------------------

# KEYS[1] the host's slot key; ARGV: now (s), delay (s). Reserves the host's next free slot: returns the wait.
_RESERVE = """
local now = tonumber(ARGV[1])
local delay = tonumber(ARGV[2])
local nextfree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextfree)
redis.call('SET', KEYS[1], tostring(slot + delay), 'PX', math.floor((slot + delay - now) * 1000) + 60000)
return tostring(slot - now)
"""


class GlobalPoliteness:
    """Downloader middleware: every worker takes its request's slot from one per-host schedule in Redis, so the
    group keeps DOWNLOAD_DELAY between requests to a host (and AutoThrottle's delay, when larger) — not each
    worker. robots.txt requests pass (each worker reads robots.txt once)."""

    def __init__(self, url: str, delay: float):
        self.client = connect(url)
        self.delay = delay
        self.reserve = self.client.register_script(_RESERVE)

    @classmethod
    def from_crawler(cls, crawler: Any) -> GlobalPoliteness:
        return cls(crawler.settings.get("KAVKAZ_FRONTIER"), crawler.settings.getfloat("DOWNLOAD_DELAY", 0.0))

    async def process_request(self, request: Any, spider: Any = None) -> None:
        if self.delay <= 0 or request.url.endswith("/robots.txt"):
            return None
        host = urlsplit(request.url).netloc
        wait = float(self.reserve(keys=[SLOTS + host], args=[time.time(), self.delay]))
        if wait > 0:
            await asyncio.sleep(wait)
        return None


def clear(url: str, spider: str) -> None:
    """Forget every job of one spider (queue, duplicate filter, ledger, heartbeats): the next workers start anew."""
    client = connect(url)
    for job in jobs(client, spider):
        client.delete(*keys(spider, job).values())
    client.delete(f"{PREFIX}:{spider}:jobs")


def _last_seen(client: Any, names: dict[str, str]) -> float:
    values = client.hvals(names["workers"])
    return max((float(v.decode().split(",")[1]) for v in values), default=0.0)


