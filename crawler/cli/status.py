"""`kavkaz status`: what the last crawls of a database did and what remains (`--db`), or a shared frontier's queue,
leases, workers and ETA (`--frontier redis://…`, crawler/frontier.py)."""

from __future__ import annotations

import argparse
import json

from crawler.db import add_db_argument, open_readonly
from crawler.errors import UsageError

HELP = "the last crawls of a database (which plan ran, what remains), or a shared frontier's queue and workers"


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--frontier", metavar="redis://HOST:PORT/DB",
                        help="show this shared frontier of distributed workers instead of the database's crawls")
    parser.add_argument("--spider", default="en_archive", choices=("en_archive", "ru_archive"))
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--reset", action="store_true",
                        help="forget every job of this spider on this frontier (queues, duplicate filters, leases): "
                        "the next workers start anew")


def run(args: argparse.Namespace) -> int:
    if not args.frontier:
        return _database_status(args)
    try:
        from crawler.frontier import clear, frontier_status
    except ImportError:
        raise UsageError("--frontier needs scrapy-redis: pip install 'kavkaz[distributed]'") from None
    try:
        if args.reset:
            clear(args.frontier, args.spider)
            print(f"frontier of {args.spider} on {args.frontier} cleared")
            return 0
        status = frontier_status(args.frontier, args.spider)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(status, indent=2))
        return 0
    eta = f"{status['eta_s'] / 60:.1f} min" if status["eta_s"] is not None else "unknown (no live worker)"
    started_with = ", ".join(f"{k}={v}" for k, v in (status["started_with"] or {}).items())
    others = len(status["jobs"]) - 1
    print(f"frontier {args.frontier} ({status['spider']}, job {status['job'] or 'none yet'}: {started_with}"
          f"{f'; {others} other jobs' if others > 0 else ''})\n"
          f"  queued     {status['queued']} requests\n"
          f"  leased     {status['leased']} ids requested by a worker, not stored yet "
          f"({status['settled']} of {status['requested']} settled)\n"
          f"  seen       {status['seen']} requests (duplicate filter)\n"
          f"  ETA        {eta}")
    for worker in status["workers"]:
        state = "idle" if worker["idle"] else "busy"
        state = state if worker["alive"] else f"gone ({worker['last_seen_s']:.0f} s ago)"
        print(f"  worker {worker['worker']:<24} {worker['pages']:>7} pages {worker['pages_per_s']:7.1f}/s  {state}")
    return 0


def _database_status(args: argparse.Namespace) -> int:
    """The last run of each spider: when, how it ended, which plan ran; and whether a full crawl remains."""
    connection = open_readonly(args.db)
    try:
        runs = [dict(zip(("spider", "started_at", "status", "arguments", "new", "updated", "failed", "error"), row,
                         strict=True)) for row in connection.execute(
            "select spider, started_at, status, arguments, new, updated, failed, error from runs r where id = "
            "(select max(id) from runs where spider = r.spider) order by spider")]
    finally:
        connection.close()
    for run in runs:
        arguments = json.loads(run["arguments"] or "{}")
        unfinished = run["status"] != "finished" and arguments.get("mode") == "full"
        run.update(plan=arguments.get("plan") or arguments.get("mode"),
                   remaining="the full crawl did not finish: the same command resumes it" if unfinished else None)
        del run["arguments"]
    if args.json:
        print(json.dumps(runs, indent=2, ensure_ascii=False))
        return 0
    if not runs:
        print(f"{args.db}: no crawl has run yet")
    for run in runs:
        print(f"{run['spider']}: last run {run['started_at']}, {run['status']}; {run['new'] or 0} new, "
              f"{run['updated'] or 0} updated, {run['failed'] or 0} failed\n  plan       {run['plan']}")
        if run["error"]:
            print(f"  error      {run['error']}")
        if run["remaining"]:
            print(f"  remaining  {run['remaining']}")
    return 0
