"""`kavkaz status --frontier redis://…`: a shared frontier's queue, leases, workers and ETA (crawler/frontier.py)."""

from __future__ import annotations

import argparse
import json

from crawler.errors import UsageError

HELP = "the shared frontier of distributed workers: queue length, leases, per-worker rates and the ETA"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--frontier", required=True, metavar="redis://HOST:PORT/DB")
    parser.add_argument("--spider", default="en_archive", choices=("en_archive", "ru_archive"))
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--reset", action="store_true",
                        help="forget every job of this spider on this frontier (queues, duplicate filters, leases): "
                        "the next workers start anew")


def run(args: argparse.Namespace) -> int:
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
