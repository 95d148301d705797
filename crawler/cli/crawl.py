"""`kavkaz crawl`: crawl the English archive into a SQLite database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

import settings as defaults
from crawler.dates import calendar_day
from crawler.db import DEFAULT_DB
from crawler.errors import UsageError

HELP = "crawl the English or Russian archive (or the local demo) into a SQLite database"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("en", "ru", "all"), default="en",
                        help="the English archive (default), the Russian one, or both (English first)")
    parser.add_argument("--base-url", default=None,
                        help=f"the site to crawl: the live site (default {defaults.KAVKAZ_BASE_URL}, with --lang ru "
                        f"{defaults.KAVKAZ_RU_BASE_URL}), a mirror, or a demo server URL; with --lang all, the English one")
    parser.add_argument("--ru-base-url", default=None,
                        help=f"with --lang all: the Russian site (default {defaults.KAVKAZ_RU_BASE_URL})")
    parser.add_argument("--mode", choices=("auto", "full", "incremental", "ids", "listing"), default="auto",
                        help="auto (default): full on an empty database, else incremental; full: listings then "
                        "the id gaps; incremental: what is new, due refreshes and retries; ids: --ids only; "
                        "listing: listings only")
    parser.add_argument("--ids", metavar="A-B", help="article ids to fetch, e.g. 1-80000")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="stop walking listings at articles older than this")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="skip listing items newer than this")
    parser.add_argument("--listings", metavar="PATHS",
                        help=f"comma-separated listing paths to walk (default {defaults.KAVKAZ_LISTINGS}; Russian "
                        f"{defaults.KAVKAZ_RU_LISTINGS}), e.g. /rubric/10,/category/9,/dagestan")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"the SQLite database (default {DEFAULT_DB})")
    parser.add_argument("--max-pages", type=int, metavar="N", help="stop after N pages")
    parser.add_argument("--concurrency", type=int, metavar="N", help="concurrent requests (default 8, 2 per host)")
    parser.add_argument("--delay", type=float, metavar="SECONDS", help="delay between requests to a host (default 1.0)")
    parser.add_argument("--refresh-older-than", default=defaults.KAVKAZ_REFRESH_OLDER_THAN, metavar="DURATION",
                        help="incremental: refresh this week's articles fetched longer ago than this, older ones "
                        "proportionally less often (default 1d; e.g. 12h, 0s)")
    parser.add_argument("--refresh-budget", type=int, default=defaults.KAVKAZ_REFRESH_BUDGET, metavar="N",
                        help="incremental: at most N articles refreshed per run (default 10)")
    parser.add_argument("--failure-backoff", default=defaults.KAVKAZ_FAILURE_BACKOFF, metavar="DURATION",
                        help="incremental: retry a failed page after this, doubling with every failed attempt; "
                        "given up after 5 attempts (default 1h)")
    parser.add_argument("--max-failure-rate", type=float, default=defaults.KAVKAZ_MAX_FAILURE_RATE, metavar="R",
                        help="exit 4 when more than this share of article pages failed (default 0.05; 404s excluded)")
    parser.add_argument("--no-raw", action="store_true",
                        help="do not keep the fetched HTML (kept by default, compressed, for kavkaz reparse and WARC)")
    parser.add_argument("--log-file", metavar="FILE", help="write Scrapy's log (INFO) to FILE")
    parser.add_argument("--quiet", action="store_true", help="print nothing unless something is wrong")
    parser.add_argument("--verbose", action="store_true", help="Scrapy's INFO log on stderr")
    parser.add_argument("--frontier", metavar="redis://HOST:PORT/DB",
                        help="a worker on a frontier shared in Redis with other workers (scrapy-redis): each page "
                        "fetched once by the group, politeness kept by the group, a dead worker's pages fetched "
                        "again by the others; each worker writes its own --db (join them with kavkaz merge)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="set_",
                        help="any Scrapy setting, e.g. --set AUTOTHROTTLE_ENABLED=False (repeatable)")


def options_from_args(args: argparse.Namespace):
    """Validate the arguments (UsageError, one line) and build CrawlOptions."""
    from crawler.runner import CrawlOptions

    _check_sites(args)
    _check_window(args)
    _check_numbers(args)
    if args.frontier:
        _check_frontier(args.frontier)
    from crawler.cli import setting_pairs

    extra: dict[str, object] = {"KAVKAZ_RAW_PAGES": False} if args.no_raw else {}
    extra.update(setting_pairs(args.set_))
    return CrawlOptions(
        db=args.db,
        base_url=args.base_url,
        lang=args.lang,
        ru_base_url=args.ru_base_url,
        mode=args.mode,
        ids=args.ids,
        since=args.since,
        until=args.until,
        listings=args.listings,
        max_pages=args.max_pages,
        concurrency=args.concurrency,
        delay=args.delay,
        log_file=args.log_file,
        # --quiet: Scrapy's own messages (tracebacks of a refused connection …) stay off the terminal; the
        # one-line outcome and the summary are printed by this command when something is wrong.
        log_level="INFO" if args.verbose else "CRITICAL" if args.quiet else "WARNING",
        progress="off" if args.quiet else "auto",
        max_failure_rate=args.max_failure_rate,
        refresh_older_than=args.refresh_older_than,
        refresh_budget=args.refresh_budget,
        failure_backoff=args.failure_backoff,
        settings=extra,
        frontier=args.frontier,
    )

def _check_sites(args: argparse.Namespace) -> None:
    for option, value in (("--base-url", args.base_url), ("--ru-base-url", args.ru_base_url)):
        parts = urlsplit(value or "http://default")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"{option} must be an http(s) URL, not {value!r}")
    if args.ru_base_url and args.lang != "all":
        raise UsageError("--ru-base-url goes with --lang all (with --lang ru, use --base-url)")
    if args.lang == "all" and args.base_url and not args.ru_base_url:
        # --base-url names the English site: without the Russian one, the Russian crawl would take the English
        # site's pages for Russian records.
        raise UsageError("--lang all with --base-url needs --ru-base-url (the Russian site) too")


def _check_window(args: argparse.Namespace) -> None:
    from spiders.knot import parse_id_range

    if args.ids:
        try:
            parse_id_range(args.ids)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    elif args.mode == "ids":
        raise UsageError("--mode ids needs --ids A-B")
    for name in ("since", "until"):
        value = getattr(args, name)
        if value:
            try:
                calendar_day(value)
            except ValueError as exc:
                raise UsageError(f"--{name} {exc}") from None
    if args.since and args.until and args.since > args.until:
        raise UsageError("--since is after --until")


def _check_numbers(args: argparse.Namespace) -> None:
    from crawler.planner import parse_duration

    for name in ("max_pages", "concurrency"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise UsageError(f"--{name.replace('_', '-')} must be at least 1")
    if args.delay is not None and args.delay < 0:
        raise UsageError("--delay cannot be negative")
    for name in ("refresh_older_than", "failure_backoff"):
        try:
            parse_duration(getattr(args, name))
        except ValueError as exc:
            raise UsageError(f"--{name.replace('_', '-')}: {exc}") from None
    if args.refresh_budget < 0:
        raise UsageError("--refresh-budget cannot be negative")
    if not 0 <= args.max_failure_rate <= 1:
        raise UsageError("--max-failure-rate is a share between 0 and 1")


def _check_frontier(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise UsageError(f"--frontier takes redis://HOST:PORT/DB, not {_without_password(url)!r}")
    try:
        from crawler.frontier import connect

        connect(url)
    except ImportError:
        raise UsageError("--frontier needs scrapy-redis: pip install 'kavkaz[distributed]'") from None
    except ValueError as exc:
        raise UsageError(str(exc).replace(url, _without_password(url))) from None


def _without_password(url: str) -> str:
    """A Redis URL as it may be printed: its password masked."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def run(args: argparse.Namespace) -> int:
    options = options_from_args(args)  # bad arguments fail before anything is imported or created
    from crawler.runner import append_to_log, prepare_log, run_crawl, summary

    if options.log_file:
        prepare_log(Path(options.log_file))
    outcome = run_crawl(options)  # lock, plan and exit code: crawler.job.CrawlJob, as under `scrapy crawl`
    text = summary(outcome, options.db, args.failure_backoff)
    if options.log_file:
        append_to_log(Path(options.log_file), text)
    if not outcome.started and not outcome.parts:
        print(text, file=sys.stderr)
    elif outcome.exit_code or not args.quiet:
        print(text, file=sys.stdout if outcome.exit_code == 0 else sys.stderr)
    return outcome.exit_code
