"""One record: the definition (crawler/record.py), the store's columns and docs/record.md agree."""

from __future__ import annotations

from pathlib import Path

from crawler.parsers import parse_article, parse_listing
from crawler.record import (
    ARTICLE_COLUMN_FIELDS,
    CONTENT_FIELDS,
    Article,
    Listing,
    ListingEntry,
    SidebarEntry,
    render_doc,
)
from crawler.store import ARTICLE_COLUMNS, BOOKKEEPING_COLUMNS, VERSION_COLUMNS, Store

DOC = Path(__file__).resolve().parents[1] / "docs" / "record.md"


def test_docs_record_md_is_generated_from_the_definition():
    text = DOC.read_text(encoding="utf-8")
    assert render_doc(text) == text, "run: python -m crawler.record docs/record.md"
    for name in Article.fields:
        assert f"| `{name}` |" in text


def test_the_store_has_a_column_for_every_stored_field_and_nothing_else(tmp_path):
    assert set(ARTICLE_COLUMNS) == set(ARTICLE_COLUMN_FIELDS) | set(BOOKKEEPING_COLUMNS)
    assert set(CONTENT_FIELDS) <= set(VERSION_COLUMNS)
    with Store(tmp_path / "k.db") as store:
        columns = {row[1] for row in store.connection.execute("pragma table_info(articles)")}
    assert columns == set(ARTICLE_COLUMNS)


def test_parsers_fill_every_field_of_their_record_and_nothing_else():
    record = parse_article("https://eng.kavkaz-uzel.eu/articles/5", "<html><body><h1>Title</h1></body></html>")
    assert isinstance(record, Article)
    parsed_fields = set(Article.fields) - {"fetched_url", "fetched_at", "http_status", "content_hash"}
    assert set(record.keys()) == parsed_fields
    listing = parse_listing("https://eng.kavkaz-uzel.eu/rubric/10",
                            '<html><body><p>March 09, 2019 09:28</p><p><a href="/articles/9">T</a></p></body></html>')
    assert isinstance(listing, Listing) and set(listing.keys()) == set(Listing.fields)
    assert set(listing["items"][0]) == set(ListingEntry.fields)


def test_sidebar_entries_have_exactly_their_fields():
    html = ("<html><body><p>01 May 2020, 08:36</p><h1>A headline</h1><p>A lead.</p><p>All news</p>"
            '<p>May 01, 2020 09:00</p><p><a href="/articles/77">Other</a></p><p>Its lead.</p></body></html>')
    record = parse_article("https://eng.kavkaz-uzel.eu/articles/5", html)
    assert record["sidebar"] and set(record["sidebar"][0]) == set(SidebarEntry.fields)
