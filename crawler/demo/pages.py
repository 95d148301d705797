"""HTML of the demo archive's pages, in two markups (a classic ≈2014–2024 one and a 2025–26 one).

The markups differ in date format, block order, tags and class names. They carry no machine-readable copy of
the fields (no JSON-LD, no data attributes): a parser has to read the text, as on the real site.
"""

from __future__ import annotations

import random
from html import escape
from typing import TYPE_CHECKING

from crawler.demo.content import BANNER, Article, listing_date, modern_date

if TYPE_CHECKING:
    from crawler.demo.archive import DemoArchive

MIRRORS = ("https://caucasianknot.info", "http://www.eng.kavkaz-uzel.eu", "https://eng.kavkaz-uzel.media",
           "https://www.caucasianknot.org", "https://eng.kavkaz-uzel.eu")
OFFSITE = ('<a href="https://t.me/caucasian_knot">Telegram</a> <a href="https://www.youtube.com/@kavkazuzel">YouTube</a> '
           '<a href="https://www.facebook.com/caucasianknot">Facebook</a>')
CTA = ("<p>Know more? Do not be silent!</p>"
       '<p>Send a message, photo or video to the "Caucasian Knot" via messengers</p>'
       "<p>Photos and videos for publication must be sent via Telegram, using the «File» option, or via WhatsApp - "
       "using the «Document» option. The buttons work if Telegram and WhatsApp are installed. The contact number for "
       "Telegram and WhatsApp is +49 1577 2317856.</p>")
APP_BANNER = ('<div class="app-promo"><button>×</button><p>Кавказский узел</p>'
              "<p>Скачайте приложение — работает без VPN!</p><a href=\"#\">Скачать</a> <a href=\"#\">Скачать</a></div>")


def article_link(seed: int, article_id: int, context: str) -> str:
    """A link to an article in one of the forms the real pages use: relative or on a mirror, with or
    without the trailing slash."""
    rng = random.Random(f"{seed}:link:{context}:{article_id}")
    slash = "/" if rng.random() < 0.4 else ""
    if rng.random() < 0.4:
        return f"/articles/{article_id}{slash}"
    return f"{rng.choice(MIRRORS)}/articles/{article_id}{slash}"


def _page(title: str, body: str, lang: str = "en") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            '<link rel="stylesheet" href="/assets/application.css"><script>window.ku={};</script></head>'
            f"<body>{body}</body></html>\n")


def _menu() -> str:
    from crawler.demo.archive import CATEGORIES, REGIONS

    items = ['<li><a href="/rubric/10">News</a></li>', '<li><a href="/rubric/11">All news</a></li>']
    items += [f'<li><a href="/{slug}">{escape(name)}</a></li>' for slug, name in REGIONS.items()]
    items += [f'<li><a href="/category/{n}">{escape(name)}</a></li>' for n, name in CATEGORIES.items()]
    return f'<ul class="menu">{"".join(items)}</ul>'


def _paragraphs(article: Article, heading_tag: str) -> str:
    html = []
    for index, text in enumerate(article.paragraphs):
        if index in article.subheadings:
            html.append(f"<{heading_tag}>{escape(text)}</{heading_tag}>")
        else:
            html.append(f"<p>{escape(text)}</p>")
    return "".join(html)


def _byline(article: Article) -> str:
    return "<br>".join(escape(line) for line in (article.byline or "").split("\n"))


def _sidebar(archive: DemoArchive, modern: bool) -> str:
    items = []
    for item in archive.latest(5):
        link = article_link(archive.seed, item.article_id, "sidebar")
        date = modern_date(item.wall) if modern else listing_date(item.wall)
        items.append(f'<li><div class="time">{date}</div><a href="{link}">{escape(item.headline)}</a>'
                     f"<p>{escape(item.lead)}</p></li>")
    return "".join(items)


