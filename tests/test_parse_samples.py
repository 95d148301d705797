"""The parsers on every real page text of ../shared, in four markups: every field, exactly."""

from __future__ import annotations

import pytest

from crawler.parsers import parse_article, parse_listing, parse_page
from tests.fixtures.samples import MARKUPS, render_article, render_listing, sample

FOREIGN_AGENT_MOJ = "Included by the Russian Ministry of Justice (MoJ) into the register of foreign agents."
NCO = ("The organization has been put by the Russian Ministry of Justice on the register of NCOs performing the "
       "functions of a foreign agent.")
BANNER_START = "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ"

ARTICLES = {
    "samples/en_article_50763.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/50763", "article_id": 50763, "lang": "en",
        "headline": "Court leaves three participants of Vladikavkaz rally in custody",
        "published_at": "2020-05-01T08:36:00+03:00", "published_at_raw": "01 May 2020, 08:36",
        "image_caption": "Detention of participants of Vladikavkaz rally, April 20, 2020. Photo by Emma Marzoeva for "
                         "the Caucasian Knot",
        "lead_start": "The Supreme Court (SC) of North Ossetia has rejected", "paragraphs": 6,
        "body_end": "his clients have already given their consent to this.",
        "authors": ["Emma Marzoeva"], "source": "CK correspondent", "translation": "human",
        "original_published_at": "2020-04-30T20:13:00+03:00", "labels": [], "banner": True,
    },
    "samples/en_article_50791.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/50791", "article_id": 50791,
        "headline": '"Agora" treats arrests of Vladikavkaz protesters as unjustified',
        "published_at": "2020-05-04T15:33:00+03:00", "paragraphs": 6,
        "authors": ["Magomed Tuaev"], "source": "CK correspondent", "translation": "human",
        "original_published_at": "2020-05-04T01:28:00+03:00", "banner": True,
        "image_caption": 'The detention of the participant of the rally in Vladikavkaz. April 20, 2020. Photo by Emma '
                         'Marzoeva for the "Caucasian Knot"',
    },
    "samples/en_article_72265.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/72265", "headline": "Drone debris fell on school grounds in Kuban.",
        "published_at": "2026-01-25T15:55:00+03:00", "published_at_raw": "15:55, 25 January 2026", "paragraphs": 5,
        "body_end": "had not commented on the drone debris fall on its Telegram channel.",
        "translation": "machine", "original_url": "https://www.kavkaz-uzel.eu/articles/420230",
        "original_published_at": None, "authors": [], "source": None, "image_caption": None, "banner": False,
    },
    "samples/en_article_10162.txt": {
        "headline": "In Moscow, South-Ossetian picketers detained", "published_at": "2009-05-21T21:00:00+04:00",
        "paragraphs": 8, "authors": ["Alan Tskhurbaev"], "source": 'Specially for "Caucasian Knot"',
        "translation": None, "original_url": None, "labels": [],
    },
    "samples/en_article_6676.txt": {
        "headline": "Court leaves journalist Ganimat Zakhidov under arrest in Azerbaijan",
        "published_at": "2007-11-22T23:08:00+03:00", "paragraphs": 6,
        "authors": ["Zaur Rasulzade"], "source": "CK correspondent", "translation": None,
    },
    "samples/en_article_info_57654.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/57654",
        "headline": "Severe verdict to leaders of Ingush protests angers journalists and political analysts",
        "published_at": "2021-12-17T12:08:00+03:00", "paragraphs": 6, "authors": [], "source": "CK correspondent",
        "translation": "human", "original_published_at": "2021-12-16T11:46:00+03:00", "image_caption": None,
    },
    "samples/en_article_info_62489.txt": {
        "headline": "Court decides to liquidate “SOVA” Centre*", "published_at": "2023-04-28T16:13:00+03:00",
        "paragraphs": 5,
        "labels": [{"entity": "SOVA Centre", "marker": "*", "type": "foreign_agent", "text": FOREIGN_AGENT_MOJ}],
    },
    "samples/en_article_media_58993.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/58993", "headline": "189 activists detained in Yerevan",
        "published_at": "2022-05-02T16:59:00+03:00", "paragraphs": 5, "authors": ["Tigran Petrosyan"],
        "source": "CK correspondent", "original_published_at": "2022-05-02T10:34:00+03:00", "banner": True,
    },
    "samples/en_article_org_58048.txt": {
        "url": "https://eng.kavkaz-uzel.eu/articles/58048", "headline": "“Memorial”* nominated for Nobel Peace Prize",
        "published_at": "2022-01-27T23:58:00+03:00", "paragraphs": 3, "authors": [], "source": "Caucasian Knot",
        "labels": [{"entity": "Memorial", "marker": "*", "type": "foreign_agent", "text": NCO},
                   {"entity": "International Memorial", "marker": "*", "type": "foreign_agent", "text": NCO}],
        "sidebar": [("ECtHR awards compensation to Ingush activist Zarifa Sautieva", "2024-09-18T23:47:00+03:00")],
        "banner": True,
    },
    "seed/000_7e31ae2148598a58.txt": {
        "headline": "Human rights defenders note stagy fight for legal migration after terror act at Crocus City Hall",
        "published_at": "2024-04-11T21:45:00+03:00", "paragraphs": 9, "authors": ["Roman Kuzhev"],
        "source": "CK correspondent", "translation": "human", "original_published_at": "2024-04-10T01:23:00+03:00",
        "labels": [
            {"entity": "Svetlana Gannushkina", "marker": "*", "type": "foreign_agent", "text": FOREIGN_AGENT_MOJ},
            {"entity": "Civic Assistance Committee", "marker": "*", "type": "foreign_agent", "text": FOREIGN_AGENT_MOJ},
            {"entity": "Memorial Anti-Discrimination Centre", "marker": "*", "type": "foreign_agent",
             "text": FOREIGN_AGENT_MOJ},
        ],
        "sidebar": [("Musaeva arrested under new criminal case", "2024-12-20T12:04:00+03:00"),
                    ("Kadyrov reports on thousands sent to frontline", "2024-12-19T23:58:00+03:00")],
        "banner": True,
    },
}


