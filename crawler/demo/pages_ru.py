"""HTML of the Russian demo site in each of its forms (docs/site.md §2.6–2.7): the desktop site (a classic layout
to 2024, the 2025 one after), the mirrors' layout, the mobile `m.` form (date glued to the headline) and AMP
(no date in the text; JSON-LD instead). Listings show leads only (AMP: title + lead); the RSS feed and reader
blog posts complete the site. The markup is invented, as for English; only the text conventions are real.
"""

from __future__ import annotations

import json
import random
from html import escape
from typing import TYPE_CHECKING

from crawler.demo.content import RU_CANONICAL, moscow_iso
from crawler.demo.content_ru import CLOSING_NOTICE, RuArticle, ru_modern_date, ru_rss_date
from crawler.demo.pages import NOT_FOUND, ROBOTS, _page, split_path

if TYPE_CHECKING:
    from crawler.demo.archive import DemoArchive

FORMS = ("desktop", "mirror", "m", "amp")
MIRRORS = ("https://kavkaz-uzel.media", "https://www.kavkaz-uzel.eu", "http://kavkaz-uzel.top",
           "https://caucasianknot.com", "https://m.kavkaz-uzel.eu", "https://amp.kavkaz-uzel.eu",
           "https://www.kavkazuzel.com", "https://caucasianknot.net")
REGION_MENU = ("Абхазия", "Аджария", "Адыгея", "Азербайджан", "Армения", "Грузия", "Дагестан", "Ингушетия",
               "Кабардино-Балкария", "Калмыкия", "Карачаево-Черкесия", "Краснодарский край", "Северная Осетия - Алания",
               "Ставропольский край", "Чечня", "Южная Осетия")
APP_BANNER = ('<div class="app-promo"><button>×</button><p>Кавказский узел</p>'
              '<p>Скачайте приложение — работает без VPN!</p><a href="#">Скачать</a> <a href="#">Скачать</a></div>')
FOOTER = ('<footer class="ku-footer"><a href="https://t.me/kavkazuzel">Telegram</a> '
          '<a href="https://vk.com/kavkazuzel">ВКонтакте</a></footer>')
RSS_ITEMS = 100  # more than a day of Russian news (60 in the demo)


def article_link(seed: int, path: str, context: str) -> str:
    """A link in one of the forms Russian pages use: relative, or on a mirror, `m.` or `amp.` host."""
    rng = random.Random(f"{seed}:ru-link:{context}:{path}")
    slash = "/" if rng.random() < 0.5 else ""
    if rng.random() < 0.35:
        return f"{path}{slash}"
    return f"{rng.choice(MIRRORS)}{path}{slash}"


def _paragraphs(article: RuArticle, heading_tag: str, start: int = 0) -> str:
    return "".join(f"<{heading_tag}>{escape(text)}</{heading_tag}>" if index in article.subheadings
                   else f"<p>{escape(text)}</p>" for index, text in enumerate(article.paragraphs) if index >= start)


def _byline(article: RuArticle, form: str) -> str:
    if article.byline is None:
        return '<div class="m-author">Автор:</div>' if form == "m" else ""
    return f'<p class="author">{"<br>".join(escape(line) for line in article.byline.split(chr(10)))}</p>'


def _footnotes(article: RuArticle) -> str:
    return "".join(f'<p class="note">{escape(note)}</p>' for note in article.footnotes)


def _menu() -> str:
    return ('<ul class="main-menu"><li><a href="/">Главная</a></li><li><a href="/rubric/10">Лента новостей</a></li>'
            '<li><a href="/rubric/1104">Кавказ за неделю</a></li><li><a href="/blogs">Блоги</a></li></ul>')


def _sidebar(archive: DemoArchive) -> str:
    items = []
    for item in archive.latest(5):
        link = article_link(archive.seed, item.path, "sidebar")
        items.append(f'<li><span class="t">{item.wall:%H:%M}</span> <a href="{link}">{escape(item.headline)}</a></li>')
    return f'<div class="lenta"><h3>Лента новостей</h3><ul>{"".join(items)}</ul></div>'


def _image(article: RuArticle, tag: str = "img") -> tuple[str, str]:
    """(image markup, caption markup) of the article's photo."""
    if not article.image_path:
        return "", ""
    if tag == "amp-img":
        return (f'<amp-img src="{article.image_path}" width="800" height="533" layout="responsive"></amp-img>',
                f"<figcaption>{escape(article.image_caption)}</figcaption>")
    return f'<img src="{article.image_path}" alt="">', f'<div class="image-title">{escape(article.image_caption)}</div>'


