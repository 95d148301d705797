"""The demo archive: which ids exist, when they were published, what each day adds and edits.

`DemoArchive(seed, articles, day)` is the English site; `DemoArchive(seed, articles, day, lang="ru")` the Russian
one (its articles, reader blog posts and RSS feed; by default five Russian ids per English one, as on the real
site). Both are deterministic: the same arguments give the same pages, byte for byte. Only the sorted list of live
ids and the edit counts are held in memory; every page is built on request, so an archive of 100,000 articles
starts in well under a second.

English items translate Russian originals: `russian_original` picks, from the Russian timeline alone, the Russian
id published shortly before an English item, so the two halves agree without either being built first.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from crawler.demo import pages, pages_ru
from crawler.demo.content import CANONICAL, RU_CANONICAL, Article, build_article
from crawler.demo.content_ru import BLOG_IDS, RuArticle, build_blog_post, build_ru_article
from crawler.demo.manifest import write_manifest

START = {"en": datetime(2004, 1, 5, 9, 0), "ru": datetime(2001, 6, 4, 10, 0)}  # Moscow wall time of id 1
END = datetime(2026, 1, 20, 12, 0)  # of the last id at day 0
MISSING_RATE = 0.08  # ids that answer 404
NEW_PER_DAY = {"en": 12, "ru": 60}
RU_PER_EN = 5  # the Russian archive is five times the English one
EDITS_PER_DAY = 3
RECENT_WINDOW = 40  # most edits touch the newest articles, as on a news site
PAGE_SIZE = {"rubric/10": 20, "rubric/11": 10}
BLOG_EVERY = 25  # one reader blog post per this many Russian article ids
BLOG_PAGE_SIZE = 10
CATEGORIES = {5: "Human rights", 9: "Nature And Ecology", 16: "Сaucasus held at gunpoint by caliphate",
              19: "Armenia protests", 22: "Caucasian Presidents"}
REGIONS = {"dagestan": "Dagestan", "chechnya": "Chechnya", "ingushetia": "Ingushetia",
           "kabardinobalk": "Kabardino-Balkaria", "stavropol": "Stavropol region", "southdistr": "South Federal District"}
# Russian listings (docs/site.md §1.2): the news feed, a compound rubric (news of one region) and thematic rubrics.
RU_LISTINGS = {"rubric/10": "Лента новостей", "rubric/10:1209": "Лента новостей: Дагестан",
               "rubric/1103": "Жертвы вооруженного конфликта", "rubric/1104": "Кавказ за неделю",
               "rubric/41": "Справки"}


def wall_time(seed: int, lang: str, articles: int, article_id: int) -> datetime:
    """Moscow wall-clock publication time of an id: increasing with the id; ids past `articles` are the ones
    added day by day (NEW_PER_DAY)."""
    rng = random.Random(f"{seed}:time:{article_id}" if lang == "en" else f"{seed}:ru-time:{article_id}")
    if article_id <= articles:
        step = (END - START[lang]) / articles
        wall = START[lang] + step * (article_id - 1) + step * 0.6 * rng.random()
        if rng.random() < 0.05 and step > timedelta(hours=1):
            wall = wall.replace(minute=0)  # coarse stamps of old items (docs/site.md §2.4)
    else:
        day, index = divmod(article_id - articles - 1, NEW_PER_DAY[lang])
        spacing = 24 * 60 // NEW_PER_DAY[lang]
        wall = END + timedelta(days=day + 1, minutes=index * spacing + rng.randint(0, spacing - 2))
    return wall.replace(second=0, microsecond=0)


def is_missing(seed: int, lang: str, article_id: int) -> bool:
    key = f"{seed}:missing:{article_id}" if lang == "en" else f"{seed}:ru-missing:{article_id}"
    return article_id > 1 and random.Random(key).random() < MISSING_RATE


@lru_cache(maxsize=65536)
def russian_original(seed: int, ru_articles: int, before: datetime) -> tuple[int, datetime] | None:
    """The live Russian id (and its time) published last at least two hours before `before`: the original an
    English item translates. From the Russian timeline alone (wall_time is increasing in the id)."""
    limit = before - timedelta(hours=2)
    days = max((limit - END).days + 2, 0)
    low, high = 1, ru_articles + NEW_PER_DAY["ru"] * days
    if wall_time(seed, "ru", ru_articles, low) > limit:
        return None
    while low < high:  # the largest id whose time is <= limit
        middle = (low + high + 1) // 2
        if wall_time(seed, "ru", ru_articles, middle) <= limit:
            low = middle
        else:
            high = middle - 1
    while low > 1 and is_missing(seed, "ru", low):
        low -= 1
    return low, wall_time(seed, "ru", ru_articles, low)


class DemoArchive:
    """A deterministic imitation of one language of the Caucasian Knot archive (see docs/demo-archive.md).

    `ru_articles` (English archive): the size of the Russian archive its items translate (default 5×)."""

    def __init__(self, seed: int = 7, articles: int = 300, day: int = 0, lang: str = "en",
                 ru_articles: int | None = None):
        if articles < 1:
            raise ValueError("a demo archive needs at least one article")
        if lang not in ("en", "ru"):
            raise ValueError(f"lang must be en or ru, not {lang!r}")
        self.seed = seed
        self.lang = lang
        self.articles = articles
        self.ru_articles = articles if lang == "ru" else (ru_articles or articles * RU_PER_EN)
        self.canonical = CANONICAL if lang == "en" else RU_CANONICAL
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
        return is_missing(self.seed, self.lang, article_id)

    def is_live(self, article_id: int) -> bool:
        index = bisect.bisect_left(self.live_ids, article_id)
        return index < len(self.live_ids) and self.live_ids[index] == article_id

    def wall_time(self, article_id: int) -> datetime:
        """Moscow wall-clock publication time: increasing with the id."""
        return wall_time(self.seed, self.lang, self.articles, article_id)

    def version(self, article_id: int) -> int:
        return 1 + self.edits.get(article_id, 0)

    def article(self, article_id: int) -> Article | RuArticle | None:
        if not self.is_live(article_id):
            return None
        wall = self.wall_time(article_id)
        if self.lang == "ru":
            return _build_ru(self.seed, article_id, wall, self.version(article_id))
        return _build(self.seed, article_id, wall, self.version(article_id), self.ru_articles)

    # -- reader blog posts (Russian) -------------------------------------------------------------------

    def blog_posts(self) -> list[tuple[int, int]]:
        """(blog_id, post_id) of every blog post, oldest first: one per BLOG_EVERY Russian ids."""
        if self.lang != "ru":
            return []
        return [(BLOG_IDS[k % len(BLOG_IDS)], 6000 + 13 * k) for k in range(1, self.max_id // BLOG_EVERY + 1)]

    def blog_post(self, blog_id: int, post_id: int) -> RuArticle | None:
        k, remainder = divmod(post_id - 6000, 13)
        if self.lang != "ru" or remainder or not 1 <= k <= self.max_id // BLOG_EVERY or BLOG_IDS[k % len(BLOG_IDS)] != blog_id:
            return None
        return build_blog_post(self.seed, post_id, blog_id, self.wall_time(k * BLOG_EVERY) + timedelta(minutes=47))

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
        self.max_id += NEW_PER_DAY[self.lang]
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

    def render(self, path: str, query: dict[str, str] | None = None, form: str = "desktop") -> tuple[int, str]:
        """(status, html) of a path of the site; a Russian site in one of its forms (desktop, mirror, m, amp)."""
        if self.lang == "ru":
            return pages_ru.render(self, path, query or {}, form)
        return pages.render(self, path, query or {})

    # -- ground truth ---------------------------------------------------------------------------------

    def manifest_records(self) -> Iterator[dict]:
        """Every id (live or missing), then, for the Russian site, every blog post (`kind` "blog_post")."""
        for article_id in range(1, self.max_id + 1):
            article = self.article(article_id)
            if article is None:
                yield {"article_id": article_id, "status": "missing", "lang": self.lang,
                       "url": f"{self.canonical}/articles/{article_id}"}
            else:
                yield article.record()
        for blog_id, post_id in self.blog_posts():
            yield self.blog_post(blog_id, post_id).record()

    def header(self) -> dict:
        return {"lang": self.lang, "seed": self.seed, "articles": self.articles, "day": self.day,
                "max_id": self.max_id, "live": len(self.live_ids), "missing": self.max_id - len(self.live_ids),
                "blog_posts": len(self.blog_posts()), "base": self.canonical}

    def write_manifest(self, path: str | Path, *others: DemoArchive) -> int:
        """The ground truth of this archive and of `others` (the other language) in one file."""
        archives = (self, *others)
        header = {**self.header(), "languages": [archive.header() for archive in archives]}
        return write_manifest(path, header, itertools.chain.from_iterable(a.manifest_records() for a in archives))


@lru_cache(maxsize=4096)
def _build(seed: int, article_id: int, wall: datetime, version: int, ru_articles: int) -> Article:
    return build_article(seed, article_id, wall, version, lambda: russian_original(seed, ru_articles, wall))


@lru_cache(maxsize=4096)
def _build_ru(seed: int, article_id: int, wall: datetime, version: int) -> RuArticle:
    return build_ru_article(seed, article_id, wall, version)


def _bucket(seed: int, article_id: int, listing: str) -> bool:
    """Whether an article belongs to a category or region listing (about one in five)."""
    return random.Random(f"{seed}:{listing}:{article_id}").random() < 0.2
