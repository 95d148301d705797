"""Scrapy settings of kavkaz: polite by default against the live site. The one place for every default.

`kavkaz crawl` starts from these and overrides a few from its options (delay, concurrency, database,
log file). `scrapy crawl en_archive -a ...` from the project root reads them through scrapy.cfg, and behaves
the same: lock, plan, run record, coverage check and exit code come from the components configured here.
Settings of our own start with KAVKAZ_ and are read by the component named beside them.
"""

BOT_NAME = "kavkaz"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# Our `crawl` command extends Scrapy's: the same crawl, with kavkaz's exit codes (crawler.job).
COMMANDS_MODULE = "crawler.scrapy_commands"

# What to crawl (spiders/en_archive.py, spiders/ru_archive.py) and where to store it (pipelines.write, crawler.job).
KAVKAZ_BASE_URL = "https://eng.kavkaz-uzel.eu"
KAVKAZ_RU_BASE_URL = "https://www.kavkaz-uzel.eu"
KAVKAZ_LISTINGS = "/rubric/10"
# The Russian news feed and the reader blog index (blog posts are stored apart, in `blog_posts`).
KAVKAZ_RU_LISTINGS = "/rubric/10,/blogs"
# Incremental Russian runs read the RSS feed first; the listing is walked only when the feed does not reach back
# to an article already stored.
KAVKAZ_RU_FEED = "/articles.rss"
KAVKAZ_DB = "data/kavkaz.db"
KAVKAZ_DEMO_DB = "data/demo.db"
KAVKAZ_RAW_PAGES = True  # keep every fetched page, compressed (kavkaz reparse, WARC export)
# The write pipeline commits a batch every this many records or seconds (and at the end).
KAVKAZ_BATCH_SIZE = 50
KAVKAZ_BATCH_SECONDS = 2.0
KAVKAZ_DB_MAX_PAGES = None  # caps the database file (PRAGMA max_page_count; "current" freezes it): tests of a full disk
# Progress (crawler/progress.py): "auto" (a live line on a terminal, else log lines), "tty", "log" or "off"; seconds
# between updates (None: 0.5 on a terminal, 30 in logs).
KAVKAZ_PROGRESS = "auto"
KAVKAZ_PROGRESS_INTERVAL = None
# The job (crawler.job.CrawlJob, crawler.planner): incremental refreshes, cross-run retries, the exit code.
KAVKAZ_REFRESH_OLDER_THAN = "1d"
KAVKAZ_REFRESH_BUDGET = 10
KAVKAZ_FAILURE_BACKOFF = "1h"
KAVKAZ_MAX_FAILURE_RATE = 0.05
KAVKAZ_PARSE_SECONDS = 10.0  # a page that takes longer to parse is a recorded failure, its raw page kept
# Article pages are parsed in this many processes beside the crawl (crawler/parsers/pool.py); "auto": one when the
# machine has a second core, 0: in the crawl's own process.
KAVKAZ_PARSE_WORKERS = "auto"
KAVKAZ_SHUTDOWN_GRACE = 3.0  # seconds after SIGTERM/SIGINT before in-flight downloads are abandoned

# An honest User-Agent with a contact URL.
USER_AGENT = "kavkaz/0.1 (research archive crawler; +https://github.com/kavkaz-archive/kavkaz)"

# Politeness: robots.txt, one slot per host, a delay, AutoThrottle.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy starts CONCURRENT_ITEMS (default 100) asyncio tasks for the output of *every* response (scrapy/scrapy#5182,
# a fix open as #7959): 100 tasks for our one item and a few requests cost 22% of the crawl's CPU. Our pipelines
# are synchronous, so more than a few gain nothing.
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50% around the delay
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
HTTPCACHE_ENABLED = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REDIRECT_MAX_TIMES = 5

# Retries with exponential backoff that honour Retry-After (crawler.middlewares.BackoffRetryMiddleware).
RETRY_ENABLED = True
RETRY_TIMES = 4
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
KAVKAZ_BACKOFF_BASE = 2.0  # seconds; doubles with every retry
KAVKAZ_BACKOFF_MAX = 300.0  # a Retry-After longer than this is capped

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's, with every request that waited for robots.txt given its rules (see the class).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.RobotsTxtMiddleware": 100,
    "crawler.middlewares.OffsiteRedirectMiddleware": 650,
    "crawler.middlewares.RedirectLoopMiddleware": 651,  # a redirect back into its own chain: a failure, not a drop
    # Scrapy's redirects without a Referer (none is sent) and without its warning about that on every crawl.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.RedirectWithoutReferer": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.MetaRefreshWithoutReferer": 580,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,  # the site asks for no login
}

# One step each, in this order.
ITEM_PIPELINES = {
    "pipelines.normalise.NormalisePipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.deduplicate.DeduplicatePipeline": 300,
    "pipelines.write.WritePipeline": 900,
}

SPIDER_MIDDLEWARES = {
    # It warns about the retry meta (retry_times) that our truncated-page retries carry on purpose.
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
    # Depth is never limited nor reported here, and a Referer is not sent: each would only wrap every response's
    # output in one more asynchronous layer.
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.referer.RefererMiddleware": None,
}
STATS_CLASS = "crawler.stats_collector.PlainStatsCollector"  # Scrapy's, without a per-access shim (see the class)

EXTENSIONS = {
    "crawler.logfile.LogFileGuard": 0,  # a log file on a full disk: one line, not a traceback per record
    "crawler.job.CrawlJob": 100,
    "crawler.progress.ProgressExtension": 500,
}

LOG_LEVEL = "INFO"
LOG_INSTALL_ROOT_HANDLER = True
FEED_EXPORT_ENCODING = "utf-8"

# Several workers on one frontier in Redis (crawler/frontier.py): set KAVKAZ_FRONTIER = "redis://HOST:PORT/DB"
# (`kavkaz crawl --frontier …`, or `setting=KAVKAZ_FRONTIER=…` through Scrapyd) and the add-on switches the scheduler
# and duplicate filter to scrapy-redis and adds the ledger and the group's politeness.
KAVKAZ_FRONTIER = None
# A worker that finds its job's frontier lost (Redis restarted without persistence) rebuilds it from the job's start;
# an ids job larger than this is not queued again id by id: its workers fail instead (crawler/frontier.py).
KAVKAZ_FRONTIER_REBUILD_MAX_IDS = 200_000
ADDONS = {"crawler.frontier.FrontierAddon": 0}
