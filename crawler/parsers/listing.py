"""Listing pages (rubric, category, region) → `{"kind": "listing", "title", "items", "next_page", …}`.

An item starts at a date line (`March 09, 2019 09:28`, or `08:59, 28 December 2025` in the 2025 layout); its
headline is the text of its link to `/articles/<id>`; a featured item has a caption glued before the headline
(`• <caption> <headline>`) and a lead after it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from crawler.dates import LISTING_SHAPES, to_iso
from crawler.parsers.blocks import Block, extract_blocks
from crawler.parsers.text import date_line, is_boilerplate, is_end_of_article
from crawler.record import Listing, ListingEntry, entry
from crawler.urls import article_key, canonical_article_url, host_language

NEXT_TEXT = re.compile(r"^(next|next page|следующая|далее)?\s*[›»>→]*$", re.I)


def parse_listing(url: str | None, source: str | bytes) -> Listing:
    """A listing page → its record. Never raises."""
    page_url = url or ""
    lang = host_language(urlsplit(page_url).hostname or "") or "en"
    blocks = extract_blocks(source)
    record = Listing(kind="listing", url=url, lang=lang, title=None, items=[], next_page=None, warnings=[])
    if not blocks:
        record["warnings"].append("empty page: no text")
        return record
    dates = [(b.index, found) for b in blocks if b.zone != "nav" and (found := date_line(b.text, LISTING_SHAPES))]
    first_item = dates[0][0] if dates else len(blocks)
    record["title"] = next(
        (b.text for b in blocks[:first_item] if b.tag in ("h1", "h2") and b.zone not in ("nav", "footer")), None
    )
    bounds = [index for index, _ in dates] + [len(blocks)]
    for (index, found), end in zip(dates, bounds[1:], strict=False):
        record["items"].append(_item(blocks[index + 1 : end], found, page_url, lang))
    record["items"] = [item for item in record["items"] if item["url"]]
    record["next_page"] = _next_page(blocks, page_url)
    if not record["items"]:
        record["warnings"].append("items: none found")
    return record


def _item(blocks: list[Block], found: tuple, page_url: str, lang: str) -> dict:
    item = entry(ListingEntry, published_at=to_iso(found[0]))
    for block in blocks:
        if block.zone in ("nav", "footer") or is_end_of_article(block.text) or is_boilerplate(block.text):
            break
        link = next((lk for lk in block.links if article_key(urljoin(page_url, lk.href), lang)), None)
        if link and item["url"] is None:
            key = article_key(urljoin(page_url, link.href), lang)
            item.update(url=canonical_article_url(*key), article_id=key[1], title=link.text or None)
            caption = block.text.replace(link.text, "", 1).strip(" •\n") if link.text else ""
            item["image_caption"] = caption or None
        elif item["url"] and item["lead"] is None and block.text and not block.links:
            item["lead"] = block.text.replace("\n", " ")
    return item


def _next_page(blocks: list[Block], page_url: str) -> str | None:
    current = int((parse_qs(urlsplit(page_url).query).get("page") or ["1"])[0] or 1) if page_url else 1
    for block in blocks:
        for link in block.links:
            target = urljoin(page_url, link.href)
            page = (parse_qs(urlsplit(target).query).get("page") or [None])[0]
            if "next" in link.rel.split() or (NEXT_TEXT.match(link.text) and link.text and page):
                return target
            if page and page.isdigit() and int(page) == current + 1 and link.text.strip() in ("›", "»", str(current + 1)):
                return target
    return None
