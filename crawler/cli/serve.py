"""`kavkaz serve`: Datasette on the database, read-only (immutable), with titles, descriptions, facets and"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

from crawler.analysis.serve import metadata_for
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
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(metadata_for(args.db), handle)
    command = [sys.executable, "-m", "datasette", "serve", "--immutable", str(args.db), "--metadata", handle.name,
               "--host", args.host, "--port", str(args.port), "--setting", "default_page_size", "50"]
    print(f"serving {args.db} read-only at http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0
    finally:
        os.unlink(handle.name)
