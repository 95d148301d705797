"""The `en_archive` spider: walks the English site's listings and article ids. Traversal only.

It decides which pages to fetch and hands each page to the pure parsers (`crawler.parsers`); it never writes
the database: articles and failures leave it as items for the pipelines.

Modes (spider argument `mode`):
- `listing`: `/rubric/10?page=1, 2, …` (plus `listings`, e.g. categories or regions) until a page is empty,
  has no next link, or holds only items older than `since`; every article linked from a listing or a sidebar.
- `ids`: the article ids `ids=A-B` directly (listings are moving windows; ids are the only complete index).
- `full`: `listing` first, then, once the listings are exhausted, every id up to the highest one seen that
  no listing covered — so each article is fetched once and the gaps (404s, unlisted items) are still tried.
- `incremental`: the newest listing pages only, until a page shows an article already stored (`known_ids`);
  then the `extra_ids` (refreshes and retries of earlier failures, chosen by `crawler.planner`). Where the site
  has an RSS feed (`feed_setting`, Russian), the feed is read first, and the listings only when the feed does not
  reach back to a stored article (or cannot be read).

Reader blog posts (`/blogs/<blog>/posts/<post>`, Russian) linked from listings are fetched and stored apart
(`kind` "blog_post"); their ids never count as article ids (no gaps, no probing).

`auto` is resolved before the crawl starts (full on an empty database, else incremental), like the resume and
incremental plans, by the job extension (`crawler.job.CrawlJob`), which reads the database; the spider itself
never opens it. Resume: `skip_ids` are articles an interrupted run already stored; they are not fetched again.

Articles leave the spider as items (`crawler.record.Article`); raw pages and failures as signals
(`crawler.signals`), so that feed exports (`-O items.jsonl`) carry articles only.

Every mirror link is canonicalised (`crawler.urls`) and fetched from `base_url`, the one host being crawled,
so mirrors never multiply requests or load. Offsite links are never followed.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

import settings as defaults
from crawler.contracts import CrawlPlan
from crawler.idset import IdSet
from crawler.middlewares import RetryScheduled
from crawler.parsers import ParseError, parse_bounded, parse_listing
from crawler.parsers.pool import ParserPool, resolve_workers
from crawler.record import PageFailure, RawPage
from crawler.signals import page_failed, page_fetched
from crawler.urls import (
    CANONICAL_BASE,
    article_key,
    blog_post_key,
    canonical_article_url,
    host_language,
    is_listing_url,
    is_site_host,
    rebase,
    split_url,
)

MODES = ("auto", "full", "ids", "listing", "incremental")
GAP_BATCH = 1000
ARTICLE_PRIORITY = 10  # articles before the next listing page: the frontier stays small
HTML_TYPES = (b"text/html", b"application/xhtml+xml")


def parse_id_range(text: str) -> tuple[int, int]:
    """`"1-80000"` -> (1, 80000); `"42"` -> (42, 42). Raises ValueError with a readable message."""
    parts = str(text).replace(" ", "").split("-")
    try:
        first, last = (int(parts[0]), int(parts[-1])) if len(parts) <= 2 else (None, None)
    except ValueError:
        first = last = None
    if first is None or last is None or first < 1 or last < first:
        raise ValueError(f"--ids takes A-B with 1 <= A <= B, not {text!r}")
    return first, last


class EnArchiveSpider(scrapy.Spider):
    """Crawls the English Caucasian Knot archive (see the module docstring for the modes).

    Spider arguments (`scrapy crawl en_archive -a name=value`): base_url (default KAVKAZ_BASE_URL),
    mode (auto|full|incremental|ids|listing), ids (A-B), since / until (YYYY-MM-DD), listings (comma-separated
    paths; default KAVKAZ_LISTINGS), follow_sidebar (1/0; default on, off in ids mode).
    Reads KAVKAZ_RAW_PAGES; politeness comes from settings.py.
    """

    name = "en_archive"
    default_lang = "en"  # when the base host does not say (a local demo server)
    base_url_setting = "KAVKAZ_BASE_URL"
    listings_setting = "KAVKAZ_LISTINGS"
    feed_setting: str | None = None  # an RSS feed of the newest articles, read first by incremental runs

    def __init__(
        self,
        base_url: str | None = None,
        mode: str = "auto",
        ids: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        listings: str | None = None,
        follow_sidebar: str | bool | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.base_url = (base_url or getattr(defaults, self.base_url_setting)).rstrip("/")
        self.mode = mode
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.id_range = parse_id_range(ids) if ids else None
        if mode == "ids" and not self.id_range:
            raise ValueError("mode ids needs ids=A-B")
        self.since = _as_date(since)
        self.until = _as_date(until)
        default_listings = getattr(defaults, self.listings_setting)
        self.listings = tuple(p.strip() for p in (listings or default_listings).split(",") if p.strip())
        self.feed = getattr(defaults, self.feed_setting) if self.feed_setting else None
        # What the user asked for: a rerun of the same job resumes it (crawler.planner.plan_resume).
        self.job: dict[str, Any] = {"base_url": self.base_url, "mode": mode}
        for name, value in (("ids", ids), ("since", since), ("until", until), ("listings", listings)):
            if value:
                self.job[name] = str(value)
        self.resumed_run: int | None = None
        self.parse_seconds = defaults.KAVKAZ_PARSE_SECONDS  # the crawler's setting, in from_crawler
        self.parsers = ParserPool(0, self.parse_seconds)  # KAVKAZ_PARSE_WORKERS processes, set in from_crawler
        # An ids job stays within its ids; other modes follow the latest-news sidebar too.
        if follow_sidebar is None:
            follow_sidebar = mode != "ids"
        self.follow_sidebar = str(follow_sidebar).lower() not in ("0", "false", "no")
        base_host = urlsplit(self.base_url).hostname or ""
        # The base host may be a mirror or a local demo server; a local one is taken to be English.
        self.lang = host_language(base_host) or self.default_lang
        self.allowed_domains = [base_host]
        # Filled by apply_plan (the job's CrawlPlan) before the first request; empty for a spider run bare.
        self.known_ids = IdSet()
        self.extra_ids: list[int] = []
        self.known_failure_ids = IdSet()  # retries of earlier runs' failures
        self.known_posts = IdSet()  # blog posts stored already (incremental runs skip them)
        # ids requested (or done by an interrupted run): the dedup keys, the only per-article state held
        self.seen_ids = IdSet()  # a bitmap: flat memory at any archive size
        self.seen_posts: set[tuple[int, int]] = set()  # blog posts requested (blog_id, post_id)
        self.skipped = 0
        self.max_seen_id = 0
        self._gaps: Iterator[scrapy.Request] | None = None  # full mode: the ids no listing covered, lazily
        self._probing = False  # full mode without a readable listing: ids probed a batch at a time
        self._found_in_batch = 0
        # One bound method per callback: Scrapy caches its per-callback source inspection in a weak dict, and a
        # fresh bound method per request would be re-inspected (tokenized, parsed) on most responses.
        self._on_article, self._on_listing, self._on_error = self.parse_article_page, self.parse_listing_page, self.on_error
        self._on_feed, self._on_feed_error = self.parse_feed, self.on_feed_error

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> EnArchiveSpider:
        kwargs.setdefault("base_url", crawler.settings.get(cls.base_url_setting, getattr(defaults, cls.base_url_setting)))
        kwargs.setdefault("listings", crawler.settings.get(cls.listings_setting))
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.keep_raw = crawler.settings.getbool("KAVKAZ_RAW_PAGES")
        spider.parse_seconds = crawler.settings.getfloat("KAVKAZ_PARSE_SECONDS")
        spider.parsers = ParserPool(resolve_workers(crawler.settings.get("KAVKAZ_PARSE_WORKERS")),
                                    spider.parse_seconds)
        crawler.signals.connect(spider.parsers.close, signal=signals.spider_closed)
        if cls.feed_setting:  # `--set KAVKAZ_RU_FEED=` turns the feed off
            spider.feed = crawler.settings.get(cls.feed_setting, spider.feed) or None
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        return spider

    @property
    def total_expected(self) -> int | None:
        """How many article pages this crawl will request, when known in advance (for an ETA)."""
        if self.mode == "ids" and self.id_range:
            return self.id_range[1] - self.id_range[0] + 1 - self.skipped
        return None

    # -- traversal -----------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Start requests, produced lazily: while the engine cannot take more (downloader full), this waits for
        the scheduler to empty instead of handing over the next request. Scrapy's engine drains a start() that
        never waits in one go — an id range of a billion would be a billion requests in memory, and the event
        loop would never get to a SIGTERM."""
        if self.mode == "ids":
            for request in self._id_requests(*self.id_range):
                await self._wait_for_room()
                yield request
            return
        if self.mode == "incremental" and self.feed:
            yield scrapy.Request(rebase(self.feed, self.base_url), callback=self._on_feed,
                                 errback=self._on_feed_error, meta={"page_kind": "feed"})
            for path in self.listings:  # the feed lists articles only: the blog index is still read
                if _is_blog_index(path):
                    yield self._listing_request(rebase(path, self.base_url))
        else:
            for request in self._listing_requests():
                yield request
        for article_id in self.extra_ids:
            request = self.article_request(article_id)
            if request is not None:
                await self._wait_for_room()
                yield request

    async def _wait_for_room(self) -> None:
        engine = getattr(self.crawler, "engine", None)
        if engine is not None and engine.needs_backout():
            await self.crawler.signals.wait_for(signals.scheduler_empty)

    def _listing_requests(self, news_only: bool = False) -> list[scrapy.Request]:
        return [self._listing_request(rebase(path, self.base_url)) for path in self.listings
                if not (news_only and _is_blog_index(path))]

    def _listing_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self._on_listing, errback=self._on_error, meta={"page_kind": "listing"})

    def article_request(self, article_id: int) -> scrapy.Request | None:
        """The request for one article id, fetched from the base host; None when already requested."""
        self.max_seen_id = max(self.max_seen_id, article_id)
        if article_id in self.seen_ids:
            return None
        self.seen_ids.add(article_id)
        return self._article_request(article_id)

    def reclaim_request(self, article_id: int) -> scrapy.Request:
        """The request for an id another worker took from the shared frontier and never stored (it died): past
        the duplicate filters, which saw it already (crawler/frontier.py)."""
        self.seen_ids.add(article_id)
        return self._article_request(article_id, dont_filter=True)

    def _article_request(self, article_id: int, dont_filter: bool = False) -> scrapy.Request:
        # base_url has no trailing slash (what rebase would give): the URL is built by string, no urljoin per id
        return scrapy.Request(f"{self.base_url}/articles/{article_id}", callback=self._on_article,
                              errback=self._on_error, priority=ARTICLE_PRIORITY, dont_filter=dont_filter,
                              meta={"page_kind": "article", "article_id": article_id})

    def blog_post_request(self, blog_id: int, post_id: int) -> scrapy.Request | None:
        """The request for a reader blog post; None when already requested. Never touches the article ids."""
        if (blog_id, post_id) in self.seen_posts:
            return None
        self.seen_posts.add((blog_id, post_id))
        return scrapy.Request(rebase(f"/blogs/{blog_id}/posts/{post_id}", self.base_url), callback=self._on_article,
                              errback=self._on_error, priority=ARTICLE_PRIORITY,
                              meta={"page_kind": "blog_post", "blog_post": (blog_id, post_id)})

    def _id_requests(self, first: int, last: int) -> Iterator[scrapy.Request]:
        for article_id in range(first, last + 1):
            request = self.article_request(article_id)
            if request is not None:
                yield request

    def apply_plan(self, plan: CrawlPlan) -> None:
        """What the job resolved against the database (crawler/contracts.py), before the first request."""
        self.mode = plan.mode
        self.resumed_run = plan.resumed_run
        self.seen_ids |= plan.skip_ids  # stored by the interrupted run that this one resumes: never requested
        self.skipped = len(self.seen_ids)
        self.known_ids = plan.known_ids
        self.known_posts = plan.known_posts
        self.extra_ids = [i for i in plan.extra_ids if i not in self.seen_ids]
        self.known_failure_ids = plan.known_failure_ids

    def _on_idle(self, spider: scrapy.Spider) -> None:
        """In full mode, once the listings are exhausted, fetch the ids that no listing covered — GAP_BATCH at a
        time, so that the scheduler never holds more than that many of them."""
        if self.mode not in ("full", "auto"):
            return
        if self._gaps is None:
            if (self.since or self.until) and not self.id_range:
                return  # a date-bounded crawl is bounded by its listings: ids carry no date
            first, last = self.id_range or (1, self.max_seen_id)
            if last == 0:
                if not self.crawler.stats.get_value("response_received_count"):
                    return  # the server answered nothing at all: nothing to probe
                # No listing could be read (it failed, or shows no links): the highest id is unknown. Probe the ids
                # upward a batch at a time, until a whole batch finds no article.
                self.logger.warning("no listing page could be read; probing article ids from 1 upward")
                self._probing = True
                self._gaps = (r for r in map(self.article_request, itertools.count(1)) if r is not None)
            else:
                self.logger.info("listings done; fetching the ids %d-%d that no listing covered", first, last)
                self._gaps = self._id_requests(first, last)
        elif self._probing and self._found_in_batch == 0:
            return  # a whole batch of missing ids: past the end of the archive
        self._found_in_batch = 0
        scheduled = 0
        for request in itertools.islice(self._gaps, GAP_BATCH):
            self.crawler.engine.crawl(request)
            scheduled += 1
        if scheduled:
            raise DontCloseSpider

    # -- callbacks -----------------------------------------------------------------------------------

    def parse_listing_page(self, response: Response) -> Iterator[Any]:
        if not self._is_html(response):
            self.fail(response.url, response.status, "not an HTML page")
            return
        if b"</html" not in response.body[-4096:].lower():
            # A truncated or empty listing would end the walk early: another try first, then a recorded failure.
            retry = get_retry_request(response.request, spider=self, reason="listing page truncated or empty")
            if retry is not None:
                retry.meta.pop("download_latency", None)
                yield retry
            else:
                self.fail(response.url, response.status, "listing page truncated or empty")
            return
        self.keep_page(response, "listing")
        try:
            listing = parse_bounded(self._parse_listing, response.url, response.text, self.parse_seconds)
        except ParseError as exc:
            self.crawler.stats.inc_value("kavkaz/parse_errors")
            self.fail(response.url, response.status, str(exc))
            return
        in_range = 0
        reached_known = False
        for item in listing["items"]:
            published = _date_of(item.get("published_at"))
            if published and ((self.since and published < self.since) or (self.until and published > self.until)):
                continue
            in_range += 1
            key = article_key(item.get("url") or "", default_lang=self.lang)
            if self.mode == "incremental" and key and key[1] in self.known_ids:
                reached_known = True  # newest first: what follows is stored already
                continue
            request = self._request_for_link(item.get("url"))
            if request is not None:
                if listing["title"]:
                    request.meta["listing"] = (urlsplit(response.url).path, listing["title"])
                yield request
        if self.mode != "ids" and not (self.since or self.until):  # blog posts carry no article date or id
            posts = [(url, blog_post_key(url)) for url in listing.get("blog_posts") or []]
            for url, key in posts:
                if self.mode == "incremental" and key and key[1] in self.known_posts:
                    reached_known = reached_known or not listing["items"]  # the blog index: newest first too
                    continue
                request = self._request_for_link(url)
                if request is not None:
                    yield request
        reached_since = self.since and in_range == 0 and listing["items"]
        next_page = listing.get("next_page")
        shows_something = listing["items"] or listing.get("blog_posts")
        if next_page and shows_something and not reached_since and not reached_known:
            yield self._listing_request(rebase(next_page, self.base_url))

    def _parse_listing(self, url: str | None, source: str | bytes) -> Any:
        return parse_listing(url, source, lang=self.lang)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """The RSS feed (incremental runs): its new articles; the listings too unless the feed reaches back to an
        article already stored (then everything newer is in the feed)."""
        self.keep_page(response, "feed")
        links = [link.strip() for link in response.xpath("//item/link/text()").getall()] \
            if b"<rss" in response.body[:2048] else []
        keys = [key for key in (article_key(link, default_lang=self.lang) for link in links) if key and key[0] == self.lang]
        self.crawler.stats.set_value("kavkaz/feed_items", len(keys))
        reaches_known = any(key[1] in self.known_ids for key in keys)
        for _, article_id in keys:
            if article_id not in self.known_ids:
                request = self.article_request(article_id)
                if request is not None:
                    yield request
        if not reaches_known:
            self.logger.info("the feed does not reach a stored article: walking the listings too")
            yield from self._listing_requests(news_only=True)

    def on_feed_error(self, failure: Failure) -> Iterator[Any]:
        """An unreadable feed: recorded, and the listings are walked instead."""
        self.on_error(failure)
        if not failure.check(RetryScheduled):
            yield from self._listing_requests(news_only=True)

    async def parse_article_page(self, response: Response) -> AsyncIterator[Any]:
        if not self._is_html(response):
            self.fail(response.url, response.status, "not an HTML page", response.meta.get("article_id"))
            return
        try:  # in a parser process (crawler/parsers/pool.py): the downloads go on meanwhile
            record = await self.parsers.parse_article(self._record_url(response), response.text)
        except ParseError as exc:
            # Kept with its raw page: `kavkaz reparse` stores it once the parser can read it.
            self.crawler.stats.inc_value("kavkaz/parse_errors")
            article_id = response.meta.get("article_id")
            self.keep_page(response, "article", article_id=article_id)
            self.fail(response.url, response.status, str(exc), article_id)
            return
        problem = _incomplete(response, record)
        if problem:
            # Truncated or empty HTML: worth another try before it is recorded as a failure.
            retry = get_retry_request(response.request, spider=self, reason=problem)
            if retry is not None:
                retry.meta.pop("download_latency", None)
                yield retry
                return
            self.fail(response.url, response.status, problem, record.get("article_id"))
            return
        blog_post = response.meta.get("blog_post")
        if blog_post:  # stored apart from the news, under its post id
            record["kind"], record["blog_id"], record["article_id"] = "blog_post", *blog_post
        _add_listing_name(record, response.meta.get("listing"))
        record["fetched_url"] = response.url
        record["fetched_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        record["http_status"] = response.status
        self.keep_page(response, record["kind"], record)
        self._found_in_batch += not blog_post
        yield record
        if self.follow_sidebar:
            for item in record.get("sidebar") or []:
                key = article_key(item.get("url") or "", default_lang=self.lang)
                if self.mode == "incremental" and key and key[1] in self.known_ids:
                    continue
                request = self._request_for_link(item.get("url"))
                if request is not None:
                    yield request

    def on_error(self, failure: Failure) -> None:
        """A request that ended in an error: recorded as a failure (404s too, counted as missing ids)."""
        if failure.check(RetryScheduled):
            return  # not an error: the retry is waiting for its turn (crawler.middlewares)
        request = failure.request
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
            error = f"HTTP {status}"
            if status == 404 and request.meta.get("article_id"):
                self.crawler.stats.inc_value("kavkaz/missing")  # a missing id: recorded, not a failure
        elif failure.check(IgnoreRequest) and "robots.txt" in failure.getErrorMessage():
            error = "forbidden by robots.txt"
            self.crawler.stats.inc_value("kavkaz/forbidden")  # skipped on purpose: recorded, not a failure
        else:
            error = f"{failure.type.__name__}: {failure.getErrorMessage()}"
        if request.meta.get("article_id") in self.known_failure_ids and status != 404:
            self.crawler.stats.inc_value("kavkaz/known_failures")  # failed before, failed again: not news
        self.fail(request.url, status, error, request.meta.get("article_id"))

    # -- helpers -------------------------------------------------------------------------------------

    def _request_for_link(self, url: str | None) -> scrapy.Request | None:
        """A request for an article link on any mirror; None for offsite or non-article links."""
        if not url:
            return None
        host = urlsplit(url).hostname or ""
        if host != urlsplit(self.base_url).hostname and not is_site_host(host):
            return None  # offsite: never followed
        post = blog_post_key(url) if self.lang == "ru" else None
        if post is not None:
            return self.blog_post_request(*post)
        key = article_key(url, default_lang=self.lang)
        if key is None or key[0] != self.lang:
            return None
        return self.article_request(key[1])

    def keep_page(self, response: Response, page_kind: str, record: Any = None, article_id: int | None = None) -> None:
        """Hand the response as fetched to the store (KAVKAZ_RAW_PAGES; `kavkaz crawl --no-raw` turns it off)."""
        if not getattr(self, "keep_raw", True):
            return
        article_id = record["article_id"] if record else article_id
        page = RawPage(
            url=record["url"] if record else (canonical_article_url(self.lang, article_id) if article_id
                                              else self.canonical_page_url(response.url)),
            final_url=response.url,
            page_kind=page_kind,
            lang=self.lang,
            article_id=article_id,
            status=response.status,
            headers={k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()},
            fetched_at=record["fetched_at"] if record else datetime.now(UTC).isoformat(timespec="seconds"),
            body=response.body,
        )
        self.crawler.signals.send_catch_log(signal=page_fetched, page=page)

    def _record_url(self, response: Response) -> str:
        """The canonical URL of the fetched article (the base host may be a local mirror)."""
        if response.meta.get("blog_post"):
            return "{}/blogs/{}/posts/{}".format(CANONICAL_BASE[self.lang], *response.meta["blog_post"])
        article_id = response.meta.get("article_id")
        return canonical_article_url(self.lang, article_id) if article_id else response.url

    def canonical_page_url(self, url: str) -> str:
        """A page of the crawled host under the site's canonical host (listings fetched from a mirror or a local
        server), so that a failure and the later success of the same page share one key."""
        parts = split_url(url)
        if parts is None:
            return url
        return CANONICAL_BASE[self.lang] + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def fail(self, url: str, status: int | None, error: str, article_id: int | None = None) -> None:
        """Hand a failed page to the store (crawler.signals.page_failed)."""
        failure = PageFailure(
            url=canonical_article_url(self.lang, article_id) if article_id else self.canonical_page_url(url),
            fetched_url=url,
            lang=self.lang,
            article_id=article_id,
            status=status,
            error=error,
        )
        self.crawler.signals.send_catch_log(signal=page_failed, failure=failure)

    @staticmethod
    def _is_html(response: Response) -> bool:
        content_type = (response.headers.get("Content-Type") or b"text/html").lower()
        return any(kind in content_type for kind in HTML_TYPES) and hasattr(response, "text")


def _is_blog_index(path: str) -> bool:
    """A listing path that is the reader blogs' index (Russian site), not a news listing."""
    return path.rstrip("/").endswith("/blogs")


def _incomplete(response: Response, record: dict[str, Any]) -> str | None:
    """Why a fetched article page cannot be trusted (None when it can): empty, or cut before its end."""
    if not record.get("headline") and not record.get("body"):
        return "page has no headline and no body"
    if b"</html" not in response.body[-4096:].lower():
        return "page is truncated (no closing </html>)"
    return None


def _add_listing_name(record: Any, listing: tuple[str, str] | None) -> None:
    """The rubric, category or region listing that linked the page names one of its rubrics or regions."""
    if not listing:
        return
    path, title = listing
    field = "rubrics" if path.startswith(("/rubric/", "/category/")) else "regions" if is_listing_url(path) else None
    if field and title not in record[field]:
        record[field] = [*record[field], title]


def _as_date(value: str | date | None) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    return date.fromisoformat(str(value))


def _date_of(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).date()
    except ValueError:
        return None
