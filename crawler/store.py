"""The SQLite store: schema, migrations and every write. One database file; see docs/schema.md.

Writes happen in explicit transactions (`BEGIN IMMEDIATE … COMMIT`), a batch at a time; any SQLite error rolls
the batch back and surfaces as `StoreError` with a one-line message, so a full disk or a read-only file never
leaves a half-written batch. Rows are always written whole (no partial upserts that could NULL a column), and an
article whose content changes keeps its previous content in `article_versions`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlite_utils

from crawler.db import check_file, connect
from crawler.errors import StoreError
from crawler.record import ARTICLE_COLUMN_FIELDS, CONTENT_FIELDS, LIST_FIELDS, Article, content_hash
from crawler.stemming import search_text

# 3: original_article_id, articles_search; 4: page_dictionaries (zstd); 5: blog_posts, published_at_raw no
# longer hashed (the same article in another form or layout is unchanged); 6: reparse_state; 7: covering indexes for
# `kavkaz stats` on half a million articles (per year and month, per source); 8: kept pages in a third less space
# (content rows keyed by number, dictionaries retrained as the archive grows)
SCHEMA_VERSION = 8
# The store's own bookkeeping, beside the record's fields (crawler/record.py).
BOOKKEEPING_COLUMNS: dict[str, type] = {"version": int, "first_seen_at": str, "last_fetched_at": str,
                                        "last_changed_at": str}
JSON_FIELDS = LIST_FIELDS
ARTICLE_COLUMNS: dict[str, type] = {
    **{name: int if Article.fields[name]["type"].startswith("int") else str for name in ARTICLE_COLUMN_FIELDS},
    **BOOKKEEPING_COLUMNS,
}
VERSION_COLUMNS: dict[str, type] = {
    "lang": str, "article_id": int, "version": int, "content_hash": str, "replaced_at": str,
    "parser_version": str, **{name: str for name in CONTENT_FIELDS},
}
MAX_FAILURE_ATTEMPTS = 5


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_key(body: bytes) -> int:
    """The lookup key of a kept page body (`page_contents.hash`): the first 8 bytes of its sha256, signed."""
    return int.from_bytes(hashlib.sha256(body).digest()[:8], "big", signed=True)


def _kept_headers(headers: dict[str, str] | None) -> dict[str, str]:
    """A response's headers as kept with its page: all but Content-Length, which the kept body's size is (the WARC
    export writes it from there)."""
    return {name: value for name, value in (headers or {}).items() if name.lower() != "content-length"}


def name_key(name: str) -> str:
    """A matching key for names: homoglyphs to Latin, case folded, spaces collapsed."""
    from crawler.parsers.text import key

    return key(name)


def _row(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a full articles row: every column present, lists as JSON."""
    row = {name: record.get(name) for name in ARTICLE_COLUMNS}
    for name in JSON_FIELDS:
        value = record.get(name)
        row[name] = json.dumps(value if value is not None else [], ensure_ascii=False)
    return row


