"""The parsers on the repository's own page texts (tests/fixtures/pages), in four markups: every field, exactly.

The texts were written for these tests, following the site's real conventions (docs/site.md §2–§4); the
expectations below are stated by hand. Russian forms are in test_parse_russian.py.
"""

from __future__ import annotations

import pytest

from crawler.parsers import parse_article, parse_listing, parse_page
from tests.fixtures.samples import MARKUPS, PAGES, expected_article, render_article, render_listing, sample

MOJ = "Included by the Russian Ministry of Justice (MoJ) into the register of foreign agents."
NCO = ("The organization has been put by the Russian Ministry of Justice on the register of NCOs performing the "
       "functions of a foreign agent.")
HIZB = ('"Hizb ut-Tahrir al-Islami" (Party of Islamic Liberation) is an international Islamic political '
        "organization banned in Russia by the court's decision.")
BANNER_START = "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ"

ARTICLES = {
    "en_classic_2020.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/51234", "article_id": 51234, "lang": "en",
        "headline": "Court in Nalchik extends arrest of two bloggers",
        "published_at": "2020-03-04T14:05:00+03:00", "published_at_raw": "04 March 2020, 14:05",
        "image_caption": "Picket near the court building in Nalchik, March 3, 2020. Photo by Marat Kerimov for the "
                         "Caucasian Knot",
        "lead_start": "The Nalchik City Court has extended", "paragraphs": 4,
        "body_end": "its participants were not detained.",
        "authors": ["Marat Kerimov"], "source": "CK correspondent", "translation": "human",
        "original_published_at": "2020-03-03T21:41:00+03:00", "original_url": None, "labels": [], "banner": True,
        "sidebar": [("Residents of Derbent demand repair of water pipes", "2020-03-04T15:10:00+03:00"),
                    ("Activist from Grozny reports threats after video appeal", "2020-03-04T13:52:00+03:00")],
    },
    "en_2025_machine.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/71002",
        "headline": "Power lines damaged by storm in three districts of Dagestan",
        "published_at": "2025-12-14T09:12:00+03:00", "published_at_raw": "09:12, 14 December 2025", "paragraphs": 4,
        "body_end": "complained about power outages in November.", "translation": "machine",
        "original_url": "https://www.kavkaz-uzel.eu/articles/419001", "original_published_at": None,
        "authors": ["Elena Vartanova"], "source": "CK correspondent", "image_caption": None, "banner": False,
        "sidebar": [],
    },
    "en_classic_2007.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/6001",
        "headline": "Teachers in Khasavyurt protest against wage arrears", "published_at": "2007-10-12T18:40:00+04:00",
        "paragraphs": 3, "authors": ["Ruslan Temirov"], "source": "CK correspondent", "translation": None,
        "banner": False,
    },
    "en_2025_old_2009.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/10555",
        "headline": "In Vladikavkaz, students hold rally against closure of dormitory",
        "published_at": "2009-06-03T21:00:00+04:00", "published_at_raw": "21:00, 3 June 2009", "paragraphs": 3,
        "authors": ["Zalina Gurieva"], "source": 'Specially for "Caucasian Knot"', "translation": "human",
        "original_published_at": None, "labels": [],
    },
    "en_article_only_2021.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/56100",
        "headline": "Lawyers of “Sova” Centre* appeal against fine in Rostov case",
        "published_at": "2021-08-05T11:27:00+03:00", "paragraphs": 3, "authors": [], "source": "CK correspondent",
        "translation": "human", "original_published_at": "2021-08-04T22:15:00+03:00",
        "labels": [{"entity": "Sova Centre", "marker": "*", "type": "foreign_agent", "text": MOJ}],
    },
    "en_classic_2022_labels.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/58500",
        "headline": "“Memorial”* supporters hold single pickets in Makhachkala",
        "published_at": "2022-02-10T19:20:00+03:00", "paragraphs": 3, "authors": [], "source": "Caucasian Knot",
        "labels": [{"entity": "Memorial", "marker": "*", "type": "foreign_agent", "text": NCO},
                   {"entity": "International Memorial", "marker": "*", "type": "foreign_agent", "text": NCO},
                   {"entity": "Hizb ut-Tahrir al-Islami", "marker": "**", "type": "banned", "text": HIZB}],
        "sidebar": [("Flood warning issued for mountain villages of Chechnya", "2022-02-10T21:03:00+03:00")],
        "banner": True,
    },
    "en_classic_2014_inline.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/29001",
        "headline": "Two residents of Kabardino-Balkaria detained on suspicion of recruiting fighters",
        "published_at": "2014-09-17T20:45:00+04:00", "paragraphs": 2, "authors": ["Oksana Belova"],
        "source": "CK correspondent", "translation": None,
        "labels": [{"entity": "Islamic State", "marker": None, "type": "terrorist",
                    "text": "a terrorist organization, banned in Russia by the court"}],
    },
    "en_classic_2018_glued.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/45555",
        "headline": "Nazran residents discuss border agreement at public meeting",
        "published_at": "2018-11-11T09:03:00+03:00", "paragraphs": 3,
        "authors": ["Asya Dzarakhova", "Ibragim Yandiev"], "source": "CK correspondents",
        "image_caption": 'Participants of the meeting in Nazran. Photo by Asya Dzarakhova for the "Caucasian Knot"',
        "original_published_at": "2018-11-10T19:30:00+03:00",
    },
}


