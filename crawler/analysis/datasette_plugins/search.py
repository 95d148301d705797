"""A Datasette plugin of `kavkaz serve`: the browser searches what `kavkaz search` searches.

Datasette's search box runs `… match escape_fts(:search)` against the table's FTS index. The metadata points the
articles table at the stemmed index (`articles_search`), and this plugin replaces `escape_fts` with the same
query reading `kavkaz search` uses (crawler/analysis/search.py: every word quoted, stemmed and look-alike folded),
so `courts` finds what `kavkaz search courts` finds. The canned query `search` ranks like `kavkaz search`: the exact
phrase first, then bm25 with the headline weighted 10, the lead 3, the body 1 (`kavkaz_match`, `kavkaz_phrase`).
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from crawler.analysis.search import stemmed_query
from crawler.errors import UsageError

NOTHING = '"kavkaz-no-such-word"'  # a query with no words matches nothing (rather than an error page)


def kavkaz_match(text: str | None) -> str:
    try:
        return stemmed_query(text or "")[0]
    except UsageError:
        return NOTHING


def kavkaz_phrase(text: str | None) -> str:
    try:
        return stemmed_query(text or "")[1]
    except UsageError:
        return ""


@hookimpl(trylast=True)  # after Datasette's own escape_fts, which this one replaces
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("escape_fts", 1, kavkaz_match, deterministic=True)
    conn.create_function("kavkaz_match", 1, kavkaz_match, deterministic=True)
    conn.create_function("kavkaz_phrase", 1, kavkaz_phrase, deterministic=True)
