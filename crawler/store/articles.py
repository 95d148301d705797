"""How one article (or reader blog post) is written: its row, its previous version, its authors and labels, its
row of the stemmed search index and the sidebar items it showed. Called by `Store.write_articles`, inside its
transaction; nothing here opens a transaction of its own.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from crawler.record import CONTENT_FIELDS, content_hash
from crawler.stemming import search_text
from crawler.store.casualties import write_casualties
from crawler.store.pages import now
from crawler.store.schema import ARTICLE_COLUMNS, VERSION_COLUMNS, article_row


def name_key(name: str) -> str:
    """A matching key for names: homoglyphs to Latin, case folded, spaces collapsed."""
    from crawler.parsers.text import key

    return key(name)


def write_blog_post(connection: sqlite3.Connection, record: dict[str, Any]) -> str:
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
    row = {**article_row(record), "blog_id": record.get("blog_id"), "content_hash": digest, "last_fetched_at": stamp,
           "version": old[1] + 1 if old else 1, "first_seen_at": old[2] if old else stamp,
           "last_changed_at": stamp}
    connection.execute(f"insert or replace into blog_posts ({', '.join(row)}) values ({', '.join('?' * len(row))})",
                       list(row.values()))
    return "updated" if old else "new"

def write_article(connection: sqlite3.Connection, record: dict[str, Any]) -> str:
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
        _write_sidebar(connection, record, stamp)
        return "unchanged"
    row = article_row(record)
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
    _write_relations(connection, record)
    write_casualties(connection, record)
    _write_search(connection, record)
    _write_sidebar(connection, record, stamp)
    return "updated" if old else "new"

def _write_relations(connection: sqlite3.Connection, record: dict[str, Any]) -> None:
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

def _write_search(connection: sqlite3.Connection, record: dict[str, Any]) -> None:
    """The article's row of the stemmed search index (same rowid as in `articles`)."""
    (rowid,) = connection.execute("select rowid from articles where lang = ? and article_id = ?",
                                  (record["lang"], record["article_id"])).fetchone()
    connection.execute("delete from articles_search where rowid = ?", (rowid,))
    connection.execute("insert into articles_search (rowid, headline, lead, body) values (?, ?, ?, ?)",
                       (rowid, search_text(record.get("headline")), search_text(record.get("lead")),
                        search_text(record.get("body"))))

def _write_sidebar(connection: sqlite3.Connection, record: dict[str, Any], stamp: str) -> None:
    connection.executemany(
        "insert or ignore into sidebar_items (lang, article_id, title, url, published_at, lead, first_seen_at, "
        "seen_on) values (?, ?, ?, ?, ?, ?, ?, ?)",
        [(record["lang"], item.get("article_id"), item.get("title"), item.get("url"), item.get("published_at"),
          item.get("lead"), stamp, record.get("url"))
         for item in record.get("sidebar") or [] if item.get("article_id")])
