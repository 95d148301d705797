"""`kavkaz search "query"`: full-text search (FTS5, bm25-ranked, exact phrase first) with highlighted snippets."""

from __future__ import annotations

import argparse
import json
import sys

from crawler.analysis.search import LABEL_TYPES, search
from crawler.analysis.search import snippet as make_snippet
from crawler.db import add_db_argument, check_dates, open_readonly
from crawler.errors import UsageError

HELP = "full-text search over headline, lead and body (English and Russian), ranked, with snippets"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", help='words, or a "quoted phrase"')
    add_db_argument(parser)
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="only articles published on or before this day")
    parser.add_argument("--author", help="only articles by this author (part of the name)")
    parser.add_argument("--label", choices=LABEL_TYPES, help="only articles with a label of this type")
    parser.add_argument("--lang", choices=("en", "ru"), help="only articles of this language")
    parser.add_argument("--limit", type=int, default=20, help="at most N results (default 20)")
    parser.add_argument("--offset", type=int, default=0, help="skip the first N results (the next page)")
    parser.add_argument("--json", action="store_true", help="the results as JSON (for scripts)")


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    if args.offset < 0:
        raise UsageError("--offset cannot be negative")
    check_dates(args.since, args.until)
    connection = open_readonly(args.db)
    try:
        results, keys, total = search(connection, args.query, since=args.since, until=args.until,
                                      author=args.author, label=args.label, lang=args.lang, limit=args.limit,
                                      offset=args.offset)
    finally:
        connection.close()
    return _show(results, keys, total, args)


def _show(results: list[dict], keys: list[str], total: int, args: argparse.Namespace) -> int:
    for row in results:
        body = row.pop("body")
        lead = row.pop("lead")
        if keys:
            row["snippet"] = make_snippet(body or lead, keys)
        row["snippet"] = " ".join((row["snippet"] or "").split())  # one line, whatever paragraphs it spans
    shown = f"{args.offset + 1}-{args.offset + len(results)} of " if results else ""
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        print(f"{shown}{total} result{'s' if total != 1 else ''}", file=sys.stderr)
        return 0
    bold = sys.stdout.isatty()
    for row in results:
        snippet = row["snippet"] or ""
        if bold:
            snippet = snippet.replace("[", "\033[1m").replace("]", "\033[0m")
        print(f"{(row['published_at'] or '')[:16]}  {row['headline']}\n    {row['url']}\n    {snippet}\n")
    print(f"{shown}{total} result{'s' if total != 1 else ''}", file=sys.stderr)
    return 0
