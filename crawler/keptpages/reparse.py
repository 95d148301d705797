"""`kavkaz reparse` (crawler/cli/reparse.py): re-run today's parsers over the stored pages; never fetches, never
loses a record.

The newest kept page of every article and blog post is parsed again, in page order, a batch at a time; each batch
is written in one transaction together with the position reached (table `reparse_state`), so a reparse that is
killed resumes where it stopped. Parsing runs in worker processes when there are many pages (the parser is pure:
html in, record out); reading, comparing and writing stay in this process, the only one that touches the database.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.parsers.profile import SiteProfile
from crawler.record import CONTENT_FIELDS, PageFailure
from crawler.store import Store
from crawler.store.layouts import relearn_all
from settings import KAVKAZ_PARSE_SECONDS

GUARDED = ("headline", "published_at", "body", "lead")  # a reparse may not empty these unless --force
BATCH = 500
PARALLEL_FROM = 2000  # pages: fewer are parsed in this process (starting workers costs more than it saves)


@dataclass
class ReparseOutcome:
    pages: int = 0  # pages to reparse in this run
    done: int = 0
    counts: Counter = field(default_factory=Counter)  # changed / unchanged / recovered
    changed_fields: Counter = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)
    resumed_at: int | None = None  # the page position an interrupted reparse had reached
    seconds: float = 0.0


def version_number(parser_version: str | None) -> int:
    match = re.search(r"/(\d+)$", parser_version or "")
    return int(match.group(1)) if match else 0


def decoded(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def reparse(store: Store, *, since: str | None = None, below: int | None = None, force: bool = False,
            dry_run: bool = False, restart: bool = False, workers: int | None = None,
            progress: Callable[[ReparseOutcome], None] | None = None, after_page: int | None = None,
            unsure_only: bool = False) -> ReparseOutcome:
    """Reparse the kept pages into `store` (see the module docstring); `progress` is called after every batch.
    `after_page`: only pages kept after that page id (a crawl re-reading its own pages once it has learned the
    layouts); such a pass keeps no resume state of its own and leaves a user's interrupted reparse as it was.
    `unsure_only`: only pages whose stored record carries a warning (what the learned layouts can settle; a page
    read with no doubt reads the same)."""
    outcome = ReparseOutcome()
    started = time.monotonic()
    _close_decoders()  # a database at the same path may have been replaced since a previous reparse here
    connection = store.connection
    options = json.dumps({"since": since, "below": below, "force": force})
    state_id, position = None, after_page or 0
    if not dry_run and after_page is None:
        state_id, position, resumed = store.open_reparse(options, restart=restart)
        if resumed:
            outcome.resumed_at = position
    _profile[0] = relearn_all(store, save=not dry_run)  # before the workers fork: each has it
    connection.execute("drop table if exists temp.reparse_queue")
    connection.execute(
        "create temp table reparse_queue as select max(id) as id from pages where kind in ('article', 'blog_post') "
        "and article_id is not null group by kind, lang, article_id")
    if unsure_only:
        connection.execute(
            "delete from reparse_queue where id not in (select p.id from reparse_queue q join pages p on p.id = q.id "
            "left join articles a on p.kind = 'article' and a.lang = p.lang and a.article_id = p.article_id "
            "where a.article_id is null or coalesce(a.warnings, '[]') != '[]')")
    outcome.pages = connection.execute("select count(*) from reparse_queue where id > ?", (position,)).fetchone()[0]
    workers = workers if workers is not None else (min(os.cpu_count() or 1, 4) if outcome.pages >= PARALLEL_FROM else 1)
    pool = multiprocessing.get_context("fork").Pool(workers) if workers > 1 else None
    try:
        def finish(batch: list[dict[str, Any]], records: Any) -> None:
            records = records.get() if pool else records
            _apply(store, batch, records, outcome, since=since, below=below, force=force, dry_run=dry_run,
                   state=(state_id, batch[-1]["id"]))
            outcome.done += len(batch)
            outcome.seconds = time.monotonic() - started
            if progress:
                progress(outcome)

        # With workers, batch N+1 is parsed while batch N is compared and written (in batch order, so the
        # position committed with each batch is always a position reached).
        previous = None
        for batch in _batches(store, position):
            jobs = [(str(store.path), page["url"], page["encoding"], page["body"], page["final_url"],
                     page["fetched_at"], page["status"]) for page in batch]
            records = pool.map_async(_parse, jobs, chunksize=25) if pool else [_parse(job) for job in jobs]
            if previous:
                finish(*previous)
            previous = (batch, records)
        if previous:
            finish(*previous)
    finally:
        if pool:
            pool.terminate()
            pool.join()
    _close_decoders()
    if state_id and not dry_run:
        store.finish_reparse(state_id)
    outcome.seconds = time.monotonic() - started
    return outcome


def _batches(store: Store, position: int) -> Iterator[list[dict[str, Any]]]:
    """The newest kept page of each article and blog post after `position`, in page order, BATCH at a time."""
    while True:
        # Bodies still compressed: the parsing processes decompress them (crawler.store.PageDecoder).
        rows = store.connection.execute(
            "select p.id, p.kind, p.lang, p.article_id, p.url, p.final_url, p.fetched_at, p.status, c.encoding, "
            "c.body from reparse_queue q join pages p on p.id = q.id join page_contents c on c.id = p.content_id "
            "where q.id > ? order by q.id limit ?", (position, BATCH)).fetchall()
        if not rows:
            return
        names = ("id", "kind", "lang", "article_id", "url", "final_url", "fetched_at", "status", "encoding", "body")
        batch = [dict(zip(names, row, strict=True)) for row in rows]
        yield batch
        position = batch[-1]["id"]


_decoders: dict[str, Any] = {}  # per process: one PageDecoder (a read-only connection) per database


_profile: list[SiteProfile | None] = [None]  # the layouts learned for this reparse (read by _parse, in any process)


def _close_decoders() -> None:
    for decoder in _decoders.values():
        decoder.connection.close()
    _decoders.clear()


def _parse(job: tuple) -> dict[str, Any]:
    """A kept page → its record as a plain dict (it crosses a process boundary); a failure is marked `_failed`."""
    from crawler.db import connect
    from crawler.prepare import record_from_page
    from crawler.store import PageDecoder

    db, url, encoding, body, final_url, fetched_at, status = job
    if db not in _decoders:
        _decoders[db] = PageDecoder(connect(Path(db), read_only=True))
    record = record_from_page(url, _decoders[db].decode(encoding, body), final_url, fetched_at, status,
                              KAVKAZ_PARSE_SECONDS, _profile[0])
    return {"_failed": True, **record} if isinstance(record, PageFailure) else dict(record)


def _apply(store: Store, batch: list[dict], records: list[dict], outcome: ReparseOutcome, *, since: str | None,
           below: int | None, force: bool, dry_run: bool, state: tuple[int | None, int]) -> None:
    """Compare each new record with the stored one; write what changed (one transaction, with the position)."""
    writes: list[dict] = []
    stamps: list[dict] = []
    stored_rows = _stored(store, batch)
    for page, record in zip(batch, records, strict=True):
        stored = stored_rows.get((page["kind"], page["lang"], page["article_id"]))
        if record.get("_failed"):
            outcome.refused.append(f"{page['url']}: {record['error']}")
            continue
        if stored is None:
            # A page kept without a record: its parse failed during the crawl. Today's parser may read it.
            outcome.counts["recovered"] += 1
            writes.append(record)
            continue
        if since and (stored["published_at"] or "") < since:
            continue
        if below is not None and version_number(stored["parser_version"]) >= below:
            continue
        record["fetched_at"] = stored["last_fetched_at"]
        differs = [name for name in CONTENT_FIELDS if decoded(stored[name]) != record.get(name)]
        loses = [name for name in GUARDED if stored[name] and not record.get(name)]
        if loses and not force:
            outcome.refused.append(f"{page['url']}: would empty {', '.join(loses)} (use --force to apply)")
            continue
        outcome.counts["changed" if differs else "unchanged"] += 1
        outcome.changed_fields.update(differs)
        (writes if differs else stamps).append(record)
    if dry_run:
        return
    state_id, position = state
    with store.transaction() as connection:
        store.write_articles(writes, connection)
        store.stamp_parser(writes + stamps, connection)
        if state_id:
            store.reparse_reached(connection, state_id, position)


def _stored(store: Store, batch: list[dict]) -> dict[tuple[str, str, int], dict[str, Any]]:
    """The stored rows of a batch's articles and blog posts, by (kind, lang, id): one query per table."""
    import sqlite3

    found: dict[tuple[str, str, int], dict[str, Any]] = {}
    for kind, table in (("article", "articles"), ("blog_post", "blog_posts")):
        keys = [(page["lang"], page["article_id"]) for page in batch if page["kind"] == kind]
        if not keys:
            continue
        store.connection.row_factory = sqlite3.Row
        try:
            placeholders = ", ".join("(?, ?)" for _ in keys)
            rows = store.connection.execute(
                f"select * from {table} where (lang, article_id) in (values {placeholders})",
                [value for key in keys for value in key]).fetchall()
        finally:
            store.connection.row_factory = None
        for row in rows:
            found[(kind, row["lang"], row["article_id"])] = dict(row)
    return found

