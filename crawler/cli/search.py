"""`kavkaz search "query"`: full-text search (FTS5, bm25-ranked, exact phrase first) with highlighted snippets."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

from crawler.analysis.search import LABEL_TYPES, fts_query, stemmed_query
from crawler.analysis.search import snippet as make_snippet
from crawler.db import add_db_argument, date_filter, open_readonly
from crawler.errors import UsageError

# What a result shows, and whether it holds the query as written (`?`: the phrase): results with it come first.
RESULT_COLUMNS = "a.lang, a.article_id, a.url, a.published_at, a.headline, a.lead, a.body"
EXACT = "instr(lower(coalesce(a.headline, '') || ' ' || coalesce(a.body, '')), lower(?)) > 0 as exact"
CANDIDATES = 10  # the best N × limit matches by bm25 are re-ordered with the exact phrase first
RANKED_MATCHES = 5_000  # above this many matches, headline matches first, then newest first (_fast_search)
HELP = "full-text search over headline, lead and body (English and Russian), ranked, with snippets"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", help='words, or a "quoted phrase"')
    add_db_argument(parser)
    parser.add_argument("--since", metavar="YYYY-MM-DD")
    parser.add_argument("--until", metavar="YYYY-MM-DD")
    parser.add_argument("--author", help="only articles by this author (part of the name)")
    parser.add_argument("--label", choices=LABEL_TYPES, help="only articles with a label of this type")
    parser.add_argument("--limit", type=int, default=20, help="at most N results (default 20)")
    parser.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    connection = open_readonly(args.db)
    try:
        stemmed = connection.execute("select 1 from sqlite_master where name = 'articles_search'").fetchone()
        if stemmed:  # headline weighted above lead above body
            match, phrase, keys = stemmed_query(args.query)
            index, score, text = "articles_search", "bm25(articles_search, 10.0, 3.0, 1.0)", "''"
        else:  # a database from before the stemmed index, opened read-only: the plain index
            (match, phrase), keys = fts_query(args.query), []
            index, score, text = "articles_fts", "rank", "snippet(articles_fts, -1, '[', ']', '…', 16)"
        condition, params = date_filter(args.since, args.until, "a.published_at")
        if stemmed and not (args.since or args.until or args.author or args.label):
            return _show(_fast_search(connection, match, phrase, args.limit), keys, args)
        sql = (f"select {RESULT_COLUMNS}, {text} as snippet, {EXACT} "
               f"from {index} join articles a on a.rowid = {index}.rowid where {index} match ? and {condition}")
        values: list = [phrase, match, *params]
        if args.author:
            sql += (" and exists (select 1 from article_authors aa join authors au on au.id = aa.author_id "
                    "where aa.lang = a.lang and aa.article_id = a.article_id and au.name like ?)")
            values.append(f"%{args.author}%")
        if args.label:
            sql += (" and exists (select 1 from labels l where l.lang = a.lang and l.article_id = a.article_id "
                    "and l.type = ?)")
            values.append(args.label)
        sql += f" order by exact desc, {score} limit ?"
        values.append(args.limit)
        results = [dict(row) for row in connection.execute(sql, values)]
    except sqlite3.Error as exc:  # a damaged index
        raise UsageError(f"search failed: {exc}") from None
    finally:
        connection.close()
    return _show(results, keys, args)


def _fast_search(connection: sqlite3.Connection, match: str, phrase: str, limit: int) -> list[dict]:
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
        return [dict(row) for row in connection.execute(sql, [match, candidates, phrase, limit])]
    sql = ("with head as (select rowid, 0 as tier from articles_search where articles_search match ? "
           "order by rowid desc limit ?), "
           "rest as (select rowid, 1 as tier from articles_search where articles_search match ? "
           "order by rowid desc limit ?), "
           "top as (select rowid, min(tier) as tier from (select * from head union all select * from rest) "
           "group by rowid) "
           f"select {columns} from top join articles a on a.rowid = top.rowid "
           "order by top.tier, exact desc, a.published_at desc limit ?")
    return [dict(row) for row in connection.execute(
        sql, [f"{{headline}} : ({match})", candidates, match, candidates, phrase, limit])]


def _show(results: list[dict], keys: list[str], args: argparse.Namespace) -> int:
    for row in results:
        body = row.pop("body")
        lead = row.pop("lead")
        if keys:
            row["snippet"] = make_snippet(body or lead, keys)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    bold = sys.stdout.isatty()
    for row in results:
        snippet = row["snippet"] or ""
        if bold:
            snippet = snippet.replace("[", "\033[1m").replace("]", "\033[0m")
        print(f"{(row['published_at'] or '')[:16]}  {row['headline']}\n    {row['url']}\n    {snippet}\n")
    print(f"{len(results)} result{'s' if len(results) != 1 else ''}", file=sys.stderr)
    return 0
