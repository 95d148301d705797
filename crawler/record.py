"""The records of kavkaz, each defined once: what a parser returns, what pipelines pass on, what the store keeps.

- `Article`: one article page (the item a crawl yields; `scrapy crawl en_archive -O x.jsonl` writes these).
- `Listing` with its `ListingEntry`s, and the `SidebarEntry`s of an article: what listing pages and sidebars show.
- `PageFailure`: a page that could not be fetched or parsed (with its raw HTML when there was one).
- `RawPage`: a response as fetched, kept for `kavkaz reparse` and WARC export.

Each field says, in its metadata, its type (`type`), what it means (`doc`) and how the store keeps it:
`content` (hashed, versioned and searched), `column` (an `articles` column, JSON text for lists) or neither.
The store's columns and the tables of docs/record.md are generated from here (`python -m crawler.record`), and a
test checks that the three agree. Entries inside a record (listing items, sidebar items) are plain dicts with
exactly the fields of their class, so that the stored JSON stays plain.
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

from scrapy import Field, Item


def _field(type_: str, doc: str, *, content: bool = False, column: bool = True) -> Field:
    return Field(type=type_, doc=doc, content=content, column=column or content)


class Article(Item):
    """One article, as read from its page."""

    kind = _field('`"article"` / `"blog_post"`', "a reader blog post (`/blogs/<blog>/posts/<post>`, Russian site) is "
                  "stored apart, in `blog_posts`, never among the articles", column=False)
    url = _field("str", "canonical: `https://eng.kavkaz-uzel.eu/articles/<id>` (EN) or "
                 "`https://www.kavkaz-uzel.eu/articles/<id>` (RU), whatever mirror, scheme, `www.` or trailing slash "
                 "the page was fetched from (`crawler.urls`)")
    article_id = _field("int", "from the URL (a blog post: its post id)")
    blog_id = _field("int / null", "a blog post's blog (`blog_posts` column)", column=False)
    lang = _field('`"en"` / `"ru"`', "from the host; for a host not of the site, from the text (Cyrillic headline "
                  "→ `ru`)")
    headline = _field("str / null", "the article's title, as published", content=True)
    lead = _field("str / null", "the first paragraph of the article text", content=True)
    body = _field("str / null", 'every paragraph of the article text, lead included, in order, joined by `"\\n\\n"`; '
                  "sub-headings are paragraphs of their own. Nothing else: no caption, date line, headline, "
                  "footnotes, provenance line, byline, banners, call-to-action, comment widget, \"All news\", "
                  "sidebar, navigation", content=True)
    published_at = _field("str / null", "ISO 8601 with the offset that `Europe/Moscow` had on that date: "
                          "`2020-05-01T08:36:00+03:00`, `2009-05-21T21:00:00+04:00`, `2012-01-10T09:00:00+04:00`",
                          content=True)
    published_at_raw = _field("str / null", "the date line as shown: `01 May 2020, 08:36`, `21:00, 21 May 2009`, "
                              "`11:14 / 23.09.2004` (Russian mobile form), JSON-LD's `datePublished` when the page "
                              "shows no date (AMP). Not a content field: the same article fetched in another form or "
                              "layout is unchanged")
    authors = _field("list[str]", "names from the `Author:` line, split on `,` `;` ` and `; `[]` when none. A "
                     "trailing `CK correspondent(s)` part is the source, not an author (`Author: Zaur Rasulzade, CK "
                     "correspondent` → authors `[\"Zaur Rasulzade\"]`, source `CK correspondent`)", content=True)
    source = _field("str / null", "from `Source:` (or the trailing part above), whitespace collapsed, a Cyrillic "
                    "`С` in `СK` normalised to Latin `CK`; otherwise as published (`Specially for \"Caucasian "
                    "Knot\"`)", content=True)
    image_url = _field("str / null", "the article's main image, made absolute against the canonical URL",
                       content=True)
    image_caption = _field("str / null", "its caption text", content=True)
    original_url = _field("str / null", "the Russian original, canonical RU URL "
                          "(`https://www.kavkaz-uzel.eu/articles/420230`), from the \"Translated automatically … "
                          "from <url>\" line or the link of the provenance line", content=True)
    original_article_id = _field("int / null", "the id of the Russian original, from `original_url` (the EN → RU "
                                 "bridge: view `translation_pairs`)")
    original_published_at = _field("str / null", "from `originally published … on April 30, 2020 at 08:13 pm MSK` "
                                   "→ `2020-04-30T20:13:00+03:00`", content=True)
    translation = _field('`"machine"` / `"human"` / null', '`machine` for "Translated automatically via Google '
                         'translate"; `human` when the page cites a Russian original in any other way ("originally '
                         'published on the Russian page…", "Full text of the article is available on the Russian '
                         'page…"); null otherwise', content=True)
    labels = _field("list[obj]", "see Labels below", content=True)
    banner = _field("str / null", "the site-wide Russian foreign-agent banner (variant A or B, as published), else "
                    "null")
    sidebar = _field("list[obj]", "latest-news items (`SidebarEntry` below); not in the manifest (it depends on the "
                     "crawl day)")
    rubrics = _field("list[str]", "names shown by links to `/rubric/…` or `/category/…` in the article's breadcrumbs "
                     "or tag rows (not the navigation); not in the manifest")
    regions = _field("list[str]", "regions linked from the breadcrumbs or tag rows, by their canonical English name "
                     "(`Dagestan` for `Дагестан` too); not in the "
                     "manifest")
    casualties = _field("dict / null", "a casualty-statistics report's figures (docs/casualties.md): `{\"period\": {\"kind\", "
                        "\"start\", \"end\"}, \"rows\": [{\"region\", \"side\", \"victims\", \"killed\", \"wounded\", "
                        "\"at_least\", \"quote\"}], \"warnings\": [...]}`; null for any other article. Also in the "
                        "`casualties` table, one row per figure")
    parser_version = _field("str", "the parser that produced the record (e.g. `en-classic/1`)")
    warnings = _field("list[str]", "one string per field that could not be found, whose signals disagreed "
                      "(`headline: <h1> 'A' != og:title 'B'`) or whose value rests on a single signal "
                      "(`authors: unconfirmed (only JSON-LD author)`)")
    evidence = _field("dict", "per assessed field (headline, published_at, lead, body, authors, source, original_url): "
                      "`{\"status\": \"confirmed\" | \"unconfirmed\" | \"disputed\" | \"missing\", \"signals\": [...], "
                      "\"against\": [...]}` — the signals of the page that support the stored value and those that "
                      "disagree (docs/parsing.md, \"Evidence\"); also `charset` (the charset chosen and why) and `layout` "
                      "(the learned layout the page was read with)")
    fetched_url = _field("str / null", "crawl: the URL actually fetched (a mirror or a local server)")
    fetched_at = _field("str / null", "crawl: when it was fetched (UTC, ISO 8601); stored as `last_fetched_at`",
                        column=False)
    http_status = _field("int / null", "crawl: the HTTP status of the response")
    content_hash = _field("str / null", "sha256 of the content fields (set by the deduplicate pipeline)")


class SidebarEntry(Item):
    """An item of an article page's latest-news sidebar."""

    title = _field("str", "the linked title")
    url = _field("str", "canonical article URL")
    article_id = _field("int", "from the URL")
    published_at = _field("str / null", "ISO 8601, Moscow offset")
    lead = _field("str / null", "the lead under the title, when shown")


