"""`kavkaz check`: before a long crawl, does the parser read this site? A polite sample, judged field by field."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import settings as defaults
from crawler.errors import UsageError

HELP = "fetch a small polite sample of a site's pages and report, per field, how well the parser reads them"
# Fields a usable record must have, and how often (found) and how consistently (agreed) they must be read.
REQUIRED = ("headline", "published_at", "body", "lead")
OPTIONAL = ("authors", "source", "image_caption", "translation", "labels", "sidebar")
DISPUTABLE = ("headline", "published_at", "lead")
MIN_FOUND, MIN_AGREED = 0.5, 0.5


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", default=defaults.KAVKAZ_BASE_URL, help="the site or mirror to check")
    parser.add_argument("--sample", type=int, default=20, metavar="N", help="article pages to fetch (default 20)")
    parser.add_argument("--listings", metavar="PATHS", help=f"listing paths to start from (default {defaults.KAVKAZ_LISTINGS})")
    parser.add_argument("--delay", type=float, metavar="SECONDS", help="delay between requests (default 1.0)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="set_",
                        help="any Scrapy setting (repeatable)")


def run(args: argparse.Namespace) -> int:
    parts = urlsplit(args.base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--base-url must be an http(s) URL, not {args.base_url!r}")
    if not 1 <= args.sample <= 500:
        raise UsageError("--sample must be between 1 and 500")
    if args.delay is not None and args.delay < 0:
        raise UsageError("--delay cannot be negative")
    overrides: dict[str, Any] = {"LOG_LEVEL": "ERROR", "KAVKAZ_PROGRESS": "off"}
    if args.delay is not None:
        overrides.update(DOWNLOAD_DELAY=args.delay, AUTOTHROTTLE_ENABLED=args.delay > 0,
                         AUTOTHROTTLE_START_DELAY=max(args.delay, 0.01))
    from crawler.cli import setting_pairs

    overrides.update(setting_pairs(args.set_))
    records = sample_site(args.base_url, args.sample, args.listings, overrides)
    report, problems = verdict(records)
    print(f"checked {args.base_url}: {report['articles']} article pages, {report['listing_pages']} listing pages "
          f"({report['listing_items']} items)")
    for line in report["lines"]:
        print(line)
    if problems:
        for problem in problems:
            print(f"PROBLEM: {problem}", file=sys.stderr)
        return 1
    print("verdict: the parser reads this site; a crawl can start")
    return 0


def sample_site(base_url: str, sample: int, listings: str | None, overrides: dict[str, Any]) -> list[dict]:
    """Run the `check` spider (blocking) and return what it yielded."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.runner import project_settings

    process = CrawlerProcess(project_settings(overrides))
    crawler = process.create_crawler("check")  # spiders/check.py, loaded by name as `scrapy crawl check` would
    records: list[dict] = []
    crawler.signals.connect(lambda item: records.append(dict(item)), signal=signals.item_scraped, weak=False)
    process.crawl(crawler, base_url=base_url, sample=sample, listings=listings)
    process.start()
    return records


def verdict(records: list[dict]) -> tuple[dict[str, Any], list[str]]:
    """Per field: found in how many articles; confirmed, unconfirmed and disputed by the page's signals in how many
    (crawler/parsers/evidence.py); one example; and what is wrong."""
    from crawler.parsers.evidence import ASSESSED, STATUSES, statuses

    articles = [r for r in records if r.get("kind") == "article"]
    listings = [r for r in records if r.get("kind") == "listing"]
    problems: list[str] = []
    lines = [f"{'field':16} {'found':>9} {'confirmed':>10} {'unconfirmed':>12} {'disputed':>9}  example"]
    total = len(articles)
    disputed: Counter[str] = Counter()
    judged: Counter[tuple[str, str]] = Counter()
    for record in articles:
        for warning in record.get("warnings") or []:
            if " != " in warning:
                disputed[warning.split(":", 1)[0]] += 1
        for name, status in statuses(record.get("evidence")).items():
            judged[name, status] += 1
    for name in REQUIRED + OPTIONAL:
        found = [r[name] for r in articles if r.get(name)]
        agreed = total - disputed[name] if name in DISPUTABLE else None
        example = _example(found[0]) if found else "-"
        counts = [f"{judged[name, status]}/{total}" if name in ASSESSED else "" for status in STATUSES[:3]]
        lines.append(f"{name:16} {len(found):>4}/{total:<4} {counts[0]:>10} {counts[1]:>12} {counts[2]:>9}  {example}")
        if name in REQUIRED and total and len(found) / total < MIN_FOUND:
            problems.append(f"{name} found in only {len(found)} of {total} article pages")
        if agreed is not None and total and agreed / total < MIN_AGREED:
            sample = next(w for r in articles for w in r.get("warnings") or [] if w.startswith(f"{name}:"))
            problems.append(f"{name} disputed by the page's own signals in {disputed[name]} of {total} pages, "
                            f"e.g. {sample[:160]}")
    items = sum(r["items"] for r in listings)
    if not articles:
        problems.append("no article page could be fetched and parsed (is the base URL right? does robots.txt allow it?)")
    if listings and not items:
        problems.append(f"no article links found in {len(listings)} listing pages")
    return {"articles": total, "listing_pages": len(listings), "listing_items": items, "lines": lines}, problems


def _example(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
        if isinstance(value, dict):
            value = value.get("entity") or value.get("title") or value
    text = str(value).replace("\n", " ")
    return text[:70] + ("…" if len(text) > 70 else "")
