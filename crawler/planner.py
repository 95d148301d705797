"""What a crawl should fetch, decided from the database before the crawl starts.

The spider walks; this module reads the store and hands the spider plain sets of ids:
- **incremental runs**: the ids already stored (the listing walk stops at them), the articles due for a refresh
  under an age-based schedule, and the failures of earlier runs that are due for another try;
- **resume**: the ids an interrupted run (killed, or stopped by a signal) already stored, so that running the same
  command again finishes the job instead of starting over.

The refresh schedule measures an article's age from the newest article in the database, not from the wall
clock: on the live site the two coincide, and a demo archive whose newest item is months old still has "recent"
articles. An article is due when its last fetch is older than `refresh_older_than × factor(age)`, with
factor 1 under a week, 7 under a month, 30 under a year and 180 beyond: with the default of one day, this
week's articles daily, this month's weekly, this year's monthly, older ones twice a year. The youngest due
articles go first, up to the budget.

Failures are retried across runs with exponential backoff (`failure_backoff × 2^(attempts-1)`, one hour by
default) and given up after `crawler.store.MAX_FAILURE_ATTEMPTS`, the reason kept in the `failures` table.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.db import connect
from crawler.idset import IdSet

RETRY_BASE = timedelta(hours=1)
AGE_FACTORS = ((timedelta(days=7), 1), (timedelta(days=31), 7), (timedelta(days=366), 30))
OLDEST_FACTOR = 180


@dataclass
class Plan:
    """What a crawl starts from. The id sets are bitmaps (crawler/idset.py): flat memory at any archive size."""

    known_ids: IdSet = field(default_factory=IdSet)
    known_posts: IdSet = field(default_factory=IdSet)  # reader blog posts stored (Russian), by post id
    refresh_ids: list[int] = field(default_factory=list)
    retry_ids: list[int] = field(default_factory=list)
    skip_ids: IdSet = field(default_factory=IdSet)
    failed_ids: IdSet = field(default_factory=IdSet)  # unresolved failures, due or not
    resumed_run: int | None = None
    resumed_mode: str | None = None

    @property
    def extra_ids(self) -> list[int]:
        return list(dict.fromkeys(self.refresh_ids + self.retry_ids))


def parse_duration(text: str) -> timedelta:
    """`90s`, `30m`, `12h`, `1d`, `2w`, `0` -> timedelta (ValueError with a readable message otherwise)."""
    text = str(text).strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    try:
        if text[-1:] in units:
            return timedelta(seconds=float(text[:-1]) * units[text[-1]])
        return timedelta(seconds=float(text))
    except (ValueError, IndexError):
        raise ValueError(f"a duration is a number with s, m, h, d or w (e.g. 12h, 1d), not {text!r}") from None


def _connect(db_path: str) -> closing[sqlite3.Connection]:
    connection = connect(Path(db_path), read_only=True)
    connection.row_factory = sqlite3.Row
    return closing(connection)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def stored_layouts(db_path: str, lang: str) -> str:
    """The layouts learned from the kept pages of `lang` (crawler/store/layouts.py), as JSON ("" before any)."""
    with _connect(db_path) as connection:
        if not connection.execute("select 1 from sqlite_master where name = 'layout_profiles'").fetchone():
            return ""
        row = connection.execute("select profile from layout_profiles where lang = ?", (lang,)).fetchone()
    return row[0] if row else ""


def is_empty(db_path: str, lang: str = "en") -> bool:
    with _connect(db_path) as connection:
        return connection.execute("select count(*) from articles where lang = ?", (lang,)).fetchone()[0] == 0


def plan_incremental(
    db_path: str,
    lang: str = "en",
    refresh_older_than: timedelta = timedelta(days=1),
    refresh_budget: int = 10,
    now: datetime | None = None,
    failure_backoff: timedelta = RETRY_BASE,
) -> Plan:
    """Known ids, articles due for a refresh (youngest first, at most `refresh_budget`), failures due a retry."""
    now = now or datetime.now(UTC)
    plan = Plan()
    with _connect(db_path) as connection:
        # Streamed, newest first (the published_at index): only the ids are kept, as bits.
        rows = connection.execute(
            "select article_id, published_at, last_fetched_at from articles where lang = ? "
            "order by published_at desc",
            (lang,),
        )
        newest = None
        for row in rows:
            plan.known_ids.add(row["article_id"])
            published = _parse_time(row["published_at"])
            if newest is None and published:
                newest = published
            if len(plan.refresh_ids) < refresh_budget:
                fetched = _parse_time(row["last_fetched_at"])
                anchor = newest or now
                if fetched is None or now - fetched >= refresh_older_than * _age_factor(anchor - (published or anchor)):
                    plan.refresh_ids.append(row["article_id"])
        if connection.execute("select 1 from sqlite_master where name = 'blog_posts'").fetchone():
            plan.known_posts = IdSet(row[0] for row in connection.execute(
                "select article_id from blog_posts where lang = ?", (lang,)))
        plan.retry_ids = failures_due(connection, lang, now, failure_backoff)
        plan.failed_ids = IdSet(row[0] for row in connection.execute(
            "select article_id from failures where lang = ? and article_id is not null and resolved_at is null "
            "and coalesce(status, 0) != 404", (lang,)))
    return plan


def _age_factor(age: timedelta) -> int:
    return next((factor for limit, factor in AGE_FACTORS if age < limit), OLDEST_FACTOR)


def failures_due(connection: sqlite3.Connection, lang: str, now: datetime, base: timedelta = RETRY_BASE) -> list[int]:
    """Article ids whose last failure is old enough for another try under the cross-run backoff."""
    due = []
    for row in connection.execute(
        "select article_id, attempts, last_tried_at from failures "
        "where lang = ? and article_id is not null and resolved_at is null and not coalesce(gave_up, 0)",
        (lang,),
    ):
        tried = _parse_time(row["last_tried_at"])
        wait = base * 2 ** max((row["attempts"] or 1) - 1, 0)
        if tried is None or now - tried >= wait:
            due.append(row["article_id"])
    return due


def plan_resume(db_path: str, job: dict[str, Any], lang: str = "en", spider: str | None = None) -> Plan:
    """If the last run had the same job and did not finish (killed, interrupted, or failed: `auto` after a failed
    full crawl goes on with the full crawl, not an incremental one), its resolved mode and the ids it completed.

    A run row's `arguments` hold the spider's arguments: `job` (what the user asked for) and `mode` (what it
    resolved to, e.g. `auto` → `full`).
    """
    plan = Plan()
    with _connect(db_path) as connection:
        last = connection.execute(
            "select id, arguments, status, started_at from runs where ? is null or spider = ? order by id desc limit 1",
            (spider, spider)).fetchone()
        if last is None or last["status"] == "finished":
            return plan  # a failed run (disk full, a lock held too long, a layout change) is finished by the next
        arguments = json.loads(last["arguments"] or "{}")
        if _comparable(arguments.get("job") or arguments) != _comparable(job):
            return plan
        started = last["started_at"]
        plan.resumed_run = last["id"]
        plan.resumed_mode = arguments.get("mode")
        plan.skip_ids = IdSet(row[0] for row in connection.execute(
            "select article_id from articles where lang = ? and last_fetched_at >= ?", (lang, started)))
        plan.skip_ids |= (row[0] for row in connection.execute(
            "select article_id from failures where lang = ? and status = 404 and last_tried_at >= ? "
            "and article_id is not null", (lang, started)))
    return plan


def _comparable(arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments that define a crawl's job (not the database path or logging)."""
    keys = ("base_url", "mode", "ids", "since", "until", "listings")
    return {key: arguments.get(key) for key in keys if arguments.get(key) is not None}