class ListingEntry(Item):
    """An item of a listing page (rubric, category, region)."""

    url = _field("str", "canonical article URL")
    article_id = _field("int", "from the URL")
    title = _field("str / null", "the linked title, when the page shows one")
    lead = _field("str / null", "the lead, when shown")
    published_at = _field("str / null", "ISO 8601, Moscow offset; null when the item shows no date")
    image_caption = _field("str / null", "the caption glued before the title of a featured item")


class Listing(Item):
    """A listing page."""

    kind = _field('`"listing"`', "")
    url = _field("str / null", "the page's URL")
    lang = _field('`"en"` / `"ru"`', "from the host")
    title = _field("str / null", "the listing's heading (`News`, `Stavropol region` …)")
    items = _field("list[obj]", "`ListingEntry` objects, newest first")
    next_page = _field("str / null", "absolute URL of the next page, on the page's own host")
    blog_posts = _field("list[str]", "canonical URLs of the reader blog posts the page links to (Russian site)")
    warnings = _field("list[str]", "what could not be found")


class PageFailure(Item):
    """A page that could not be fetched or parsed; kept in `failures` and retried by later runs."""

    url = _field("str", "canonical URL (the key)")
    fetched_url = _field("str / null", "the URL actually fetched")
    lang = _field("str / null", "language")
    article_id = _field("int / null", "for article pages")
    status = _field("int / null", "HTTP status, when there was a response")
    error = _field("str", "one line: what went wrong")


