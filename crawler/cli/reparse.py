"""`kavkaz reparse`: re-run today's parsers over the stored pages; never fetches, never loses a record."""

from __future__ import annotations

import argparse
import sys
import time

from crawler.dates import calendar_day
from crawler.db import add_db_argument
from crawler.errors import UsageError

HELP = "re-run the current parsers over the stored pages and update the records whose fields change"
PROGRESS_SECONDS = 2.0


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this date")
    parser.add_argument("--parser-version-below", metavar="N", type=int,
                        help="only records whose parser version number is below N (e.g. en-classic/1 is 1)")
    parser.add_argument("--force", action="store_true", help="apply even a parse that yields less than the stored record")
    parser.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
    parser.add_argument("--restart", action="store_true",
                        help="start over instead of resuming an interrupted reparse with the same options")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="parsing processes (default: one per core, up to 4, from 2,000 pages on)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")


def run(args: argparse.Namespace) -> int:
    from crawler.keptpages.reparse import ReparseOutcome, reparse
    from crawler.lock import DatabaseLock
    from crawler.store import Store

    if args.since:
        try:
            calendar_day(args.since)
        except ValueError as exc:
            raise UsageError(f"--since {exc}") from None
    if args.workers is not None and not 1 <= args.workers <= 64:
        raise UsageError("--workers must be between 1 and 64")
    if not args.db.exists():
        raise UsageError(f"no database at {args.db}")
    shown = [0.0]

    def progress(outcome: ReparseOutcome) -> None:
        if args.quiet or time.monotonic() - shown[0] < PROGRESS_SECONDS:
            return
        shown[0] = time.monotonic()
        rate = outcome.done / outcome.seconds if outcome.seconds else 0
        left = (outcome.pages - outcome.done) / rate if rate else 0
        print(f"reparse: {outcome.done:,}/{outcome.pages:,} pages, {rate:,.0f}/s, about {left:,.0f} s left",
              file=sys.stderr, flush=True)

    with DatabaseLock(args.db), Store(args.db) as store:
        outcome = reparse(store, since=args.since, below=args.parser_version_below, force=args.force,
                          dry_run=args.dry_run, restart=args.restart, workers=args.workers, progress=progress)
    counts = outcome.counts
    verb = "would change" if args.dry_run else "changed"
    if outcome.resumed_at:
        print(f"resumed an interrupted reparse (after page row {outcome.resumed_at})")
    rate = outcome.done / outcome.seconds if outcome.seconds else 0
    print(f"reparsed {counts['changed'] + counts['unchanged'] + counts['recovered']} articles: "
          f"{counts['changed']} {verb}, {counts['unchanged']} unchanged, {counts['recovered']} recovered "
          f"(kept pages whose parse had failed), {len(outcome.refused)} refused; {outcome.done:,} pages in "
          f"{outcome.seconds:.1f} s ({rate:,.0f}/s)")
    for name, count in outcome.changed_fields.most_common():
        print(f"  {name:<24}{count}")
    for line in outcome.refused[:20]:
        print(f"  refused: {line}")
    return 0
