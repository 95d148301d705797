"""`kavkaz stats`: what the database holds — a readable table on a terminal, `--json` for scripts, `--plot`."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

from crawler.analysis.stats import collect, format_table, plot
from crawler.db import add_db_argument, open_readonly
from crawler.errors import UsageError

HELP = "articles per year, month and language, top authors, sources, labels, runs and id gaps"


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--top", type=int, default=10, help="rows in each top list (default 10)")
    parser.add_argument("--plot", type=Path, metavar="FILE.png",
                        help="also draw articles per month and the labelled share per year")


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise UsageError("--top must be at least 1")
    if args.plot:
        from crawler.cli import ensure_writable

        ensure_writable(args.plot, "--plot")
    connection = open_readonly(args.db)
    try:
        report = collect(connection, args.top)
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"{args.db} is damaged: {exc}") from None
    finally:
        connection.close()
    if args.plot:
        plot(report, args.plot)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{report['articles']} articles in {args.db}\n")
    for title, key in (("Per language", "per_language"), ("Per year", "per_year"), ("Per month", "per_month"),
                       ("Top authors", "top_authors"),
                       ("Sources", "sources"), ("Label types", "label_types"),
                       ("Most labelled entities", "labelled_entities"), ("Last runs", "runs"), ("Id gaps", "id_gaps"),
                       ("Translations: English items and their Russian originals", "translations")):
        print(format_table(title, report[key]))
    if args.plot:
        print(f"plot written to {args.plot}")
    return 0
