"""URL canonicalisation: the one place that knows the site's hosts, mirrors and URL patterns.

Every mirror host, http or https, with or without `www.` and the trailing slash, maps an article URL to one
canonical URL and one key `(lang, article_id)` (docs/site.md §1.1: ids are per language, not per host).
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urljoin, urlsplit

EN_HOSTS = frozenset(
    {
        "eng.kavkaz-uzel.eu",
        "eng.kavkaz-uzel.media",
        "eng.kavkaz-uzel.ru",
        "caucasianknot.info",
        "caucasianknot.org",
        "eng.kutest.org",
        "amp.eng.kavkaz-uzel.eu",
    }
)
RU_HOSTS = frozenset(
    {
        "kavkaz-uzel.eu",
        "m.kavkaz-uzel.eu",
        "amp.kavkaz-uzel.eu",
        "kavkaz-uzel.media",
        "kavkaz-uzel.com",
        "kavkaz-uzel.top",
        "kavkaz-uzel.org",
        "kavkaz-uzel.ru",
        "kavkazuzel.com",
        "caucasianknot.com",
        "caucasianknot.net",
    }
)
CANONICAL_BASE = {"en": "https://eng.kavkaz-uzel.eu", "ru": "https://www.kavkaz-uzel.eu"}

_ARTICLE_PATH = re.compile(r"^/articles/(\d+)/?$")
_BLOG_POST_PATH = re.compile(r"^/blogs/(\d{1,9})/posts/(\d{1,12})/?$")
_LISTING_PATH = re.compile(r"^/(?:rubric/[\d:]+|category/\d+|[a-z]+)/?$")
# Paths that look like region slugs but are not listings.
_NOT_LISTINGS = frozenset({"/search", "/articles", "/blogs", "/robots.txt", "/favicon.ico"})


# A web archive's copy links to the original URL embedded in its own path: the Wayback Machine
# `/web/<timestamp>[modifier]/<original>`, archive.today (`archive.ph`, `archive.is` …) `/o/<id>/<original>` or
# `/<timestamp>/<original>`, and any other archive of that shape — on its own host or relative. Whatever the
# prefix, the first `http(s)://` (or `http:/`, some archives collapse the slashes) in the path starts the original.
_ARCHIVED = re.compile(r"^(?:(?:https?:)?//[^/]+)?/(?:web/\d{1,14}[a-z_]*|o/[A-Za-z0-9]+|\d{8,14}[a-z_]*|[A-Za-z0-9_.-]+/\d{8,14}"
                       r"[a-z_]*|[A-Za-z0-9_.-]+)/(?P<original>(?:https?:)//?[^/].+)$", re.I)
_WAYBACK_RELATIVE = re.compile(r"^(?:(?:https?:)?//[^/]+)?/web/\d{1,14}[a-z_]*/(?P<original>//.+)$", re.I)


def unwrap_archived(url: str) -> str:
    """The original URL of a web-archive link (`https://web.archive.org/web/2021/https://x/articles/1`,
    `https://archive.ph/o/AbCd1/https://x/articles/1` → `https://x/articles/1`); any other URL as it is."""
    if "://" not in (url or "")[8:] and "/web/" not in (url or ""):
        return url  # the usual case: nothing embedded
    match = _ARCHIVED.match(url or "") or _WAYBACK_RELATIVE.match(url or "")
    if not match:
        return url
    original = match.group("original")
    if original.startswith("//"):
        return "https:" + original
    if re.match(r"^https?:/[^/]", original, re.I):  # some archives collapse the double slash
        return original.replace(":/", "://", 1)
    return original


def split_url(url: str) -> SplitResult | None:
    """urlsplit that never raises: None for a malformed URL (`http://[x`, an invalid port …)."""
    try:
        parts = urlsplit(unwrap_archived(url or ""))
        parts.port  # noqa: B018 - raises ValueError on a bad port
        return parts
    except ValueError:
        return None


def url_host(url: str) -> str:
    """The host of a URL, '' when there is none or the URL is malformed."""
    parts = split_url(url)
    return (parts.hostname or "") if parts else ""


def normalise_host(host: str) -> str:
    """`WWW.Eng.Kavkaz-Uzel.EU:443` -> `eng.kavkaz-uzel.eu` (lower case, no port, no `www.`)."""
    host = (host or "").strip().lower().rstrip(".")
    host = host.rsplit("@", 1)[-1]
    if host.startswith("[") or host.count(":") == 1:
        host = host.rsplit(":", 1)[0] if not host.startswith("[") else host
    return host[4:] if host.startswith("www.") else host


def host_language(host: str) -> str | None:
    """`en` or `ru` for a known site host or mirror, else None."""
    host = normalise_host(host)
    if host in EN_HOSTS:
        return "en"
    if host in RU_HOSTS:
        return "ru"
    return None


def is_site_host(host: str) -> bool:
    return host_language(host) is not None


def article_id_from_url(url: str) -> int | None:
    """The numeric id of `/articles/<id>` or `/articles/<id>/` on any host (or its web-archive copy), else None."""
    parts = split_url(url)
    match = _ARTICLE_PATH.match(parts.path or "") if parts else None
    return int(match.group(1)) if match and len(match.group(1)) <= 12 else None


def article_key(url: str, default_lang: str | None = None) -> tuple[str, int] | None:
    """`(lang, article_id)` for an article URL; hosts not of the site take `default_lang`."""
    article_id = article_id_from_url(url)
    if article_id is None:
        return None
    lang = host_language(url_host(url)) or default_lang
    return (lang, article_id) if lang else None


def blog_post_key(url: str) -> tuple[int, int] | None:
    """`(blog_id, post_id)` of a Russian reader blog post URL on any Russian host (`/blogs/<blog>/posts/<post>`)."""
    parts = split_url(url)
    match = _BLOG_POST_PATH.match(parts.path or "") if parts else None
    if not match or host_language(parts.hostname or "") == "en":
        return None
    return int(match.group(1)), int(match.group(2))


def blog_post_url(url: str) -> str | None:
    """The canonical URL of a blog post URL (None when it is not one)."""
    key = blog_post_key(url)
    return f"{CANONICAL_BASE['ru']}/blogs/{key[0]}/posts/{key[1]}" if key else None


def page_identity(url: str, default_lang: str | None = None) -> tuple[str, str, int, str, int | None] | None:
    """`(kind, lang, id, canonical URL, blog_id)` of an article or blog post URL on any host, else None:
    `("article", "ru", 370337, "https://www.kavkaz-uzel.eu/articles/370337", None)` or
    `("blog_post", "ru", 6370, "https://www.kavkaz-uzel.eu/blogs/1927/posts/6370", 1927)`."""
    post = blog_post_key(url)
    if post is not None:
        return "blog_post", "ru", post[1], blog_post_url(url), post[0]
    key = article_key(url, default_lang)
    return ("article", key[0], key[1], canonical_article_url(*key), None) if key else None


def canonical_article_url(lang: str, article_id: int) -> str:
    return f"{CANONICAL_BASE[lang]}/articles/{article_id}"


_REDIRECT_PARAMS = ("to", "url", "q", "u", "link", "target", "redirect", "dest", "destination", "goto", "r")


def unwrap_redirect(href: str) -> str:
    """The address a redirect link leads to (`/away.php?to=https%3A%2F%2F…`, `google.com/url?q=https://…`), or the
    link itself: a page shown through a social network, a search engine or a mail client wraps its links so."""
    for _ in range(2):  # (a wrapped wrapper, at most)
        query = href.partition("?")[2]
        if not query:
            break
        params = dict(parse_qsl(query.partition("#")[0]))
        target = next((params[name] for name in _REDIRECT_PARAMS
                       if params.get(name, "").startswith(("http://", "https://", "//"))), None)
        if target is None:
            break
        href = target
    return href


def canonicalise(url: str, default_lang: str | None = None) -> str | None:
    """The canonical URL of an article URL on any mirror (None when it is not an article URL)."""
    key = article_key(url, default_lang)
    return canonical_article_url(*key) if key else None


def is_listing_url(url: str) -> bool:
    parts = split_url(url)
    path = (parts.path if parts else "") or "/"
    return path not in _NOT_LISTINGS and bool(_LISTING_PATH.match(path))


def rebase(url: str, base_url: str) -> str:
    """The same path and query on `base_url`: mirror links are fetched from the one host being crawled,
    so that politeness (one download slot, one AutoThrottle) covers every mirror of the same backend."""
    parts = split_url(url) or urlsplit("/")
    path = parts.path or "/"
    if _ARTICLE_PATH.match(path):
        path = path.rstrip("/")
    return urljoin(base_url.rstrip("/") + "/", path.lstrip("/") + (f"?{parts.query}" if parts.query else ""))
