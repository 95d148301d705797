"""A stored or imported page → a storable record, through the same parser and pipeline steps as a crawl."""

from __future__ import annotations

from typing import Any

from crawler.parsers import ParseError, parse_article, parse_bounded
from crawler.record import Failure
from crawler.store import content_hash
from crawler.urls import page_identity
from pipelines.normalise import normalise_record
from pipelines.validate import validate_record


def record_from_page(url: str, html: bytes, fetched_url: str | None, fetched_at: str | None,
                     status: int | None) -> dict[str, Any]:
    """Parse, normalise and validate a page as the crawl would; a Failure when it cannot be stored."""
    try:
        record = parse_bounded(parse_article, url, html)
    except ParseError as exc:
        return Failure(url=url, fetched_url=fetched_url, lang=None, article_id=None, status=status, error=str(exc))
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
