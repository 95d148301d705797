"""`kavkaz serve`: Datasette on the database, read-only, with titles, descriptions, facets and canned queries.

Read-only, not immutable: Datasette reads through `mode=ro` connections, so a crawl that writes beside it (the daily
cron job) is seen at its next commit, and serve never answers from a stale view of a changed file. Every query is
bounded in time (`sql_time_limit_ms`) and in the size of a value, and the SQLite functions a browser never needs
are refused (crawler/analysis/datasette_plugins/guard.py)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import tempfile

from crawler.analysis.serve import PLUGINS, metadata_for
from crawler.db import add_db_argument, open_readonly
from crawler.errors import UsageError

HELP = "browse the database in Datasette (read-only), with facets and canned queries"


def configure(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--port", type=int, default=8001, help="port (default 8001)")
    parser.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError("--port must be 1-65535")
    open_readonly(args.db).close()
    from datasette.cli import cli as datasette_cli

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(metadata_for(args.db), handle)
    arguments = ["serve", str(args.db), "--metadata", handle.name, "--host", args.host, "--port", str(args.port),
                 "--plugins-dir", str(PLUGINS), "--setting", "default_page_size", "50",
                 "--setting", "sql_time_limit_ms", "3000", "--setting", "max_returned_rows", "1000"]
    print(f"serving {args.db} read-only at http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
    # Datasette runs in this process (not as a child): SIGTERM or Ctrl-C to `kavkaz serve` stops it too, and
    # nothing keeps the port after a service manager or a test stops the command.
    # uvicorn re-raises SIGTERM once it has shut down: end as Ctrl-C does, so the metadata file is removed.
    signal.signal(signal.SIGTERM, _stop)
    try:
        datasette_cli.main(args=arguments, prog_name="kavkaz serve", standalone_mode=False)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        raise UsageError(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from None
    except SystemExit as exc:  # uvicorn exits 3 when it cannot bind: exit 3 is the crawl lock's code here
        if exc.code not in (0, None):
            raise UsageError(f"cannot serve on {args.host}:{args.port}: the address is in use or not allowed") \
                from None
    finally:
        os.unlink(handle.name)
    return 0


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
