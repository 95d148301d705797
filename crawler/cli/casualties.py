"""`kavkaz casualties`: the casualty series read from the site's statistics reports (docs/casualties.md)."""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
from pathlib import Path

from crawler.analysis.casualties import BUCKETS, COLUMNS, SIDES, plot, series
from crawler.db import add_db_argument, check_dates, open_readonly
from crawler.errors import UsageError

HELP = "killed and wounded in the armed conflict, per month, quarter or year, region and side"


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--region", help="one region (Dagestan, Chechnya, … or 'North Caucasus' for the district)")
    parser.add_argument("--side", choices=SIDES, help="one side (default: every side the reports state)")
    parser.add_argument("--by", choices=BUCKETS, default="year", help="the buckets (default year)")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="periods ending on or after this date")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="periods starting on or before this date")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="a table for the terminal (default), CSV with a header for spreadsheets, or JSON")
    parser.add_argument("--plot", type=Path, metavar="FILE.png", help="also draw killed and wounded per region")


def run(args: argparse.Namespace) -> int:
    check_dates(args.since, args.until)
    if args.plot:
        from crawler.cli import ensure_writable

        ensure_writable(args.plot, "--plot")
    connection = open_readonly(args.db)
    try:
        rows = series(connection, by=args.by, region=args.region, side=args.side, since=args.since,
                      until=args.until)
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"{args.db} has no casualty series: {exc}") from None
    finally:
        connection.close()
    if args.plot:
        plot(rows, args.plot)
        print(f"plot written to {args.plot}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        _table(rows)
    return 0


def _table(rows: list[dict]) -> None:
    if not rows:
        print("no casualty reports in this database")
        return
    shown = [{name: "" if row[name] is None else str(row[name]) for name in COLUMNS} for row in rows]
    widths = {name: max(len(name), *(len(row[name]) for row in shown)) for name in COLUMNS}
    print("  ".join(name.ljust(widths[name]) for name in COLUMNS))
    for row in shown:
        print("  ".join(row[name].rjust(widths[name]) if name not in ("bucket", "region", "side")
                        else row[name].ljust(widths[name]) for name in COLUMNS))
