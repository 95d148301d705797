"""`kavkaz import-warc FILE`: load a WARC (ours or another crawler's) into the database, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from crawler.db import add_db_argument
from crawler.errors import UsageError

HELP = "load the article responses of a WARC file into the database through the parsers"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a .warc or .warc.gz file")
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    from crawler.keptpages.warc import import_warc
    from crawler.lock import DatabaseLock

    if not args.file.is_file():
        raise UsageError(f"no WARC file at {args.file}")
    args.db.parent.mkdir(parents=True, exist_ok=True)
    with DatabaseLock(args.db):
        counts = import_warc(args.db, args.file)
    print(f"imported {counts['articles']} articles from {counts['responses']} responses "
          f"({counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged, "
          f"{counts['skipped']} skipped: not articles or not 2xx)")
    return 0
