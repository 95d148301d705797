"""Exceptions that the CLI turns into a one-line message and a documented exit code."""

from __future__ import annotations

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_TOO_MANY_FAILURES = 4
EXIT_INTERRUPTED = 130


class KavkazError(Exception):
    """An error the user can act on: printed as one line, exits with `exit_code`."""

    exit_code = EXIT_FAILED


class UsageError(KavkazError):
    """Bad arguments or unreadable input (exit 2)."""

    exit_code = EXIT_USAGE


class StoreError(KavkazError):
    """The database cannot be opened or written (corrupt, read-only, disk full, an impossible path); nothing was
    half-written (exit 1)."""


class LockedError(KavkazError):
    """Another crawl holds the database lock (exit 3)."""

    exit_code = EXIT_LOCKED
