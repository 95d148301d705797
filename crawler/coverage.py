"""The coverage check at the end of every run: is the crawl still seeing what it should?

It compares the run with the archive: new articles against the daily average of the last week, the gaps in the
stored ids, and, per field, how often it came back empty and how often the page's signals disagreed about it
(warnings such as `headline: <h1> 'News' != og:title '…'`, crawler/parsers/article.py). A layout change shows
up as a jump in one of those shares: the run fails with a message naming the field, so a cron job stops instead of
filling the database with wrong rows. The figures go to `runs.coverage` for whoever watches the trend.

The rule, per field and per kind (empty, disputed), over runs of at least MIN_ARTICLES articles: fail when the
share is above MAX_SHARE, or above JUMP_FLOOR and JUMP points above the average of the last BASELINE_RUNS
finished runs.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from crawler.parsers.evidence import ASSESSED, STATUSES

FIELDS = ("headline", "published_at", "body")
DISPUTABLE = ("headline", "published_at", "lead")
MIN_ARTICLES = 10  # below this a run says too little to judge
MAX_SHARE = 0.5
JUMP_FLOOR, JUMP = 0.3, 0.3
BASELINE_RUNS = 5


def coverage_report(stats: dict[str, Any], connection: sqlite3.Connection, lang: str = "en",
                    spider: str | None = None) -> dict[str, Any]:
    parsed = int(stats.get("kavkaz/articles_parsed", 0))
    report: dict[str, Any] = {"articles_parsed": parsed, "new": int(stats.get("kavkaz/articles_new", 0))}
    report["empty_fields"] = {name: int(stats.get(f"kavkaz/empty/{name}", 0)) for name in FIELDS}
    report["disputed_fields"] = {name: int(stats.get(f"kavkaz/disputed/{name}", 0)) for name in DISPUTABLE}
    # Per field, how many records stood on agreeing signals, on one, on disagreeing ones (the record's evidence).
    report["evidence"] = {name: {status: int(stats.get(f"kavkaz/evidence/{status}/{name}", 0))
                                 for status in STATUSES} for name in ASSESSED}
    report["unconfirmed_fields"] = {name: report["evidence"][name]["unconfirmed"] for name in ASSESSED}
    week = connection.execute(
        "select coalesce(sum(new), 0) from runs where status = 'finished' and started_at >= datetime('now', '-7 days')"
    ).fetchone()[0]
    report["daily_average_new"] = round(week / 7, 1)
    stored, highest = connection.execute(
        "select count(*), coalesce(max(article_id), 0) from articles where lang = ?", (lang,)).fetchone()
    missing = connection.execute(
        "select count(*) from failures where lang = ? and status = 404", (lang,)).fetchone()[0]
    report["id_gap"] = max(highest - stored - missing, 0)  # ids below the highest that are neither stored nor 404
    report["baseline"] = _baseline(connection, spider)
    return report


def _baseline(connection: sqlite3.Connection, spider: str | None = None) -> dict[str, float]:
    """The average empty and disputed shares per field over the last finished runs that parsed enough."""
    totals: dict[str, list[float]] = {}
    rows = connection.execute(
        "select coverage from runs where status = 'finished' and coverage is not null and (? is null or spider = ?) "
        "order by id desc limit ?", (spider, spider, BASELINE_RUNS * 3)).fetchall()
    used = 0
    for (text,) in rows:
        try:
            report = json.loads(text)
        except (TypeError, ValueError):
            continue
        parsed = report.get("articles_parsed") or 0
        if parsed < MIN_ARTICLES:
            continue
        for kind in ("empty_fields", "disputed_fields", "unconfirmed_fields"):
            for name, count in (report.get(kind) or {}).items():
                totals.setdefault(f"{kind}/{name}", []).append(count / parsed)
        used += 1
        if used == BASELINE_RUNS:
            break
    return {name: round(sum(values) / len(values), 3) for name, values in totals.items()}


def coverage_problem(report: dict[str, Any]) -> str | None:
    """A one-line reason to fail the run, or None."""
    parsed = report.get("articles_parsed", 0)
    if parsed < MIN_ARTICLES:
        return None
    baseline = report.get("baseline") or {}
    for kind, verb in (("empty_fields", "is empty"), ("disputed_fields", "is disputed by the page's own signals")):
        for name, count in (report.get(kind) or {}).items():
            share = count / parsed
            before = baseline.get(f"{kind}/{name}", 0.0)
            if share > MAX_SHARE or (share > JUMP_FLOOR and share - before > JUMP):
                return (f"coverage drop: {name} {verb} in {count} of {parsed} articles of this run "
                        f"(usually {before:.0%}; has the page layout changed?)")
    # A field that stood on agreeing signals in the runs before and on one signal now: the layout has changed under
    # the parser (judged only against a baseline: some forms, AMP pages, never show more than one signal).
    for name, count in (report.get("unconfirmed_fields") or {}).items():
        share, key_ = count / parsed, f"unconfirmed_fields/{name}"
        if key_ in baseline and share > JUMP_FLOOR and share - baseline[key_] > JUMP:
            return (f"coverage drop: {name} rests on a single signal in {count} of {parsed} articles of this run "
                    f"(usually {baseline[key_]:.0%}; has the page layout changed?)")
    return None