class RawPage(Item):
    """A response as fetched, for the `pages` table."""

    url = _field("str", "canonical URL")
    final_url = _field("str", "the URL the response came from")
    page_kind = _field("str", '`"article"` or `"listing"`')
    lang = _field("str", "language")
    article_id = _field("int / null", "for article pages")
    status = _field("int", "HTTP status")
    headers = _field("dict", "response headers")
    fetched_at = _field("str", "UTC, ISO 8601")
    body = _field("bytes", "the body as received")


def field_names(item_class: type[Item], **where: bool) -> tuple[str, ...]:
    """The field names of a record class, in definition order, optionally those whose metadata match `where`."""
    return tuple(name for name, meta in item_class.fields.items()
                 if all(bool(meta.get(key)) == value for key, value in where.items()))


def entry(item_class: type[Item], **values: Any) -> dict[str, Any]:
    """A plain dict with every field of `item_class` (unknown names raise KeyError)."""
    unknown = values.keys() - item_class.fields.keys()
    if unknown:
        raise KeyError(f"{item_class.__name__} has no field {sorted(unknown)[0]!r}")
    return dict.fromkeys(item_class.fields) | values


# The fields that make an article's content: hashed, versioned and searched. Everything else is metadata.
CONTENT_FIELDS = field_names(Article, content=True)
ARTICLE_COLUMN_FIELDS = field_names(Article, column=True)
LIST_FIELDS = tuple(name for name, meta in Article.fields.items() if meta["type"].startswith("list"))
# Fields stored as JSON text: the lists, and the evidence (an object).
JSON_FIELDS = (*LIST_FIELDS, *(name for name, meta in Article.fields.items() if meta["type"].startswith("dict")))


def content_hash(record: Any) -> str:
    """sha256 of the content fields only: a page whose sidebar or banner changed is still unchanged."""
    content = {name: record.get(name) for name in CONTENT_FIELDS}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def markdown_table(item_class: type[Item]) -> str:
    """The field table of docs/record.md for one record class."""
    lines = ["| field | type | rule |", "|---|---|---|"]
    for name, meta in item_class.fields.items():
        lines.append(f"| `{name}` | {meta['type']} | {meta['doc']} |")
    return "\n".join(lines)


DOC_CLASSES = (Article, SidebarEntry, Listing, ListingEntry, PageFailure, RawPage)


def generated_doc_sections() -> dict[str, str]:
    """`<!-- fields:Name -->` marker → the table that belongs there."""
    return {item_class.__name__: markdown_table(item_class) for item_class in DOC_CLASSES}


def render_doc(text: str) -> str:
    """docs/record.md with every generated table replaced by the current one."""
    import re

    for name, table in generated_doc_sections().items():
        pattern = re.compile(rf"(<!-- fields:{name} -->\n).*?(\n<!-- /fields -->)", re.S)
        text = pattern.sub(lambda m, t=table: m.group(1) + t + m.group(2), text)
    return text


if __name__ == "__main__":  # python -m crawler.record docs/record.md: regenerate the tables in place
    from pathlib import Path

    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/record.md")
    path.write_text(render_doc(path.read_text(encoding="utf-8")), encoding="utf-8")
