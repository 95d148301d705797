"""The store: every write to the database goes through here (articles, failures, runs, reparse state, merges).

Writes happen in explicit transactions (`BEGIN IMMEDIATE … COMMIT`), a batch at a time; any SQLite error rolls
the batch back and surfaces as `StoreError` with a one-line message, so a full disk or a read-only file never
leaves a half-written batch. Rows are always written whole (no partial upserts that could NULL a column), and an
article whose content changes keeps its previous content in `article_versions`. The schema and its upgrades are
in schema.py, the kept pages in pages.py.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlite_utils

from crawler.db import check_file, connect
from crawler.errors import StoreError
from crawler.store.articles import write_article, write_blog_post
from crawler.store.casualties import write_casualties
from crawler.store.merging import MergeWrites
from crawler.store.pages import KeptPages, now
from crawler.store.schema import upgrade

MAX_FAILURE_ATTEMPTS = 5


class Store(MergeWrites):
    """`Store(path)` opens (and creates or migrates) the database; `with Store(path) as store: …`.

    `max_pages` caps the database file (PRAGMA max_page_count): "current" freezes it at its size, which
    simulates a full disk in tests.
    """

    def __init__(self, path: str | Path, max_pages: int | str | None = None):
        self.path = Path(path)
        self._check_file()
        try:
            self.connection = connect(self.path)
            self.kept_pages = KeptPages(self.connection)
            self.db = sqlite_utils.Database(self.connection)
            upgrade(self.db, self.transaction)
            if max_pages:
                pages = self.connection.execute("pragma page_count").fetchone()[0] if max_pages == "current" else int(max_pages)
                self.connection.execute(f"pragma max_page_count = {int(pages)}")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot use the database {self.path}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot use the database {self.path}: {exc.strerror}") from None

    def _check_file(self) -> None:
        problem = check_file(self.path)
        if problem:
            raise StoreError(problem)

    def close(self) -> None:
        with suppress(sqlite3.Error):
            self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: committed whole or rolled back whole (StoreError)."""
        try:
            self.connection.execute("begin immediate")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}") from None
        try:
            yield self.connection
            self.connection.execute("commit")
        except sqlite3.Error as exc:
            self._rollback()
            message = "the disk is full (or the database reached its size limit)" if "full" in str(exc) else str(exc)
            raise StoreError(f"writing {self.path} failed: {message}; nothing of this batch was written") from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        with suppress(sqlite3.Error):
            self.connection.execute("rollback")
        self.kept_pages.forget()

    # -- articles -------------------------------------------------------------------------------------

    def article(self, lang: str, article_id: int, kind: str = "article") -> dict[str, Any] | None:
        """The stored row of an article (or, `kind` "blog_post", of a blog post)."""
        table = "blog_posts" if kind == "blog_post" else "articles"
        self.connection.row_factory = sqlite3.Row
        try:
            row = self.connection.execute(
                f"select * from {table} where lang = ? and article_id = ?", (lang, article_id)).fetchone()
        finally:
            self.connection.row_factory = None
        return dict(row) if row else None

    def write_articles(self, records: Iterable[dict[str, Any]], connection: sqlite3.Connection | None = None) -> list[str]:
        """Store articles in one transaction (or in the caller's `connection`); each outcome is "new", "updated"
        or "unchanged"."""
        if connection is None:
            with self.transaction() as connection:
                return self.write_articles(records, connection)
        return [write_blog_post(connection, record) if record.get("kind") == "blog_post"
                else write_article(connection, record) for record in records]

    def stamp_parser(self, records: Iterable[dict[str, Any]], connection: sqlite3.Connection | None = None) -> None:
        """Record which parser produced the stored fields, with its warnings and evidence (reparse: also when no
        field changed — the evidence for the same value may have grown)."""
        if connection is None:
            with self.transaction() as connection:
                return self.stamp_parser(records, connection)
        records = list(records)
        for table, kind in (("articles", "article"), ("blog_posts", "blog_post")):
            connection.executemany(
                f"update {table} set parser_version = ?, warnings = ?, evidence = ? where lang = ? and article_id = ?",
                [(r.get("parser_version"), json.dumps(r.get("warnings") or [], ensure_ascii=False),
                  json.dumps(r.get("evidence") or {}, ensure_ascii=False), r["lang"], r["article_id"])
                 for r in records if (r.get("kind") or "article") == kind])
        for record in records:  # the casualty figures are read from the text: a reparse recomputes them
            if (record.get("kind") or "article") == "article":
                connection.execute("update articles set casualties = ? where lang = ? and article_id = ?",
                                   (json.dumps(record.get("casualties"), ensure_ascii=False)
                                    if record.get("casualties") else None, record["lang"], record["article_id"]))
                write_casualties(connection, record)
        return None

    # -- kept pages (pages.py) ------------------------------------------------------------------------

    def write_pages(self, pages: Iterable[dict[str, Any]], connection: sqlite3.Connection | None = None, *,
                    once: bool = False) -> int:
        """Keep fetched responses (a `pages` row per fetch, each distinct body stored once, compressed); `once`
        (merge) skips a fetch already kept. Returns the rows written."""
        if connection is None:
            with self.transaction() as connection:
                return self.write_pages(pages, connection, once=once)
        return self.kept_pages.write(connection, pages, once)

    def page_body(self, content_id: int) -> bytes:
        """A kept page as it was fetched."""
        return self.kept_pages.body(content_id)

    # -- failures -------------------------------------------------------------------------------------

    def record_failures(self, items: Iterable[dict[str, Any]], connection: sqlite3.Connection | None = None) -> None:
        """Record failed fetches: attempts counted across runs, given up after MAX_FAILURE_ATTEMPTS."""
        if connection is None:
            with self.transaction() as connection:
                return self.record_failures(items, connection)
        for item in items:
            stamp = item.get("fetched_at") or now()
            connection.execute(
                "insert into failures (url, lang, article_id, status, error, attempts, first_failed_at, "
                "last_tried_at, resolved_at, gave_up) values (?, ?, ?, ?, ?, 1, ?, ?, null, 0) "
                "on conflict(url) do update set status = excluded.status, error = excluded.error, "
                "attempts = case when failures.resolved_at is null then failures.attempts + 1 else 1 end, "
                "last_tried_at = excluded.last_tried_at, resolved_at = null, "
                f"gave_up = (case when failures.resolved_at is null then failures.attempts + 1 else 1 end) >= {MAX_FAILURE_ATTEMPTS}",
                (item["url"], item.get("lang"), item.get("article_id"), item.get("status"), item.get("error"),
                 stamp, stamp))

    # -- runs -----------------------------------------------------------------------------------------

    def start_run(self, spider: str, arguments: dict[str, Any]) -> int:
        """Open a run row; runs left `running` by a killed process are marked `killed` first."""
        with self.transaction() as connection:
            # Only this spider's: the crawls of the other language are a separate job.
            connection.execute("update runs set status = 'killed', finished_at = coalesce(finished_at, ?) "
                               "where status = 'running' and spider = ?", (now(), spider))
            cursor = connection.execute(
                "insert into runs (spider, arguments, pid, started_at, status) values (?, ?, ?, ?, 'running')",
                (spider, json.dumps(arguments, default=str, ensure_ascii=False), os.getpid(), now()))
            return int(cursor.lastrowid)

    def finish_run(self, run_id: int, **fields: Any) -> None:
        fields.setdefault("finished_at", now())
        if "coverage" in fields and not isinstance(fields["coverage"], str):
            fields["coverage"] = json.dumps(fields["coverage"])
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.transaction() as connection:
            connection.execute(f"update runs set {assignments} where id = ?", [*fields.values(), run_id])

    # -- learned layouts (crawler/store/layouts.py) -----------------------------------------------

    def layout_profile(self, lang: str) -> tuple[str, int] | None:
        """The stored profile of a language's layouts (SiteProfile JSON) and how many article pages were kept when
        it was learned, or None before one was learned."""
        row = self.connection.execute("select profile, coalesce(kept_pages, 0) from layout_profiles where lang = ?",
                                      (lang,)).fetchone()
        return (row[0], row[1]) if row else None

    def save_layout_profile(self, lang: str, profile: str, pages: int, kept_pages: int) -> None:
        with self.transaction() as connection:
            connection.execute(
                "insert into layout_profiles (lang, profile, pages, kept_pages, learned_at) values (?, ?, ?, ?, ?) "
                "on conflict(lang) do update set profile = excluded.profile, pages = excluded.pages, "
                "kept_pages = excluded.kept_pages, learned_at = excluded.learned_at",
                (lang, profile, pages, kept_pages, now()))

    # -- reparse state (crawler/keptpages/reparse.py) -----------------------------------------------------

    def open_reparse(self, options: str, *, restart: bool) -> tuple[int, int, bool]:
        """The reparse to continue (same options, not finished, not `restart`) or a new one: (id, position, resumed)."""
        state = self.connection.execute("select id, position, options from reparse_state where finished_at is null "
                                        "order by id desc limit 1").fetchone()
        if state and not restart and state[2] == options:
            return state[0], state[1], True
        with self.transaction() as connection:
            connection.execute("update reparse_state set finished_at = ? where finished_at is null", (now(),))
            state_id = connection.execute("insert into reparse_state (started_at, position, options) values "
                                          "(?, 0, ?)", (now(), options)).lastrowid
        return int(state_id), 0, False

    def reparse_reached(self, connection: sqlite3.Connection, state_id: int, position: int) -> None:
        """The position a reparse reached, written in the transaction of the batch that reached it."""
        connection.execute("update reparse_state set position = ? where id = ?", (position, state_id))

    def finish_reparse(self, state_id: int) -> None:
        with self.transaction() as connection:
            connection.execute("update reparse_state set finished_at = ? where id = ?", (now(), state_id))
