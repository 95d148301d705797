"""The demo archive: which ids exist, when they were published, what each day adds and edits.

`DemoArchive(seed, articles, day)` is deterministic: the same arguments give the same pages, byte for byte.
Only the sorted list of live ids and the edit counts are held in memory; every page is built on request, so an
archive of 100,000 articles starts in well under a second.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from crawler.demo import pages
from crawler.demo.content import CANONICAL, Article, build_article
from crawler.manifest import write_manifest

START = datetime(2004, 1, 5, 9, 0)  # Moscow wall-clock time of id 1
END = datetime(2026, 1, 20, 12, 0)  # of the last id at day 0
MISSING_RATE = 0.08  # ids that answer 404
NEW_PER_DAY = 12
EDITS_PER_DAY = 3
RECENT_WINDOW = 40  # most edits touch the newest articles, as on a news site
PAGE_SIZE = {"rubric/10": 20, "rubric/11": 10}
CATEGORIES = {5: "Human rights", 9: "Nature And Ecology", 16: "Сaucasus held at gunpoint by caliphate",
              19: "Armenia protests", 22: "Caucasian Presidents"}
REGIONS = {"dagestan": "Dagestan", "chechnya": "Chechnya", "ingushetia": "Ingushetia",
           "kabardinobalk": "Kabardino-Balkaria", "stavropol": "Stavropol region", "southdistr": "South Federal District"}


class DemoArchive:
    """A deterministic imitation of the English Caucasian Knot archive (see docs/demo-archive.md)."""

    def __init__(self, seed: int = 7, articles: int = 300, day: int = 0):
        if articles < 1:
            raise ValueError("a demo archive needs at least one article")
        self.seed = seed
        self.articles = articles
        self.layout_override: str | None = None  # "redesign": every article page in a layout no parser knows
        self.day = 0
        self.max_id = articles
        self.live_ids: list[int] = [i for i in range(1, articles + 1) if not self._missing(i)]
        self.edits: dict[int, int] = {}
        self._listing_cache: dict[tuple[str, int], list[int]] = {}
        for _ in range(day):
            self.advance_day()

    # -- the archive's facts ---------------------------------------------------------------------------

    def _missing(self, article_id: int) -> bool:
        return article_id > 1 and random.Random(f"{self.seed}:missing:{article_id}").random() < MISSING_RATE

    def is_live(self, article_id: int) -> bool:
        index = bisect.bisect_left(self.live_ids, article_id)
        return index < len(self.live_ids) and self.live_ids[index] == article_id

    def wall_time(self, article_id: int) -> datetime:
        """Moscow wall-clock publication time: increasing with the id."""
        rng = random.Random(f"{self.seed}:time:{article_id}")
        if article_id <= self.articles:
            step = (END - START) / self.articles
            wall = START + step * (article_id - 1) + step * 0.6 * rng.random()
            if rng.random() < 0.05 and step > timedelta(hours=1):
                wall = wall.replace(minute=0)  # coarse stamps of old items (site notes §2.4)
        else:
            day, index = divmod(article_id - self.articles - 1, NEW_PER_DAY)
            wall = END + timedelta(days=day + 1, hours=index, minutes=rng.randint(0, 58))
        return wall.replace(second=0, microsecond=0)

    def version(self, article_id: int) -> int:
        return 1 + self.edits.get(article_id, 0)

    def article(self, article_id: int) -> Article | None:
        if not self.is_live(article_id):
            return None
        return _build(self.seed, article_id, self.wall_time(article_id), self.version(article_id))

    def advance_day(self) -> None:
        """A day passes: NEW_PER_DAY new ids on top, EDITS_PER_DAY articles edited (mostly recent ones)."""
        rng = random.Random(f"{self.seed}:day:{self.day + 1}")
        recent = self.live_ids[-RECENT_WINDOW:]
        edited = rng.sample(recent, k=min(EDITS_PER_DAY - 1, len(recent)))
        older = [i for i in self.live_ids[:-RECENT_WINDOW] if i not in edited]
        if older:
            edited.append(rng.choice(older))
        for article_id in edited:
            self.edits[article_id] = self.edits.get(article_id, 0) + 1
        first_new = self.max_id + 1
        self.max_id += NEW_PER_DAY
        self.live_ids.extend(i for i in range(first_new, self.max_id + 1) if not self._missing(i))
        self.day += 1
        self._listing_cache.clear()

    # -- listings --------------------------------------------------------------------------------------

    def listing_page(self, listing: str, page: int) -> tuple[list[int], bool]:
        """Live ids on page `page` (1-based) of a listing, newest first, and whether a next page exists."""
        size = PAGE_SIZE.get(listing, 10)
        if listing in PAGE_SIZE:
            ids = self.live_ids
        else:
            key = (listing, self.day)
            if key not in self._listing_cache:
                self._listing_cache[key] = [i for i in self.live_ids if _bucket(self.seed, i, listing)]
            ids = self._listing_cache[key]
        end = len(ids) - (page - 1) * size
        start = max(end - size, 0)
        return (ids[start:end][::-1] if end > 0 else []), start > 0

    def latest(self, count: int = 5) -> list[Article]:
        return [self.article(i) for i in self.live_ids[-count:][::-1]]

    # -- pages ----------------------------------------------------------------------------------------

    def render(self, path: str, query: dict[str, str] | None = None) -> tuple[int, str]:
        """(status, html) of a path of the site."""
        return pages.render(self, path, query or {})

    # -- ground truth ---------------------------------------------------------------------------------

    def manifest_records(self) -> Iterator[dict]:
        for article_id in range(1, self.max_id + 1):
            article = self.article(article_id)
            if article is None:
                yield {"article_id": article_id, "status": "missing", "url": f"{CANONICAL}/articles/{article_id}"}
            else:
                yield article.record()

    def write_manifest(self, path: str | Path) -> int:
        header = {"seed": self.seed, "articles": self.articles, "day": self.day, "max_id": self.max_id,
                  "live": len(self.live_ids), "missing": self.max_id - len(self.live_ids), "base": CANONICAL}
        return write_manifest(path, header, self.manifest_records())


@lru_cache(maxsize=4096)
def _build(seed: int, article_id: int, wall: datetime, version: int) -> Article:
    return build_article(seed, article_id, wall, version)


def _bucket(seed: int, article_id: int, listing: str) -> bool:
    """Whether an article belongs to a category or region listing (about one in five)."""
    return random.Random(f"{seed}:{listing}:{article_id}").random() < 0.2
