"""Extension: a log file that cannot be written (a full disk, a lost mount) costs one line on stderr, not a
traceback per log record — Python's logging prints "--- Logging error ---" and a stack for every failed write.
The crawl goes on; its summary still reaches stdout or stderr (crawler/runner.py)."""

from __future__ import annotations

import logging
import sys
from typing import Any


class LogFileGuard:
    def __init__(self) -> None:
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.FileHandler):
                handler.handleError = self._giving_up(handler)  # type: ignore[method-assign]

    @classmethod
    def from_crawler(cls, crawler: Any) -> LogFileGuard:
        return cls()  # built after Scrapy installed its root handler for this crawler

    @staticmethod
    def _giving_up(handler: logging.FileHandler):
        def handle_error(record: logging.LogRecord) -> None:
            error = sys.exc_info()[1]
            reason = getattr(error, "strerror", None) or str(error)
            logging.getLogger().removeHandler(handler)  # once: the next records go nowhere rather than fail again
            print(f"kavkaz: cannot write the log file {handler.baseFilename} ({reason}); the crawl goes on "
                  "without it", file=sys.stderr)
        return handle_error
