"""The parsers agree with the demo archive's ground truth on every article, in both layouts (no server)."""

from crawler.demo.archive import DemoArchive
from crawler.demo.scoring import SCORED_FIELDS
from crawler.parsers import parse_article, parse_listing
from tests.fixtures.samples import hard_warnings


def test_parsers_recover_every_field_of_every_demo_article():
    archive = DemoArchive(seed=31, articles=600, day=2)
    checked, layouts, errors = 0, set(), []
    for truth in archive.manifest_records():
        if truth["status"] != "live":
            continue
        status, html = archive.render(f"/articles/{truth['article_id']}")
        assert status == 200
        record = parse_article(f"https://www.caucasianknot.info/articles/{truth['article_id']}/", html)
        errors += [(truth["article_id"], name) for name in SCORED_FIELDS if record[name] != truth[name]]
        assert not hard_warnings(record), record["warnings"]
        checked += 1
        layouts.add(truth["layout"])
    assert not errors, errors[:20]
    assert checked > 500 and layouts == {"classic", "2025"}


def test_listing_pages_list_the_archive_newest_first():
    archive = DemoArchive(seed=31, articles=200)
    seen, page, url = [], 1, "http://127.0.0.1:1/rubric/10"
    while url:
        status, html = archive.render("/rubric/10", {"page": str(page)})
        listing = parse_listing(url, html)
        seen += [item["article_id"] for item in listing["items"]]
        url, page = listing["next_page"], page + 1
    assert seen == archive.live_ids[::-1]


def test_regions_are_read_from_tag_rows_under_one_name_in_both_languages():
    """A region linked from an article's tag row or breadcrumbs is stored by its canonical English name, whatever
    the page's language (`Дагестан` and `Dagestan` are one facet value), in every form of the page."""
    from crawler.parsers.article import REGION_NAMES

    checked = 0
    for lang, forms in (("en", ("desktop",)), ("ru", ("desktop", "mirror", "m", "amp"))):
        archive = DemoArchive(seed=31, articles=80, lang=lang)
        for article_id in archive.live_ids[:30]:
            article = archive.article(article_id)
            if not article.region:
                continue
            for form in forms:
                _, html = archive.render(f"/articles/{article_id}", {}, form)
                record = parse_article(article.url, html)
                assert record["regions"] == [REGION_NAMES[article.region[0]]], (lang, form, record["regions"])
                assert record["body"] == article.record()["body"], "a tag row is never text"
                checked += 1
    assert checked > 100
