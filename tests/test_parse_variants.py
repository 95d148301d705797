"""Layout independence: every variant of every fixture page (tests/fixtures/variants.py) parses to the same record,
with no warning — in English and Russian. The real texts of ../shared get the same treatment (`realtext`)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.parsers import parse_article, parse_listing
from tests.conftest import shared_path
from tests.fixtures.samples import PAGES, expected_article, hard_warnings, sample
from tests.fixtures.variants import CHOICES, DEFAULTS, legal, random_choices, render_variant, served

FIELDS = ("url", "article_id", "lang", "headline", "lead", "body", "published_at", "published_at_raw", "authors",
          "source", "image_caption", "original_url", "original_published_at", "translation", "labels", "banner")
OWN = sorted(p.name for p in PAGES.glob("*.txt") if "_listing_" not in p.name)
SWEEP = 300  # random variants per page in the sweep (plus Hypothesis' own examples)


def _reference(path) -> tuple[str, list[str], dict]:
    url, lines = sample(path)
    page_url, html = render_variant(url, lines, DEFAULTS)
    record = parse_article(page_url, html)
    assert hard_warnings(record) == [], record["warnings"]  # (soft: `unconfirmed`, e.g. a marker with no footnote)
    expected = expected_article(lines)
    assert record["headline"] == expected["headline"]
    assert (record["body"] or "").split("\n\n") == expected["paragraphs"]
    assert (record["authors"], record["source"]) == (expected["authors"], expected["source"])
    return url, lines, record


def _differences(record, reference, choices) -> list[str]:
    shown_as_is = choices.get("date_form", "as-is") == "as-is"  # else the raw date is the variant's own
    problems = [f"{name}: {record[name]!r} != {reference[name]!r}" for name in FIELDS
                if record[name] != reference[name] and (shown_as_is or name != "published_at_raw")]
    if bool(record["image_url"]) != bool(reference["image_url"]):
        problems.append(f"image_url: {record['image_url']!r} vs {reference['image_url']!r}")
    sidebar = [(i["title"], i["article_id"], i["published_at"], i["lead"]) for i in record["sidebar"]]
    expected_sidebar = [(i["title"], i["article_id"], i["published_at"], i["lead"]) for i in reference["sidebar"]]
    if sidebar != expected_sidebar:
        problems.append(f"sidebar: {sidebar} != {expected_sidebar}")
    if hard_warnings(record):
        problems.append(f"warnings: {hard_warnings(record)}")
    return problems


def _parse_served(url: str, html: str, choices: dict) -> dict:
    body, content_type = served(html, choices)
    return parse_article(url, body, content_type=content_type)


REFERENCES = {name: _reference(PAGES / name) for name in OWN}
choice_strategy = st.fixed_dictionaries({name: st.sampled_from(options) for name, options in CHOICES.items()})


@pytest.mark.parametrize("name", OWN)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(choices=choice_strategy, seed=st.integers(0, 1000))
def test_every_variant_gives_the_same_record(name, choices, seed):
    url, lines, reference = REFERENCES[name]
    choices = legal(choices)
    page_url, html = render_variant(url, lines, choices, seed)
    problems = _differences(_parse_served(page_url, html, choices), reference, choices)
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
            problems = _differences(_parse_served(page_url, html, choices), reference, choices)
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
        problems = _differences(_parse_served(variant_url, variant, choices), reference, choices)
        if problems:
            failures.append(f"{choices} seed={seed}: {problems[:2]}")
    assert not failures, f"{len(failures)} of 120 differ:\n" + "\n".join(failures[:5])


LISTING_CHOICES = {"date": ("before", "after", "inline"), "container": ("ul", "div", "table"),
                   "classes": ("known", "none"), "archive": (False, True), "heading": ("h1", "h2", "div")}


def render_listing_variant(url: str, lines: list[str], choices: dict) -> tuple[str, str]:
    """A listing page text as items of `date` + `• title` + lead, in another markup."""
    from html import escape

    from tests.fixtures.samples import LISTING_DATE

    items, index, heading = [], 0, None
    if lines and not LISTING_DATE.match(lines[0]) and not lines[0].startswith(("НАСТОЯЩИЙ", "×")):
        heading = lines[0]
    while index < len(lines):
        if LISTING_DATE.match(lines[index]):
            date, title, lead = lines[index], None, None
            nxt = lines[index + 1] if index + 1 < len(lines) else ""
            if nxt.startswith("•"):
                title = nxt[1:].strip()
                follow = lines[index + 2] if index + 2 < len(lines) else ""
                lead = follow if follow and not LISTING_DATE.match(follow) and not follow.startswith("•") \
                    and follow not in ("All news", "All articles") else None
            items.append((date, title or f"Item {len(items)}", lead))
        index += 1
    base = "https://web.archive.org/web/20220301/" if choices["archive"] else ""
    klass = (lambda name: f' class="{name}"') if choices["classes"] == "known" else (lambda name: "")
    rows = []
    for number, (date, title, lead) in enumerate(items):
        href = f"{base}https://caucasianknot.info/articles/{70000 + number}/" if base else f"/articles/{70000 + number}"
        link = f'<a href="{href}">{escape(title)}</a>'
        date_html = f"<span{klass('date')}>{escape(date)}</span>"
        lead_html = f"<p>{escape(lead)}</p>" if lead else ""
        if choices["date"] == "before":
            inner = f"<div>{date_html}</div><div>{link}</div>{lead_html}"
        elif choices["date"] == "after":
            inner = f"<div>{link}</div><div>{date_html}</div>{lead_html}"
        else:
            inner = f"<div>{link} {date_html}</div>{lead_html}"
        tag = {"ul": "li", "div": "div", "table": "td"}[choices["container"]]
        row = f"<{tag}{klass('item')}>{inner}</{tag}>"
        rows.append(f"<tr>{row}</tr>" if tag == "td" else row)
    wrapper = {"ul": "ul", "div": "div", "table": "table"}[choices["container"]]
    title_html = f"<{choices['heading']}>{escape(heading)}</{choices['heading']}>" if heading else ""
    page_url = f"https://web.archive.org/web/20220301/{url}" if choices["archive"] else url
    return page_url, f"<html><body>{title_html}<{wrapper}>{''.join(rows)}</{wrapper}></body></html>"


def _listing_pages() -> list:
    own = sorted(PAGES.glob("*_listing_*.txt"))
    real = sorted(shared_path().glob("samples/en_listing_*.txt")) if shared_path().is_dir() else []
    return own + real


def test_listing_items_are_the_same_in_every_listing_variant():
    import itertools

    checked = 0
    for path in _listing_pages():
        url, lines = sample(path)
        reference = None
        for values in itertools.product(*LISTING_CHOICES.values()):
            choices = dict(zip(LISTING_CHOICES, values, strict=True))
            page_url, html = render_listing_variant(url, lines, choices)
            listing = parse_listing(page_url, html)
            got = [(i["article_id"], i["title"], i["published_at"], i["lead"]) for i in listing["items"]]
            if reference is None:
                reference = got
                assert got and all(item[2] for item in got), f"{path.name}: items with their dates"
            assert got == reference, f"{path.name} {choices}"
            checked += 1
    assert checked >= 2 * 72
