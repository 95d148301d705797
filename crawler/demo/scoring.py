"""Score a crawled database against a demo archive's manifest (the ground truth).

Used by the tests, the benchmarks and `kavkaz demo`: one definition of "the crawl got it right".
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.db import connect
from crawler.demo.manifest import read_manifest

# The fields of docs/record.md that a manifest states and a perfect crawl must reproduce exactly.
SCORED_FIELDS = (
    "url",
    "headline",
    "lead",
    "body",
    "published_at",
    "published_at_raw",
    "authors",
    "source",
    "image_url",
    "image_caption",
    "original_url",
    "original_published_at",
    "translation",
    "labels",
    "banner",
)
JSON_FIELDS = frozenset({"authors", "labels"})


@dataclass
class Score:
    """How a database compares with a manifest."""

    live: int = 0  # live articles in the manifest
    missing_ids: int = 0  # ids the manifest says answer 404
    stored: int = 0  # manifest articles found in the database
    absent: list[int] = field(default_factory=list)  # live ids not in the database
    extra: list[int] = field(default_factory=list)  # ids in the database the manifest says are missing
    duplicates: int = 0
    missing_recorded: int = 0  # missing ids recorded as 404 failures
    blog_posts: int = 0  # reader blog posts in the manifest (Russian)
    blog_posts_stored: int = 0  # of them, found in `blog_posts` (and never in `articles`)
    field_errors: Counter = field(default_factory=Counter)  # field -> articles where it differs
    examples: list[str] = field(default_factory=list)  # a few differences, for a readable assertion message

    @property
    def perfect(self) -> bool:
        return not (self.absent or self.extra or self.duplicates or self.field_errors) and \
            self.blog_posts_stored == self.blog_posts

    def accuracy(self, name: str) -> float:
        return 1 - self.field_errors[name] / self.live if self.live else 0.0

    def describe(self) -> str:
        text = (
            f"{self.stored}/{self.live} live articles stored, {len(self.absent)} absent, {len(self.extra)} extra, "
            f"{self.duplicates} duplicates, {self.missing_recorded}/{self.missing_ids} missing ids recorded as 404, "
            f"{self.blog_posts_stored}/{self.blog_posts} blog posts stored apart; "
            f"field errors: {dict(self.field_errors) or 'none'}"
        )
        return text + "".join(f"\n  {example}" for example in self.examples)


def score_database(db_path: str | Path, manifest_path: str | Path, lang: str = "en", max_examples: int = 10,
                   overrides: dict[str, Any] | None = None) -> Score:
    """Compare every article (and blog post) of the manifest in `lang` with its row in the database.
    `overrides`: field → value, or a function of the expected record, for what the form fetched shows
    differently (the Russian mobile date line, say)."""
    _, articles = read_manifest(manifest_path)
    score = Score()
    connection = connect(Path(db_path), read_only=True)
    connection.row_factory = sqlite3.Row
    try:
        rows = {
            row["article_id"]: dict(row)
            for row in connection.execute("select * from articles where lang = ?", (lang,))
        }
        score.duplicates = connection.execute(
            "select count(*) - count(distinct url) from articles where lang = ?", (lang,)
        ).fetchone()[0]
        posts = {row["article_id"]: dict(row) for row in connection.execute(
            "select * from blog_posts where lang = ?", (lang,))} if _has_table(connection, "blog_posts") else {}
        failed_404 = {
            row[0]
            for row in connection.execute("select article_id from failures where status = 404 and article_id is not null")
        }
    finally:
        connection.close()
    for expected in articles:
        if expected.get("lang", "en") != lang:
            continue
        article_id = expected["article_id"]
        if expected.get("kind") == "blog_post":
            score.blog_posts += 1
            row = posts.get(article_id)
            score.blog_posts_stored += row is not None and row["headline"] == expected["headline"] and \
                row["body"] == expected["body"] and row["published_at"] == expected["published_at"]
            continue
        if expected["status"] != "live":
            score.missing_ids += 1
            score.missing_recorded += article_id in failed_404
            if article_id in rows:
                score.extra.append(article_id)
            continue
        score.live += 1
        row = rows.get(article_id)
        if row is None:
            score.absent.append(article_id)
            continue
        score.stored += 1
        for name in SCORED_FIELDS:
            got = row.get(name)
            if name in JSON_FIELDS and isinstance(got, str):
                got = json.loads(got)
            want = expected.get(name)
            if overrides and name in overrides:
                want = overrides[name](expected) if callable(overrides[name]) else overrides[name]
            if got != want:
                score.field_errors[name] += 1
                if len(score.examples) < max_examples:
                    score.examples.append(f"{article_id}.{name}: got {_short(got)} want {_short(want)}")
    return score


def _has_table(connection: sqlite3.Connection, name: str) -> bool:
    return connection.execute("select 1 from sqlite_master where name = ?", (name,)).fetchone() is not None


def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
