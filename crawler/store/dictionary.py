"""Training a zstd dictionary for the kept pages in a process of its own.

zstd's trainer needs several times its samples' size in memory for a moment (+22 MiB for 2,000 demo pages); in a
crawl's process that moment would stay in its peak memory for good. `train(samples)` streams the samples to a
child (`python -m crawler.store.dictionary`), which trains and prints the dictionary: the crawl only ever holds
one sample at a time.
"""

from __future__ import annotations

import contextlib
import logging
import os
import struct
import subprocess
import sys
from collections.abc import Iterable

logger = logging.getLogger(__name__)

DICTIONARY_BYTES = 112 * 1024  # at most; a sixteenth of the samples' bytes below that (measured best)
TOO_FEW = 3  # the child's exit code when zstd cannot train on these samples


def train(samples: Iterable[bytes]) -> tuple[bytes, int] | None:
    """A dictionary trained on `samples` and how many there were, or None when none could be trained (too few
    or too alike samples, or the child failed: a dictionary only saves space, so the caller goes on without)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}  # an egg's path too
    count = 0
    try:
        child = subprocess.Popen([sys.executable, "-m", "crawler.store.dictionary"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, env=env)
    except OSError as exc:
        logger.warning("training a compression dictionary failed: %s", exc)
        return None
    try:
        for sample in samples:  # the child reads everything before it writes: no pipe can fill both ways
            child.stdin.write(struct.pack("<I", len(sample)) + sample)
            count += 1
        child.stdin.close()
        trained = child.stdout.read()
        code = child.wait()
    except OSError as exc:  # the child died early (a broken pipe)
        logger.warning("training a compression dictionary failed: %s", exc)
        return None
    finally:  # whatever happened (the samples' query failed too), no child is left waiting for more
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdin, child.stdout):
            with contextlib.suppress(OSError):  # a dead child's pipe: closing flushes into it (BrokenPipeError)
                stream.close()
    if code != 0:
        if code != TOO_FEW:
            logger.warning("training a compression dictionary failed (exit code %s)", code)
        return None
    return trained, count


def main() -> int:
    import zstandard

    data = sys.stdin.buffer.read()
    samples, offset = [], 0
    while offset < len(data):
        (size,) = struct.unpack_from("<I", data, offset)
        samples.append(data[offset + 4:offset + 4 + size])
        offset += 4 + size
    del data
    try:
        trained = zstandard.train_dictionary(
            min(DICTIONARY_BYTES, max(16 * 1024, sum(map(len, samples)) // 16)), samples).as_bytes()
    except zstandard.ZstdError:
        return TOO_FEW
    sys.stdout.buffer.write(trained)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
