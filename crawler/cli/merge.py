"""`kavkaz merge A.db B.db … --into all.db`: join the databases of several crawl workers (crawler/merge.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from crawler.errors import UsageError

HELP = "join the databases of several crawl workers into one, with the crawl's dedup, version and raw-page rules"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", type=Path, help="the workers' databases")
    parser.add_argument("--into", type=Path, required=True, help="the database to merge into (created when missing)")


def run(args: argparse.Namespace) -> int:
    from crawler.cli import ensure_writable
    from crawler.db import check_file
    from crawler.lock import DatabaseLock
    from crawler.merge import merge

    for source in args.sources:
        if not source.is_file():
            raise UsageError(f"no database at {source}")
        problem = check_file(source)
        if problem:
            raise UsageError(problem)
    ensure_writable(args.into, "--into")
    with DatabaseLock(args.into):
        counts = merge(args.sources, args.into)
    articles = {k.split(" ", 1)[1]: v for k, v in counts.items() if k.startswith("articles ")}
    print(f"merged {len(args.sources)} databases into {args.into}: articles {articles.get('new', 0)} new, "
          f"{articles.get('updated', 0)} updated, {articles.get('unchanged', 0)} unchanged; blog posts "
          f"{sum(v for k, v in counts.items() if k.startswith('blog_posts '))}; {counts['pages']} raw pages; "
          f"{counts['failures']} failure rows")
    return 0