@pytest.mark.parametrize("markup", MARKUPS)
@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_article_samples(name, markup):
    url, lines = sample(name)
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
        else:
            assert record[field] == value, field
    assert record["lead"] == paragraphs[0]
    for junk in ("Author:", "Source:", "All news", "Know more?", "НАСТОЯЩИЙ", "This article was originally"):
        assert junk not in record["body"]
    if markup == "plain" or "image_caption" not in expected or expected["image_caption"] is None:
        return
    assert record["image_url"] and record["image_url"].startswith("https://eng.kavkaz-uzel.eu/")


LISTINGS = {
    "samples/en_listing_rubric10_p1639.txt": {"title": "News", "items": 8, "featured": [
        ("Ingush police searches shooters at GIBDD agents", None, "2014-09-16T00:00:00+04:00"),
        ("Sochi court dismisses all petitions of builder Demerchyan's advocates", None, "2014-09-15T22:17:00+04:00")]},
    "samples/en_listing_rubric601_p6.txt": {"title": "North Caucasus - statistics of victims", "items": 14,
                                           "featured": []},
    "samples/en_listing_caucasianknot_info_rubric11_p44.txt": {"title": None, "items": 10, "featured": []},
    "samples/en_listing_caucasianknot_info_rubric10_p29.txt": {"title": None, "items": 6, "featured": []},
}


@pytest.mark.parametrize("markup", ("classic", "plain"))
@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_listing_samples(name, markup):
    url, lines = sample(name)
    record = parse_listing(url, render_listing(lines, markup))
    expected = LISTINGS[name]
    assert record["title"] == expected["title"]
    assert len(record["items"]) == expected["items"]
    assert all(item["url"].startswith("https://eng.kavkaz-uzel.eu/articles/") for item in record["items"])
    dates = [item["published_at"] for item in record["items"]]
    assert dates == sorted(dates, reverse=True), "newest first"
    got = [(i["title"], i["lead"] is None, i["published_at"]) for i in record["items"] if i["title"] in
           {title for title, _, _ in expected["featured"]}]
    assert [(t, d) for t, _, d in got] == [(t, d) for t, _, d in expected["featured"]]
    assert all(item["lead"] for item in record["items"] if item["title"] in {t for t, _, _ in expected["featured"]})


def test_glued_caption_of_a_featured_listing_item():
    """`• <caption> <headline>`: the snapshot glues them; the markup links only the headline."""
    html = (
        "<html><body><h1>News</h1><div>September 15, 2014 16:24</div><div>• <span>Explosive device detected on the "
        "‘Kavkaz’ highway, Kabardino-Balkaria, September 15, 2014. Photo: http://nac.gov.ru</span> "
        '<a href="https://caucasianknot.info/articles/30123/">KBR: IED neutralized on "Kavkaz" Highway</a></div>'
        "<p>Today, bomb experts from the FSB have blown up an improvised explosive device (IED).</p></body></html>"
    )
    (item,) = parse_listing("https://eng.kavkaz-uzel.eu/rubric/10?page=1639", html)["items"]
    assert item == {
        "url": "https://eng.kavkaz-uzel.eu/articles/30123", "article_id": 30123,
        "title": 'KBR: IED neutralized on "Kavkaz" Highway',
        "lead": "Today, bomb experts from the FSB have blown up an improvised explosive device (IED).",
        "published_at": "2014-09-15T16:24:00+04:00",
        "image_caption": "Explosive device detected on the ‘Kavkaz’ highway, Kabardino-Balkaria, September 15, 2014. "
                         "Photo: http://nac.gov.ru",
    }


def test_parse_page_detects_the_kind():
    url, lines = sample("samples/en_listing_rubric601_p6.txt")
    assert parse_page(url, render_listing(lines, "classic"))["kind"] == "listing"
    url, lines = sample("samples/en_article_50763.txt")
    assert parse_page(None, render_article(lines, "plain"))["kind"] == "article"
