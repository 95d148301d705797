"""One crawl per database: an exclusive file lock next to the database (`<db>.lock`)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from crawler.errors import LockedError, StoreError


class DatabaseLock:
    """`with DatabaseLock(db_path):` holds `<db>.lock`; a second holder gets LockedError at once.

    The kernel drops the lock when the process dies, even by SIGKILL, so a stale lock never blocks cron.
    """

    def __init__(self, db_path: str | Path):
        # Beside the real file: a symlink (or another spelling of the path) to the same database takes the same lock.
        self.path = Path(f"{Path(db_path).resolve()}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        database = self.path.with_suffix("")
        blocked = next((p for p in database.parents if p.exists() and not p.is_dir()), None)
        if blocked is not None:
            raise StoreError(f"cannot use the database {database}: {blocked} is a file, not a directory")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot use the database {database}: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise LockedError(f"{self.path.name[:-5]} is locked by another kavkaz process (a crawl, merge or reparse: "
                              f"pid {holder}); try again later") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
