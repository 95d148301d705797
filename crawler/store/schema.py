"""The database's tables (docs/schema.md) and the numbered steps that bring an older database to them.

`upgrade(store)` runs at every open and costs one `PRAGMA user_version` when the database is current. Otherwise,
in one transaction: every table and index of today is created where missing (`if not exists`), and each numbered
step newer than the database's version runs once, in order, as a function of its own. A step that reads every
row reads them a chunk at a time (`chunks`), so that an upgrade of half a million articles never holds them all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import sqlite_utils

from crawler.record import ARTICLE_COLUMN_FIELDS, CONTENT_FIELDS, JSON_FIELDS, Article, content_hash
from crawler.stemming import search_text

SCHEMA_VERSION = 11  # 9: the record's `evidence`, `layout_profiles`; 10: `casualties` (new columns and tables are
# made by create_other_tables; step 10 reads the reports already stored); 11: `named_mentions`, `ner_done`
# The store's own bookkeeping, beside the record's fields (crawler/record.py).
BOOKKEEPING_COLUMNS: dict[str, type] = {"version": int, "first_seen_at": str, "last_fetched_at": str,
                                        "last_changed_at": str}
ARTICLE_COLUMNS: dict[str, type] = {
    **{name: int if Article.fields[name]["type"].startswith("int") else str for name in ARTICLE_COLUMN_FIELDS},
    **BOOKKEEPING_COLUMNS,
}
VERSION_COLUMNS: dict[str, type] = {
    "lang": str, "article_id": int, "version": int, "content_hash": str, "replaced_at": str,
    "parser_version": str, **{name: str for name in CONTENT_FIELDS},
}
PAGE_CONTENT_COLUMNS: dict[str, type] = {"id": int, "hash": int, "encoding": str, "size": int, "body": bytes}
PAGE_COLUMNS: dict[str, type] = {"id": int, "url": str, "final_url": str, "kind": str, "lang": str, "article_id": int,
                                 "status": int, "headers": str, "fetched_at": str, "content_id": int}
CASUALTY_COLUMNS: dict[str, type] = {
    "lang": str, "article_id": int, "published_at": str, "period_kind": str, "period_start": str, "period_end": str,
    "region": str, "side": str, "victims": int, "killed": int, "wounded": int, "at_least": int, "scope": int,
    "quote": str}
MIGRATION_CHUNK = 1000  # rows a migration step holds at once


def article_row(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a full articles row: every column present, lists as JSON."""
    row = {name: record.get(name) for name in ARTICLE_COLUMNS}
    for name in JSON_FIELDS:
        value = record.get(name)
        kind = Article.fields[name]["type"]
        empty = None if kind.endswith("null") else {} if kind.startswith("dict") else []
        row[name] = json.dumps(value if value is not None else empty, ensure_ascii=False) \
            if value is not None or empty is not None else None
    return row