def render_article(archive: DemoArchive, article: RuArticle, form: str) -> str:
    date_line, banner = article.date_line(form), escape(article.banner(form))
    image, caption = _image(article, "amp-img" if form == "amp" else "img")
    if form == "amp":
        data = {"@context": "https://schema.org", "@type": "BlogPosting" if article.blog_id else "NewsArticle",
                "headline": article.headline, "datePublished": moscow_iso(article.wall),
                "mainEntityOfPage": RU_CANONICAL + article.path}
        head = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
        figure = f"<figure>{image}{caption}</figure>" if image else ""
        body = (f'<header class="amp-bar"><a href="/">Кавказский узел</a></header><main><h1>{escape(article.headline)}</h1>'
                f'<div class="fa">{banner}</div>{figure}{_paragraphs(article, "h2")}{_footnotes(article)}'
                f"{_byline(article, form)}{_region_tags(article)}</main>")
        return _page(f"{article.headline} - Кавказский узел", body, "ru").replace("<html ", "<html amp ", 1) \
            .replace("<head>", "<head>" + head, 1)
    if form == "m":
        figure = f'<div class="m-photo">{image}{caption}</div>' if image else ""
        body = (f'<div class="m-top"><a href="/">КУ</a> <a href="/rubric/10">Лента</a></div>'
                f'<div class="m-article"><div class="m-head"><span class="m-date">{date_line}</span>'
                f"<b>{escape(article.headline)}</b></div><div class=\"m-fa\">{banner}</div>{figure}"
                f'<div class="m-text">{_paragraphs(article, "h3")}</div>{_footnotes(article)}{_byline(article, form)}'
                f"{_region_tags(article)}</div>")
        return _page(f"{article.headline} | Кавказский узел", body, "ru")
    if form == "mirror":
        figure = f'<div class="pic">{image}{caption}</div>' if image else ""
        body = (f'<table class="layout"><tr><td class="left">{_menu()}</td><td class="main">'
                f'<div class="date">{date_line}</div><h1>{escape(article.headline)}</h1><p class="fa">{banner}</p>'
                f'{figure}<div class="text">{_paragraphs(article, "h3")}</div>{_footnotes(article)}'
                f"{_byline(article, form)}{_region_tags(article)}</td><td class=\"right\">{_sidebar(archive)}</td>"
                "</tr></table>")
        return _page(f"{article.headline} | Кавказский узел", body, "ru")
    if article.blog_id:  # desktop blog post: Фото / date / title / banner / text (§2.7)
        body = (f'<div class="header">{_menu()}</div><div class="blog-post"><div class="blog-photo">Фото</div>'
                f'<div class="date">{date_line}</div><h1>{escape(article.headline)}</h1>'
                f'<div class="foreign-agent">{banner}</div><div class="blog-text">{_paragraphs(article, "h3")}</div>'
                f"</div>{FOOTER}")
        return _page(f"{article.headline} | Блоги | Кавказский узел", body, "ru")
    if article.layout == "classic":  # caption / date / headline / banner / body (§2.6)
        figure = f'<div class="articles-image">{image}{caption}</div>' if image else ""
        comment = '<div class="comments-widget">Комментирование через Кавказский узел</div>'
        body = (f'<div class="header"><a href="/" class="logo">Кавказский узел</a>{_menu()}</div>'
                f'<div class="container"><div class="articles-body">{figure}<div class="date">{date_line}</div>'
                f'<h1>{escape(article.headline)}</h1><div class="foreign-agent">{banner}</div>'
                f'<div class="articles-body_contents">{_paragraphs(article, "h3")}{_footnotes(article)}'
                f"{_byline(article, form)}</div>{comment}{_region_tags(article)}</div>{_sidebar(archive)}</div>{FOOTER}")
        return _page(f"{article.headline} | Кавказский узел", body, "ru")
    # 2025: app banner / RU EN / поиск / Меню / region menu / breadcrumbs / date / headline / caption / banner /
    # lead / body / closing notice (§2.6)
    regions = "".join(f'<a href="/rubric/10:{1200 + n}">{escape(name)}</a>' for n, name in enumerate(REGION_MENU))
    figure = f'<figure class="main-photo">{image}<figcaption>{escape(article.image_caption)}</figcaption></figure>' \
        if image else ""
    body = (f'{APP_BANNER}<header class="top"><div class="langs"><a href="/">RU</a> <a href="https://eng.kavkaz-uzel.eu/">'
            f'EN</a></div><div class="search">поиск</div><div class="menu-toggle">Меню</div>'
            f'<nav class="regions">{regions}</nav></header><main class="page"><div class="crumbs">'
            f'<a href="/">Главная</a>   /   <a href="/rubric/10">Лента новостей</a>{_region_crumb(article)}</div>'
            f'<article class="news"><time class="news__date">{date_line}</time><h1 class="news__title">'
            f'{escape(article.headline)}</h1>{figure}<div class="news__fa">{banner}</div>'
            f'<div class="news__lead"><p>{escape(article.lead)}</p></div><div class="news__text">'
            f'{_paragraphs(article, "h2", start=1)}</div>{_footnotes(article)}{_byline(article, form)}'
            f'<div class="notice">{escape(CLOSING_NOTICE)}</div></article>{_sidebar(archive)}</main>{FOOTER}')
    return _page(f"{article.headline} | Кавказский узел", body, "ru")


