"""The fuzz suite: generated hostile inputs (tests/fixtures/fuzz.py) through the parsers and through a crawl of a
hostile server — no exception, no hang, nothing lost. `make test` runs a short version; `make fuzz` the long one
(KAVKAZ_FUZZ=12000, pages up to 6 MB)."""

from __future__ import annotations

import json
import os
import random
import time

import pytest

from crawler.parsers import parse_page
from crawler.prepare import normalise_record, validate_record
from tests.crawling import crawl, integrity_ok, rows, serve
from tests.fixtures.fuzz import KINDS, fuzz_inputs, hostile_page

COUNT = int(os.environ.get("KAVKAZ_FUZZ", "1800"))
BIG = COUNT >= 10_000
SLOW_SECONDS = 10.0  # settings.KAVKAZ_PARSE_SECONDS: past this a crawl records the page as a failure


@pytest.mark.long
def test_parsers_survive_every_generated_input():
    problems, slowest, kinds = [], (0.0, ""), set()
    for number, (kind, url, page) in enumerate(fuzz_inputs(COUNT, seed=int(os.environ.get("KAVKAZ_FUZZ_SEED", "1")),
                                                           big=BIG)):
        kinds.add(kind)
        started = time.perf_counter()
        try:
            record = parse_page(url, page)
            json.dumps(dict(record), ensure_ascii=False, default=str)
            if record["kind"] == "article":
                normalise_record(record)
                validate_record(record)
        except Exception as exc:  # the point of the test: collect every exception, report them all
            problems.append(f"#{number} {kind} {url!r}: {type(exc).__name__}: {exc}")
        elapsed = time.perf_counter() - started
        slowest = max(slowest, (elapsed, f"#{number} {kind}"))
        if elapsed > SLOW_SECONDS:
            problems.append(f"#{number} {kind}: took {elapsed:.1f}s")
    assert kinds == {kind.__name__ for kind in KINDS}
    assert not problems, f"{len(problems)} of {COUNT} inputs failed:\n" + "\n".join(problems[:10])
    print(f"{COUNT} inputs, slowest {slowest[0]:.2f}s ({slowest[1]})")


def test_a_crawl_of_a_hostile_server_loses_nothing_and_never_crashes(tmp_path):
    seed = int(os.environ.get("KAVKAZ_FUZZ_SEED", "1"))

    def answer(path: str, attempt: int) -> tuple[int, str, bytes, float]:
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n", 0
        return (*hostile_page(path, random.Random(f"{seed}:{path}")), 0)

    ids = 200 if not BIG else 2000
    db, log = tmp_path / "k.db", tmp_path / "crawl.log"
    with serve(answer) as base:
        by_id = crawl(base, db, "--mode", "ids", "--ids", f"1-{ids}", "--max-failure-rate", "1",
                      "--log-file", str(log), timeout=600)
        by_listing = crawl(base, db, "--mode", "listing", "--max-failure-rate", "1", "--log-file", str(log),
                           timeout=300)
    for result in (by_id, by_listing):
        assert result.returncode in (0, 1, 4), result.stderr[-2000:]
        assert "Traceback" not in result.stderr
    text = log.read_text()
    assert "Spider error processing" not in text and "Traceback" not in text.replace(
        "Gave up retrying", ""), [line for line in text.splitlines() if "Error" in line][:5]
    assert integrity_ok(db)
    stored = {row["article_id"] for row in rows(db, "select article_id from articles")}
    failed = {row["article_id"] for row in rows(db, "select article_id from failures where article_id is not null")}
    assert set(range(1, ids + 1)) <= stored | failed, "every id is stored or recorded as a failure"
