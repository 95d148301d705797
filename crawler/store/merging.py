"""How the store takes in another database (`kavkaz merge`, crawler/merge.py): a mixin of `Store`, every write
inside the store's own transactions, one conflict rule per table — the newest fetch of an article wins, failures
keep the larger attempt count and any resolution, runs are added once, earlier versions and sidebar items are added
where the target has none."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any


class MergeWrites:
    connection: sqlite3.Connection

    def fetched_at(self, table: str, keys: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """When each of these articles (or blog posts) was last fetched, for those stored."""
        if table not in ("articles", "blog_posts") or not keys:
            return {}
        found: dict[tuple[str, int], str] = {}
        for lang in {lang for lang, _ in keys}:
            ids = [article_id for key_lang, article_id in keys if key_lang == lang]
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for article_id, stamp in self.connection.execute(
                        f"select article_id, last_fetched_at from {table} where lang = ? and article_id in "
                        f"({', '.join('?' * len(chunk))})", (lang, *chunk)):
                    found[(lang, article_id)] = stamp or ""
        return found

    MERGED_HISTORY = ("sidebar_items", "article_versions")

    def add_history(self, table: str, rows: Iterable[sqlite3.Row]) -> None:
        """Sidebar items and earlier versions another database saw, where this one has none of that key."""
        if table not in self.MERGED_HISTORY:
            raise ValueError(f"{table} is not a history table")
        with self.transaction() as connection:
            for row in rows:
                names = list(row.keys())
                connection.execute(f"insert or ignore into {table} ({', '.join(names)}) values "
                                   f"({', '.join('?' * len(names))})", tuple(row))

    def merge_failures(self, rows: Iterable[sqlite3.Row]) -> int:
        """Failure rows of another database joined with ours: the larger attempt count, the later try, and a
        resolution from either side (not a new attempt, as record_failures counts)."""
        merged = 0
        with self.transaction() as connection:
            for row in rows:
                names = list(row.keys())
                connection.execute(
                    f"insert into failures ({', '.join(names)}) values ({', '.join('?' * len(names))}) "
                    "on conflict(url) do update set attempts = max(failures.attempts, excluded.attempts), "
                    "last_tried_at = max(failures.last_tried_at, excluded.last_tried_at), "
                    "resolved_at = coalesce(failures.resolved_at, excluded.resolved_at)", tuple(row))
                merged += 1
        return merged

    def resolve_stored_failures(self) -> None:
        """A failure is resolved wherever its article was stored (after a merge, by another worker)."""
        with self.transaction() as connection:
            connection.execute(
                "update failures set resolved_at = (select last_fetched_at from articles a where "
                "a.lang = failures.lang and a.article_id = failures.article_id) where resolved_at is null "
                "and exists (select 1 from articles a where a.lang = failures.lang and "
                "a.article_id = failures.article_id)")

    def add_merged_runs(self, runs: Iterable[dict[str, Any]], source: str) -> int:
        """Runs of another database, each once: a run already merged (same spider, start and process) is
        skipped, so merging the same database again adds nothing. Returns the runs added."""
        added = 0
        with self.transaction() as connection:
            for run in runs:
                run = {name: value for name, value in run.items() if name != "id"}
                if connection.execute("select 1 from runs where spider is ? and started_at is ? and pid is ?",
                                      (run.get("spider"), run.get("started_at"), run.get("pid"))).fetchone():
                    continue
                arguments = json.loads(run.get("arguments") or "{}")
                arguments["merged_from"] = source
                run["arguments"] = json.dumps(arguments)
                connection.execute(f"insert into runs ({', '.join(run)}) values ({', '.join('?' * len(run))})",
                                   tuple(run.values()))
                added += 1
        return added