def render_listing(archive: DemoArchive, listing: str, title: str, page: int, form: str) -> str:
    """Leads only, one per item, some with a comment counter glued in front (desktop and mirrors); AMP shows
    title + lead (docs/site.md §2.7)."""
    ids, has_next = archive.listing_page(listing, page)
    items = []
    for article_id in ids:
        article = archive.article(article_id)
        link = article_link(archive.seed, article.path, f"listing:{listing}")
        if form == "amp":
            items.append(f'<div class="amp-item"><h2><a href="{link}">{escape(article.headline)}</a></h2>'
                         f"<p>{escape(article.lead)}</p></div>")
            continue
        comments = random.Random(f"{archive.seed}:comments:{article_id}").choice((0, 0, 0, 1, 4, 11))
        counter = f'<span class="cnt">{comments}</span>' if comments else ""
        items.append(f'<div class="lead-item">{counter}<a href="{link}">{escape(article.lead)}</a></div>')
    pagination = ""
    if has_next:
        pagination = f'<div class="pages"><a class="next" href="/{listing}?page={page + 1}">Следующая</a></div>'
    blogs = "".join(f'<li><a href="{article_link(archive.seed, f"/blogs/{b}/posts/{p}", "blog-box")}">'
                    f"{escape(archive.blog_post(b, p).headline)}</a></li>" for b, p in archive.blog_posts()[-3:][::-1])
    body = (f'<div class="header">{_menu()}</div><div class="container"><h1>{escape(title)}</h1>'
            f'<div class="leads">{"".join(items)}</div>{pagination}</div>'
            f'<aside class="blogs"><h3>Блоги</h3><ul>{blogs}</ul></aside>{FOOTER}')
    return _page(f"{title} | Кавказский узел", body, "ru")


def render_blogs(archive: DemoArchive, page: int) -> str:
    """`/blogs?page=N`: reader blog posts, newest first (the blog index is INFERRED; see docs/demo-archive.md)."""
    posts = archive.blog_posts()[::-1]
    chunk = posts[(page - 1) * 10 : page * 10]
    items = "".join(f'<div class="post"><span class="d">{ru_modern_date(archive.blog_post(b, p).wall)}</span> '
                    f'<a href="{article_link(archive.seed, f"/blogs/{b}/posts/{p}", "blogs")}">'
                    f"{escape(archive.blog_post(b, p).headline)}</a></div>" for b, p in chunk)
    pagination = f'<div class="pages"><a class="next" href="/blogs?page={page + 1}">Следующая</a></div>' \
        if len(posts) > page * 10 else ""
    return _page("Блоги | Кавказский узел", f'<div class="header">{_menu()}</div><h1>Блоги</h1>'
                 f'<div class="posts">{items}</div>{pagination}', "ru")


def render_rss(archive: DemoArchive) -> str:
    items = []
    for article in archive.latest(RSS_ITEMS):
        items.append(f"<item><title>{escape(article.headline)}</title><link>{article.url}</link>"
                     f"<guid>{article.url}</guid><pubDate>{ru_rss_date(article.wall)}</pubDate>"
                     f"<description>{escape(article.lead)}</description></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Кавказский узел</title>'
            f"<link>{RU_CANONICAL}/</link><description>Новости</description>{''.join(items)}</channel></rss>\n")


def render(archive: DemoArchive, path: str, query: dict[str, str], form: str) -> tuple[int, str]:
    """(status, html) for a path of the Russian demo site in one of its forms."""
    from crawler.demo.archive import RU_LISTINGS

    path, parts, page = split_path(path, query)
    if parts[0] == "articles" and len(parts) == 2:
        article = archive.article(int(parts[1])) if parts[1].isdigit() and len(parts[1]) < 12 else None
        return (200, render_article(archive, article, form)) if article else (404, NOT_FOUND)
    if parts[0] == "blogs" and len(parts) == 4 and parts[2] == "posts" and parts[1].isdigit() and parts[3].isdigit():
        post = archive.blog_post(int(parts[1]), int(parts[3]))
        return (200, render_article(archive, post, form)) if post else (404, NOT_FOUND)
    if path == "/blogs":
        return 200, render_blogs(archive, page)
    if path == "/articles.rss":
        return 200, render_rss(archive)
    listing = "rubric/10" if path == "/" else path.strip("/")
    if listing in RU_LISTINGS:
        return 200, render_listing(archive, listing, RU_LISTINGS[listing], page, form)
    if path == "/robots.txt":
        return 200, ROBOTS
    return 404, NOT_FOUND


def _region_tags(article: RuArticle) -> str:
    """The tag row naming the article's region, linked to the region's page (what `regions` is read from)."""
    if not article.region or article.blog_id:
        return ""
    slug, name = article.region
    return f'<div class="tags"><a href="/{slug}">{escape(name)}</a></div>'


def _region_crumb(article: RuArticle) -> str:
    if not article.region or article.blog_id:
        return ""
    slug, name = article.region
    return f'   /   <a href="/{slug}">{escape(name)}</a>'
