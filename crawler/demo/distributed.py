"""`make demo-distributed`: a real redis-server, the demo archive answering with a realistic latency, N workers
on one frontier (`kavkaz crawl --frontier`), then `kavkaz merge` and a summary checked against the manifest.

    python -m crawler.demo.distributed [--workers 2] [--articles 600] [--latency 0.05] [--db data/distributed.db]

`run()` is also what benchmarks/scaling.py measures (docs/scaling.md).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from crawler.demo.archive import DemoArchive
from crawler.demo.faults import FaultPlan
from crawler.demo.redis_server import RedisServer
from crawler.demo.server import DemoServer
from crawler.frontier import frontier_status


@dataclass
class DistributedRun:
    workers: int
    seconds: float
    requests: int  # served by the demo archive, robots.txt included
    fetched_twice: int  # paths served more than once
    stored: int
    live: int
    exit_codes: list[int]

    @property
    def pages_per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def requests_per_article(self) -> float:
        return self.requests / self.stored if self.stored else float("inf")


def run(workers: int, articles: int, latency: float, into: Path, delay: float = 0.0, concurrency: int = 2,
        seed: int = 7, quiet: bool = True) -> DistributedRun:
    """Crawl a demo archive with `workers` workers on one frontier and merge them into `into`."""
    from crawler.merge import merge

    archive = DemoArchive(seed=seed, articles=articles)
    faults = FaultPlan.parse(f"slow=1.0,slow_seconds={latency}") if latency else None
    with tempfile.TemporaryDirectory(prefix="kavkaz-distributed-") as scratch, RedisServer() as redis, \
            DemoServer(archive, faults=faults) as server:
        databases = [Path(scratch) / f"worker{n}.db" for n in range(1, workers + 1)]
        command = [sys.executable, "-m", "crawler", "crawl", "--base-url", server.base_url, "--frontier", redis.url,
                   "--delay", str(delay), "--concurrency", str(concurrency), "--quiet",
                   "--set", "KAVKAZ_BACKOFF_BASE=0.05", "--set", "AUTOTHROTTLE_ENABLED=False"]
        started = time.monotonic()
        processes = [subprocess.Popen([*command, "--db", str(db)]) for db in databases]
        if not quiet:
            time.sleep(min(3.0, articles * latency / max(workers * concurrency, 1) / 2))
            status = frontier_status(redis.url, "en_archive")
            print(f"  frontier after a moment: {status['queued']} queued, {status['leased']} leased, "
                  f"{len(status['workers'])} workers")
        codes = [process.wait() for process in processes]
        seconds = time.monotonic() - started
        stats = server.stats()
        twice = sum(1 for count in server._attempts.values() if count > 1)
        into.unlink(missing_ok=True)
        merge(databases, into)
    import sqlite3

    with sqlite3.connect(into) as connection:
        stored = connection.execute("select count(*) from articles").fetchone()[0]
    return DistributedRun(workers, seconds, stats["requests"], twice, stored, len(archive.live_ids), codes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo.distributed", description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request (default 0.05)")
    parser.add_argument("--db", type=Path, default=Path("data/distributed.db"))
    args = parser.parse_args(argv)
    args.db.parent.mkdir(parents=True, exist_ok=True)
    print(f"redis-server, a demo archive of {args.articles} ids answering in {args.latency * 1000:.0f} ms, "
          f"{args.workers} workers on one frontier …")
    result = run(args.workers, args.articles, args.latency, args.db, quiet=False)
    verdict = "all of them" if result.stored == result.live else f"MISSING {result.live - result.stored}"
    print(f"  workers exited  {result.exit_codes}\n"
          f"  crawl           {result.seconds:.1f} s, {result.pages_per_second:.0f} pages/s, "
          f"{result.requests_per_article:.3f} requests per stored article, {result.fetched_twice} pages fetched twice\n"
          f"  merged into     {args.db}: {result.stored} of {result.live} live articles ({verdict})\n"
          f"Try: kavkaz stats --db {args.db}")
    return 0 if result.stored == result.live and not any(result.exit_codes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
