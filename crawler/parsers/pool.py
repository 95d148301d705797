"""Article parsing off the crawl's event loop: worker processes (KAVKAZ_PARSE_WORKERS) the spider awaits.

A crawl's process is CPU-bound at local speeds: Scrapy's machinery and parsing share one core while the second
idles. `await ParserPool.parse_article(url, body)` sends the page to a worker process over a pipe and returns the
record (or raises ParseError, as in-process parsing does); the reactor goes on downloading meanwhile. With 0
workers (or outside a running asyncio loop) it parses in the calling process.

No threads: each worker's pipe is watched by the event loop itself (`loop.add_reader`), so sending a page and
taking its record back cost two system calls and a pickle, and never wait for a lock. At most `IN_FLIGHT` pages
are in a worker's pipe at once (a full pipe would block the loop); the rest wait in this process.

Workers are started with `spawn` (nothing of the reactor's state is forked) and exit by themselves when the
crawl's process dies (a kill -9 leaves no orphan: each watches its parent). A worker that dies on a page (a crash
inside lxml, the OOM killer) costs that page only: it becomes a failure with its raw HTML kept, like any page the
parser chokes on, and a new worker takes the next pages. So does a worker stuck on a page past twice the time
bound: the bound inside the worker is a signal, whose handler never runs while C code that does not return to
Python holds the thread (a loop inside lxml or another C library); the pool's watchdog stops such a worker from
outside.
"""

from __future__ import annotations

import asyncio
import functools
import os
import pickle
import queue
import threading
import time
from collections import deque
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import Any

from crawler.parsers import ParseError, parse_bounded
from crawler.record import Article

IN_FLIGHT = 2  # pages in a worker's pipe at once
WATCH_EVERY = 1.0  # seconds between the watchdog's looks at the workers


def resolve_workers(setting: str | int | None) -> int:
    """KAVKAZ_PARSE_WORKERS: a number, or "auto" (one worker when the machine has a second core, else none)."""
    if setting in (None, "", "auto"):
        return 1 if (os.cpu_count() or 1) >= 2 else 0
    try:
        workers = int(setting)
    except (TypeError, ValueError):
        raise ValueError(f"KAVKAZ_PARSE_WORKERS must be a number or auto, not {setting!r}") from None
    if not 0 <= workers <= 64:
        raise ValueError(f"KAVKAZ_PARSE_WORKERS must be between 0 and 64, not {workers}")
    return workers


class _Worker:
    """One parser process and the pages it holds (futures in the order they were sent)."""

    def __init__(self, seconds: float, loop: asyncio.AbstractEventLoop, on_result: Any, parse: str,
                 profile: str = ""):
        context = get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, seconds, os.getpid(), parse, profile), daemon=True,
                                       name="kavkaz-parser")
        self.process.start()
        child.close()
        self.pending: deque[asyncio.Future] = deque()
        self.payloads: deque[bytes] = deque()  # what was sent, in the same order (sent again if this one dies)
        self.busy_since: float | None = None  # when the page it is parsing now became its first
        self.loop = loop
        loop.add_reader(self.conn.fileno(), on_result, self)

    def close(self) -> None:
        if not self.loop.is_closed():
            self.loop.remove_reader(self.conn.fileno())
        self.conn.close()
        self.process.kill()
        self.process.join(timeout=5)


