"""Russian pages in markups the parser was not written for, and Russian pages cut short.

The Russian demo articles (crawler/demo/content_ru.py: both desktop eras, labels, one or two authors, no byline,
photos) are written out as page texts and wrapped by the variant generator (tests/fixtures/variants.py) in
layouts of its own; every variant must give the manifest's record. Pages cut at any point never raise, and
what they do give is right."""

from __future__ import annotations

import random
import re

import pytest

from crawler.demo.archive import DemoArchive
from crawler.demo.content_ru import RuArticle
from crawler.parsers import parse_article
from tests.fixtures.samples import hard_warnings
from tests.fixtures.variants import legal, random_choices, render_variant, served

FIELDS = ("url", "headline", "lead", "body", "published_at", "published_at_raw", "authors", "source",
          "image_caption", "labels", "banner")
RUSSIAN = DemoArchive(seed=3, articles=2000, lang="ru")


def _pick() -> list[RuArticle]:
    """Articles that between them show every convention: labels, 0/1/2 authors, photos, both eras."""
    chosen: dict[str, RuArticle] = {}
    for article_id in range(1, RUSSIAN.max_id + 1):
        article = RUSSIAN.article(article_id)
        if article is None:
            continue
        markers = {label["marker"] for label in article.labels}
        for trait, has in (("labels", bool(article.labels)), ("second_marker", "**" in markers),
                           ("two_authors", len(article.authors) == 2), ("no_byline", article.byline is None),
                           ("source_only", article.source and not article.authors), ("photo", bool(article.image_path)),
                           ("2025", article.layout == "2025"), ("early", article.wall.year < 2005),
                           ("subheading", bool(article.subheadings))):
            if has and trait not in chosen:
                chosen[trait] = article
    assert len(chosen) == 9, sorted(chosen)
    return list(chosen.values())


ARTICLES = _pick()


def page_text(article: RuArticle) -> tuple[str, list[str]]:
    """The article as its desktop page text reads: caption / date / headline / banner / text / notes / byline."""
    lines = [article.image_caption] if article.image_caption else []
    lines += [article.date_line("desktop"), article.headline, article.banner("desktop"), *article.paragraphs,
              *article.footnotes, *(article.byline.split("\n") if article.byline else [])]
    return article.url, lines


@pytest.mark.parametrize("index", range(len(ARTICLES)))
def test_russian_pages_in_unknown_markups_give_the_manifest_record(index):
    article = ARTICLES[index]
    url, lines = page_text(article)
    expected = article.record()
    rng = random.Random(index)
    problems = []
    for variant in range(60):
        choices = legal(random_choices(rng))
        page_url, html = render_variant(url, lines, choices, seed=variant)
        body, content_type = served(html, choices)
        record = parse_article(page_url, body, content_type=content_type)
        raw_too = choices["date_form"] == "as-is"  # else the raw date is the variant's own
        wrong = [f"{name}: {record[name]!r} != {expected[name]!r}" for name in FIELDS
                 if record[name] != expected[name] and (raw_too or name != "published_at_raw")]
        if hard_warnings(record):
            wrong.append(f"warnings: {hard_warnings(record)}")
        if wrong:
            problems.append(f"variant {variant} {choices}: {wrong[:3]}")
    assert not problems, f"{len(problems)}/60 variants differ; first: {problems[0]}"


@pytest.mark.parametrize("form", ["desktop", "mirror", "m", "amp"])
def test_russian_pages_cut_short_never_raise_and_give_only_what_is_right(form):
    cuts = 0
    for article in ARTICLES:
        _, html = RUSSIAN.render(article.path, {}, form)
        full = article.record()
        for fraction in (0.15, 0.3, 0.45, 0.6, 0.75, 0.9):
            record = parse_article(article.url, html[: int(len(html) * fraction)])
            cuts += 1
            if record["headline"] is not None and record["headline"] != full["headline"]:
                # a page cut inside the headline shows a piece of it, never another text
                assert full["headline"].startswith(record["headline"]) or record["headline"] in full["body"], \
                    (form, fraction, record["headline"])
            assert record["published_at"] in (None, full["published_at"]), (form, fraction)
            paragraphs = (record["body"] or "").split("\n\n") if record["body"] else []
            whole = full["body"].split("\n\n")
            for position, paragraph in enumerate(paragraphs):
                if position < len(paragraphs) - 1:
                    assert paragraph in whole, (form, fraction, paragraph[:80])
                else:  # the last one may be cut, even inside a character reference (`&q`)
                    cut = re.sub(r"&[#\w]*$", "", paragraph)
                    assert any(p.startswith(cut) for p in whole), (form, fraction, paragraph[:80])
            for label in record["labels"]:
                assert label in full["labels"] or label["type"] == "unknown", (form, fraction, label)
    assert cuts == len(ARTICLES) * 6