def stored_record(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row back as a record (the inverse of `article_row`): its list fields decoded from JSON."""
    record = dict(row)
    for name in JSON_FIELDS:
        if isinstance(record.get(name), str):
            record[name] = json.loads(record[name])
    return record


def chunks(connection: sqlite3.Connection, columns: str, table: str = "articles") -> Iterator[list[tuple]]:
    """(rowid, *columns) of every row of `table`, a chunk at a time."""
    last = 0
    while rows := connection.execute(f"select rowid, {columns} from {table} where rowid > ? order by rowid limit ?",
                                     (last, MIGRATION_CHUNK)).fetchall():
        yield rows
        last = rows[-1][0]


def upgrade(db: sqlite_utils.Database, transaction: Callable[[], AbstractContextManager]) -> None:
    """Bring the database to SCHEMA_VERSION (see the module docstring), inside one `transaction()` (the store's)."""
    from crawler.views import VIEWS, create_views

    connection = db.conn
    version = connection.execute("pragma user_version").fetchone()[0]
    if version >= SCHEMA_VERSION and db["articles"].exists() and db["entities"].exists() and \
            set(VIEWS) <= set(db.view_names()):
        return
    with transaction():
        create_article_tables(db)
        if version > 0:
            for number, step in STEPS:
                if version < number:
                    step(connection, db)
        create_other_tables(db)
        create_search_indexes(db)
        create_views(db)
        connection.execute(f"pragma user_version = {SCHEMA_VERSION}")


def create_article_tables(db: sqlite_utils.Database) -> None:
    db["articles"].create(ARTICLE_COLUMNS, pk=("lang", "article_id"), if_not_exists=True,
                          not_null={"lang", "article_id", "url"})
    # Reader blog posts (Russian site): the article columns plus their blog, apart from the news.
    db["blog_posts"].create({**ARTICLE_COLUMNS, "blog_id": int}, pk=("lang", "article_id"),
                            if_not_exists=True, not_null={"lang", "article_id", "url"})


def create_other_tables(db: sqlite_utils.Database) -> None:
    missing = [name for name in ARTICLE_COLUMNS if name not in db["articles"].columns_dict]
    for name in missing:  # a record field added since: a new column (a step fills it where it can)
        db["articles"].add_column(name, ARTICLE_COLUMNS[name])
    db["article_versions"].create(VERSION_COLUMNS, pk=("lang", "article_id", "version"), if_not_exists=True)
    db["labels"].create({"lang": str, "article_id": int, "entity": str, "entity_key": str, "marker": str, "type": str,
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
    db["page_contents"].create(PAGE_CONTENT_COLUMNS, pk="id", if_not_exists=True)
    db["page_contents"].create_index(["hash"], if_not_exists=True)
    # `kavkaz reparse`: how far a reparse got, so that a killed one resumes (crawler/keptpages/reparse.py)
    db["reparse_state"].create({"id": int, "started_at": str, "finished_at": str, "position": int, "options": str},
                               pk="id", if_not_exists=True)
    db["page_dictionaries"].create({"id": int, "dictionary": bytes, "trained_at": str, "samples": int,
                                    "pages_kept": int, "lang": str}, pk="id", if_not_exists=True)
    db["pages"].create(PAGE_COLUMNS, pk="id", if_not_exists=True, foreign_keys=[("content_id", "page_contents", "id")])
    # The layouts learned from the kept pages, per language (crawler/parsers/profile.py): what the parsers take as
    # template and as labels of fields; relearned as the archive grows (crawler/store/layouts.py).
    db["layout_profiles"].create({"lang": str, "profile": str, "pages": int, "kept_pages": int, "learned_at": str},
                                 pk="lang", if_not_exists=True)
    # People and organisations across both languages: derived from authors and labels, rebuilt whole by
    # crawler/analysis/entities.py at the end of every finished crawl; created empty here so views and serve find them.
    for table, columns in ENTITY_TABLES.items():
        db[table].create(columns, pk="id" if table == "entities" else None, if_not_exists=True)
    # People and organisations named in Russian articles, per article version (crawler/analysis/ner.py, optional).
    db["named_mentions"].create({"lang": str, "article_id": int, "content_hash": str, "type": str, "text": str,
                                 "normal": str, "start": int}, if_not_exists=True)
    db["named_mentions"].create_index(["lang", "article_id", "content_hash"], if_not_exists=True)
    db["ner_done"].create({"lang": str, "article_id": int, "content_hash": str, "model": str, "mentions": int,
                           "done_at": str}, pk=("lang", "article_id", "content_hash"), if_not_exists=True)
    # The figures of the casualty-statistics reports, one row per figure (crawler/parsers/casualties.py).
    db["casualties"].create(CASUALTY_COLUMNS, if_not_exists=True)
    db["casualties"].create_index(["lang", "article_id"], if_not_exists=True)
    db["casualties"].create_index(["period_start", "region", "side"], if_not_exists=True)
    db["pages"].create_index(["lang", "article_id", "fetched_at"], if_not_exists=True)


ENTITY_TABLES = {
    "entities": {"id": int, "key": str, "name": str, "spellings": str, "roles": str, "langs": str, "articles": int,
                 "first_published_at": str, "last_published_at": str, "link": str},
    "entity_articles": {"entity_id": int, "lang": str, "article_id": int, "role": str, "spelling": str,
                        "published_at": str},
    "entity_labels": {"entity_id": int, "type": str, "articles": int, "first_lang": str, "first_article_id": int,
                      "first_published_at": str, "last_lang": str, "last_article_id": int, "last_published_at": str},
}


def create_search_indexes(db: sqlite_utils.Database) -> None:
    if not db["articles_fts"].exists():
        db["articles"].enable_fts(["headline", "lead", "body"], create_triggers=True,
                                  tokenize="unicode61 remove_diacritics 2")
    if not db["articles_search"].exists():
        # Stemmed, look-alike-folded headline, lead and body (crawler/stemming.py), kept in sync by the store;
        # `kavkaz search` queries it, so `суд` finds `суда`, `суду`, `судом`.
        db.execute("create virtual table articles_search using fts5(headline, lead, body, "
                   "tokenize = 'unicode61 remove_diacritics 2')")
        for rows in chunks(db.conn, "headline, lead, body"):
            db.conn.executemany(
                "insert into articles_search (rowid, headline, lead, body) values (?, ?, ?, ?)",
                [(rowid, search_text(h), search_text(lead), search_text(body)) for rowid, h, lead, body in rows])


# -- numbered steps: each brings a database of the version before it to its number -------------------------------


def step_3_original_article_ids(connection: sqlite3.Connection, db: sqlite_utils.Database) -> None:
    """Schema 3: `original_article_id` from the stored Russian URL (the stemmed search index is built by
    create_search_indexes, as for any database without one)."""
    if "original_article_id" in db["articles"].columns_dict:
        return
    db["articles"].add_column("original_article_id", int)
    connection.execute(
        "update articles set original_article_id = cast(replace(rtrim(original_url, '/'), "
        "'https://www.kavkaz-uzel.eu/articles/', '') as integer) "
        "where original_url like 'https://www.kavkaz-uzel.eu/articles/%'")


def step_8_dictionary_columns(connection: sqlite3.Connection, db: sqlite_utils.Database) -> None:
    """Schema 8: a dictionary per language, with the pages kept when it was trained (retrained as they grow)."""
    if not db["page_dictionaries"].exists():
        return
    for name, kind in (("pages_kept", int), ("lang", str)):
        if name not in db["page_dictionaries"].columns_dict:
            db["page_dictionaries"].add_column(name, kind)


def step_5_rehash(connection: sqlite3.Connection, db: sqlite_utils.Database) -> None:
    """Schema 5: content hashes computed again over today's content fields (`published_at_raw` left them), so that
    a crawl after the upgrade does not count every stored article as changed."""
    present = [name for name in CONTENT_FIELDS if name in db["articles"].columns_dict]
    names = ("rowid", *present)
    for rows in chunks(connection, ", ".join(present)):
        connection.executemany("update articles set content_hash = ? where rowid = ?", [
            (content_hash(stored_record(dict(zip(names, row, strict=True)))), row[0]) for row in rows])


def step_8_rekey_pages(connection: sqlite3.Connection, db: sqlite_utils.Database) -> None:
    """Schema 8: kept pages moved to today's tables (content rows keyed by a number instead of a hex sha256; no
    index on `fetched_at`). The freed space is reused by later pages (VACUUM returns it to the disk)."""
    if "sha256" not in db["pages"].columns_dict:
        return
    for name in ("idx_pages_lang_article_id_fetched_at", "idx_pages_fetched_at"):
        connection.execute(f"drop index if exists {name}")
    connection.execute("alter table pages rename to pages_7")
    connection.execute("alter table page_contents rename to page_contents_7")
    db["page_contents"].create(PAGE_CONTENT_COLUMNS, pk="id")
    db["pages"].create(PAGE_COLUMNS, pk="id", foreign_keys=[("content_id", "page_contents", "id")])
    connection.execute("insert into page_contents (id, hash, encoding, size, body) "
                       "select rowid, 0, encoding, size, body from page_contents_7")
    for rows in chunks(connection, "sha256", "page_contents_7"):
        connection.executemany("update page_contents set hash = ? where id = ?", [
            (int.from_bytes(bytes.fromhex(sha256[:16]), "big", signed=True), rowid) for rowid, sha256 in rows])
    connection.execute(
        "insert into pages (id, url, final_url, kind, lang, article_id, status, headers, fetched_at, content_id) "
        "select p.id, p.url, p.final_url, p.kind, p.lang, p.article_id, p.status, p.headers, p.fetched_at, "
        "c.rowid from pages_7 p left join page_contents_7 c on c.sha256 = p.sha256")
    connection.execute("drop table pages_7")
    connection.execute("drop table page_contents_7")


def step_10_casualties(connection: sqlite3.Connection, db: sqlite_utils.Database) -> None:
    """Schema 10: the figures of the casualty reports already stored, read from their text."""
    from crawler.parsers.casualties import read_casualties
    from crawler.store.casualties import write_casualties

    if "casualties" not in db["articles"].columns_dict:
        db["articles"].add_column("casualties", str)
    db["casualties"].create(CASUALTY_COLUMNS, if_not_exists=True)
    for rows in chunks(connection, "lang, article_id, headline, body, published_at"):
        for _, lang, article_id, headline, body, published_at in rows:
            if body and ("armed" in body[:600] or "вооруж" in body[:600]):
                found = read_casualties(headline, body, published_at, lang)
                if found:
                    connection.execute("update articles set casualties = ? where lang = ? and article_id = ?",
                                       (json.dumps(found, ensure_ascii=False), lang, article_id))
                    write_casualties(connection, {"lang": lang, "article_id": article_id, "published_at": published_at,
                                                  "casualties": found})


# 6 (reparse_state) and 7 (covering indexes) only add tables and indexes: create_other_tables makes them.
STEPS: tuple[tuple[int, Callable[[sqlite3.Connection, sqlite_utils.Database], None]], ...] = (
    (3, step_3_original_article_ids),
    (5, step_5_rehash),
    (8, step_8_dictionary_columns),
    (8, step_8_rekey_pages),
    (10, step_10_casualties),
)
