"""`KnotSpider`: the traversal of one language's Caucasian Knot site, listings and article ids. Traversal only.
The English (`en_archive`, spiders/en_archive.py) and Russian (`ru_archive`, spiders/ru_archive.py) spiders are
small subclasses: their defaults, and for the Russian site the RSS feed and the reader blogs.

It decides which pages to fetch and hands each page to the pure parsers (`crawler.parsers`); it never writes
the database: articles and failures leave it as items for the pipelines.

Modes (spider argument `mode`):
- `listing`: `/rubric/10?page=1, 2, …` (plus `listings`, e.g. categories or regions) until a page is empty,
  has no next link, or holds only items older than `since`; every article linked from a listing or a sidebar.
- `ids`: the article ids `ids=A-B` directly (listings are moving windows; ids are the only complete index).
- `full`: `listing` first, then, once the listings are exhausted, every id up to the highest one seen that
  no listing covered — so each article is fetched once and the gaps (404s, unlisted items) are still tried.
- `incremental`: the newest listing pages only, until a page shows an article already stored (`known_ids`);
  then the `extra_ids` (refreshes and retries of earlier failures, chosen by `crawler.planner`). The Russian
  spider reads its RSS feed first, and the listings only when the feed does not reach back to a stored article.

A listing page is walked in steps (`parse_listing_page`): read it (or retry a truncated one), follow its items
within the date window until a stored one (incremental), follow what else it links (`_follow_extras`: the Russian
blog posts), then its next page unless the walk is done.

`auto` is resolved before the crawl starts (full on an empty database, else incremental), like the resume and
incremental plans, by the job extension (`crawler.job.CrawlJob`), which reads the database; the spider itself
never opens it; it hands the spider one `CrawlPlan` (`apply_plan`). Resume: the plan's `skip_ids` are articles an
interrupted run already stored; they are not fetched again.

Articles leave the spider as items (`crawler.record.Article`); raw pages and failures as signals
(`crawler.signals`), so that feed exports (`-O items.jsonl`) carry articles only.

Every mirror link is canonicalised (`crawler.urls`) and fetched from `base_url`, the one host being crawled,
so mirrors never multiply requests or load. Offsite links are never followed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response

import settings as defaults
from crawler.contracts import CrawlPlan
from crawler.dates import calendar_day
from crawler.idset import IdSet
from crawler.parsers import ParseError
from crawler.parsers.blocked import blocked_reason
from crawler.parsers.pool import ParserPool, resolve_workers
from crawler.urls import (
    CANONICAL_BASE,
    article_key,
    canonical_article_url,
    host_language,
    is_listing_url,
    is_site_host,
    rebase,
)
from spiders.gaps import GapProbing
from spiders.handover import PageHandover
from spiders.listing_walk import ListingWalk

MODES = ("auto", "full", "ids", "listing", "incremental")
ARTICLE_PRIORITY = 10  # articles before the next listing page: the frontier stays small
SAME_TEXT_IDS = 3  # ids showing one headline, text and time in a run before the page is taken for a non-article
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


class KnotSpider(GapProbing, ListingWalk, PageHandover, scrapy.Spider):
    """Crawls one language's Caucasian Knot archive (see the module docstring for the modes). No `name`: Scrapy
    loads its subclasses, `en_archive` and `ru_archive`.

    Spider arguments (`scrapy crawl en_archive -a name=value`): base_url (default KAVKAZ_BASE_URL),
    mode (auto|full|incremental|ids|listing), ids (A-B), since / until (YYYY-MM-DD), listings (comma-separated
    paths; default KAVKAZ_LISTINGS), follow_sidebar (1/0; default on, off in ids mode).
    Reads KAVKAZ_RAW_PAGES; politeness comes from settings.py.
    """

    # Set by each language's spider:
    default_lang: str  # when the base host does not say (a local demo server)
    base_url_setting: str  # the setting naming its site
    listings_setting: str  # the setting naming its default listings

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
        self.skipped = 0
        self._blocked_in_a_row = 0
        # hash of headline + text + time → the first id that showed it this run; the ids of the texts shown again
        self._first_id_by_text: dict[int, int] = {}
        self._ids_by_text: dict[int, set[int]] = {}
        self.max_seen_id = 0
        self._gaps: Iterator[scrapy.Request] | None = None  # full mode: the ids no listing covered, lazily
        self._probing = False  # full mode without a readable listing: ids probed a batch at a time
        self._found_in_batch = 0
        # One bound method per callback: Scrapy caches its per-callback source inspection in a weak dict, and a
        # fresh bound method per request would be re-inspected (tokenized, parsed) on most responses.
        self._on_article, self._on_listing, self._on_error = self.parse_article_page, self.parse_listing_page, self.on_error

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> KnotSpider:
        kwargs.setdefault("base_url", crawler.settings.get(cls.base_url_setting))
        kwargs.setdefault("listings", crawler.settings.get(cls.listings_setting))
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.keep_raw = crawler.settings.getbool("KAVKAZ_RAW_PAGES")
        spider.parse_seconds = crawler.settings.getfloat("KAVKAZ_PARSE_SECONDS")
        spider.parsers = ParserPool(resolve_workers(crawler.settings.get("KAVKAZ_PARSE_WORKERS")),
                                    spider.parse_seconds)
        crawler.signals.connect(spider.parsers.close, signal=signals.spider_closed)
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
        for request in self._first_requests():
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

    def _first_requests(self) -> list[scrapy.Request]:
        """What a listing or full walk starts from (the Russian spider reads its feed first when incremental)."""
        return self._listing_requests()

    def _listing_requests(self) -> list[scrapy.Request]:
        return [self._listing_request(rebase(path, self.base_url)) for path in self.listings]

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

    def rebuild_requests(self, max_ids: int) -> list[scrapy.Request] | None:
        """The job's start again, for a shared frontier that Redis lost (crawler/frontier.py): the whole id range,
        or the listings the walk starts from; None for an id range over `max_ids` (too many to queue at once)."""
        if self.mode == "ids" and self.id_range:
            first, last = self.id_range
            if last - first + 1 > max_ids:
                return None
            return [self._article_request(article_id) for article_id in range(first, last + 1)]
        return self._first_requests() + [self._article_request(article_id) for article_id in self.extra_ids]

    def _article_request(self, article_id: int, dont_filter: bool = False) -> scrapy.Request:
        # base_url has no trailing slash (what rebase would give): the URL is built by string, no urljoin per id
        return scrapy.Request(f"{self.base_url}/articles/{article_id}", callback=self._on_article,
                              errback=self._on_error, priority=ARTICLE_PRIORITY, dont_filter=dont_filter,
                              meta={"page_kind": "article", "article_id": article_id})

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
        self.parsers.profile = plan.layouts  # before the first page: the workers start with it

    # -- callbacks -----------------------------------------------------------------------------------

    async def parse_article_page(self, response: Response) -> AsyncIterator[Any]:
        if not self._is_html(response):
            self.fail(response.url, response.status, "not an HTML page", response.meta.get("article_id"))
            return
        try:  # in a parser process (crawler/parsers/pool.py): the downloads go on meanwhile
            # the bytes and the declared charset: the parser checks the label against the bytes
            record = await self.parsers.parse_article(self._record_url(response), response.body,
                                                      response.headers.get("Content-Type", b"").decode("latin-1"))
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
        blocked = blocked_reason(record) or self._same_text_elsewhere(record)
        if blocked:  # never stored over a record: kept raw, a failure retried later
            self._on_blocked(response, blocked)
            return
        self._blocked_in_a_row = 0
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

    # -- helpers -------------------------------------------------------------------------------------

    def _same_text_elsewhere(self, record: dict) -> str | None:
        """A page whose headline, text and time other ids showed too in this run — an error page served with HTTP
        200 for every id, a front page behind every URL — is no article: from the SAME_TEXT_IDS-th id on it is blocked
        (the first few cannot be told from a legitimate repost)."""
        if not record.get("headline") or record.get("kind") == "blog_post":
            return None
        # the time too: one page behind every URL shows one time; a report the site published again has its own
        text, article_id = hash((record["headline"], record.get("body"), record.get("published_at"))), record.get("article_id")
        ids = self._ids_by_text.get(text)
        if ids is None:  # most pages: their text seen once, one int kept (a set a page would weigh with the archive)
            first = self._first_id_by_text.setdefault(text, article_id)
            if first == article_id:
                return None
            ids = self._ids_by_text[text] = {first}
        ids.add(article_id)
        if len(ids) >= SAME_TEXT_IDS:
            return f"the same headline and text as {len(ids) - 1} other ids (an error or front page?)"
        return None

    def _request_for_link(self, url: str | None) -> scrapy.Request | None:
        """A request for an article link on any mirror; None for offsite or non-article links."""
        if not url or not self._follows(url):
            return None
        key = article_key(url, default_lang=self.lang)
        if key is None or key[0] != self.lang:
            return None
        return self.article_request(key[1])

    def _record_url(self, response: Response) -> str:
        """The canonical URL of the fetched article (the base host may be a local mirror)."""
        if response.meta.get("blog_post"):
            return "{}/blogs/{}/posts/{}".format(CANONICAL_BASE[self.lang], *response.meta["blog_post"])
        article_id = response.meta.get("article_id")
        return canonical_article_url(self.lang, article_id) if article_id else response.url

    def _follows(self, url: str) -> bool:
        """A link on the crawled host or any host of the site; offsite links are never followed."""
        host = urlsplit(url).hostname or ""
        return host == urlsplit(self.base_url).hostname or is_site_host(host)


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
    return calendar_day(str(value))
