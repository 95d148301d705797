"""The CLI's contract: --help everywhere, one-line errors with exit 2, the lock's exit 3."""

import subprocess
import sys

import pytest

from crawler.cli import COMMANDS, build_parser, main
from crawler.errors import LockedError
from crawler.lock import DatabaseLock
from crawler.middlewares import retry_after_seconds


def test_every_subcommand_has_help(capsys):
    parser = build_parser()
    names = parser._subparsers._group_actions[0].choices  # the subcommands that are installed
    assert {"crawl", "demo"} <= set(names)
    for name in names:
        with pytest.raises(SystemExit) as exit_info:
            main([name, "--help"])
        assert exit_info.value.code == 0
        assert "usage: kavkaz " + name in capsys.readouterr().out
    assert set(names) <= set(COMMANDS)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["crawl", "--ids", "9-3"], "--ids takes A-B"),
        (["crawl", "--mode", "ids"], "--mode ids needs --ids"),
        (["crawl", "--since", "2020-13-01"], "--since takes a date"),
        (["crawl", "--base-url", "ftp://x"], "--base-url must be an http(s) URL"),
        (["crawl", "--concurrency", "0"], "--concurrency must be at least 1"),
        (["crawl", "--mode", "sideways"], "invalid choice"),
        (["crawl", "--set", "lower=1"], "--set takes KEY=VALUE"),
        (["crawl", "--frontier", "http://127.0.0.1:6379/0"], "--frontier takes redis://HOST:PORT/DB"),
        (["crawl", "--frontier", "redis://127.0.0.1:1/0"], "cannot reach the frontier"),
        # dates only as YYYY-MM-DD: Python also reads 20200101 and 2020-W01-1, which then compare as text
        (["crawl", "--since", "20200101"], "--since takes a date YYYY-MM-DD"),
        (["crawl", "--until", "2020-W01-1"], "--until takes a date YYYY-MM-DD"),
        (["search", "court", "--since", "20200101"], "--since takes a date YYYY-MM-DD"),
        (["export", "--format", "csv", "--since", "20200101"], "--since takes a date YYYY-MM-DD"),
        (["reparse", "--since", "2020-W01-1"], "--since takes a date YYYY-MM-DD"),
        # the English site as the Russian one would store English pages as Russian records
        (["crawl", "--lang", "all", "--base-url", "http://127.0.0.1:9"], "--lang all with --base-url needs --ru-base-url"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(argv, message, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "crawler", *argv, "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()  # nothing was created for a refused command


def test_lock_is_exclusive_and_released(tmp_path):
    db = tmp_path / "k.db"
    with DatabaseLock(db), pytest.raises(LockedError, match="locked by another kavkaz process"):
        DatabaseLock(db).acquire()
    with DatabaseLock(db):  # released: can be taken again
        pass


def test_retry_after_header_forms():
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(b"\xb2") is None, "'²' in latin-1: a digit to isdigit(), no number to float()"
    from datetime import UTC, datetime

    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0


@pytest.mark.parametrize("argv, message", [
    (["merge", "{tmp}/absent.db", "--into", "{tmp}/all.db"], "no database at"),
    (["status", "--frontier", "redis://127.0.0.1:1/0"], "cannot reach the frontier"),
])
def test_merge_and_status_refuse_bad_input_in_one_line(argv, message, tmp_path):
    pytest.importorskip("redis", reason="the distributed extra is not installed")
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    result = subprocess.run([sys.executable, "-m", "crawler", *argv], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "all.db").exists()


def test_a_frontier_password_is_never_printed(tmp_path):
    result = subprocess.run([sys.executable, "-m", "crawler", "crawl", "--db", str(tmp_path / "k.db"),
                             "--frontier", "redis://:s3cret-word@127.0.0.1:1/0"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and "cannot reach the frontier" in result.stderr
    assert "s3cret-word" not in result.stderr + result.stdout


def test_a_crawl_needs_no_scrapy_redis_unless_it_joins_a_frontier():
    """scrapy-redis is an extra (`kavkaz[distributed]`); the frontier add-on is loaded by every crawl, so it must
    import without it (the scheduler that needs it lives in crawler/frontier_scheduler.py)."""
    import subprocess
    import sys

    code = ("import importlib.abc, sys\n"
            "class Without(importlib.abc.MetaPathFinder):\n"
            "    def find_spec(self, name, path, target=None):\n"
            "        if name.split('.')[0] in ('scrapy_redis',): raise ImportError('not installed')\n"
            "sys.meta_path.insert(0, Without())\n"
            "import crawler.frontier\n"
            "from crawler.runner import project_settings\n"
            "project_settings({})\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-1500:]
