"""Items of listings and sidebars: links to articles, each with the date and lead that stand beside it.

An item is a block holding a link to `/articles/<id>` (on any mirror, or a web-archive copy of one). Its date is a
date-line block next to it — before the link on most layouts (`March 09, 2019 09:28` / `• title` / lead), after
it (or after the lead) on others; the side is decided once per page, by which side most links have a date on and by
whether the first item has one before it and the last one after it. A time alone takes its day from a heading over
its group (`18 January 2004`, then `00:04 Title`). Its lead is the first
text block after the link that is neither a date nor another link. A listing that shows only leads (Russian
desktop listings) still yields its items, with no date. Whatever the markup, the same items come out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date as date_type
from datetime import datetime
from datetime import time as dt_time
from functools import lru_cache
from urllib.parse import urljoin

from crawler.dates import LISTING_SHAPES, SHAPES, YEAR, localize, match_shape, parse_date, to_iso
from crawler.parsers.blocks import Block, Link
from crawler.parsers.text import HAS_TIME, date_line, is_boilerplate, is_end_of_article
from crawler.urls import article_key, canonical_article_url

TIME_SHAPES = tuple(name for name in SHAPES if name not in ("month_day_year", "dotted_time", "month_day_year_at_12h"))


def safe_join(base: str, href: str) -> str | None:
    """urljoin that never raises (a malformed href gives None)."""
    try:
        return urljoin(base or "", href or "")
    except ValueError:
        return None


def article_link(block: Block, page_url: str, lang: str, exclude: int | None = None) -> tuple[Link, tuple] | None:
    """The first link of a block to an article (not `exclude`), with its (lang, id)."""
    for link in block.links:
        if "/articles/" not in link.href:
            continue
        key = link_key(page_url, link.href, lang)
        if key and key[1] != exclude and key[0] == lang:
            return link, key
    return None


def link_key(page_url: str, href: str, lang: str) -> tuple[str, int] | None:
    """(lang, id) of an article link on a page. Links that do not depend on the page's path (absolute, or
    from the root) are resolved once per site and cached: sidebars repeat them on every page."""
    if href.startswith(("http://", "https://", "/")) and not href.startswith("//"):
        origin = page_url.split("/", 3)[:3] if "://" in page_url else ["", "", ""]
        return _cached_key("/".join(origin) if not href.startswith("http") else "", href, lang)
    target = safe_join(page_url, href)
    return article_key(target, lang) if target else None


@lru_cache(maxsize=65536)
def _cached_key(origin: str, href: str, lang: str) -> tuple[str, int] | None:
    target = safe_join(origin + "/" if origin else "", href)
    return article_key(target, lang) if target else None


_UNKNOWN = object()


def date_only(block: Block) -> tuple | None:
    """The date of a block that is a date line and nothing else (short, no article link); memoised on the block,
    which several readers ask."""
    memo = block.__dict__.get("_date_only", _UNKNOWN)
    if memo is _UNKNOWN:
        memo = block.__dict__["_date_only"] = _date_only(block)
    return memo


def _date_only(block: Block) -> tuple | None:
    if len(block.text) > 80 or not HAS_TIME.search(block.text):
        return None
    found = date_line(block.text, LISTING_SHAPES + ("day_month_year_time",))
    if found and not found[3]:
        return found
    found = match_shape(block.text.split("\n", 1)[0], TIME_SHAPES + ("dotted_time",), whole=False)
    return (found[0], found[1], found[2], "") if found and len(found[1]) >= len(block.text.strip()) - 2 else None


# A date the row says is the last change (`Updated 19.01.2004 10:15 · Published 18.01.2004 00:04`): not the
# publication.
UPDATED = re.compile(r"(?:updated|modified|edited|last change|обновлено|обновлен|изменено|изменен|отредактировано)\W*$",
                     re.I)


def date_in(text: str) -> tuple | None:
    """A date with a time anywhere in a short text (`By A · 01 May 2020, 08:36 · Print`), as (moment, raw, shape);
    not one the row calls an update, when it shows another."""
    found_any = None
    for name in ("day_month_year_time", "time_day_month_year", "month_day_year_time", "time_slash_dotted", "time_dotted",
                 "dotted_time", "iso"):
        for match in SHAPES[name].finditer(text):
            if name == "dotted_time" and match.group("H") is None:
                continue  # `18.01.2004` with no time: a day, never midnight
            found = match_shape(match.group(0), (name,))
            if found:
                if not UPDATED.search(text[max(0, match.start() - 20):match.start()]):
                    return found
                found_any = found_any or found
    return found_any


def link_items(blocks: list[Block], page_url: str, lang: str, make: Callable[..., dict],
               exclude: int | None = None) -> list[dict]:
    """Items (dicts made by `make(url=, article_id=, title=, lead=, published_at=, image_caption=)`) of the
    blocks, in page order, one per article id."""
    linked = [(i, found) for i, block in enumerate(blocks)
              if (found := article_link(block, page_url, lang, exclude)) is not None]
    if not linked:
        return []
    def dated(j: int) -> tuple | None:  # asked only next to links (a page has many blocks, few of them items)
        return date_only(blocks[j]) or _dated_row(blocks[j])

    before = sum(1 for i, _ in linked if i > 0 and dated(i - 1))
    after = sum(1 for i, _ in linked if i + 1 < len(blocks) and dated(i + 1))
    date_side = -1 if before >= after else 1
    first, last = linked[0][0], linked[-1][0]
    first_before = any(dated(j) for j in range(max(first - 2, 0), first))
    last_after = any(dated(j) for j in range(last + 1, min(last + 4, len(blocks))) if not blocks[j].links)
    if last_after and not first_before:
        # (image, title, lead, date) cards: a date after every item's lead, none before the first title — each
        # date but the last also stands right before the next title, so the neighbours alone mislead
        date_side = 1
    items: list[dict] = []
    seen: set[int] = set()
    link_rows = {i for i, _ in linked}
    day = None  # the day a heading over a group of items names (`18 January 2004`, then `00:04 Title` items)
    for position, (i, (link, key)) in enumerate(linked):
        for j in range(linked[position - 1][0] + 1 if position else max(i - 3, 0), i):
            day = _day_heading(blocks[j], lang) or day
        if key[1] in seen:
            continue
        seen.add(key[1])
        block = blocks[i]
        end = linked[position + 1][0] if position + 1 < len(linked) else len(blocks)
        if date_side == 1:  # the first date after the title, before the next item (`title`, lead, date)
            date = next((found for j in range(i + 1, min(end, i + 4)) if (found := dated(j))), None)
        else:
            date = dated(i - 1) if i > 0 else None
        lead = None
        for j in range(i + 1, end):
            follower = blocks[j]
            if dated(j) and date_side == 1 and j == i + 1:
                continue  # this item's own date, after its title
            if dated(j) or j in link_rows or is_end_of_article(follower.text):
                break
            if follower.text and not follower.links and not is_boilerplate(follower.text) and \
                    follower.text != link.text:  # (`<a><h3>Title</h3></a>`: the title's own block, after the link)
                lead = follower.text.replace("\n", " ")
                break
        title = link.text or None
        rest = block.text.replace(link.text, "", 1).strip(" •\n") if link.text else ""
        inline = date_in(rest) if rest and HAS_TIME.search(rest) else None
        if inline:  # the date in the item's own block: `<a>Title</a> <span>09:15, 2 December 2025</span>`
            date = inline
            rest = rest.replace(inline[1], "", 1).strip(" •|·-–—\n")
        elif date is None and day is not None and BARE_TIME.fullmatch(rest):  # `00:04` under its day's heading
            hour, minute = (int(n) for n in re.split(r"[:.]", rest))
            if hour < 24 and minute < 60:
                date = (localize(datetime.combine(day, dt_time(hour, minute))), f"{day.isoformat()} {rest}",
                        "day heading", "")
                rest = ""
        if rest.isdigit():
            rest = ""  # a comment counter glued before a lead (`11Неравная битва…`, Russian listings)
        if rest and lead is None and link.text and block.text.lstrip(" •\n").startswith(link.text):
            lead, rest = rest.replace("\n", " "), ""  # `<dd><a>Title</a><br>Lead</dd>`: after the title, its lead
            # (a featured item's caption stands before its title)
        if title and lead is None and date is None and _reads_like_lead(title):
            title, lead = None, title  # a listing of leads only (no dates either): the link's text is the lead
        items.append(make(url=canonical_article_url(*key), article_id=key[1], title=title, lead=lead,
                          published_at=to_iso(date[0]) if date else None, image_caption=rest or None))
    return items


BARE_TIME = re.compile(r"\d{1,2}[:.]\d{2}")  # a time alone (`00:04`, `00.04`): in a row, a cell, an item


def _day_heading(block: Block, lang: str) -> date_type | None:
    """The day a short heading names with no time (`18 January 2004`, `18 января 2004 г.`, `18.01.2004`)."""
    text = block.text
    if len(text) > 40 or block.links or not YEAR.search(text) or HAS_TIME.search(text):
        return None
    moment = parse_date(text, lang)
    return moment.date() if moment is not None else None


def _dated_row(block: Block) -> tuple | None:
    """A short row holding a date among other things (`May 2, 2007 10:00 · 7 comments`), not a link: an item's date."""
    text = block.text
    if len(text) > 60 or block.links or not HAS_TIME.search(text):
        return None
    found = date_in(text)
    return (*found, "") if found else None


def _reads_like_lead(text: str) -> bool:
    """A linked text that is a sentence of a lead rather than a headline: long, and ending as a sentence ends
    (headlines of the site carry no final full stop)."""
    return len(text) > 90 and text.rstrip().endswith((".", "!", "?", "…", ".»", '."')) and text.count(" ") >= 12