def stored_record(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row back as a record (the inverse of `_row`): its list fields decoded from JSON."""
    record = dict(row)
    for name in JSON_FIELDS:
        if isinstance(record.get(name), str):
            record[name] = json.loads(record[name])
    return record


MIGRATION_CHUNK = 1000  # rows a migration holds at once


def _chunks(connection: sqlite3.Connection, columns: str, table: str = "articles") -> Iterator[list[tuple]]:
    """(rowid, *columns) of every row of `table`, a chunk at a time: a migration of half a million articles never
    holds them all."""
    last = 0
    while rows := connection.execute(f"select rowid, {columns} from {table} where rowid > ? order by rowid limit ?",
                                     (last, MIGRATION_CHUNK)).fetchall():
        yield rows
        last = rows[-1][0]


def page_dictionary(connection: sqlite3.Connection, dictionary_id: int) -> Any:
    """A stored zstd dictionary of the kept pages, by id (for compressing and decompressing alike)."""
    import zstandard

    (data,) = connection.execute("select dictionary from page_dictionaries where id = ?", (dictionary_id,)).fetchone()
    return zstandard.ZstdCompressionDict(data)


@dataclass
class _DictionaryState:
    """Per language: the dictionary new pages are compressed with, the pages kept, when to train the next one."""

    dictionary_id: int | None
    kept: int
    train_at: int


class PageDecoder:
    """Kept page bodies back to their bytes, whatever encoding they were stored with (`zlib`, `zstd:<dictionary
    id>`, raw), the dictionaries read from `connection` once each. Reparse's worker processes have one of their own."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        self._decompressors: dict[int, Any] = {}

    def decode(self, encoding: str, body: bytes) -> bytes:
        if encoding == "zlib":
            return zlib.decompress(body)
        if encoding.startswith("zstd:"):
            return self._decompressor(int(encoding[5:])).decompress(body)
        return body

    def forget(self) -> None:
        """Drop the dictionaries read so far (after a rollback, an id may name another one)."""
        self._decompressors.clear()

    def _decompressor(self, dictionary_id: int) -> Any:
        import zstandard

        if dictionary_id not in self._decompressors:
            self._decompressors[dictionary_id] = zstandard.ZstdDecompressor(
                dict_data=page_dictionary(self.connection, dictionary_id))
        return self._decompressors[dictionary_id]


class Store:
    """`Store(path)` opens (and creates or migrates) the database; `with Store(path) as store: …`.

    `max_pages` caps the database file (PRAGMA max_page_count): "current" freezes it at its size, which
    simulates a full disk in tests.
    """

    def __init__(self, path: str | Path, max_pages: int | str | None = None):
        self.path = Path(path)
        self._compressors: dict[int, Any] = {}  # zstd, by dictionary id (_compress)
        self._dictionaries: dict[str, _DictionaryState] = {}  # by language (_dictionary_id)
        self._check_file()
        try:
            self.connection = connect(self.path)
            self._decoder = PageDecoder(self.connection)
            self.db = sqlite_utils.Database(self.connection)
            self._migrate()
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
        # A dictionary trained in the rolled-back batch is gone, and its id may be given to another: forget both.
        self._dictionaries.clear()
        self._compressors.clear()
        self._decoder.forget()

    # -- schema ---------------------------------------------------------------------------------------

    def _migrate(self) -> None:
        db = self.db
        from crawler.views import VIEWS

        version = self.connection.execute("pragma user_version").fetchone()[0]
        if version >= SCHEMA_VERSION and db["articles"].exists() and set(VIEWS) <= set(db.view_names()):
            return
        with self.transaction():
            db["articles"].create(ARTICLE_COLUMNS, pk=("lang", "article_id"), if_not_exists=True,
                                  not_null={"lang", "article_id", "url"})
            # Reader blog posts (Russian site): the article columns plus their blog, apart from the news.
            db["blog_posts"].create({**ARTICLE_COLUMNS, "blog_id": int}, pk=("lang", "article_id"),
                                    if_not_exists=True, not_null={"lang", "article_id", "url"})
            if 0 < version < 5:
                self._rehash(connection=self.connection)
            missing = [name for name in ARTICLE_COLUMNS if name not in db["articles"].columns_dict]
            for name in missing:  # a database of an older schema: new record fields become new columns
                db["articles"].add_column(name, ARTICLE_COLUMNS[name])
            if "original_article_id" in missing:
                self.connection.execute(
                    "update articles set original_article_id = cast(replace(rtrim(original_url, '/'), "
                    "'https://www.kavkaz-uzel.eu/articles/', '') as integer) "
                    "where original_url like 'https://www.kavkaz-uzel.eu/articles/%'")
            db["article_versions"].create(VERSION_COLUMNS, pk=("lang", "article_id", "version"), if_not_exists=True)
            db["labels"].create(
                {"lang": str, "article_id": int, "entity": str, "entity_key": str, "marker": str, "type": str,
                 "text": str}, if_not_exists=True)
            db["authors"].create({"id": int, "name": str, "name_key": str}, pk="id", if_not_exists=True)
            db["article_authors"].create({"lang": str, "article_id": int, "author_id": int, "position": int},
                                         pk=("lang", "article_id", "author_id"), if_not_exists=True)
            db["sidebar_items"].create(
                {"lang": str, "article_id": int, "title": str, "url": str, "published_at": str, "lead": str,
                 "first_seen_at": str, "seen_on": str}, pk=("lang", "article_id"), if_not_exists=True)
            db["runs"].create(
                {"id": int, "spider": str, "arguments": str, "pid": int, "started_at": str, "finished_at": str,
                 "status": str, "finish_reason": str, "pages": int, "new": int, "updated": int, "unchanged": int,
                 "failed": int, "missing": int, "coverage": str, "error": str}, pk="id", if_not_exists=True)
            db["failures"].create(
                {"url": str, "lang": str, "article_id": int, "status": int, "error": str, "attempts": int,
                 "first_failed_at": str, "last_tried_at": str, "resolved_at": str, "gave_up": int},
                pk="url", if_not_exists=True)
            for table, columns, unique in (
                ("articles", ["published_at"], False), ("articles", ["last_fetched_at"], False),
                ("articles", ["lang", "published_at", "article_id"], False), ("articles", ["source"], False),
                ("labels", ["lang", "article_id"], False), ("labels", ["type"], False),
                ("labels", ["entity_key"], False), ("authors", ["name_key"], True),
                ("article_authors", ["author_id"], False), ("failures", ["lang", "article_id"], False),
            ):
                db[table].create_index(columns, unique=unique, if_not_exists=True)
            # Raw responses (kavkaz reparse, WARC export): one row per fetch, each distinct body stored once.
            if "sha256" in db["pages"].columns_dict:
                self._rekey_pages()
            db["page_contents"].create({"id": int, "hash": int, "encoding": str, "size": int, "body": bytes},
                                       pk="id", if_not_exists=True)
            db["page_contents"].create_index(["hash"], if_not_exists=True)
            # `kavkaz reparse`: how far a reparse got, so that a killed one resumes (crawler/archive/reparse.py)
            db["reparse_state"].create({"id": int, "started_at": str, "finished_at": str, "position": int,
                                        "options": str}, pk="id", if_not_exists=True)
            db["page_dictionaries"].create({"id": int, "dictionary": bytes, "trained_at": str, "samples": int,
                                            "pages_kept": int, "lang": str}, pk="id", if_not_exists=True)
            for name, kind in (("pages_kept", int), ("lang", str)):
                if name not in db["page_dictionaries"].columns_dict:
                    db["page_dictionaries"].add_column(name, kind)
            db["pages"].create(
                {"id": int, "url": str, "final_url": str, "kind": str, "lang": str, "article_id": int, "status": int,
                 "headers": str, "fetched_at": str, "content_id": int}, pk="id", if_not_exists=True,
                foreign_keys=[("content_id", "page_contents", "id")])
            db["pages"].create_index(["lang", "article_id", "fetched_at"], if_not_exists=True)
            if not db["articles_fts"].exists():
                db["articles"].enable_fts(["headline", "lead", "body"], create_triggers=True,
                                          tokenize="unicode61 remove_diacritics 2")
            if not db["articles_search"].exists():
                # Stemmed, look-alike-folded headline, lead and body (crawler/stemming.py), kept in sync by
                # _write_search; `kavkaz search` queries it, so `суд` finds `суда`, `суду`, `судом`.
                self.connection.execute(
                    "create virtual table articles_search using fts5(headline, lead, body, "
                    "tokenize = 'unicode61 remove_diacritics 2')")
                for rows in _chunks(self.connection, "headline, lead, body"):
                    self.connection.executemany(
                        "insert into articles_search (rowid, headline, lead, body) values (?, ?, ?, ?)",
                        [(rowid, search_text(h), search_text(lead), search_text(body)) for rowid, h, lead, body in rows])
            from crawler.views import create_views

            create_views(db)
            self.connection.execute(f"pragma user_version = {SCHEMA_VERSION}")

    def _rekey_pages(self) -> None:
        """Schema 8: the kept pages of an older database moved to the tables of today (content rows keyed by a
        number instead of a hex sha256; no index on `fetched_at`). Run inside the migration's transaction; the
        freed space is reused by later pages (VACUUM returns it to the disk)."""
        connection = self.connection
        for name in ("idx_pages_lang_article_id_fetched_at", "idx_pages_fetched_at"):
            connection.execute(f"drop index if exists {name}")
        connection.execute("alter table pages rename to pages_7")
        connection.execute("alter table page_contents rename to page_contents_7")
        self.db["page_contents"].create({"id": int, "hash": int, "encoding": str, "size": int, "body": bytes},
                                        pk="id")
        self.db["pages"].create(
            {"id": int, "url": str, "final_url": str, "kind": str, "lang": str, "article_id": int, "status": int,
             "headers": str, "fetched_at": str, "content_id": int}, pk="id",
            foreign_keys=[("content_id", "page_contents", "id")])
        connection.execute("insert into page_contents (id, hash, encoding, size, body) "
                           "select rowid, 0, encoding, size, body from page_contents_7")
        for rows in _chunks(connection, "sha256", "page_contents_7"):
            connection.executemany("update page_contents set hash = ? where id = ?", [
                (int.from_bytes(bytes.fromhex(sha256[:16]), "big", signed=True), rowid) for rowid, sha256 in rows])
        connection.execute(
            "insert into pages (id, url, final_url, kind, lang, article_id, status, headers, fetched_at, content_id) "
            "select p.id, p.url, p.final_url, p.kind, p.lang, p.article_id, p.status, p.headers, p.fetched_at, "
            "c.rowid from pages_7 p left join page_contents_7 c on c.sha256 = p.sha256")
        connection.execute("drop table pages_7")
        connection.execute("drop table page_contents_7")

    def _rehash(self, connection: sqlite3.Connection) -> None:
        """Content hashes of a schema-4 database computed again over today's content fields, so that a crawl
        after the upgrade does not count every stored article as changed."""
        names = ("rowid", *CONTENT_FIELDS)
        for rows in _chunks(connection, ", ".join(CONTENT_FIELDS)):
            connection.executemany("update articles set content_hash = ? where rowid = ?", [
                (content_hash(stored_record(dict(zip(names, row, strict=True)))), row[0]) for row in rows])

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
        return [self._write_blog_post(connection, record) if record.get("kind") == "blog_post"
                else self._write_article(connection, record) for record in records]

    def _write_blog_post(self, connection: sqlite3.Connection, record: dict[str, Any]) -> str:
        """A reader blog post, in `blog_posts` (never among the articles); its raw page keeps every version."""
        stamp = record.get("fetched_at") or now()
        digest = record.get("content_hash") or content_hash(record)
        key = (record["lang"], record["article_id"])
        old = connection.execute("select content_hash, version, first_seen_at, last_changed_at from blog_posts "
                                 "where lang = ? and article_id = ?", key).fetchone()
        if old and old[0] == digest:
            connection.execute("update blog_posts set last_fetched_at = ? where lang = ? and article_id = ?",
                               (stamp, *key))
            return "unchanged"
        row = {**_row(record), "blog_id": record.get("blog_id"), "content_hash": digest, "last_fetched_at": stamp,
               "version": old[1] + 1 if old else 1, "first_seen_at": old[2] if old else stamp,
               "last_changed_at": stamp}
        connection.execute(f"insert or replace into blog_posts ({', '.join(row)}) values ({', '.join('?' * len(row))})",
                           list(row.values()))
        return "updated" if old else "new"

    def _write_article(self, connection: sqlite3.Connection, record: dict[str, Any]) -> str:
        stamp = record.get("fetched_at") or now()
        digest = record.get("content_hash") or content_hash(record)
        key = (record["lang"], record["article_id"])
        old = connection.execute(
            "select content_hash, version, first_seen_at, last_changed_at from articles where lang = ? and article_id = ?",
            key).fetchone()
        connection.execute(
            "update failures set resolved_at = ? where lang = ? and article_id = ? and resolved_at is null",
            (stamp, *key))
        if old and old[0] == digest:
            connection.execute("update articles set last_fetched_at = ? where lang = ? and article_id = ?",
                               (stamp, *key))
            self._write_sidebar(connection, record, stamp)
            return "unchanged"
        row = _row(record)
        row.update(content_hash=digest, last_fetched_at=stamp)
        if old:
            columns = ", ".join(VERSION_COLUMNS)
            connection.execute(
                f"insert or replace into article_versions ({columns}) select lang, article_id, version, content_hash, "
                f"?, parser_version, {', '.join(CONTENT_FIELDS)} from articles where lang = ? and article_id = ?",
                (stamp, *key))
            row.update(version=old[1] + 1, first_seen_at=old[2], last_changed_at=stamp)
        else:
            row.update(version=1, first_seen_at=stamp, last_changed_at=stamp)
        names = list(ARTICLE_COLUMNS)
        if old:  # a full UPDATE (not INSERT OR REPLACE, which would skip the FTS delete trigger)
            connection.execute(
                f"update articles set {', '.join(f'{name} = ?' for name in names)} where lang = ? and article_id = ?",
                [*(row[name] for name in names), *key])
        else:
            connection.execute(
                f"insert into articles ({', '.join(names)}) values ({', '.join('?' * len(names))})",
                [row[name] for name in names])
        self._write_relations(connection, record)
        self._write_search(connection, record)
        self._write_sidebar(connection, record, stamp)
        return "updated" if old else "new"

    def _write_relations(self, connection: sqlite3.Connection, record: dict[str, Any]) -> None:
        key = (record["lang"], record["article_id"])
        connection.execute("delete from labels where lang = ? and article_id = ?", key)
        connection.executemany(
            "insert into labels (lang, article_id, entity, entity_key, marker, type, text) values (?, ?, ?, ?, ?, ?, ?)",
            [(*key, label.get("entity"), name_key(label.get("entity") or ""), label.get("marker"), label.get("type"),
              label.get("text")) for label in record.get("labels") or []])
        connection.execute("delete from article_authors where lang = ? and article_id = ?", key)
        for position, name in enumerate(record.get("authors") or []):
            author_key = name_key(name)
            connection.execute("insert or ignore into authors (name, name_key) values (?, ?)", (name, author_key))
            author_id = connection.execute("select id from authors where name_key = ?", (author_key,)).fetchone()[0]
            connection.execute(
                "insert or ignore into article_authors (lang, article_id, author_id, position) values (?, ?, ?, ?)",
                (*key, author_id, position))

    def _write_search(self, connection: sqlite3.Connection, record: dict[str, Any]) -> None:
        """The article's row of the stemmed search index (same rowid as in `articles`)."""
        (rowid,) = connection.execute("select rowid from articles where lang = ? and article_id = ?",
                                      (record["lang"], record["article_id"])).fetchone()
        connection.execute("delete from articles_search where rowid = ?", (rowid,))
        connection.execute("insert into articles_search (rowid, headline, lead, body) values (?, ?, ?, ?)",
                           (rowid, search_text(record.get("headline")), search_text(record.get("lead")),
                            search_text(record.get("body"))))

    def _write_sidebar(self, connection: sqlite3.Connection, record: dict[str, Any], stamp: str) -> None:
        connection.executemany(
            "insert or ignore into sidebar_items (lang, article_id, title, url, published_at, lead, first_seen_at, "
            "seen_on) values (?, ?, ?, ?, ?, ?, ?, ?)",
            [(record["lang"], item.get("article_id"), item.get("title"), item.get("url"), item.get("published_at"),
              item.get("lead"), stamp, record.get("url"))
             for item in record.get("sidebar") or [] if item.get("article_id")])

    def stamp_parser(self, records: Iterable[dict[str, Any]], connection: sqlite3.Connection | None = None) -> None:
        """Record which parser produced the stored fields (reparse: also when no field changed)."""
        if connection is None:
            with self.transaction() as connection:
                return self.stamp_parser(records, connection)
        for table, kind in (("articles", "article"), ("blog_posts", "blog_post")):
            connection.executemany(
                f"update {table} set parser_version = ?, warnings = ? where lang = ? and article_id = ?",
                [(r.get("parser_version"), json.dumps(r.get("warnings") or [], ensure_ascii=False), r["lang"],
                  r["article_id"]) for r in records if (r.get("kind") or "article") == kind])
        return None

    # -- raw pages ------------------------------------------------------------------------------------

    def write_pages(self, pages: Iterable[dict[str, Any]], connection: sqlite3.Connection | None = None, *,
                    once: bool = False) -> int:
        """Keep fetched responses: a `pages` row per fetch, its body compressed and stored once per distinct
        content (`page_contents`). `once` (merge) skips a fetch already kept (same URL, time and body). Returns
        the rows written."""
        if connection is None:
            with self.transaction() as connection:
                return self.write_pages(pages, connection, once=once)
        written = 0
        for page in pages:
            content_id = self._content_id(connection, page["body"], page.get("lang"))
            if once and connection.execute("select 1 from pages where url = ? and fetched_at = ? and content_id = ?",
                                           (page["url"], page.get("fetched_at"), content_id)).fetchone():
                continue
            written += 1
            if page.get("page_kind") == "listing":  # a listing fetched at last resolves its earlier failure
                connection.execute("update failures set resolved_at = ? where url = ? and resolved_at is null",
                                   (page.get("fetched_at") or now(), page["url"]))
            connection.execute(
                "insert into pages (url, final_url, kind, lang, article_id, status, headers, fetched_at, content_id) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (page["url"], page.get("final_url"), page.get("page_kind"), page.get("lang"), page.get("article_id"),
                 page.get("status"), json.dumps(_kept_headers(page.get("headers"))), page.get("fetched_at") or now(),
                 content_id))
        return written

    def _content_id(self, connection: sqlite3.Connection, body: bytes, lang: str | None) -> int:
        """The `page_contents` row holding `body`, written now if no stored body equals it. Rows are found by
        `content_key`; a match is confirmed byte for byte, so a collision costs a second row, never a wrong page."""
        key = content_key(body)
        for content_id, encoding, stored in connection.execute(
                "select id, encoding, body from page_contents where hash = ? and size = ?", (key, len(body))):
            if self._decoder.decode(encoding, stored) == body:
                return int(content_id)
        encoding, compressed = self._compress(connection, body, lang or "")
        return int(connection.execute("insert into page_contents (hash, encoding, size, body) values (?, ?, ?, ?)",
                                      (key, encoding, len(body), compressed)).lastrowid)

    def page_body(self, content_id: int) -> bytes:
        """A kept page as it was fetched, whatever encoding it was stored with (`zlib`, `zstd:<dictionary id>`)."""
        encoding, body = self.connection.execute(
            "select encoding, body from page_contents where id = ?", (content_id,)).fetchone()
        return self._decoder.decode(encoding, body)

    # Pages of one site share most of their bytes (the template, the menus, the sidebar, the language): zstd with
    # a dictionary trained on the archive's own pages stores a page in a fraction of what zlib needs. Each language
    # has its own (an English dictionary compresses Russian pages half as well); until 200 pages of a language are
    # kept they are zlib-compressed, then recompressed with the first dictionary. As the archive grows, a new one is
    # trained from a sample spread over all of it (layouts change). Every row stays readable forever: its
    # encoding names its dictionary.
    DICTIONARY_AFTER = 200  # pages of a language kept before its first dictionary is trained
    DICTIONARY_GROWTH = 10  # a new one each time they have grown tenfold (200, 2,000, 20,000 …)
    DICTIONARY_SAMPLES = 2000
    DICTIONARY_SAMPLE_BYTES = 16 * 2**20  # at most, whatever the pages' size (trained apart: crawler/archive/dictionary.py)
    ZSTD_LEVEL = 9

    def _compress(self, connection: sqlite3.Connection, body: bytes, lang: str) -> tuple[str, bytes]:
        dictionary_id = self._dictionary_id(connection, lang)
        if dictionary_id is None:
            return "zlib", zlib.compress(body, 6)
        return f"zstd:{dictionary_id}", self._compressor(connection, dictionary_id).compress(body)

    def _compressor(self, connection: sqlite3.Connection, dictionary_id: int) -> Any:
        if dictionary_id not in self._compressors:
            import zstandard

            self._compressors[dictionary_id] = zstandard.ZstdCompressor(
                level=self.ZSTD_LEVEL, dict_data=page_dictionary(connection, dictionary_id))
        return self._compressors[dictionary_id]

    def _dictionary_id(self, connection: sqlite3.Connection, lang: str) -> int | None:
        """The dictionary to compress a page of `lang` with: its newest, or one trained now when that language's
        pages have grown enough. The state is read once per language, then counted along."""
        if lang not in self._dictionaries:
            kept = connection.execute("select count(distinct content_id) from pages where coalesce(lang, '') = ?",
                                      (lang,)).fetchone()[0]
            newest = connection.execute(
                "select id, coalesce(pages_kept, samples) from page_dictionaries where coalesce(lang, '') = ? "
                "order by id desc limit 1", (lang,)).fetchone()
            self._dictionaries[lang] = _DictionaryState(
                newest[0] if newest else None, kept,
                newest[1] * self.DICTIONARY_GROWTH if newest else self.DICTIONARY_AFTER)
        state = self._dictionaries[lang]
        state.kept += 1
        if state.kept >= state.train_at:
            trained = self._train_dictionary(connection, lang, state.kept)
            # too few or too alike samples: keep what there is, try again after DICTIONARY_AFTER more pages
            state.train_at = state.kept * self.DICTIONARY_GROWTH if trained else state.kept + self.DICTIONARY_AFTER
            if trained and state.dictionary_id is None:
                self._recompress(connection, lang, trained)
            state.dictionary_id = trained or state.dictionary_id
        return state.dictionary_id

    def _samples(self, connection: sqlite3.Connection, lang: str, kept: int) -> Iterator[bytes]:
        """Kept bodies of `lang` spread over the whole archive (every n-th), newest first, within the budget."""
        total = 0
        for encoding, body in connection.execute(
                "select encoding, body from page_contents where id in (select content_id from pages where "
                "coalesce(lang, '') = ? and content_id % ? = 0) order by id desc limit ?",
                (lang, max(1, kept // self.DICTIONARY_SAMPLES), self.DICTIONARY_SAMPLES)):
            sample = self._decoder.decode(encoding, body)
            yield sample
            total += len(sample)
            if total >= self.DICTIONARY_SAMPLE_BYTES:
                return

    def _train_dictionary(self, connection: sqlite3.Connection, lang: str, kept: int) -> int | None:
        from crawler.archive.dictionary import train

        trained = train(self._samples(connection, lang, kept))
        if trained is None:
            return None
        dictionary, samples = trained
        return int(connection.execute(
            "insert into page_dictionaries (dictionary, trained_at, samples, pages_kept, lang) values (?, ?, ?, ?, ?)",
            (dictionary, now(), samples, kept, lang)).lastrowid)

    def _recompress(self, connection: sqlite3.Connection, lang: str, dictionary_id: int) -> None:
        """The zlib rows of `lang` (the pages kept before its first dictionary) compressed with it."""
        compressor = self._compressor(connection, dictionary_id)
        ids = [row[0] for row in connection.execute(
            "select id from page_contents where encoding = 'zlib' and id in "
            "(select content_id from pages where coalesce(lang, '') = ?)", (lang,))]
        for start in range(0, len(ids), 500):  # a database of an older schema may hold many: a chunk at a time
            chunk = ids[start:start + 500]
            rows = connection.execute(f"select id, body from page_contents where id in ({', '.join('?' * len(chunk))})",
                                      chunk).fetchall()
            connection.executemany("update page_contents set encoding = ?, body = ? where id = ?", [
                (f"zstd:{dictionary_id}", compressor.compress(zlib.decompress(body)), content_id)
                for content_id, body in rows])

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
