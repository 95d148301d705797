"""The one way to open a kavkaz database: `connect` (read-write, with the pragmas), `open_readonly` (for
analysis: the file is never modified), the `--db` option, and a one-line error for anything that is not one.
The schema and its migrations live with the writer, crawler.store.Store, which opens through `connect`."""

from __future__ import annotations

import argparse
import os
import sqlite3
from pathlib import Path

import settings as defaults
from crawler.errors import UsageError

DEFAULT_DB = Path(defaults.KAVKAZ_DB)


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"the database (default {DEFAULT_DB})")


SQLITE_MAGIC = b"SQLite format 3\x00"


def check_file(path: Path) -> str | None:
    """Why `path` cannot be a database we may write (None when it can, or when it does not exist yet)."""
    if path.is_dir():
        return f"{path} is a directory, not a database"
    if path.exists() and path.stat().st_size:
        try:
            with open(path, "rb") as handle:
                if handle.read(16) != SQLITE_MAGIC:
                    return f"{path} is not a SQLite database (left untouched)"
        except OSError as exc:
            return f"cannot read {path}: {exc.strerror}"
    if path.exists() and not os.access(path, os.W_OK):
        return f"the database {path} is read-only"
    return None


def connect(path: Path, *, read_only: bool = False, timeout: float = 10) -> sqlite3.Connection:
    """A connection in autocommit mode (explicit transactions), WAL where the file system allows it.
    Raises sqlite3.Error / OSError; callers turn them into their one-line errors."""
    if read_only:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout, check_same_thread=False)
        connection.execute(f"pragma busy_timeout = {int(timeout * 1000)}")
        return connection
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(str(path), isolation_level=None, timeout=timeout, check_same_thread=False)
    connection.execute(f"pragma busy_timeout = {int(timeout * 1000)}")
    if connection.execute("pragma journal_mode = wal").fetchone()[0] != "wal":
        connection.execute("pragma journal_mode = delete")
    connection.execute("pragma synchronous = normal")
    return connection


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection (the file is never modified), or UsageError saying what is wrong."""
    if not path.is_file():
        raise UsageError(f"no database at {path}")
    with open(path, "rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise UsageError(f"{path} is not a SQLite database")
    try:
        connection = connect(path, read_only=True)
        connection.row_factory = sqlite3.Row
        tables = {row[0] for row in connection.execute("select name from sqlite_master where type in ('table', 'view')")}
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"{path} is damaged: {exc}") from None
    if "articles" not in tables:
        connection.close()
        raise UsageError(f"{path} is not a kavkaz database (no articles table)")
    return connection


def check_dates(since: str | None, until: str | None) -> None:
    """`--since` / `--until` exactly YYYY-MM-DD (UsageError, one line): checked before anything is opened."""
    from crawler.dates import calendar_day

    for name, value in (("since", since), ("until", until)):
        if value:
            try:
                calendar_day(value)
            except ValueError as exc:
                raise UsageError(f"--{name} {exc}") from None


def date_filter(since: str | None, until: str | None, column: str = "published_at") -> tuple[str, list[str]]:
    """A SQL condition and its parameters for an inclusive date range (dates YYYY-MM-DD, validated)."""
    check_dates(since, until)
    clauses, params = [], []
    if since:
        clauses.append(f"{column} >= ?")
        params.append(since)
    if until:
        clauses.append(f"substr({column}, 1, 10) <= ?")
        params.append(until)
    return (" and ".join(clauses) or "1"), params
