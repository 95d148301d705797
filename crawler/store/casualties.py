"""The `casualties` table: the figures of an article's casualty report (crawler/parsers/casualties.py), one row
each, written with the article and by the schema step that reads the reports already stored."""

from __future__ import annotations

import sqlite3
from typing import Any


def write_casualties(connection: sqlite3.Connection, record: dict[str, Any]) -> None:
    """The article's rows of the `casualties` table: one per figure of its report (none for other articles)."""
    key = (record["lang"], record["article_id"])
    connection.execute("delete from casualties where lang = ? and article_id = ?", key)
    report = record.get("casualties")
    if not report:
        return
    period, scope = report["period"], report["rows"][0]["region"] if report.get("rows") else None
    connection.executemany(
        "insert into casualties (lang, article_id, published_at, period_kind, period_start, period_end, region, side, "
        "victims, killed, wounded, at_least, scope, quote) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*key, record.get("published_at"), period["kind"], period["start"], period["end"], row["region"],
          row["side"], row.get("victims"), row.get("killed"), row.get("wounded"), int(bool(row.get("at_least"))),
          int(row["region"] == scope), row.get("quote")) for row in report.get("rows") or []])
