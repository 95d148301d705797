"""Helpers for tests that run real crawls: `kavkaz crawl` in a subprocess against a demo server.

A crawl runs in its own process because Twisted's reactor runs once per process, and because that is how
users and cron run it (exit codes, signals, locks).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# Fast and impolite: only ever against the local demo server.
LOCAL_SETTINGS = [
    "--delay", "0",
    "--concurrency", "16",
    "--set", "KAVKAZ_BACKOFF_BASE=0.05",
    "--set", "KAVKAZ_BACKOFF_MAX=1.5",
    "--set", "DOWNLOAD_TIMEOUT=10",
]


def crawl(base_url: str, db: Path, *args: str, timeout: float = 240, check: bool = False) -> subprocess.CompletedProcess:
    """Run `kavkaz crawl` against `base_url` into `db`; returns the finished process (stdout, stderr, code)."""
    command = [sys.executable, "-m", "crawler", "crawl", "--base-url", base_url, "--db", str(db), *LOCAL_SETTINGS, *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"crawl exited {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr[-4000:]}")
    return result


def project_settings(**overrides: Any) -> dict[str, Any]:
    """settings.py as a dict with `overrides` on top: what a crawler built in a test (get_crawler) is given, so it
    reads the project's defaults as every crawl does (the code reads settings without fallbacks)."""
    import settings

    return {name: getattr(settings, name) for name in dir(settings) if name.isupper()} | overrides


def rows(db: Path, sql: str, *params: Any) -> list[dict[str, Any]]:
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql, params)]
    finally:
        connection.close()


def articles_by_id(db: Path) -> dict[int, dict[str, Any]]:
    return {row["article_id"]: row for row in rows(db, "select * from articles where lang = 'en'")}


def integrity_ok(db: Path) -> bool:
    return rows(db, "pragma integrity_check")[0]["integrity_check"] == "ok"


def last_run(db: Path) -> dict[str, Any]:
    run = rows(db, "select * from runs order by id desc limit 1")[0]
    if isinstance(run.get("arguments"), str):
        run["arguments"] = json.loads(run["arguments"])
    return run


@contextmanager
def serve(answer: Callable[[str, int], tuple[int, str, bytes, float]]) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 whose answer to (path, attempt) is (status, content type, body, delay), or
    the same with a dict of extra headers as a fifth element."""
    attempts: dict[str, int] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            with lock:
                attempts[self.path] = attempts.get(self.path, 0) + 1
                attempt = attempts[self.path]
            status, kind, body, delay, *extra = answer(self.path, attempt)
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (extra[0] if extra else {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the crawler went away (a SIGTERM test)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
