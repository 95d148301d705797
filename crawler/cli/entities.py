"""`kavkaz entities [QUERY]`: the people and organisations of the archive — authors and labelled entities — one
entity across both languages and scripts, with its spellings, labels over time and articles
(crawler/analysis/entities.py)."""

from __future__ import annotations

import argparse
import json
import sqlite3

from crawler.db import add_db_argument, check_file, open_readonly
from crawler.errors import UsageError

HELP = "people and organisations (authors, labelled entities) across both languages, with their labels over time"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", help="part of a name, in either script (Марзоева or Marzoeva)")
    add_db_argument(parser)
    parser.add_argument("--role", choices=("author", "labelled", "named"),
                        help="only authors, only labelled entities, or only those named in the texts (--ner)")
    parser.add_argument("--limit", type=int, default=30, help="at most N entities (default 30)")
    parser.add_argument("--json", action="store_true", help="the entities as JSON (for scripts)")
    parser.add_argument("--rebuild", action="store_true",
                        help="build the entity tables again from the stored articles (a finished crawl does it)")
    parser.add_argument("--ner", action="store_true",
                        help="first read the people and organisations named in the Russian articles not read yet "
                             "(natasha: pip install 'kavkaz[ner]'; tens of ms an article, so not in the crawl), "
                             "then rebuild")
    parser.add_argument("--ner-limit", type=int, metavar="N", help="with --ner: read at most N articles this time")


def run(args: argparse.Namespace) -> int:
    from crawler.analysis.entities import build_entities, entity_rows

    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    if args.ner_limit is not None and (args.ner_limit < 1 or not args.ner):
        raise UsageError("--ner-limit needs --ner and a number of at least 1")
    if args.ner:
        _read_names(args)
    if args.rebuild or args.ner:
        from crawler.lock import DatabaseLock
        from crawler.store import Store

        problem = check_file(args.db)
        if problem:
            raise UsageError(problem)
        with DatabaseLock(args.db), Store(args.db) as store:
            count = build_entities(store)
        print(f"{count} entities built", flush=True)
    connection = open_readonly(args.db)
    try:
        try:
            entities = entity_rows(connection, args.query, role=args.role, limit=args.limit)
        except sqlite3.OperationalError:
            raise UsageError(f"{args.db} has no entity tables yet: run kavkaz entities --rebuild --db {args.db}") \
                from None
    finally:
        connection.close()
    if args.json:
        print(json.dumps(entities, ensure_ascii=False, indent=2))
        return 0
    for entity in entities:
        languages = ", ".join(f"{lang} {count}" for lang, count in sorted(entity["by_language"].items()))
        spellings = " / ".join(entity["spellings"])
        print(f"{entity['name']}  ({', '.join(entity['roles'])}; {entity['articles']} articles: {languages}; "
              f"{entity['first_published_at'][:10] if entity['first_published_at'] else '?'} … "
              f"{entity['last_published_at'][:10] if entity['last_published_at'] else '?'})")
        if len(entity["spellings"]) > 1:
            print(f"    spellings: {spellings}  [{entity['link']}]")
        for label in entity["labels"]:
            print(f"    {label['type']}: {label['articles']} articles, {label['first_published_at'][:10]} … "
                  f"{label['last_published_at'][:10]}")
    if not entities:
        print("no entity matches" if args.query else
              f"no entities yet: a finished crawl builds them, or kavkaz entities --rebuild --db {args.db}")
    return 0


def _read_names(args: argparse.Namespace) -> None:
    """The people and organisations named in the Russian articles not read yet (crawler/analysis/ner.py)."""
    import sys

    from crawler.analysis.ner import tag_articles
    from crawler.lock import DatabaseLock
    from crawler.store import Store

    problem = check_file(args.db)
    if problem:
        raise UsageError(problem)
    with DatabaseLock(args.db), Store(args.db) as store:
        read, found, spent = tag_articles(
            store, limit=args.ner_limit,
            progress=lambda done, total: print(f"\rnames: {done}/{total} articles", end="", file=sys.stderr,
                                               flush=True))
    if read:
        print(file=sys.stderr)
    per = f", {spent / read * 1000:.0f} ms an article" if read else ""
    print(f"{read} Russian articles read for names: {found} people and organisations{per}", flush=True)
