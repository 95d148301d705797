"""WARC 1.1 export of the stored pages, and import of any WARC through the same parsers (warcio).

Export writes, per stored fetch, a `request` and a `response` record (WARC-Target-URI: the URL fetched; the
canonical article URL in the extension field `WARC-Kavkaz-Canonical-URI`). Import reads `response` records of
article URLs (ours or another crawler's), parses them, and stores articles and pages in ONE transaction: a
truncated or corrupt WARC is rejected whole, nothing half-imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any

from crawler.errors import UsageError
from crawler.record import PageFailure
from crawler.store import Store
from settings import KAVKAZ_PARSE_SECONDS

CANONICAL_HEADER = "WARC-Kavkaz-Canonical-URI"
DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}  # the stored body is decoded


def export_warc(db_path: str | Path, out_path: str | Path, since: str | None = None, until: str | None = None) -> int:
    """Write the stored pages (fetched between since and until, dates) as WARC; returns the responses written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    where, params = ["1"], []
    if since:
        where.append("fetched_at >= ?")
        params.append(since)
    if until:
        where.append("fetched_at < date(?, '+1 day')")
        params.append(until)
    count = 0
    with Store(db_path) as store, open(out_path, "wb") as handle:
        writer = WARCWriter(handle, gzip=str(out_path).endswith(".gz"), warc_version="WARC/1.1")
        writer.write_record(writer.create_warcinfo_record(Path(out_path).name, {"software": "kavkaz", "format": "WARC File Format 1.1"}))
        rows = store.connection.execute(
            f"select url, final_url, status, headers, fetched_at, content_id from pages where {' and '.join(where)} "
            "order by id", params)
        for url, final_url, status, headers, fetched_at, content_id in rows:
            body = store.page_body(content_id)
            target = final_url or url
            date = _warc_date(fetched_at)
            request = writer.create_warc_record(
                target, "request", payload=BytesIO(b""),
                http_headers=StatusAndHeaders(f"GET {_path(target)} HTTP/1.1", [("Host", _host(target))],
                                              is_http_request=True),
                warc_headers_dict={"WARC-Date": date})
            pairs = [(k, v) for k, v in json.loads(headers or "{}").items() if k.lower() not in DROPPED_HEADERS]
            pairs.append(("Content-Length", str(len(body))))
            reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "OK"
            response = writer.create_warc_record(
                target, "response", payload=BytesIO(body),
                http_headers=StatusAndHeaders(f"{status} {reason}", pairs, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": date, CANONICAL_HEADER: url})
            writer.write_request_response_pair(request, response)
            count += 1
    return count


def _warc_date(stamp: str | None) -> str:
    moment = datetime.fromisoformat(stamp) if stamp else datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc


def read_responses(warc_path: str | Path) -> Iterator[dict[str, Any]]:
    """Every HTTP response of a WARC as a page dict; UsageError when the file is truncated or not a WARC."""
    from warcio.archiveiterator import ArchiveIterator

    _check_gzip(warc_path)
    try:
        with open(warc_path, "rb") as handle:
            records = 0
            for record in ArchiveIterator(handle, check_digests=False):
                records += 1
                body = record.content_stream().read()  # every record is read to the end: truncation shows
                target = record.rec_headers.get_header("WARC-Target-URI")
                missing = getattr(record.raw_stream, "limit", 0)  # what the record declared but the file lacks
                if missing:
                    raise UsageError(f"{warc_path} is truncated or not a valid WARC (the {record.rec_type} record "
                                     f"for {target} lacks {missing} bytes); nothing was imported")
                if record.rec_type != "response" or not record.http_headers:
                    continue
                yield {
                    "kind": "page",
                    "url": record.rec_headers.get_header(CANONICAL_HEADER) or target,
                    "final_url": target,
                    "status": int(record.http_headers.get_statuscode() or 0),
                    "headers": dict(record.http_headers.headers),
                    "fetched_at": record.rec_headers.get_header("WARC-Date"),
                    "body": body,
                }
            if not records:
                raise UsageError(f"{warc_path} holds no WARC records; nothing was imported")
    except UsageError:
        raise
    except OSError as exc:
        raise UsageError(f"cannot read {warc_path}: {exc.strerror or exc}") from None
    except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib.error, EOFError, ValueError …
        raise UsageError(f"{warc_path} is truncated or not a valid WARC ({type(exc).__name__}: {exc}); "
                         "nothing was imported") from None


def _check_gzip(warc_path: str | Path) -> None:
    """A gzipped WARC must decompress to its end: a file cut inside a gzip member can still yield whole records."""
    import gzip
    import zlib

    try:
        with open(warc_path, "rb") as handle:
            if handle.read(2) != b"\x1f\x8b":
                return
        with gzip.open(warc_path, "rb") as stream:
            while stream.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as exc:
        raise UsageError(f"{warc_path} is truncated or not a valid WARC (gzip: {exc}); nothing was imported") from None


def import_warc(db_path: str | Path, warc_path: str | Path) -> dict[str, int]:
    """Load a WARC into the database through the parsers, all or nothing; returns counts. The pages are read twice:
    first to learn the site's layouts from all of them (with what the database has learned before), then to parse
    each one with them."""
    from crawler.parsers.profile import SiteProfile, learn_profiles
    from crawler.prepare import record_from_page
    from crawler.store.layouts import stored_profile
    from crawler.urls import page_identity

    counts = {"responses": 0, "articles": 0, "new": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    with Store(db_path) as store, store.transaction() as connection:
        learned = learn_profiles((page["url"], page["body"]) for page in read_responses(warc_path)
                                 if 200 <= page["status"] < 300 and page_identity(page["url"], default_lang="en"))
        stored = stored_profile(store)
        profile = SiteProfile({**(stored.layouts if stored else {}), **learned.layouts})
        for page in read_responses(warc_path):
            counts["responses"] += 1
            identity = page_identity(page["url"], default_lang="en")
            if identity is None or not 200 <= page["status"] < 300:
                counts["skipped"] += 1
                continue
            kind, lang, article_id, canonical, _ = identity
            fetched_at = _iso(page["fetched_at"])
            page.update(url=canonical, lang=lang, article_id=article_id, page_kind=kind, fetched_at=fetched_at)
            store.write_pages([page], connection)
            record = record_from_page(canonical, page["body"], page["final_url"], fetched_at, page["status"],
                                      KAVKAZ_PARSE_SECONDS, profile if profile.layouts else None)
            if isinstance(record, PageFailure):
                counts["skipped"] += 1
                continue
            (outcome,) = store.write_articles([record], connection)
            counts[outcome] += 1
            counts["articles"] += 1
    return counts


def _iso(warc_date: str | None) -> str:
    if not warc_date:
        return datetime.now(UTC).isoformat(timespec="seconds")
    return datetime.fromisoformat(warc_date.replace("Z", "+00:00")).astimezone(UTC).isoformat(timespec="seconds")
