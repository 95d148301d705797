"""The layouts of the archive, learned from its kept pages (crawler/parsers/profile.py) and stored with it.

`relearn_all(store)` reads the newest article pages of each host of each language (at most SAMPLE per host),
learns their layouts and stores one profile per language (`layout_profiles`); `kavkaz reparse` and the crawl read
pages with them (`kavkaz import-warc` learns from the WARC it imports). More pages make it better: it is learned again at every reparse and at the end of every
crawl that kept pages.
"""

from __future__ import annotations

from collections.abc import Iterator

from crawler.parsers.profile import SiteProfile, learn_profiles
from crawler.store.database import Store

SAMPLE = 300  # newest article pages per host fetched from


def _kept_pages(store: Store, lang: str) -> Iterator[tuple[str, bytes]]:
    """The newest kept article pages of each host they were fetched from (a mirror may serve another layout),
    under their canonical URL (whose language keys the profile)."""
    hosts = [row[0] for row in store.connection.execute(
        "select distinct substr(final_url, 1, instr(substr(final_url, 9), '/') + 8) from pages "
        "where lang = ? and kind in ('article', 'blog_post') and status between 200 and 299", (lang,))]
    for host in hosts:
        for url, content_id in store.connection.execute(
                "select url, content_id from pages where lang = ? and kind in ('article', 'blog_post') "
                "and status between 200 and 299 and final_url like ? || '%' order by id desc limit ?",
                (lang, host, SAMPLE)).fetchall():
            yield url, store.page_body(content_id)


GROWTH = 1.25  # the kept pages of a language grow by this much before its layouts are learned again


def relearn_all(store: Store, save: bool = True, force: bool = False) -> SiteProfile:
    """The layouts of every language of the kept pages (stored, unless `save` is false). A language whose kept
    pages have not grown by a quarter since its layouts were learned keeps them (`force` learns them anyway): a
    crawl or reparse of an unchanged archive costs no learning."""
    site = SiteProfile()
    for (lang,) in store.connection.execute("select distinct lang from pages where lang is not null").fetchall():
        kept = store.connection.execute(
            "select count(distinct content_id) from pages where lang = ? and kind in ('article', 'blog_post')",
            (lang,)).fetchone()[0]
        stored = store.layout_profile(lang)
        if stored and not force and kept < stored[1] * GROWTH:
            site.layouts.update(SiteProfile.from_json(stored[0]).layouts)
            continue
        profile = learn_profiles(_kept_pages(store, lang))
        if profile.layouts and save:
            store.save_layout_profile(lang, profile.to_json(), profile.pages, kept)
        site.layouts.update(profile.layouts)
    return site


def stored_profile(store: Store, langs: tuple[str, ...] = ("en", "ru")) -> SiteProfile | None:
    """The layouts stored for these languages, as one profile (None when none was learned yet)."""
    site = SiteProfile()
    for lang in langs:
        stored = store.layout_profile(lang)
        if stored:
            site.layouts.update(SiteProfile.from_json(stored[0]).layouts)
    return site if site.layouts else None
