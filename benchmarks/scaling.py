"""docs/scaling.md: throughput of 1, 2 and 4 workers on one frontier against the demo archive answering in 50 ms,
requests per stored article, and the group's rate under a politeness budget.

`python -m benchmarks.scaling [--articles N]` prints the table (a few minutes).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from crawler.demo.distributed import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scaling", description=__doc__)
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = None
        for workers, delay in ((1, 0.0), (2, 0.0), (4, 0.0), (4, 0.02)):
            result = run(workers, args.articles, args.latency, Path(tmp) / f"w{workers}.db", delay=delay)
            base = base or result.pages_per_second
            budget = f"{1 / delay:.0f} req/s for the group" if delay else "none"
            rows.append(f"| {workers} | {budget} | {result.seconds:.1f} s | {result.pages_per_second:.1f} | "
                        f"{result.pages_per_second / base:.2f}× | {result.requests_per_article:.3f} | "
                        f"{result.fetched_twice} | {result.stored}/{result.live} |")
            print(rows[-1], flush=True)
    print("| workers | politeness budget | wall time | pages/s | vs 1 worker | requests per article | fetched twice "
          "| stored/live |\n|---|---|---|---|---|---|---|---|\n" + "\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
