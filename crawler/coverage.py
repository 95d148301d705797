"""The coverage check at the end of every run: is the crawl still seeing what it should?

It compares the run with the archive: new articles against the daily average of the last week, the gaps in the
stored ids, and how often each expected field came back empty. A field empty in most articles of a run (a layout
change that broke the headline, say) fails the run with a message naming that field; the other figures are
written to `runs.coverage` for whoever watches the trend.
"""

from __future__ import annotations

import sqlite3
from typing import Any

FIELDS = ("headline", "published_at", "body")
MIN_ARTICLES = 10  # below this a run says too little to judge
MAX_EMPTY_SHARE = 0.5


def coverage_report(stats: dict[str, Any], connection: sqlite3.Connection, lang: str = "en") -> dict[str, Any]:
    parsed = int(stats.get("kavkaz/articles_parsed", 0))
    report: dict[str, Any] = {"articles_parsed": parsed, "new": int(stats.get("kavkaz/articles_new", 0))}
    report["empty_fields"] = {name: int(stats.get(f"kavkaz/empty/{name}", 0)) for name in FIELDS}
    week = connection.execute(
        "select coalesce(sum(new), 0) from runs where status = 'finished' and started_at >= datetime('now', '-7 days')"
    ).fetchone()[0]
    report["daily_average_new"] = round(week / 7, 1)
    stored, highest = connection.execute(
        "select count(*), coalesce(max(article_id), 0) from articles where lang = ?", (lang,)).fetchone()
    missing = connection.execute(
        "select count(*) from failures where lang = ? and status = 404", (lang,)).fetchone()[0]
    report["id_gap"] = max(highest - stored - missing, 0)  # ids below the highest that are neither stored nor 404
    return report


def coverage_problem(report: dict[str, Any]) -> str | None:
    """A one-line reason to fail the run, or None."""
    parsed = report.get("articles_parsed", 0)
    if parsed < MIN_ARTICLES:
        return None
    for name, empty in report.get("empty_fields", {}).items():
        if empty / parsed > MAX_EMPTY_SHARE:
            return (f"coverage drop: {name} is empty in {empty} of {parsed} articles of this run "
                    f"(has the page layout changed?)")
    return None
