"""Listing pages (rubric, category, region) → `Listing` records (crawler/record.py).

An item is a link to `/articles/<id>` with the date line beside it (before it on most layouts, after it on
some), its title the link's text, its lead the text after it; a featured item has a caption glued before the
headline (`• <caption> <headline>`). Listings that show only leads still yield their items (crawler/parsers/items.py).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from crawler.parsers.blocks import Block, extract_blocks
from crawler.parsers.items import article_link, link_items, safe_join
from crawler.record import Listing, ListingEntry, entry
from crawler.urls import blog_post_url, host_language, split_url, url_host

NEXT_TEXT = re.compile(r"^(next|next page|следующая|далее)?\s*[›»>→]*$", re.I)


def parse_listing(url: str | None, source: str | bytes, lang: str | None = None) -> Listing:
    """A listing page → its record. Never raises. `lang`: the site's language when the host does not say it
    (a local server); else from the host, English by default."""
    page_url = url or ""
    lang = lang or host_language(url_host(page_url)) or "en"
    blocks = [b for b in extract_blocks(source) if b.zone not in ("nav", "footer", "related")]
    record = Listing(kind="listing", url=url, lang=lang, title=None, items=[], next_page=None, warnings=[])
    if not blocks:
        record["warnings"].append("empty page: no text")
        return record
    record["items"] = link_items(blocks, page_url, lang, lambda **values: entry(ListingEntry, **values))
    first_item = next((b.index for b in blocks if article_link(b, page_url, lang)), None)
    record["title"] = next(
        (b.text for b in blocks if b.tag in ("h1", "h2") and (first_item is None or b.index < first_item)), None)
    record["next_page"] = _next_page(blocks, page_url)
    record["blog_posts"] = _blog_posts(blocks, page_url)
    if not record["items"]:
        record["warnings"].append("items: none found")
    return record


def _blog_posts(blocks: list[Block], page_url: str) -> list[str]:
    """Canonical URLs of the reader blog posts the page links to (Russian site: `/blogs/<blog>/posts/<post>`)."""
    found: list[str] = []
    for block in blocks:
        for link in block.links:
            if "/posts/" in link.href:
                url = blog_post_url(safe_join(page_url, link.href) or "")
                if url and url not in found:
                    found.append(url)
    return found


def _page_number(url: str) -> int | None:
    parts = split_url(url)
    value = (parse_qs(parts.query).get("page") or [None])[0] if parts else None
    return int(value) if value and value.isdecimal() and len(value) < 9 else None


def _next_page(blocks: list[Block], page_url: str) -> str | None:
    current = (_page_number(page_url) or 1) if page_url else 1
    for block in blocks:
        for link in block.links:
            target = safe_join(page_url, link.href)
            page = _page_number(target) if target else None
            if page is None:
                continue
            if "next" in link.rel.split() or (link.text and NEXT_TEXT.match(link.text)):
                return target
            if page == current + 1 and link.text.strip() in ("›", "»", str(current + 1)):
                return target
    return None
