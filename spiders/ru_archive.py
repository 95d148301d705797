"""The `ru_archive` spider: the Russian archive, walked exactly as the English one (spiders/en_archive.py).

Only the defaults differ: the base URL (KAVKAZ_RU_BASE_URL, `https://www.kavkaz-uzel.eu`), the listings
(KAVKAZ_RU_LISTINGS: the news feed and the reader blog index), the RSS feed read first by incremental runs
(KAVKAZ_RU_FEED) and the language taken when the base host does not say (a local server). Every Russian mirror and form (`m.`, `amp.`, kavkaz-uzel.media,
caucasianknot.com …) collapses to one record per (`ru`, id), fetched from the base host.
"""

from __future__ import annotations

from spiders.en_archive import EnArchiveSpider


class RuArchiveSpider(EnArchiveSpider):
    """The Russian archive; arguments and modes as `en_archive`."""

    name = "ru_archive"
    default_lang = "ru"
    base_url_setting = "KAVKAZ_RU_BASE_URL"
    listings_setting = "KAVKAZ_RU_LISTINGS"
    feed_setting = "KAVKAZ_RU_FEED"
