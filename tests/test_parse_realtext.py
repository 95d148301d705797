"""The parsers on every real page text of ../shared, in four markups (the `realtext` group).

The expectations are derived from each text by its conventions (tests/fixtures/samples.py: the line after the
date line is the headline, `Author:`/`Source:` lines the byline …), not copied into the repository. Skipped,
saying why, where ../shared is absent (a user's clone); `.ci/run` runs this group with KAVKAZ_SHARED set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.parsers import parse_article, parse_listing, parse_page
from tests.conftest import shared_path
from tests.fixtures.samples import (
    MARKUPS,
    expected_article,
    expected_listing,
    render_article,
    render_listing,
    sample,
)

pytestmark = pytest.mark.realtext
ABSENT = ["(../shared absent)"]


def _pages(pattern: str) -> list[str]:
    root = shared_path()
    return sorted(str(p.relative_to(root)) for p in root.glob(pattern)) or ABSENT


ARTICLES = _pages("samples/en_article_*.txt") + [p for p in _pages("seed/*.txt") if p not in ABSENT]
LISTINGS = _pages("samples/en_listing_*.txt")


@pytest.mark.parametrize("markup", MARKUPS)
@pytest.mark.parametrize("name", ARTICLES)
def test_real_article_texts(name: str, markup: str):
    url, lines = sample(shared_path() / name)
    expected = expected_article(lines)
    record = parse_article(url, render_article(lines, markup))
    paragraphs = (record["body"] or "").split("\n\n") if record["body"] else []
    if expected["headline"] is not None:
        assert record["headline"] == expected["headline"]
        assert record["published_at_raw"] == expected["published_at_raw"]
        assert record["published_at"] and record["published_at"][-6:] in ("+03:00", "+04:00")
    assert paragraphs == expected["paragraphs"]
    assert record["lead"] == (expected["paragraphs"][0] if expected["paragraphs"] else None)
    assert record["authors"] == expected["authors"]
    assert record["source"] == expected["source"]
    assert record["translation"] == expected["translation"]
    assert bool(record["banner"]) is expected["banner"]
    assert [item["title"] for item in record["sidebar"]] == expected["sidebar_titles"]
    if markup != "plain":
        assert record["image_caption"] == expected["image_caption"]
    assert record["url"].startswith("https://eng.kavkaz-uzel.eu/articles/")


@pytest.mark.parametrize("markup", ("classic", "plain"))
@pytest.mark.parametrize("name", LISTINGS)
def test_real_listing_texts(name: str, markup: str):
    url, lines = sample(shared_path() / name)
    expected = expected_listing(lines)
    record = parse_listing(url, render_listing(lines, markup))
    assert len(record["items"]) == expected["items"]
    assert all(item["url"].startswith("https://eng.kavkaz-uzel.eu/articles/") for item in record["items"])
    dates = [item["published_at"] for item in record["items"]]
    assert dates == sorted(dates, reverse=True), "newest first"
    featured = [item for item in record["items"] if item["title"] in expected["featured"]]
    assert len(featured) == len(expected["featured"])
    assert all(item["lead"] for item in featured)


@pytest.mark.parametrize("name", [p for p in LISTINGS if p not in ABSENT][:1] or ABSENT)
def test_real_texts_kind_detection(name: str):
    url, lines = sample(shared_path() / name)
    assert parse_page(url, render_listing(lines, "classic"))["kind"] == "listing"
    article = Path(shared_path() / ARTICLES[0])
    url, lines = sample(article)
    assert parse_page(None, render_article(lines, "plain"))["kind"] == "article"
