"""The `kavkaz` command line: one argparse parser, one module per subcommand in this package.

Each subcommand module exposes `HELP` (one line), `configure(parser)` (adds its arguments) and
`run(args) -> int` (the exit code). Modules import heavy dependencies (Scrapy, Datasette) inside `run`,
so that `kavkaz --help` stays fast. A module that is not installed yet is simply not offered.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from crawler import __version__
from crawler.errors import EXIT_FAILED, EXIT_USAGE, KavkazError, UsageError

# name -> module; the order is the order of `kavkaz --help`.
COMMANDS: dict[str, str] = {
    "crawl": "crawler.cli.crawl",
    "check": "crawler.cli.check",
    "demo": "crawler.cli.demo",
    "demo-site": "crawler.cli.demo_site",
    "parse": "crawler.cli.parse",
    "stats": "crawler.cli.stats",
    "casualties": "crawler.cli.casualties",
    "search": "crawler.cli.search",
    "entities": "crawler.cli.entities",
    "export": "crawler.cli.export",
    "serve": "crawler.cli.serve",
    "reparse": "crawler.cli.reparse",
    "import-warc": "crawler.cli.import_warc",
    "merge": "crawler.cli.merge",
    "status": "crawler.cli.status",
}


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments print one line (`kavkaz crawl: error: …`) and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="kavkaz",
        description="Crawl, store and query the Caucasian Knot news archive.",
    )
    parser.add_argument("--version", action="version", version=f"kavkaz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # that subcommand is not part of this build
            raise
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.run(args) or 0)
    except KavkazError as exc:
        print(f"kavkaz {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"kavkaz {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kavkaz search … | head`: the reader has what it wanted
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - no flush of the closed pipe at exit
        return 0
    except OSError as exc:  # a path no command checked: still one line, never a traceback
        where = f": {exc.filename}" if exc.filename else ""
        print(f"kavkaz {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_FAILED


def setting_pairs(pairs: list[str]) -> dict[str, str]:
    """`--set KEY=VALUE` options as Scrapy settings (UsageError, one line, for anything else)."""
    settings: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isupper():
            raise UsageError(f"--set takes KEY=VALUE with an upper-case Scrapy setting name, not {pair!r}")
        settings[key] = value
    return settings


def ensure_writable(path: Path, option: str) -> None:
    """A file that a command is about to write: its directory must exist and be writable (UsageError, one line)."""
    if path.is_dir():
        raise UsageError(f"{option} {path} is a directory")
    parent = path.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise UsageError(f"{option} {path}: the directory {parent} does not exist or cannot be written")


if __name__ == "__main__":
    raise SystemExit(main())
