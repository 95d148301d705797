"""`kavkaz search "query"`: full-text search (FTS5, bm25-ranked, exact phrase first) with highlighted snippets.

The user's words are always quoted for FTS5, so operators and stray characters (`AND OR`, `*`, `NEAR(`, `^`)
are searched as words, never executed; a `"quoted phrase"` is searched as a phrase; unbalanced quotes are an error.
"""

from __future__ import annotations

import re
import sqlite3

from crawler.db import date_filter
from crawler.errors import UsageError

LABEL_TYPES = ("foreign_agent", "undesirable", "terrorist", "extremist", "banned", "unknown")
# What a result shows, and whether it holds the query as written (`?`: the phrase): results with it come first.
RESULT_COLUMNS = "a.lang, a.article_id, a.url, a.published_at, a.headline, a.lead, a.body"
EXACT = "instr(lower(coalesce(a.headline, '') || ' ' || coalesce(a.body, '')), lower(?)) > 0 as exact"
CANDIDATES = 10  # the best N × limit matches by bm25 are re-ordered with the exact phrase first
RANKED_MATCHES = 5_000  # above this many matches, headline matches first, then newest first (_fast_search)


def fts_query(text: str) -> tuple[str, str]:
    """(FTS5 match expression, the plain phrase for exact-match ranking); UsageError when it cannot be read."""
    if text.count('"') % 2:
        raise UsageError('unbalanced quotes in the query; close the "phrase" or drop the quote')
    phrases = re.findall(r'"([^"]*)"', text)
    words = re.sub(r'"[^"]*"', " ", text).split()
    terms = [p for p in phrases if p.strip()] + words
    tokens = [" ".join(re.findall(r"\w+", term)) for term in terms]
    tokens = [t for t in tokens if t]
    if not tokens:
        raise UsageError("the query has no words to search for")
    return " AND ".join(f'"{t}"' for t in tokens), " ".join(tokens)


def stemmed_query(text: str) -> tuple[str, str, list[str]]:
    """(FTS5 match expression over the stemmed index, the plain phrase, the query's word keys)."""
    from crawler.stemming import search_keys

    fts_query(text)  # the same checks and messages
    phrases = re.findall(r'"([^"]*)"', text)
    words = re.sub(r'"[^"]*"', " ", text).split()
    terms = [" ".join(search_keys(term)) for term in [*phrases, *words]]
    terms = [term for term in terms if term]
    if not terms:
        raise UsageError("the query has no words to search for")
    plain = " ".join(" ".join(re.findall(r"\w+", term)) for term in [*phrases, *words])
    return " AND ".join(f'"{term}"' for term in terms), plain, [k for term in terms for k in term.split()]


def snippet(text: str | None, keys: list[str], width: int = 90) -> str:
    """The part of `text` around the first word whose key is a query key, those words in [brackets]."""
    from crawler.stemming import WORD, word_key

    if not text:
        return ""
    wanted = set(keys)
    hits = [m for m in WORD.finditer(text) if word_key(m.group(0)) in wanted]
    if not hits:
        return text[: width * 2] + ("…" if len(text) > width * 2 else "")
    start = max(hits[0].start() - width, 0)
    end = min(hits[0].end() + width, len(text))
    marked, cursor = [], start
    for match in hits:
        if match.start() < start or match.end() > end:
            continue
        marked.append(text[cursor:match.start()] + f"[{match.group(0)}]")
        cursor = match.end()
    marked.append(text[cursor:end])
    return ("…" if start else "") + "".join(marked) + ("…" if end < len(text) else "")

def search(connection: sqlite3.Connection, query: str, *, since: str | None = None, until: str | None = None,
           author: str | None = None, label: str | None = None, lang: str | None = None, limit: int = 20,
           offset: int = 0) -> tuple[list[dict], list[str], int]:
    """The articles matching `query` (rows with lang, article_id, url, published_at, headline, lead, body, snippet,
    exact), best first from `offset`, the query's word keys (for snippets) and how many match in all. UsageError for
    a query that cannot be read or a damaged index."""
    connection.row_factory = sqlite3.Row
    try:
        stemmed = connection.execute("select 1 from sqlite_master where name = 'articles_search'").fetchone()
        if stemmed:  # headline weighted above lead above body
            match, phrase, keys = stemmed_query(query)
            index, score, text = "articles_search", "bm25(articles_search, 10.0, 3.0, 1.0)", "''"
        else:  # a database from before the stemmed index, opened read-only: the plain index
            (match, phrase), keys = fts_query(query), []
            index, score, text = "articles_fts", "rank", "snippet(articles_fts, -1, '[', ']', '…', 16)"
        condition, params = date_filter(since, until, "a.published_at")
        if stemmed and not (since or until or author or label or lang or offset):
            results, total = _fast_search(connection, match, phrase, limit)
            return results, keys, total
        where = f"from {index} join articles a on a.rowid = {index}.rowid where {index} match ? and {condition}"
        values: list = [match, *params]
        if author:
            where += (" and exists (select 1 from article_authors aa join authors au on au.id = aa.author_id "
                      "where aa.lang = a.lang and aa.article_id = a.article_id and au.name like ?)")
            values.append(f"%{author}%")
        if label:
            where += (" and exists (select 1 from labels l where l.lang = a.lang and l.article_id = a.article_id "
                      "and l.type = ?)")
            values.append(label)
        if lang:
            where += " and a.lang = ?"
            values.append(lang)
        (total,) = connection.execute(f"select count(*) {where}", values).fetchone()
        sql = f"select {RESULT_COLUMNS}, {text} as snippet, {EXACT} {where} order by exact desc, {score} limit ? offset ?"
        return [dict(row) for row in connection.execute(sql, [phrase, *values, limit, offset])], keys, total
    except sqlite3.Error as exc:  # a damaged index
        raise UsageError(f"search failed: {exc}") from None


def _fast_search(connection: sqlite3.Connection, match: str, phrase: str, limit: int) -> tuple[list[dict], int]:
    """A search without filters, fast at any archive size. Up to RANKED_MATCHES matches, FTS5 ranks them all by
    bm25 in C (headline 10, lead 3, body 1) and only the best few are joined to their articles and re-ordered with
    the exact phrase first. Above that — a word in most articles of a 500,000-article archive — ranking every match
    costs more than a search may: the headline matches come first, then the other matches, each newest first."""
    candidates = max(limit * CANDIDATES, 100)
    columns = f"{RESULT_COLUMNS}, '' as snippet, {EXACT}"
    (matches,) = connection.execute("select count(*) from articles_search where articles_search match ?",
                                    (match,)).fetchone()
    if matches <= RANKED_MATCHES:
        sql = ("with top as (select rowid, rank from articles_search where articles_search match ? "
               "and rank match 'bm25(10.0, 3.0, 1.0)' order by rank limit ?) "
               f"select {columns} from top join articles a on a.rowid = top.rowid order by exact desc, top.rank limit ?")
        return [dict(row) for row in connection.execute(sql, [match, candidates, phrase, limit])], matches
    sql = ("with head as (select rowid, 0 as tier from articles_search where articles_search match ? "
           "order by rowid desc limit ?), "
           "rest as (select rowid, 1 as tier from articles_search where articles_search match ? "
           "order by rowid desc limit ?), "
           "top as (select rowid, min(tier) as tier from (select * from head union all select * from rest) "
           "group by rowid) "
           f"select {columns} from top join articles a on a.rowid = top.rowid "
           "order by top.tier, exact desc, a.published_at desc limit ?")
    return [dict(row) for row in connection.execute(
        sql, [f"{{headline}} : ({match})", candidates, match, candidates, phrase, limit])], matches
