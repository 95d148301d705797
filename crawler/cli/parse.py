"""`kavkaz parse FILE [--url URL]`: one saved page → one JSON record on stdout."""

from __future__ import annotations

import argparse
import json
import sys

import settings as defaults
from crawler.errors import UsageError

HELP = "parse a saved HTML page (or - for stdin) and print its record as JSON"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a saved HTML file, or - to read standard input")
    parser.add_argument("--url", help="the page's URL (any mirror); decides the page kind, the id and the language")
    parser.add_argument("--compact", action="store_true", help="one line of JSON instead of an indented object")


def run(args: argparse.Namespace) -> int:
    from crawler.errors import KavkazError
    from crawler.parsers import ParseError, parse_bounded, parse_page

    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as handle:
                data = handle.read()
    except IsADirectoryError:
        raise UsageError(f"{args.file} is a directory, not a saved page") from None
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    try:
        record = parse_bounded(parse_page, args.url, data, defaults.KAVKAZ_PARSE_SECONDS)
    except ParseError as exc:
        raise KavkazError(str(exc)) from None
    print(json.dumps(dict(record), ensure_ascii=False, indent=None if args.compact else 2))
    return 0
