"""Open a kavkaz database read-only, with a one-line error for anything that is not one."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from crawler.errors import UsageError

DEFAULT_DB = Path("data/kavkaz.db")


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"the database (default {DEFAULT_DB})")


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection (the file is never modified), or UsageError saying what is wrong."""
    if not path.is_file():
        raise UsageError(f"no database at {path}")
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise UsageError(f"{path} is not a SQLite database")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        tables = {row[0] for row in connection.execute("select name from sqlite_master where type in ('table', 'view')")}
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"{path} is damaged: {exc}") from None
    if "articles" not in tables:
        connection.close()
        raise UsageError(f"{path} is not a kavkaz database (no articles table)")
    return connection


def date_filter(since: str | None, until: str | None, column: str = "published_at") -> tuple[str, list[str]]:
    """A SQL condition and its parameters for an inclusive date range (dates YYYY-MM-DD, validated)."""
    from datetime import date

    clauses, params = [], []
    for name, value in (("since", since), ("until", until)):
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise UsageError(f"--{name} takes a date YYYY-MM-DD, not {value!r}") from None
    if since:
        clauses.append(f"{column} >= ?")
        params.append(since)
    if until:
        clauses.append(f"substr({column}, 1, 10) <= ?")
        params.append(until)
    return (" and ".join(clauses) or "1"), params
