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
parser chokes on, and a new worker takes the next pages.
"""

from __future__ import annotations

import asyncio
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

    def __init__(self, seconds: float, loop: asyncio.AbstractEventLoop, on_result: Any):
        context = get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, seconds, os.getpid()), daemon=True,
                                       name="kavkaz-parser")
        self.process.start()
        child.close()
        self.pending: deque[asyncio.Future] = deque()
        self.payloads: deque[bytes] = deque()  # what was sent, in the same order (sent again if this one dies)
        self.loop = loop
        loop.add_reader(self.conn.fileno(), on_result, self)

    def close(self) -> None:
        if not self.loop.is_closed():
            self.loop.remove_reader(self.conn.fileno())
        self.conn.close()
        self.process.kill()
        self.process.join(timeout=5)


class ParserPool:
    """Parses article pages in `workers` processes (0: in this process), each page bounded by `seconds`."""

    def __init__(self, workers: int, seconds: float):
        self.workers = workers
        self.seconds = seconds
        self._pool: list[_Worker] = []
        self._waiting: deque[tuple[bytes, asyncio.Future]] = deque()

    async def parse_article(self, url: str, source: str | bytes) -> Any:
        loop = _running_loop()
        if not self.workers or loop is None:
            from crawler.parsers import article

            return parse_bounded(article.parse_article, url, source, self.seconds)
        if self._pool and self._pool[0].loop is not loop:
            self.close()  # a new event loop (a second crawl in this process): its own workers
        if not self._pool:
            self._pool = [_Worker(self.seconds, loop, self._on_result) for _ in range(self.workers)]
        future = loop.create_future()
        self._waiting.append((pickle.dumps((url, source), protocol=pickle.HIGHEST_PROTOCOL), future))
        self._dispatch()
        outcome, value = await future
        if outcome == "error":
            raise ParseError(value)
        return Article(value)

    def _dispatch(self) -> None:
        for worker in self._pool:
            while self._waiting and len(worker.pending) < IN_FLIGHT:
                payload, future = self._waiting.popleft()
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
        if not future.done():
            future.set_result(outcome)
        self._dispatch()

    def _replace(self, worker: _Worker) -> None:
        """A worker died: its first page is the one it died on (a failure); the pages queued behind it are sent
        again, first, to the worker started in its place."""
        held = list(zip(worker.payloads, worker.pending, strict=True))
        worker.close()
        self._pool[self._pool.index(worker)] = _Worker(self.seconds, worker.loop, self._on_result)
        if held and not held[0][1].done():
            held[0][1].set_result(("error", "the parser process died on this page"))
        self._waiting.extendleft(reversed(held[1:]))
        self._dispatch()

    def close(self) -> None:
        for worker in self._pool:
            worker.close()
        self._pool = []


def _serve(conn: Connection, seconds: float, parent: int) -> None:
    """A worker: parse every page that arrives, answer ("ok", record) or ("error", reason)."""
    from crawler.parsers import article

    _watch_parent(parent)
    # Records go back from a thread of their own, so that this loop always takes the next page: the crawl's side
    # may be sending a page larger than the pipe holds while a large record waits to come back; if one loop did
    # both, each side would wait for the other forever.
    answers: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_send_answers, args=(conn, answers), name="send-answers", daemon=True).start()
    while True:
        try:
            url, source = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            answer = ("ok", dict(parse_bounded(article.parse_article, url, source, seconds)))
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
