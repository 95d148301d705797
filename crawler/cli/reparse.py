"""`kavkaz reparse`: re-run today's parsers over the stored pages; never fetches, never loses a record."""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date

from crawler.archive.reparse import GUARDED, _decoded, _version_number
from crawler.db import add_db_argument
from crawler.errors import UsageError
from crawler.record import Failure

HELP = "re-run the current parsers over the stored pages and update the records whose fields change"


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this date")
    parser.add_argument("--parser-version-below", metavar="N", type=int,
                        help="only records whose parser version number is below N (e.g. en-classic/1 is 1)")
    parser.add_argument("--force", action="store_true", help="apply even a parse that yields less than the stored record")
    parser.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")


def run(args: argparse.Namespace) -> int:
    from crawler.archive.rebuild import record_from_page
    from crawler.lock import DatabaseLock
    from crawler.store import CONTENT_FIELDS, Store

    if args.since:
        try:
            date.fromisoformat(args.since)
        except ValueError:
            raise UsageError(f"--since takes a date YYYY-MM-DD, not {args.since!r}") from None
    if not args.db.exists():
        raise UsageError(f"no database at {args.db}")
    changed_fields: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    refused: list[str] = []
    with DatabaseLock(args.db), Store(args.db) as store:
        latest = store.connection.execute(
            "select lang, article_id, url, final_url, fetched_at, status, sha256 from pages where id in "
            "(select max(id) from pages where kind = 'article' and article_id is not null group by lang, article_id) "
            "order by lang, article_id").fetchall()
        batch: list[dict] = []
        for lang, article_id, url, final_url, _fetched_at, status, sha256 in latest:
            stored = store.article(lang, article_id)
            if stored is None:
                # A page kept without a record: its parse failed during the crawl. Today's parser may read it.
                record = record_from_page(url, store.page_body(sha256), final_url, _fetched_at, status)
                if isinstance(record, Failure):
                    refused.append(f"{url}: {record['error']}")
                elif not args.dry_run:
                    store.write_articles([record])
                    outcome["recovered"] += 1
                else:
                    outcome["recovered"] += 1
                continue
            if args.since and (stored["published_at"] or "") < args.since:
                continue
            if args.parser_version_below is not None and _version_number(stored["parser_version"]) >= args.parser_version_below:
                continue
            record = record_from_page(url, store.page_body(sha256), final_url, stored["last_fetched_at"], status)
            if isinstance(record, Failure):
                refused.append(f"{url}: {record['error']}")
                continue
            differs = [name for name in CONTENT_FIELDS if _decoded(stored[name]) != record.get(name)]
            loses = [name for name in GUARDED if stored[name] and not record.get(name)]
            if loses and not args.force:
                refused.append(f"{url}: would empty {', '.join(loses)} (use --force to apply)")
                continue
            outcome["changed" if differs else "unchanged"] += 1
            changed_fields.update(differs)
            if not args.dry_run:
                batch.append(record)
                if len(batch) >= 200:
                    store.write_articles(batch)
                    store.stamp_parser(batch)
                    batch = []
        if batch:
            store.write_articles(batch)
            store.stamp_parser(batch)
    verb = "would change" if args.dry_run else "changed"
    print(f"reparsed {outcome['changed'] + outcome['unchanged'] + outcome['recovered']} articles: "
          f"{outcome['changed']} {verb}, {outcome['unchanged']} unchanged, {outcome['recovered']} recovered "
          f"(kept pages whose parse had failed), {len(refused)} refused")
    for name, count in changed_fields.most_common():
        print(f"  {name:<24}{count}")
    for line in refused[:20]:
        print(f"  refused: {line}")
    return 0
