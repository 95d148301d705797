"""Layout independence: every variant of every fixture page (tests/fixtures/variants.py) parses to the same record,
with no warning — in English and Russian. The real texts of ../shared get the same treatment (`realtext`)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.parsers import parse_article
from tests.conftest import shared_path
from tests.fixtures.samples import PAGES, expected_article, sample
from tests.fixtures.variants import CHOICES, DEFAULTS, legal, random_choices, render_variant

FIELDS = ("url", "article_id", "lang", "headline", "lead", "body", "published_at", "published_at_raw", "authors",
          "source", "image_caption", "original_url", "original_published_at", "translation", "labels", "banner")
OWN = sorted(p.name for p in PAGES.glob("*.txt") if "_listing_" not in p.name)
SWEEP = 300  # random variants per page in the sweep (plus Hypothesis' own examples)


def _reference(path) -> tuple[str, list[str], dict]:
    url, lines = sample(path)
    page_url, html = render_variant(url, lines, DEFAULTS)
    record = parse_article(page_url, html)
    assert record["warnings"] == [], record["warnings"]
    expected = expected_article(lines)
    assert record["headline"] == expected["headline"]
    assert (record["body"] or "").split("\n\n") == expected["paragraphs"]
    assert (record["authors"], record["source"]) == (expected["authors"], expected["source"])
    return url, lines, record


def _differences(record, reference, choices) -> list[str]:
    problems = [f"{name}: {record[name]!r} != {reference[name]!r}" for name in FIELDS
                if record[name] != reference[name]]
    if bool(record["image_url"]) != bool(reference["image_url"]):
        problems.append(f"image_url: {record['image_url']!r} vs {reference['image_url']!r}")
    sidebar = [(i["title"], i["article_id"], i["published_at"], i["lead"]) for i in record["sidebar"]]
    expected_sidebar = [(i["title"], i["article_id"], i["published_at"], i["lead"]) for i in reference["sidebar"]]
    if sidebar != expected_sidebar:
        problems.append(f"sidebar: {sidebar} != {expected_sidebar}")
    if record["warnings"]:
        problems.append(f"warnings: {record['warnings']}")
    return problems


REFERENCES = {name: _reference(PAGES / name) for name in OWN}
choice_strategy = st.fixed_dictionaries({name: st.sampled_from(options) for name, options in CHOICES.items()})


@pytest.mark.parametrize("name", OWN)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(choices=choice_strategy, seed=st.integers(0, 1000))
def test_every_variant_gives_the_same_record(name, choices, seed):
    url, lines, reference = REFERENCES[name]
    choices = legal(choices)
    page_url, html = render_variant(url, lines, choices, seed)
    problems = _differences(parse_article(page_url, html), reference, choices)
    assert not problems, f"{choices}\n" + "\n".join(problems)


def test_thousands_of_random_variants(request):
    failures, count = [], 0
    rng = random.Random(2026)
    for name in OWN:
        url, lines, reference = REFERENCES[name]
        for _ in range(SWEEP):
            choices = random_choices(rng)
            seed = rng.randrange(10_000)
            page_url, html = render_variant(url, lines, choices, seed)
            count += 1
            problems = _differences(parse_article(page_url, html), reference, choices)
            if problems:
                failures.append(f"{name} {choices} seed={seed}: {problems[:2]}")
    assert count >= 3000
    assert not failures, f"{len(failures)} of {count} variants differ:\n" + "\n".join(failures[:5])


def _real_pages() -> list[str]:
    root = shared_path()
    found = sorted(str(p.relative_to(root)) for p in root.glob("samples/en_article_*.txt"))
    found += sorted(str(p.relative_to(root)) for p in root.glob("seed/*.txt"))
    return found or ["(../shared absent)"]


@pytest.mark.realtext
@pytest.mark.parametrize("name", _real_pages())
def test_real_texts_in_every_variant(name):
    path = shared_path() / name
    url, lines = sample(path)
    page_url, html = render_variant(url, lines, DEFAULTS)
    reference = parse_article(page_url, html)
    expected = expected_article(lines)
    assert (reference["body"] or "").split("\n\n") == expected["paragraphs"] or not expected["paragraphs"]
    rng = random.Random(name)
    failures = []
    for _ in range(120):
        choices = random_choices(rng)
        seed = rng.randrange(10_000)
        variant_url, variant = render_variant(url, lines, choices, seed)
        problems = _differences(parse_article(variant_url, variant), reference, choices)
        if problems:
            failures.append(f"{choices} seed={seed}: {problems[:2]}")
    assert not failures, f"{len(failures)} of 120 differ:\n" + "\n".join(failures[:5])
