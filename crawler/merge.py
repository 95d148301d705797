"""Join the databases of several crawl workers (a shared frontier: crawler/frontier.py) into one.

Every record goes through the store's own writes, so the rules are the crawl's: one row per (lang, id), the same
content is "unchanged", changed content is a new version with the old one kept in `article_versions`; failures
resolved by a record stored elsewhere are resolved; raw pages are kept once per fetch and once per distinct body,
compressed as the target compresses its own.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from crawler.db import connect
from crawler.errors import StoreError
from crawler.store import PageDecoder, Store, stored_record

BATCH = 1000


def merge(sources: list[Path], into: Path) -> Counter:
    """Merge `sources` into `into` (created when missing); returns counts (articles new/updated/unchanged, pages,
    failures)."""
    counts: Counter = Counter()
    with Store(into) as store:
        for source in sources:
            if source.resolve() == into.resolve():
                raise StoreError(f"{source} is the target of the merge")
            Store(source).close()  # a worker's database of an older schema is migrated first
            connection = connect(source, read_only=True)
            connection.row_factory = sqlite3.Row
            try:
                _merge_records(connection, store, counts)
                _merge_pages(connection, store, counts)
                counts["failures"] += store.merge_failures(connection.execute("select * from failures"))
                store.add_merged_runs((dict(row) for row in connection.execute("select * from runs order by id")),
                                      str(source))
            except sqlite3.Error as exc:
                raise StoreError(f"cannot merge {source}: {exc}") from None
            finally:
                connection.close()
        store.resolve_stored_failures()
    return counts


def _record(row: sqlite3.Row, kind: str) -> dict[str, Any]:
    record = stored_record(dict(row))
    record.update(kind=kind, fetched_at=record.get("last_fetched_at"), sidebar=[])
    return record


def _merge_records(connection: sqlite3.Connection, store: Store, counts: Counter) -> None:
    """Each record of the source through the store's writes — unless the target fetched that article later: the
    newest fetch wins, whatever order the databases are merged in (an old worker's database merged again after a
    daily crawl never reverts an edited article)."""
    for table, kind in (("articles", "article"), ("blog_posts", "blog_post")):
        cursor = connection.execute(f"select * from {table} order by lang, article_id")
        while batch := cursor.fetchmany(BATCH):
            records = [_record(row, kind) for row in batch]
            newer = store.fetched_at(table, [(r["lang"], r["article_id"]) for r in records])
            fresh = [r for r in records if (r.get("fetched_at") or "") > newer.get((r["lang"], r["article_id"]), "")]
            counts[f"{kind}s older than the target's"] += len(records) - len(fresh)
            outcomes = store.write_articles(fresh) if fresh else []
            counts.update(f"{kind}s {outcome}" for outcome in outcomes)
    for table in store.MERGED_HISTORY:
        store.add_history(table, connection.execute(f"select * from {table}"))


def _merge_pages(connection: sqlite3.Connection, store: Store, counts: Counter) -> None:
    decoder = PageDecoder(connection)
    cursor = connection.execute(
        "select p.url, p.final_url, p.kind, p.lang, p.article_id, p.status, p.headers, p.fetched_at, c.encoding, "
        "c.body from pages p join page_contents c on c.id = p.content_id order by p.id")
    while batch := cursor.fetchmany(BATCH):
        counts["pages"] += store.write_pages([
            {"url": row["url"], "final_url": row["final_url"], "page_kind": row["kind"], "lang": row["lang"],
             "article_id": row["article_id"], "status": row["status"], "headers": json.loads(row["headers"] or "{}"),
             "fetched_at": row["fetched_at"], "body": decoder.decode(row["encoding"], row["body"])}
            for row in batch], once=True)