def render_redesign(archive: DemoArchive, article: Article) -> str:
    """A site redesign nobody wrote a parser for: the section name in <h1>, the title only in og:title and a
    <h3>, the date only as machine-readable time. A parser that trusts <h1> stores "News" as every headline
    unless it counts the disagreement (the demo server switches to it with `switch_layout_after`)."""
    iso = article.record()["published_at"]
    body = (f'<main><article><h1 class="section">News</h1><div class="lede"><h3>{escape(article.headline)}</h3>'
            f'<time datetime="{iso}"></time></div><div class="txt">{_paragraphs(article, "h4")}</div>'
            f'<div class="by">{_byline(article)}</div></article></main>')
    head = f'<meta property="og:title" content="{escape(article.headline)}">'
    return _page(f"{article.headline} | Caucasian Knot", body).replace("<head>", "<head>" + head, 1)


def render_article(archive: DemoArchive, article: Article) -> str:
    if archive.layout_override == "redesign":
        return render_redesign(archive, article)
    if article.layout == "classic":
        image = ""
        if article.image_path:
            image = (f'<div class="articles-image"><img src="{article.image_path}" alt="">'
                     f'<div class="image-title">{escape(article.image_caption)}</div></div>')
        tail = "".join(f"<p>{escape(note)}</p>" for note in article.footnotes)
        if article.provenance_html:
            tail += f"<p>{article.provenance_html}</p>"
        tail += f'<p class="author">{_byline(article)}</p>'
        comment = "Комментирование через Кавказский узел" if article.wall.year >= 2022 else ""
        body = (
            f'<div class="header"><a href="/" class="logo">Caucasian Knot</a>{_menu()}</div>'
            f'<div class="container"><div class="articles-body">{image}'
            f'<div class="date">{article.date_line}</div><h1>{escape(article.headline)}</h1>'
            f'<div class="articles-body_contents">{_paragraphs(article, "h3")}{tail}</div>'
            + (f'<div class="comments-widget">{comment}</div>' if comment else "")
            + f'<a class="all-news" href="/rubric/10">All news</a>{_region_tags(article)}</div>'
            f'<div class="foreign-agent">{BANNER}</div>'
            f'<div class="latest-news"><ul>{_sidebar(archive, modern=False)}</ul></div></div>'
            f'<div class="footer"><p>Find Caucasian Knot partners:</p>{OFFSITE}</div>'
        )
    else:
        figure = ""
        if article.image_path:
            figure = (f'<figure class="news-item__image"><img src="{article.image_path}" alt="">'
                      f"<figcaption>{escape(article.image_caption)}</figcaption></figure>")
        notes = "".join(f'<p class="news-item__note">{escape(note)}</p>' for note in article.footnotes)
        provenance = f'<p class="news-item__origin">{article.provenance_html}</p>' if article.provenance_html else ""
        body = (
            f"{APP_BANNER}<header class=\"site-header\"><nav>{_menu()}</nav></header>"
            f'<main><article class="news-item"><time class="news-item__date">{article.date_line}</time>'
            f'<h2 class="news-item__title">{escape(article.headline)}</h2>{figure}'
            f'<div class="news-item__text">{_paragraphs(article, "h4")}</div>{notes}{provenance}'
            f'<div class="news-item__author">{_byline(article)}</div>'
            f'<section class="feedback">{CTA}</section><div class="comments">Make comments via Caucasian Knot</div>'
            f'{_region_tags(article)}</article><aside class="news-feed"><h3>Latest news</h3><ul>{_sidebar(archive, modern=True)}</ul></aside>'
            f'</main><footer><p>Find Caucasian Knot partners:</p>{OFFSITE}</footer>'
        )
    return _page(f"{article.headline} | Caucasian Knot", body)


