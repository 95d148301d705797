"""Layouts nobody wrote a parser for (tests/fixtures/layouts.py), read page by page and learned from many pages:
nothing is stored silently wrong, and the learned layout reads every field right. Plus one test for each
situation the parsers issue named (a print corner, a class on <body>, 12-hour and day-first dates, windows-1251,
microdata, labels in separate elements, any web archive) and the property that ties single-page and many-page
parsing together."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from crawler.demo.archive import DemoArchive
from crawler.parsers import parse_article
from crawler.parsers.profile import learn_profiles
from tests.fixtures.layouts import LAYOUTS, NOT_SHOWN, SIDEBARS, WITHOUT_TEMPLATE, WORDS
from tests.fixtures.samples import PAGES, sample
from tests.fixtures.variants import random_choices, render_variant

FIELDS = ("headline", "published_at", "lead", "body", "authors", "source", "original_url")
URL = "https://eng.kavkaz-uzel.eu/articles/60001"
H = "Court in Magas leaves two protesters in custody"
L = "The Magas District Court has extended the arrest of two participants of the March protest."
S = "The defence intends to appeal against the decision, the advocate said."


def _pages(lang: str, layout: str, count: int = 12) -> list[tuple[str, bytes, str, dict]]:
    archive = DemoArchive(seed=11, articles=120, lang=lang)
    rng = random.Random(layout)
    pages = []
    for article_id in archive.live_ids[:count]:
        article = archive.article(article_id)
        expected = article.record()
        html, content_type = LAYOUTS[layout](expected, lang, rng)
        pages.append((article.url, html if isinstance(html, bytes) else html.encode(), content_type, expected))
    return pages


def _verdicts(record: dict, expected: dict, layout: str = "") -> dict[str, str]:
    """Per field: right, flagged (wrong, with a warning naming the field) or silent (wrong, no warning)."""
    verdicts = {}
    for name in FIELDS:
        if name in NOT_SHOWN.get(layout, ()):
            continue
        want = expected[name] if expected[name] is not None or name != "authors" else []
        if record[name] == want:
            verdicts[name] = "right"
        else:
            verdicts[name] = "flagged" if any(w.startswith(f"{name}:") for w in record["warnings"]) else "silent"
    return verdicts


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_an_unseen_layout_is_never_read_silently_wrong_and_learning_it_reads_it_right(layout, lang):
    pages = _pages(lang, layout)
    profile = learn_profiles((url, html) for url, html, _, _ in pages)
    assert profile.layouts or layout in WITHOUT_TEMPLATE, "twelve pages of one layout are enough to learn it"
    for url, html, content_type, expected in pages:
        alone = _verdicts(parse_article(url, html, content_type=content_type), expected, layout)
        assert "silent" not in alone.values(), (url, alone)
        learned = parse_article(url, html, content_type=content_type, profile=profile)
        verdicts = _verdicts(learned, expected, layout)
        assert set(verdicts.values()) == {"right"}, (url, verdicts, learned["warnings"])
        assert layout in WITHOUT_TEMPLATE or learned["evidence"]["layout"]["pages"] >= 4
        if layout in SIDEBARS:  # a list of other articles, dated, in this layout's own structure
            for record in (learned, parse_article(url, html, content_type=content_type)):
                assert len(record["sidebar"]) == SIDEBARS[layout], (url, record["sidebar"])
                assert all(item["published_at"] and item["title"] for item in record["sidebar"]), record["sidebar"]


@pytest.mark.parametrize("seed", range(6))
def test_single_and_many_page_parses_agree_or_the_difference_is_flagged(seed):
    """The property: every fixture page rendered in one random layout (tests/fixtures/variants.py), read alone and
    read among the others of that layout, gives the same value, or the page read alone carries a warning on each
    field where they differ."""
    choices = random_choices(random.Random(seed))
    pages = []
    for path in sorted(PAGES.glob("en_*.txt")):
        if "_listing_" not in path.name:
            url, lines = sample(path)
            pages.append(render_variant(url, lines, choices, seed=seed))
    profile = learn_profiles(pages)
    for page_url, html in pages:
        alone, learned = parse_article(page_url, html), parse_article(page_url, html, profile=profile)
        for name in FIELDS:
            if alone[name] != learned[name]:
                assert any(w.startswith(f"{name}:") for w in alone["warnings"]), (page_url, name, choices)


def test_a_print_corner_and_its_title_are_never_the_headline():
    html = ('<html><head><title>Caucasian Knot - Print version</title></head><body><table><tr><td>Print version</td>'
            f'</tr><tr><td><div>21 May 2009, 21:00</div><div><b>{H}</b></div><p>{L}</p><p>{S}</p></td></tr></table>'
            '</body></html>')
    record = parse_article(URL, html)
    assert record["headline"] == H
    assert record["evidence"]["headline"]["status"] == "confirmed", record["evidence"]["headline"]


def test_a_class_on_body_never_removes_the_article():
    html = (f'<html><body class="home has-sidebar"><main><h1>{H}</h1><div>01 May 2020, 08:36</div><p>{L}</p>'
            f'<p>{S}</p></main><aside><div>September 18, 2024 23:47</div><a href="/articles/70001">Other story</a>'
            '</aside></body></html>')
    record = parse_article(URL, html)
    assert (record["headline"], record["body"]) == (H, f"{L}\n\n{S}")
    assert [item["article_id"] for item in record["sidebar"]] == [70001]


@pytest.mark.parametrize("shown, machine, expected", [
    ("21.05.2009 21:00", None, "2009-05-21T21:00:00+04:00"),
    ("May 21, 2009, 9:00 PM", "2009-05-21T17:00:00Z", "2009-05-21T21:00:00+04:00"),
    ("Thursday, May 21, 2009 at 9:00 p.m.", None, "2009-05-21T21:00:00+04:00"),
    ("9:00 pm, 21 May 2009", None, "2009-05-21T21:00:00+04:00"),
    ("29 декабря 2014 г. в 13:24", None, "2014-12-29T13:24:00+03:00"),
    ("2012-01-10 09:00", "2012-01-10T05:00:00Z", "2012-01-10T09:00:00+04:00"),
])
def test_dates_in_any_grammar_are_read_and_cross_checked(shown, machine, expected):
    head = (f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "datePublished": machine})}'
            '</script>') if machine else ""
    html = f"<html><head>{head}</head><body><article><h1>{H}</h1><div>{shown}</div><p>{L}</p></article></body></html>"
    record = parse_article(URL, html)
    assert record["published_at"] == expected
    assert not any(w.startswith("published_at") for w in record["warnings"]), record["warnings"]
    if machine:
        assert "JSON-LD datePublished" in record["evidence"]["published_at"]["signals"]


def test_a_machine_time_that_disagrees_is_a_warning_never_a_silent_choice():
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2009-05-21T09:00:00Z"}</script>'
    html = f"<html><head>{head}</head><body><article><h1>{H}</h1><div>May 21, 2009, 9:00 PM</div><p>{L}</p></article>"
    record = parse_article(URL, html + "</body></html>")
    assert record["evidence"]["published_at"]["status"] == "disputed"
    assert any(w.startswith("published_at: visible") for w in record["warnings"])


def test_relative_and_partial_dates_are_refused():
    from crawler.dates import parse_date

    assert parse_date("2 hours ago") is None and parse_date("May 21") is None and parse_date("вчера, 14:00") is None


@pytest.mark.parametrize("encoding, content_type", [("cp1251", None), ("cp1251", "text/html; charset=utf-8"),
                                                    ("koi8-r", "text/html")])
def test_russian_pages_in_old_charsets_read_as_russian(encoding, content_type):
    headline = "Суд в Магасе оставил под стражей двух участников протеста"
    declared = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">' if encoding == "cp1251" \
        else ""
    html = (f"<html><head>{declared}</head><body><div>29 декабря 2014, 13:24</div><h1>{headline}</h1>"
            "<p>Магасский районный суд продлил арест двум участникам мартовского протеста.</p></body></html>")
    record = parse_article("https://www.kavkaz-uzel.eu/articles/300001", html.encode(encoding),
                           content_type=content_type)
    assert record["headline"] == headline
    assert record["evidence"]["charset"]["value"] in ("cp1251", "windows-1251", "koi8-r")


def test_microdata_marks_body_and_author():
    html = (f'<html><body><div itemscope itemtype="https://schema.org/NewsArticle"><h2 itemprop="headline">{H}</h2>'
            '<span itemprop="author">Ilyas Kodzoev</span> <time itemprop="datePublished" '
            'datetime="2022-05-03T11:20:00+03:00">May 3</time>'
            f'<div itemprop="articleBody"><p>{L}</p><p>{S}</p></div></div></body></html>')
    record = parse_article(URL, html)
    assert record["authors"] == ["Ilyas Kodzoev"] and record["body"] == f"{L}\n\n{S}"
    assert record["published_at"] == "2022-05-03T11:20:00+03:00"


@pytest.mark.parametrize("byline", [
    "<dl><dt>Author</dt><dd>Emma Marzoeva</dd><dt>Source</dt><dd>CK correspondent</dd></dl>",
    '<div><span>Author</span><span>Emma Marzoeva</span></div><div><span>Source</span><span>CK correspondent</span></div>',
    "<table><tr><td>Author</td><td>Emma Marzoeva</td></tr><tr><td>Source</td><td>CK correspondent</td></tr></table>",
])
def test_labels_and_values_in_separate_elements_are_a_byline(byline):
    html = f"<html><body><div><div>01 May 2020, 08:36</div><h1>{H}</h1><p>{L}</p><p>{S}</p>{byline}</div></body></html>"
    record = parse_article(URL, html)
    assert (record["authors"], record["source"]) == (["Emma Marzoeva"], "CK correspondent")
    assert record["body"] == f"{L}\n\n{S}", "the two lines are not text"


@pytest.mark.parametrize("archived", ["https://archive.ph/o/AbCd1/https://www.kavkaz-uzel.eu/articles/348552/",
                                      "https://archive.is/20200501083600/https://www.kavkaz-uzel.eu/articles/348552",
                                      "/web/20200501083600/https://www.kavkaz-uzel.eu/articles/348552"])
def test_links_rewritten_by_any_web_archive_keep_the_russian_original(archived):
    provenance = ("This article was originally published on the Russian page of 24/7 Internet agency ‘Caucasian "
                  f"Knot’ on April 30, 2020 at 08:13 pm MSK. To access the full text of the article, "
                  f'<a href="{archived}">click here</a>.')
    html = (f"<html><body><div><div>01 May 2020, 08:36</div><h1>{H}</h1><p>{L}</p><p>{provenance}</p>"
            "<div>20 captures 1 May 2020 - 3 Jun 2022</div></div></body></html>")
    record = parse_article("https://archive.ph/o/AbCd1/https://eng.kavkaz-uzel.eu/articles/50763", html)
    assert record["article_id"] == 50763
    assert record["original_url"] == "https://www.kavkaz-uzel.eu/articles/348552"
    assert record["published_at"] == "2020-05-01T08:36:00+03:00", "the archive's capture dates are not the article's"


def test_kavkaz_parse_reads_many_files_as_one_site(tmp_path):
    pages = _pages("en", "cms_sidebar", 8)
    arguments = []
    for number, (url, html, _, _) in enumerate(pages):
        path = tmp_path / f"{number}.html"
        path.write_bytes(html)
        arguments += [str(path), "--url", url]
    files = [a for a in arguments if a.endswith(".html")]
    urls = [a for a in arguments if a.startswith("http")]
    result = subprocess.run([sys.executable, "-m", "crawler", "parse", *files, *[x for u in urls for x in ("--url", u)]],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article_id"] for r in records] == [p[3]["article_id"] for p in pages], "in input order"
    for record, (_, _, _, expected) in zip(records, pages, strict=True):
        assert set(_verdicts(record, expected).values()) == {"right"}, _verdicts(record, expected)
    folder = subprocess.run([sys.executable, "-m", "crawler", "parse", str(tmp_path)], capture_output=True, text=True,
                            timeout=120)
    assert folder.returncode == 0 and len(folder.stdout.splitlines()) == len(pages)
    too_many = subprocess.run([sys.executable, "-m", "crawler", "parse", files[0], "--url", urls[0], "--url", urls[1]],
                              capture_output=True, text=True, timeout=60)
    assert too_many.returncode == 2 and "at most one URL per file" in too_many.stderr


@pytest.mark.parametrize("row, authors", [("by Emma Marzoeva and Inna Kukudzhanova", ["Emma Marzoeva", "Inna Kukudzhanova"]),
                                          ("Switch to dark mode", [])])
def test_a_row_between_the_header_and_the_text_is_a_byline_or_a_doubt_never_the_lead(row, authors):
    html = (f"<html><body><article><h1>{H}</h1><div>01 May 2020, 08:36</div><div>{row}</div><p>{L}</p><p>{S}</p>"
            "</article></body></html>")
    record = parse_article(URL, html)
    assert record["authors"] == authors
    if authors:
        assert (record["lead"], record["body"]) == (L, f"{L}\n\n{S}")
    else:  # nothing says what the row is: kept, and both fields say their start is in doubt
        assert record["evidence"]["lead"]["status"] == record["evidence"]["body"]["status"] == "disputed"


def test_a_first_crawl_reads_its_doubtful_pages_again_once_it_has_learned_the_layout(tmp_path):
    """A first crawl of a site in a layout nobody wrote a parser for (a subscription box between paragraphs) reads
    each page alone: the box lands in the text, flagged. At its end the run learns the layout from its own pages and
    reads the flagged ones again: the stored records are right and no longer flagged."""
    from tests.crawling import crawl, last_run, rows, serve

    archive = DemoArchive(seed=11, articles=60, lang="en")
    rng = random.Random("first crawl")
    # (a box in words no rule knows: `Subscribe to our …` is dropped even from a single page)
    pages = {f"/articles/{i}": LAYOUTS["cms_sidebar"](archive.article(i).record(), "en", rng)[0].replace(
        WORDS["en"]["subscribe"], "Our channel in Telegram brings the news first, every day of the week").encode()
             for i in archive.live_ids}

    def answer(path: str, attempt: int):
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n", 0
        if path in pages:
            return 200, "text/html; charset=utf-8", pages[path], 0
        return 404, "text/html", b"<html><body>Not found</body></html>", 0

    db = tmp_path / "k.db"
    with serve(answer) as base:
        crawl(base, db, "--mode", "ids", "--ids", "1-60", check=True)
    assert last_run(db)["status"] == "finished"
    stored = rows(db, "select article_id, body, warnings, evidence from articles")
    assert len(stored) == len(archive.live_ids) > 40
    wrong = [r["article_id"] for r in stored if r["body"] != archive.article(r["article_id"]).record()["body"]]
    assert not wrong, f"{len(wrong)} bodies kept the single-page reading: {wrong[:5]}"
    assert all("layout" in json.loads(r["evidence"]) for r in stored), "read with the learned layout"
    assert not [r for r in stored if "body:" in r["warnings"]]


@pytest.mark.parametrize("row", ["By Emma Marzoeva | 01 May 2020, 08:36 | Print",
                                 "Author: Emma Marzoeva | Source: CK correspondent"])
def test_a_byline_inside_a_row_of_items_is_read_apart_from_the_row(row):
    dated = "01 May 2020" in row
    html = (f"<html><body><article><div>{row}</div><h1>{H}</h1>{'' if dated else '<div>01 May 2020, 08:36</div>'}"
            f"<p>{L}</p><p>{S}</p></article></body></html>")
    record = parse_article(URL, html)
    assert record["authors"] == ["Emma Marzoeva"]
    assert record["published_at"] == "2020-05-01T08:36:00+03:00"
    assert record["body"] == f"{L}\n\n{S}"
