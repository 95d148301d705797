"""Shared fixtures, the real-text group, and the end-of-run leak check.

Fixtures: `demo_server` (a factory: a real demo archive server on a free 127.0.0.1 port, stopped after the test),
`fresh_db` (a database path in the test's own directory), `shared_dir` (../shared, or a skip saying why).

Tests marked `realtext` read the real page texts of ../shared (or $KAVKAZ_SHARED). A user's clone has only the
repository: there the group is skipped with the reason, and `make test` passes without it.

Leak check: the run gets its own TMPDIR and a marker in the environment that every process it starts inherits.
When the run ends (after pytest-xdist has stopped its workers), any process still carrying the marker — a demo
server, a `kavkaz serve`, its Datasette child — or any file left in that TMPDIR fails the run, naming it; the
processes are then killed and the directory removed, so a failed run leaves nothing behind either.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest

MARKER = "KAVKAZ_TEST_RUN"
REPO = Path(__file__).resolve().parents[1]


def shared_path() -> Path:
    return Path(os.environ.get("KAVKAZ_SHARED") or REPO.parent / "shared")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "realtext: reads the real page texts of ../shared (skipped when absent)")
    config.addinivalue_line("markers", "chaos: hostile inputs, faults, kills, interruptions (make chaos)")
    if hasattr(config, "workerinput"):
        return  # an xdist worker: the controller set everything up and checks at the end
    run = uuid.uuid4().hex[:12]
    tmp = Path(tempfile.gettempdir()) / f"kavkaz-tests-{run}"
    tmp.mkdir()
    os.environ[MARKER] = run
    os.environ["TMPDIR"] = str(tmp)
    tempfile.tempdir = str(tmp)
    config._kavkaz_tmp = tmp  # type: ignore[attr-defined]


# The chaos suite (`make chaos`): hostile inputs, faults, kills and interruptions — every case issue 25 named and
# the ones that held before it, so that none comes back. `make test` runs its short tests, `make test-long` the rest.
CHAOS_MODULES = frozenset(["test_hostile", "test_unattended", "test_distributed", "test_fuzz", "test_archive",
                           "test_store"])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.module is not None and item.module.__name__.rsplit(".", 1)[-1] in CHAOS_MODULES:
            item.add_marker(pytest.mark.chaos)
    if shared_path().is_dir():
        return
    skip = pytest.mark.skip(reason=f"real page texts not here ({shared_path()}): they live beside the developers' "
                                   "checkout, not in the repository; set KAVKAZ_SHARED to run this group")
    for item in items:
        if "realtext" in item.keywords:
            item.add_marker(skip)


def _processes_of_this_run(run: str) -> list[tuple[int, str]]:
    found = []
    needle = f"{MARKER}={run}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
                if command:  # a zombie has no command line: it is gone, only not yet reaped
                    found.append((int(entry.name), command))
        except OSError:
            continue
    return found


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    tmp: Path | None = getattr(config, "_kavkaz_tmp", None)
    if tmp is None:
        return
    deadline = time.monotonic() + 5  # processes being stopped get a moment to exit
    leaked = _processes_of_this_run(os.environ[MARKER])
    while leaked and time.monotonic() < deadline:
        time.sleep(0.2)
        leaked = _processes_of_this_run(os.environ[MARKER])
    left = sorted(p.name for p in tmp.iterdir() if not p.name.startswith("pytest-of-")) if tmp.is_dir() else []
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    for pid, command in leaked:
        with_message = f"LEAK: process {pid} outlived the test run: {command[:200]}"
        reporter.write_line(with_message) if reporter else print(with_message)
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for name in left:
        message = f"LEAK: temporary file left behind: {tmp / name}"
        reporter.write_line(message) if reporter else print(message)
    shutil.rmtree(tmp, ignore_errors=True)
    if (leaked or left) and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# -- fixtures ------------------------------------------------------------------------------------------------


@pytest.fixture
def shared_dir() -> Path:
    path = shared_path()
    if not path.is_dir():
        pytest.skip(f"real page texts not here ({path})")
    return path


@pytest.fixture
def fresh_db(tmp_path: Path) -> Path:
    """A database path of this test's own (not created yet)."""
    return tmp_path / "kavkaz.db"


@pytest.fixture
def demo_server() -> Iterator[Callable[..., object]]:
    """`demo_server(articles=300, seed=7, day=0, faults="", russian=None)` starts a demo server for this test and returns it
    (`.base_url`, `.archive`); every server started is stopped when the test ends."""
    from crawler.demo.archive import DemoArchive
    from crawler.demo.faults import FaultPlan
    from crawler.demo.server import DemoServer

    servers: list[DemoServer] = []

    def start(articles: int = 300, seed: int = 7, day: int = 0, faults: str = "",
              switch_layout_after: int | None = None, russian: int | None = None) -> DemoServer:
        """`russian`: also serve a Russian archive of that many ids (in every form; `server.url("ru-m")` …)."""
        server = DemoServer(DemoArchive(seed=seed, articles=articles, day=day, ru_articles=russian), port=0,
                            faults=FaultPlan.parse(faults) if faults else None,
                            switch_layout_after=switch_layout_after,
                            russian=DemoArchive(seed=seed, articles=russian, day=day, lang="ru") if russian else None)
        server.__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)
