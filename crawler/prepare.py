"""A parsed record's life before the store, defined once: normalise, validate, name the disputed fields, hash.

Every path that stores records goes through here — the crawl's pipelines (thin Scrapy adapters in `pipelines/`),
`kavkaz reparse`, `kavkaz import-warc` and the benchmarks — so that a record is prepared the same way whichever
command stored it. Pure functions on dicts (or ItemAdapters); nothing here reads settings or touches the store.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from crawler.dates import parse_date, to_iso
from crawler.parsers import ParseError, parse_article, parse_bounded
from crawler.parsers.profile import SiteProfile
from crawler.parsers.text import normalise_source
from crawler.record import LIST_FIELDS, PageFailure, content_hash
from crawler.urls import page_identity

SINGLE_LINE = ("headline", "lead", "source", "image_caption", "banner", "published_at_raw")
EXPECTED = ("headline", "published_at", "body")  # stored without them only with a warning naming the field

__all__ = ["EXPECTED", "content_hash", "disputed_fields", "normalise_record", "record_from_page", "validate_record"]


def _clean(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    return " ".join(unicodedata.normalize("NFC", text).split()) or None


def normalise_record(record: Any) -> Any:
    """In place: Unicode NFC and collapsed whitespace in every text field (paragraph breaks kept in `body`); dates as
    ISO 8601 with the Europe/Moscow offset of that date (recomputed from the raw string when a parser gave none);
    `source` with homoglyphs normalised (`СK` → `CK`)."""
    for name in SINGLE_LINE:
        if name in record:
            record[name] = _clean(record[name])
    if record.get("body"):
        paragraphs = (_clean(p) for p in record["body"].split("\n\n"))
        record["body"] = "\n\n".join(p for p in paragraphs if p) or None
    record["authors"] = [a for a in (_clean(a) for a in record.get("authors") or []) if a]
    record["source"] = normalise_source(record.get("source"))
    for name, raw in (("published_at", "published_at_raw"), ("original_published_at", None)):
        value = record.get(name)
        moment = parse_date(value) if value else (parse_date(record.get(raw)) if raw else None)
        record[name] = to_iso(moment) if moment else None
    return record


def validate_record(record: Any) -> PageFailure | None:
    """Check an article record in place (lists are lists, a missing expected field is a warning); a PageFailure
    when it cannot be stored at all (no canonical url, language or id)."""
    if not record.get("url") or record.get("lang") not in ("en", "ru") or not isinstance(record.get("article_id"), int):
        return PageFailure(url=record.get("fetched_url") or record.get("url") or "?",
                           fetched_url=record.get("fetched_url"), lang=record.get("lang"),
                           article_id=record.get("article_id"), status=record.get("http_status"),
                           error="page parsed without a canonical url, language or id")
    for name in LIST_FIELDS:
        if not isinstance(record.get(name), list):
            record[name] = [] if record.get(name) is None else [record[name]]
    for name in EXPECTED:
        if not record.get(name) and f"{name}: not found" not in record["warnings"]:
            record["warnings"].append(f"{name}: not found")
    return None


def disputed_fields(warnings: list[str]) -> set[str]:
    """The fields whose signals disagreed (`headline: <h1> 'A' != og:title 'B'`)."""
    return {warning.split(":", 1)[0] for warning in warnings if " != " in warning}


def record_from_page(url: str, html: bytes, fetched_url: str | None, fetched_at: str | None,
                     status: int | None, parse_seconds: float, profile: SiteProfile | None = None) -> dict[str, Any]:
    """A kept or imported page → a storable record, as the crawl would make it; a PageFailure when it cannot be
    stored (`kavkaz reparse`, `kavkaz import-warc`). `parse_seconds` bounds the parse (settings.KAVKAZ_PARSE_SECONDS);
    `profile`: the site's layouts learned from the other pages (crawler/store/layouts.py)."""
    parse = functools.partial(parse_article, profile=profile) if profile else parse_article
    try:
        record = parse_bounded(parse, url, html, parse_seconds)
    except ParseError as exc:
        return PageFailure(url=url, fetched_url=fetched_url, lang=None, article_id=None, status=status,
                           error=str(exc))
    record.update(fetched_url=fetched_url, fetched_at=fetched_at, http_status=status)
    identity = page_identity(url)
    if identity and identity[0] == "blog_post":  # a Russian reader blog post: stored apart, under its post id
        record.update(kind="blog_post", lang="ru", article_id=identity[2], url=identity[3], blog_id=identity[4])
    normalise_record(record)
    failure = validate_record(record)
    if failure:
        return failure
    record["content_hash"] = content_hash(record)
    return record
