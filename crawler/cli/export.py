"""`kavkaz export`: articles as CSV, JSON Lines or Parquet (streamed, constant memory), or pages as WARC."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crawler.analysis.export import (
    _csv,
    _jsonl,
    _parquet,
    export_rows,
)
from crawler.db import add_db_argument, date_filter, open_readonly
from crawler.errors import UsageError

HELP = "export articles as CSV, JSON Lines or Parquet, or the stored pages as WARC"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", required=True, choices=("csv", "jsonl", "parquet", "warc"))
    add_db_argument(parser)
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="articles published (pages fetched, for WARC) from")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="… up to and including this date")
    parser.add_argument("--out", type=Path, help="output file (default: standard output for csv and jsonl)")


def run(args: argparse.Namespace) -> int:
    if args.format == "warc":
        return _export_warc(args)
    if args.format == "parquet" and not args.out:
        raise UsageError("--format parquet needs --out FILE")
    rows = export_rows(args.db, args.since, args.until)
    first = next(rows, None)  # validates the database before an output file is created
    out = open(args.out, "w", newline="", encoding="utf-8") if args.out and args.format != "parquet" else sys.stdout  # noqa: SIM115
    try:
        count = {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}[args.format](first, rows, out, args.out)
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"exported {count} articles", file=sys.stderr)
    return 0


def _export_warc(args: argparse.Namespace) -> int:
    from crawler.archive.warc import export_warc

    if not args.out:
        raise UsageError("--format warc needs --out FILE.warc.gz")
    open_readonly(args.db).close()
    date_filter(args.since, args.until)
    count = export_warc(args.db, args.out, args.since, args.until)
    print(f"exported {count} responses to {args.out}", file=sys.stderr)
    return 0
