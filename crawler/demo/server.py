"""The demo archive's HTTP server: real servers on 127.0.0.1, one per host of the site.

`DemoServer(archive, port=0, faults=None)` runs a ThreadingHTTPServer (HTTP/1.1, keep-alive) in a background
thread for the English site (any Host header gets it: mirrors share ids, docs/site.md §1.1). With
`russian=DemoArchive(..., lang="ru")` it also serves the Russian site, one port per form: `ru` (the desktop
www.kavkaz-uzel.eu), `ru-mirror` (the mirrors' layout), `ru-m` (mobile) and `ru-amp` (AMP); `server.url(form)`
gives each base URL. Control endpoints, disallowed in robots.txt: `POST /__demo__/advance` (a day passes, on
both sites), `GET /__demo__/stats`, `POST /__demo__/reset-stats`. Russian requests are counted under `ru/…`.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

from crawler.demo import pages
from crawler.demo.archive import DemoArchive
from crawler.demo.faults import FaultPlan
from crawler.demo.pages_ru import FORMS as RU_FORMS

HUGE_BYTES = 20 * 1024 * 1024


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now (for a server started next, or a dead address)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DemoServer:
    """Serves a DemoArchive; use as a context manager or call start() / stop()."""

    def __init__(self, archive: DemoArchive, host: str = "127.0.0.1", port: int = 0, faults: FaultPlan | None = None,
                 switch_layout_after: int | None = None, russian: DemoArchive | None = None):
        self.archive = archive
        self.russian = russian
        # After this many article pages the site is "redesigned" (crawler/demo/pages.py render_redesign).
        self.switch_layout_after = switch_layout_after
        self.faults = faults or FaultPlan()
        if not self.faults.seed:
            self.faults.seed = archive.seed
        self._lock = threading.Lock()
        self._attempts: Counter[str] = Counter()
        self._stats: Counter[str] = Counter()
        self.httpd = self._listen(host, port, "en", None)
        self.listeners = {"en": self.httpd}
        if russian is not None:
            for form in RU_FORMS:
                self.listeners[f"ru-{form}" if form != "desktop" else "ru"] = self._listen(host, 0, "ru", form)
        self._threads: list[threading.Thread] = []

    def _listen(self, host: str, port: int, lang: str, form: str | None) -> ThreadingHTTPServer:
        handler = type("Handler", (_Handler,), {"demo": self, "lang": lang, "form": form or "desktop"})
        try:
            httpd = ThreadingHTTPServer((host, port), handler)
        except OSError:
            for listener in getattr(self, "listeners", {}).values():
                listener.server_close()
            raise
        httpd.daemon_threads = True
        return httpd

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return self.url("en")

    def url(self, site: str = "en") -> str:
        """The base URL of a site: `en`, `ru`, `ru-mirror`, `ru-m` or `ru-amp`."""
        address = self.listeners[site].server_address
        return f"http://{address[0]}:{address[1]}"

    def start(self) -> DemoServer:
        for name, listener in self.listeners.items():
            thread = threading.Thread(target=listener.serve_forever, name=f"demo-server-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for listener in self.listeners.values():
            if self._threads:
                listener.shutdown()
            listener.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def advance_day(self) -> None:
        with self._lock:
            self.archive.advance_day()
            if self.russian is not None:
                self.russian.advance_day()

    def stats(self) -> dict:
        with self._lock:
            stats = dict(self._stats)
        return {"requests": stats.pop("requests", 0), "day": self.archive.day, "counts": stats}

    def reset_stats(self) -> None:
        with self._lock:
            self._stats.clear()

    def _count(self, *keys: str) -> None:
        with self._lock:
            self._stats.update(keys)

    def _attempt(self, path: str, lang: str = "en", form: str = "desktop") -> int:
        with self._lock:
            if lang != "en":
                path = f"{lang}-{form}:{path}"
            self._attempts[path] += 1
            if self.switch_layout_after is not None and path.startswith("/articles/"):
                self._stats["article_pages_served"] += 1
                if self._stats["article_pages_served"] > self.switch_layout_after:
                    self.archive.layout_override = "redesign"
            return self._attempts[path]


class _Handler(BaseHTTPRequestHandler):
    demo: DemoServer
    lang: str  # the site this listener serves
    form: str  # its form: desktop (English, Russian), mirror, m, amp
    protocol_version = "HTTP/1.1"
    server_version = "KavkazDemo/1.0"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet by default
        pass

    def do_POST(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        if path == "/__demo__/advance":
            self.demo.advance_day()
            return self._send(200, json.dumps({"day": self.demo.archive.day}), "application/json")
        if path == "/__demo__/reset-stats":
            self.demo.reset_stats()
            return self._send(200, "{}", "application/json")
        self._send(405, "method not allowed", "text/plain")

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        path, query = parts.path or "/", dict(parse_qsl(parts.query))
        if path == "/__demo__/stats":
            return self._send(200, json.dumps(self.demo.stats()), "application/json")
        if path == "/robots.txt":
            self._count("requests", "kind:robots", "status:200")
            return self._send(200, pages.ROBOTS, "text/plain")
        kind = "article" if path.startswith("/articles/") else "blog_post" if "/posts/" in path else "listing"
        hop_text = query.pop("_hop", "0")  # the step of a redirect chain
        hop = int(hop_text) if hop_text.isdigit() else 0
        fault = None if hop else self.demo.faults.choose(parts.path + "?" + parts.query, self.demo._attempt(self.path, self.lang, self.form))
        if fault == "slow":
            time.sleep(self.demo.faults.slow_seconds)
        elif fault in ("500", "503", "429"):
            self._count("requests", f"kind:{kind}", f"status:{fault}")
            headers = {"Retry-After": f"{self.demo.faults.retry_after:g}"} if fault != "500" else {}
            return self._send(int(fault), f"error {fault}", "text/plain", headers)
        elif fault == "redirect" or 0 < hop < 3:
            self._count("requests", f"kind:{kind}", "status:302")
            base = self.path.split("_hop=")[0].rstrip("&?")
            separator = "&" if "?" in base else "?"
            return self._send(302, "", "text/plain", {"Location": f"{base}{separator}_hop={hop + 1}"})
        elif fault == "offsite":
            self._count("requests", f"kind:{kind}", "status:302")
            return self._send(302, "", "text/plain", {"Location": "https://example.org/moved"})
        if self.lang == "ru":
            status, html = self.demo.russian.render(path, query, self.form)
        else:
            status, html = self.demo.archive.render(path, query)
        self._count("requests", f"kind:{kind}", f"status:{status}")
        if status == 200 and fault == "empty":
            return self._send(200, "", "text/html; charset=utf-8")
        if status == 200 and fault == "nonhtml":
            return self._send(200, "%PDF-1.4\n% not a page\n", "application/pdf")
        if status == 200 and fault == "truncated":
            return self._send(200, html[: len(html) * 2 // 5], "text/html; charset=utf-8")
        if status == 200 and fault == "huge":
            return self._send_huge(html)
        feed = path == "/articles.rss" and status == 200
        self._send(status, html, "application/rss+xml; charset=utf-8" if feed else "text/html; charset=utf-8")

    def _count(self, *keys: str) -> None:
        self.demo._count(*(keys if self.lang == "en" else [f"ru/{key}" for key in keys]))

    def _send(self, status: int, text: str, content_type: str, headers: dict[str, str] | None = None) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    def _send_huge(self, html: str) -> None:
        """A valid page padded to ~20 MB, streamed in chunks (never built in memory)."""
        head, tail = html.encode("utf-8").rsplit(b"</body>", 1)
        chunk = b"<!-- " + b"x" * (64 * 1024 - 9) + b" -->"
        count = HUGE_BYTES // len(chunk)
        closing = b"</body>" + tail
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(head) + count * len(chunk) + len(closing)))
        self.end_headers()
        try:
            self.wfile.write(head)
            for _ in range(count):
                self.wfile.write(chunk)
            self.wfile.write(closing)
        except (BrokenPipeError, ConnectionResetError):
            pass
