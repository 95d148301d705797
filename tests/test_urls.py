"""URL canonicalisation: every mirror form maps to one canonical URL and key."""

import pytest

from crawler.urls import (
    article_key,
    canonicalise,
    host_language,
    is_listing_url,
    normalise_host,
    rebase,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://eng.kavkaz-uzel.eu/articles/50763",
        "http://eng.kavkaz-uzel.eu/articles/50763/",
        "https://www.eng.kavkaz-uzel.eu/articles/50763/",
        "https://eng.kavkaz-uzel.media/articles/50763",
        "https://www.caucasianknot.info/articles/50763",
        "http://caucasianknot.org/articles/50763/",
        "http://eng.kavkaz-uzel.ru/articles/50763/",
        "https://WWW.Eng.Kavkaz-Uzel.EU:443/articles/50763",
    ],
)
def test_every_english_mirror_form_is_one_article(url):
    assert article_key(url) == ("en", 50763)
    assert canonicalise(url) == "https://eng.kavkaz-uzel.eu/articles/50763"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.kavkaz-uzel.eu/articles/370337/",
        "https://kavkaz-uzel.media/articles/370337",
        "https://m.kavkaz-uzel.eu/articles/370337",
        "https://amp.kavkaz-uzel.eu/articles/370337/",
        "https://caucasianknot.net/articles/370337",
    ],
)
def test_russian_mirrors_map_to_the_russian_site(url):
    assert canonicalise(url) == "https://www.kavkaz-uzel.eu/articles/370337"


def test_non_articles_and_offsite_hosts():
    assert article_key("https://eng.kavkaz-uzel.eu/articles/AboutCaucasianKnot") is None
    assert article_key("https://eng.kavkaz-uzel.eu/rubric/10?page=3") is None
    assert article_key("https://t.me/articles/5") is None  # offsite: no language
    assert article_key("http://127.0.0.1:8123/articles/5", default_lang="en") == ("en", 5)
    assert host_language("example.com") is None
    assert normalise_host("www.caucasianknot.info.") == "caucasianknot.info"


def test_listing_urls():
    assert is_listing_url("https://eng.kavkaz-uzel.eu/rubric/10?page=1639")
    assert is_listing_url("https://eng.kavkaz-uzel.eu/category/9")
    assert is_listing_url("https://eng.kavkaz-uzel.eu/dagestan")
    assert is_listing_url("https://www.kavkaz-uzel.eu/rubric/10:1209?page=13353")
    assert not is_listing_url("https://eng.kavkaz-uzel.eu/articles/5")
    assert not is_listing_url("https://eng.kavkaz-uzel.eu/search?keywords=x")


def test_rebase_fetches_mirror_links_from_the_base_host():
    base = "http://127.0.0.1:8123"
    assert rebase("https://caucasianknot.info/articles/12/", base) == "http://127.0.0.1:8123/articles/12"
    assert rebase("https://eng.kavkaz-uzel.media/rubric/10?page=3", base) == "http://127.0.0.1:8123/rubric/10?page=3"
    assert rebase("/dagestan", base + "/") == "http://127.0.0.1:8123/dagestan"