@pytest.mark.parametrize("markup", MARKUPS)
@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_own_article_pages(name: str, markup: str):
    url, lines = sample(PAGES / name)
    record = parse_article(url, render_article(lines, markup))
    expected = ARTICLES[name]
    paragraphs = (record["body"] or "").split("\n\n")
    for field, value in expected.items():
        if field == "lead_start":
            assert record["lead"].startswith(value)
        elif field == "paragraphs":
            assert len(paragraphs) == value, paragraphs
        elif field == "body_end":
            assert paragraphs[-1].endswith(value)
        elif field == "banner":
            assert (record["banner"] or "").startswith(BANNER_START) is value
        elif field == "sidebar":
            assert [(item["title"], item["published_at"]) for item in record["sidebar"]] == value
        elif field == "image_caption" and markup == "plain":
            continue  # bare <p> lines: a caption line without a date after it is indistinguishable from text
        else:
            assert record[field] == value, field
    assert record["lead"] == paragraphs[0]
    assert paragraphs == expected_article(lines)["paragraphs"]  # the oracle of the real-text group agrees
    for junk in ("Author:", "Source:", "All news", "Know more?", "НАСТОЯЩИЙ", "This article was originally",
                 "Translated automatically", "Make comments", "SMS:", "Скачать"):
        assert junk not in record["body"]
    if markup != "plain" and expected.get("image_caption"):
        assert record["image_url"] and record["image_url"].startswith("https://eng.kavkaz-uzel.eu/")


LISTINGS = {
    "en_listing_classic.txt": {"title": "News", "items": 5, "featured": [
        ("Astrakhan residents complain about flooded streets", "2019-03-09T09:28:00+03:00"),
        ("Court in Elista fines organizer of unauthorized picket", "2019-03-08T22:47:00+03:00")]},
    "en_listing_2025.txt": {"title": None, "items": 3, "featured": []},
}


@pytest.mark.parametrize("markup", ("classic", "plain"))
@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_own_listing_pages(name: str, markup: str):
    url, lines = sample(PAGES / name)
    record = parse_listing(url, render_listing(lines, markup))
    expected = LISTINGS[name]
    assert record["title"] == expected["title"]
    assert len(record["items"]) == expected["items"]
    assert all(item["url"].startswith("https://eng.kavkaz-uzel.eu/articles/") for item in record["items"])
    dates = [item["published_at"] for item in record["items"]]
    assert dates == sorted(dates, reverse=True), "newest first"
    titles = {title for title, _ in expected["featured"]}
    featured = [(item["title"].split(" Caucasian Knot ")[-1], item["published_at"])
                for item in record["items"] if item["title"].split(" Caucasian Knot ")[-1] in titles]
    assert featured == expected["featured"]


def test_glued_caption_of_a_featured_listing_item():
    """`• <caption> <headline>`: the text glues them; the markup links only the headline."""
    html = (
        "<html><body><h1>News</h1><div>September 15, 2014 16:24</div><div>• <span>Barricade on the road to Baksan, "
        "September 15, 2014. Photo: http://example.org/photo</span> "
        '<a href="https://caucasianknot.info/articles/30123/">Road to Baksan blocked by protesters</a></div>'
        "<p>Residents blocked the road for two hours.</p></body></html>"
    )
    (item,) = parse_listing("https://eng.kavkaz-uzel.eu/rubric/10?page=1639", html)["items"]
    assert item == {
        "url": "https://eng.kavkaz-uzel.eu/articles/30123", "article_id": 30123,
        "title": "Road to Baksan blocked by protesters",
        "lead": "Residents blocked the road for two hours.",
        "published_at": "2014-09-15T16:24:00+04:00",
        "image_caption": "Barricade on the road to Baksan, September 15, 2014. Photo: http://example.org/photo",
    }


def test_parse_page_detects_the_kind():
    url, lines = sample(PAGES / "en_listing_classic.txt")
    assert parse_page(url, render_listing(lines, "classic"))["kind"] == "listing"
    url, lines = sample(PAGES / "en_classic_2020.txt")
    assert parse_page(None, render_article(lines, "plain"))["kind"] == "article"
