"""What the benchmarks share: the local crawl settings and a peak-RSS measurement of a command."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOCAL = ["--delay", "0", "--concurrency", "16", "--set", "KAVKAZ_BACKOFF_BASE=0.05", "--quiet"]


def measured(command: list[str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in KiB, exit code) of a Python command run in its own process."""
    with tempfile.NamedTemporaryFile(suffix=".rss", delete=False) as handle:
        rss_file = handle.name
    started = time.perf_counter()
    code = subprocess.call([sys.executable, str(Path(__file__).with_name("peak_rss.py")), rss_file, *command],
                           stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak = int(Path(rss_file).read_text() or 0)
    os.unlink(rss_file)
    return seconds, peak, code
