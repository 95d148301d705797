"""A Datasette plugin of `kavkaz serve` (crawler/cli/serve.py): every connection bounded and without the SQLite
functions a browsing user never needs.

- `fts3_tokenizer()` is refused: it returns a pointer and registers tokenizers at any address;
  `load_extension()` too (Python's sqlite3 leaves extension loading off, this says so twice).
- A value longer than MAX_LENGTH bytes (a `zeroblob(100000000)`, a `replace()` that multiplies a text) is an error,
  not a 100 MB answer kept in memory; Datasette's own `sql_time_limit_ms` bounds the time.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

MAX_LENGTH = 20_000_000  # bytes of one value: the longest article page is far below
REFUSED = frozenset(["fts3_tokenizer", "load_extension"])


def _authorize(action: int, first: str | None, second: str | None, database: str | None, source: str | None) -> int:
    if action == sqlite3.SQLITE_FUNCTION and (second or "").lower() in REFUSED:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
    conn.set_authorizer(_authorize)
