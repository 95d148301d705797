"""`kavkaz parse FILE [FILE ...] [--url URL ...]`: saved pages → JSON records on stdout.

One file prints one record (indented, or one line with `--compact`). Several files — or a folder of saved pages,
or a WARC — are read as pages of one site: their layouts are learned from all of them together
(crawler/parsers/profile.py), and each page is parsed with what the others teach (what repeats is template, a
label repeated with a different value is a field). Then one JSON record per line, in input order.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import settings as defaults
from crawler.errors import UsageError

HELP = "parse saved pages (files, folders, WARCs, or - for stdin) and print their records as JSON"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="a saved HTML file, a folder of them, a WARC (.warc, .warc.gz), or - for standard input")
    parser.add_argument("--url", action="append", default=[], metavar="URL",
                        help="a file's URL (any mirror), once per file in order: decides the page kind, the id and "
                             "the language (a WARC's pages carry their own)")
    parser.add_argument("--compact", action="store_true", help="one file: one line of JSON instead of an indented object")


def run(args: argparse.Namespace) -> int:
    from crawler.errors import KavkazError
    from crawler.parsers import ParseError, parse_bounded, parse_page
    from crawler.parsers.profile import learn_profiles

    if len(args.url) > len(args.files):
        raise UsageError(f"{len(args.url)} --url for {len(args.files)} files: give at most one URL per file")
    pages = list(_pages(args.files, args.url))
    if not pages:
        raise UsageError("no pages to parse in " + ", ".join(args.files))
    profile = learn_profiles((url, data) for url, data in pages) if len(pages) > 1 else None
    for url, data in pages:
        try:
            record = parse_bounded(lambda u, s: parse_page(u, s, profile=profile), url, data,
                                   defaults.KAVKAZ_PARSE_SECONDS)
        except ParseError as exc:
            if len(pages) == 1:
                raise KavkazError(str(exc)) from None
            record = {"url": url, "kind": "failure", "error": str(exc)}
        single = len(pages) == 1 and not args.compact
        print(json.dumps(dict(record), ensure_ascii=False, indent=2 if single else None))
    return 0


def _pages(files: list[str], urls: list[str]) -> Iterator[tuple[str | None, bytes]]:
    """(url, bytes) of every page the arguments name, in order."""
    for position, name in enumerate(files):
        url = urls[position] if position < len(urls) else None
        if name == "-":
            yield url, sys.stdin.buffer.read()
            continue
        path = Path(name)
        if path.is_dir():
            entries = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            if not entries:
                raise UsageError(f"{name} is a folder with no saved pages")
            for entry in entries:
                if _is_warc(entry):
                    yield from _warc_pages(entry)
                else:
                    yield None, _read(entry)
            continue
        if _is_warc(path):
            yield from _warc_pages(path)
            continue
        yield url, _read(path)


def _is_warc(path: Path) -> bool:
    return path.name.endswith((".warc", ".warc.gz"))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{path} is a directory, not a saved page") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def _warc_pages(path: Path) -> Iterator[tuple[str | None, bytes]]:
    from crawler.keptpages.warc import read_responses

    for page in read_responses(path):
        if 200 <= page["status"] < 300:
            yield page["url"], page["body"]