def render_listing(archive: DemoArchive, listing: str, title: str, page: int) -> str:
    ids, has_next = archive.listing_page(listing, page)
    items = []
    for article_id in ids:
        article = archive.article(article_id)
        link = article_link(archive.seed, article_id, "listing")
        featured = random.Random(f"{archive.seed}:featured:{article_id}").random() < 0.4
        if featured:
            caption = f'<span class="caption">{escape(article.image_caption)}</span> ' if article.image_caption else ""
            items.append(f'<div class="item"><div class="date">{listing_date(article.wall)}</div>'
                         f'<div class="title">• {caption}<a href="{link}">{escape(article.headline)}</a></div>'
                         f'<p class="lead">{escape(article.lead)}</p></div>')
        else:
            items.append(f'<div class="item"><div class="date">{listing_date(article.wall)}</div>'
                         f'<a href="{link}">{escape(article.headline)}</a></div>')
    pagination = ""
    if has_next:
        host = random.Random(f"{archive.seed}:next:{listing}:{page}").choice(("",) * 3 + MIRRORS[:2])
        pagination = f'<div class="pagination"><a rel="next" href="{host}/{listing}?page={page + 1}">Next ›</a></div>'
    body = (
        f'<div class="header"><a href="/" class="logo">Caucasian Knot</a>{_menu()}</div>'
        f'<div class="container"><h1>{escape(title)}</h1><div class="foreign-agent">{BANNER}</div>'
        f'<div class="news-list">{"".join(items)}</div>{pagination}<a href="/rubric/10">All news</a></div>'
        f'<div class="footer"><p>Find Caucasian Knot partners:</p>{OFFSITE}</div>'
    )
    return _page(f"{title} | Caucasian Knot", body)


ROBOTS = "User-agent: *\nDisallow: /search\nDisallow: /__demo__/\n"
ABOUT = _page("About us", '<div class="articles-body"><div class="date">22 June 2009, 00:00</div><h1>About us</h1>'
              '<div class="articles-body_contents"><p>The "Caucasian Knot" is an online media outlet covering the '
              "Caucasus.</p></div></div>")
NOT_FOUND = _page("Page not found", "<h1>404</h1><p>The page you requested does not exist.</p>")
SEARCH = _page("Search", '<form action="/search"><input name="keywords"></form><p>Nothing found.</p>')


def split_path(path: str, query: dict[str, str]) -> tuple[str, list[str], int]:
    """(path without a trailing slash, its segments, the `page` asked for, at least 1) of a request."""
    path = path.rstrip("/") or "/"
    try:
        page = max(int(query.get("page", "1")), 1)
    except ValueError:
        page = 1
    return path, path.strip("/").split("/"), page


def render(archive: DemoArchive, path: str, query: dict[str, str]) -> tuple[int, str]:
    """(status, html) for a path of the demo site."""
    from crawler.demo.archive import CATEGORIES, REGIONS

    path, parts, page = split_path(path, query)
    if parts[0] == "articles" and len(parts) == 2:
        if parts[1] == "AboutCaucasianKnot":
            return 200, ABOUT
        article = archive.article(int(parts[1])) if parts[1].isdecimal() else None
        return (200, render_article(archive, article)) if article else (404, NOT_FOUND)
    if path in ("/", "/rubric/10"):
        return 200, render_listing(archive, "rubric/10", "News", page)
    if path == "/rubric/11":
        return 200, render_listing(archive, "rubric/11", "All news", page)
    if parts[0] == "category" and len(parts) == 2 and parts[1].isdigit() and int(parts[1]) in CATEGORIES:
        return 200, render_listing(archive, path.strip("/"), CATEGORIES[int(parts[1])], page)
    if len(parts) == 1 and parts[0] in REGIONS:
        return 200, render_listing(archive, parts[0], REGIONS[parts[0]], page)
    if path == "/search":
        return 200, SEARCH
    return 404, NOT_FOUND


def _region_tags(article: Article) -> str:
    """The tag row naming the article's region, linked to the region's page (what `regions` is read from)."""
    if not article.region:
        return ""
    slug, name = article.region
    return f'<div class="tags"><a href="/{slug}">{escape(name)}</a></div>'