class ParserPool:
    """Parses article pages in `workers` processes (0: in this process), each page bounded by `seconds`.
    `parse` names the parser ("module:function", a pure function of (url, source))."""

    def __init__(self, workers: int, seconds: float, parse: str = "crawler.parsers.article:parse_article",
                 profile: str = ""):
        self.workers = workers
        self.seconds = seconds
        self.parse = parse
        self.profile = profile  # the learned layouts (SiteProfile JSON), handed to every worker when it starts
        self._pool: list[_Worker] = []
        self._waiting: deque[tuple[bytes, asyncio.Future]] = deque()
        self._watchdog: asyncio.TimerHandle | None = None

    async def parse_article(self, url: str, source: str | bytes, content_type: str | None = None) -> Any:
        """The record of a page (bytes with the response's Content-Type, so that the parser tells the charset)."""
        loop = _running_loop()
        if not self.workers or loop is None:
            return parse_bounded(_parser(self.parse, content_type, _profile(self.profile)), url, source, self.seconds)
        if self._pool and self._pool[0].loop is not loop:
            self.close()  # a new event loop (a second crawl in this process): its own workers
        if not self._pool:
            self._pool = [self._start(loop) for _ in range(self.workers)]
            self._watchdog = loop.call_later(WATCH_EVERY, self._watch)
        future = loop.create_future()
        self._waiting.append((pickle.dumps((url, source, content_type), protocol=pickle.HIGHEST_PROTOCOL), future))
        self._dispatch()
        outcome, value = await future
        if outcome == "error":
            raise ParseError(value)
        return Article(value)

    def _dispatch(self) -> None:
        for worker in self._pool:
            while self._waiting and len(worker.pending) < IN_FLIGHT:
                payload, future = self._waiting.popleft()
                if not worker.pending:
                    worker.busy_since = worker.loop.time()
                worker.pending.append(future)
                worker.payloads.append(payload)
                try:
                    worker.conn.send_bytes(payload)
                except OSError:
                    self._replace(worker)
                    return

    def _on_result(self, worker: _Worker) -> None:
        try:
            outcome = pickle.loads(worker.conn.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            self._replace(worker)
            return
        future = worker.pending.popleft()
        worker.payloads.popleft()
        worker.busy_since = worker.loop.time() if worker.pending else None
        if not future.done():
            future.set_result(outcome)
        self._dispatch()

    def _start(self, loop: asyncio.AbstractEventLoop) -> _Worker:
        return _Worker(self.seconds, loop, self._on_result, self.parse, self.profile)

    def _watch(self) -> None:
        """Stop a worker stuck on one page past twice the bound (plus a second): see the module's doc."""
        deadline = 2 * self.seconds + 1
        for worker in list(self._pool):
            if worker.busy_since is not None and worker.loop.time() - worker.busy_since > deadline:
                self._replace(worker, f"parsing took longer than {deadline:g}s: the parser process was stopped")
        if self._pool:
            self._watchdog = self._pool[0].loop.call_later(WATCH_EVERY, self._watch)

    def _replace(self, worker: _Worker, reason: str = "the parser process died on this page") -> None:
        """A worker died or was stopped: its first page is the one it died on (a failure); the pages queued
        behind it are sent again, first, to the worker started in its place."""
        held = list(zip(worker.payloads, worker.pending, strict=True))
        worker.close()
        self._pool[self._pool.index(worker)] = self._start(worker.loop)
        if held and not held[0][1].done():
            held[0][1].set_result(("error", reason))
        self._waiting.extendleft(reversed(held[1:]))
        self._dispatch()

    def close(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        for worker in self._pool:
            worker.close()
        self._pool = []


def _function(name: str) -> Any:
    """"module:function" → the function."""
    import importlib

    module, function = name.split(":")
    return getattr(importlib.import_module(module), function)


def _profile(text: str) -> Any:
    from crawler.parsers.profile import SiteProfile

    return SiteProfile.from_json(text) if text else None


def _parser(name: str, content_type: str | None, profile: Any) -> Any:
    """The parser named `name` with what it is given beside the page: the response's Content-Type, the profile."""
    parse = _function(name)
    options = {name: value for name, value in (("content_type", content_type), ("profile", profile)) if value}
    return functools.partial(parse, **options) if options else parse


def _serve(conn: Connection, seconds: float, parent: int, parse: str, profile_json: str = "") -> None:
    """A worker: parse every page that arrives, answer ("ok", record) or ("error", reason)."""
    profile = _profile(profile_json)
    _watch_parent(parent)
    # Records go back from a thread of their own, so that this loop always takes the next page: the crawl's side
    # may be sending a page larger than the pipe holds while a large record waits to come back; if one loop did
    # both, each side would wait for the other forever.
    answers: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_send_answers, args=(conn, answers), name="send-answers", daemon=True).start()
    while True:
        try:
            url, source, content_type = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            answer = ("ok", dict(parse_bounded(_parser(parse, content_type, profile), url, source, seconds)))
        except ParseError as exc:
            answer = ("error", str(exc))
        answers.put(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


def _send_answers(conn: Connection, answers: queue.SimpleQueue) -> None:
    while True:
        try:
            conn.send_bytes(answers.get())
        except OSError:
            return


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _watch_parent(parent: int) -> None:
    """Exit as soon as the crawl's process is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
