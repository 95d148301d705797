"""`kavkaz demo-site`: serve the demo archive, or write its manifest (the ground truth)."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from crawler.errors import UsageError

HELP = "serve the local demo archive on 127.0.0.1 and/or write its manifest"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8123, help="port (default 8123; 0 = a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--articles", type=int, default=300, help="English article ids at day 0 (default 300)")
    parser.add_argument("--ru-articles", type=int, default=None,
                        help="Russian article ids at day 0 (default 5x --articles); each Russian form on its own port")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--day", type=int, default=0, help="days already passed (default 0)")
    parser.add_argument("--faults", default="", metavar="SPEC", help='e.g. "500=0.05,429=0.02,retry_after=2"')
    parser.add_argument("--manifest", type=Path, metavar="FILE", help="write the manifest; exit unless --serve")
    parser.add_argument("--serve", action="store_true", help="serve even when --manifest is given")


def run(args: argparse.Namespace) -> int:
    from crawler.demo.archive import DemoArchive
    from crawler.demo.faults import FaultPlan
    from crawler.demo.server import DemoServer

    if not 1 <= args.articles <= 1_000_000:
        raise UsageError("--articles must be between 1 and 1000000")
    if args.day < 0 or not 0 <= args.port <= 65535:
        raise UsageError("--day cannot be negative and --port must be 0-65535")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        raise UsageError("the demo server only listens on the loopback address")
    try:
        faults = FaultPlan.parse(args.faults, seed=args.seed)
    except ValueError as exc:
        raise UsageError(f"--faults: {exc}") from None
    if args.ru_articles is not None and not 1 <= args.ru_articles <= 5_000_000:
        raise UsageError("--ru-articles must be between 1 and 5000000")
    archive = DemoArchive(seed=args.seed, articles=args.articles, day=args.day, ru_articles=args.ru_articles)
    russian = DemoArchive(seed=args.seed, articles=archive.ru_articles, day=args.day, lang="ru")
    if args.manifest:
        try:
            count = archive.write_manifest(args.manifest, russian)
        except OSError as exc:
            raise UsageError(f"cannot write {args.manifest}: {exc.strerror}") from None
        print(f"wrote {count} records to {args.manifest}")
        if not args.serve:
            return 0
    try:
        server = DemoServer(archive, host=args.host, port=args.port, faults=faults, russian=russian)
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with server:
        print(server.base_url, flush=True)  # the first line: the English site (scripts read it)
        for site in ("ru", "ru-mirror", "ru-m", "ru-amp"):
            print(f"{site:<10} {server.url(site)}", flush=True)
        stop.wait()
    return 0
