"""The `en_archive` spider: the English archive (`https://eng.kavkaz-uzel.eu` and its mirrors), walked by
`KnotSpider` (spiders/knot.py) with the English defaults."""

from __future__ import annotations

from spiders.knot import KnotSpider, parse_id_range

__all__ = ["EnArchiveSpider", "parse_id_range"]


class EnArchiveSpider(KnotSpider):
    """The English archive; arguments and modes in spiders/knot.py."""

    name = "en_archive"
    default_lang = "en"
    base_url_setting = "KAVKAZ_BASE_URL"
    listings_setting = "KAVKAZ_LISTINGS"
