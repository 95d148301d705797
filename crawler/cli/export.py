"""`kavkaz export`: articles as CSV, JSON Lines or Parquet (streamed, constant memory), or pages as WARC."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import signal
import sys
from pathlib import Path
from typing import Any

from crawler.analysis.export import (
    COLUMNS,
    LANGS,
    choose_columns,
    export_rows,
    write_csv,
    write_jsonl,
    write_parquet,
)
from crawler.db import add_db_argument, check_dates, open_readonly
from crawler.errors import KavkazError, UsageError

HELP = "export articles as CSV, JSON Lines or Parquet, or the stored pages as WARC"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", required=True, choices=("csv", "jsonl", "parquet", "warc"))
    add_db_argument(parser)
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="articles published (pages fetched, for WARC) from")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="… up to and including this date")
    parser.add_argument("--out", type=Path, help="output file (default: standard output for csv and jsonl)")
    parser.add_argument("--force", action="store_true", help="overwrite --out when it exists")
    parser.add_argument("--lang", choices=LANGS, help="only the articles of this language")
    parser.add_argument("--columns", metavar="A,B,…",
                        help=f"only these columns, in this order (default all: {', '.join(COLUMNS)})")
    parser.add_argument("--where", metavar="SQL",
                        help="only the articles matching this SQL condition on the articles table, e.g. "
                        "\"source = 'CK correspondent'\" (the database is opened read-only)")
    parser.add_argument("--excel", action="store_true",
                        help="CSV for spreadsheets: a UTF-8 byte-order mark, so Cyrillic reads right")
    parser.add_argument("--delimiter", default=",",
                        help="the CSV delimiter (default ','; ';' is what spreadsheets in Russian and most European "
                        "locales expect)")


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM (`timeout`, systemd) unwinds like Ctrl-C: the temporary file is removed


def run(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _stop)
    if args.format in ("parquet", "warc") and not args.out:
        raise UsageError(f"--format {args.format} needs --out FILE")
    check_dates(args.since, args.until)
    if args.format == "warc":
        from crawler.keptpages.warc import export_warc

        open_readonly(args.db).close()
        with Output(args.out, args.force, binary=True) as target:
            count = export_warc(args.db, target.path, args.since, args.until)
        print(f"exported {count} responses to {args.out}", file=sys.stderr)
        return 0
    if len(args.delimiter) != 1:
        raise UsageError(f"--delimiter takes one character, not {args.delimiter!r}")
    if (args.excel or args.delimiter != ",") and args.format != "csv":
        raise UsageError("--excel and --delimiter are options of --format csv")
    columns = choose_columns(args.columns)
    rows = export_rows(args.db, args.since, args.until, lang=args.lang, where=args.where)
    first = next(rows, None)  # validates the database and --where before an output file is created
    everything = itertools.chain([first] if first is not None else [], rows)

    def writer(out: Any, path: Path | None) -> int:
        if args.format == "csv":
            return write_csv(everything, out, columns, excel=args.excel, delimiter=args.delimiter)
        if args.format == "jsonl":
            return write_jsonl(everything, out, columns)
        return write_parquet(everything, path, columns)

    if not args.out:
        try:
            count = writer(sys.stdout, None)
            sys.stdout.flush()
        except BrokenPipeError:  # `kavkaz export … | head`: the reader has what it wanted
            sys.stdout = None  # type: ignore[assignment]  # nothing more can be written there
            return 0
    else:
        with Output(args.out, args.force) as target:
            count = writer(target.handle, target.path)
    print(f"exported {count} articles", file=sys.stderr)
    return 0


class Output:
    """An output file written whole or not at all: a temporary file beside it, renamed into place on success;
    an existing file only with --force; a device (`/dev/stdout`, `/dev/full`) written directly. Bad paths are a
    UsageError (exit 2), a failed write (a full disk) a KavkazError (exit 1); nothing half-written stays."""

    def __init__(self, path: Path, force: bool, binary: bool = False):
        self.final = path
        if path.is_dir():
            raise UsageError(f"--out {path} is a directory")
        direct = path.exists() and not path.is_file()
        if path.is_file() and not force:
            raise UsageError(f"{path} exists; add --force to overwrite it")
        # The temporary name ends like the real one: writers choose the format by it (`.warc.gz` is gzipped).
        self.path = path if direct else path.with_name(f".part-{os.getpid()}-{path.name}")
        self.temporary = not direct
        try:
            self.handle = open(self.path, "wb" if binary else "w", newline=None if binary else "",  # noqa: SIM115
                               encoding=None if binary else "utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror}") from None

    def __enter__(self) -> Output:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        try:
            self.handle.close()
        except OSError as error:
            exc = exc or error
            kind = kind or type(error)
        if kind is None:
            if self.temporary:
                os.replace(self.path, self.final)
            return
        if self.temporary:
            with contextlib.suppress(OSError):
                self.path.unlink()
        if isinstance(exc, OSError) and kind is not None:
            raise KavkazError(f"writing {self.final} failed: {exc.strerror or exc}; nothing was written") from None
