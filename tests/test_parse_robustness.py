"""Property tests: whatever the input, the parsers return a record with warnings, quickly, and never raise."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.demo.archive import DemoArchive
from crawler.parsers import parse_article, parse_listing, parse_page

ARCHIVE = DemoArchive(seed=3, articles=50)
PAGES = [ARCHIVE.render(f"/articles/{i}")[1] for i in ARCHIVE.live_ids[:20]]
TAGS = st.sampled_from(["p", "div", "h1", "h2", "time", "br", "li", "aside", "nav", "footer", "a", "figure", "span"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=5000))
def test_random_bytes(data):
    record = parse_page(None, data)
    assert isinstance(record["warnings"], list)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PAGES), st.floats(0, 1))
def test_truncated_pages(page, share):
    record = parse_article("https://eng.kavkaz-uzel.eu/articles/5", page[: int(len(page) * share)])
    assert record["article_id"] == 5
    assert all(record[name] is None or isinstance(record[name], str) for name in ("headline", "body", "lead"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(TAGS, st.text(max_size=80)), max_size=60))
@example([("p", "²"), ("p", "0"), ("div", "0\r0")])  # `²`.isdigit() is true, int('²') raises (found by this test)
@example([("p", "1"), ("p", "мая"), ("p", "²²²²")])
def test_random_markup(elements):
    html = "".join(f"<{tag}>{text}" for tag, text in elements)
    parse_article(None, html)
    parse_listing("https://eng.kavkaz-uzel.eu/rubric/10", html)


@pytest.mark.timeout(60)  # "never hangs": a hang fails the test instead of the suite
def test_huge_and_deeply_nested_inputs_finish():
    huge = PAGES[0].replace("</body>", "<!--" + "x" * 20_000_000 + "--></body>")
    assert parse_article("https://eng.kavkaz-uzel.eu/articles/1", huge)["article_id"] == 1
    deep = "<div>" * 50_000 + "text" + "</div>" * 50_000
    parse_article(None, deep)
    many = "<p>01 May 2020, 08:36</p>" + "<p>line *</p>" * 100_000
    assert parse_article(None, many)["published_at"] == "2020-05-01T08:36:00+03:00"
