"""What a page says about itself in markup: JSON-LD, Open Graph and other meta tags, microdata, `<title>`, the
canonical link, `<time datetime>`. Signals for the parsers to rank and cross-check against the visible
text; none of them is trusted alone (docs/site.md §5: no metadata was ever seen on the real site — it may appear).

`page_metadata(root)` never raises: malformed JSON-LD, odd attributes and missing tags give empty values.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from crawler.parsers.blocks import INVISIBLE, schema_name

_SPACES = re.compile(r"\s+")
ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report", re.I)
MAX_JSONLD_CHARS = 200_000


@dataclass
class Metadata:
    title: str | None = None  # <title>, as it is
    meta: dict[str, str] = field(default_factory=dict)  # og:title, article:published_time, description … (lower-case keys)
    jsonld: dict[str, Any] = field(default_factory=dict)  # the first JSON-LD object of an article type (or with a headline)
    microdata: dict[str, str] = field(default_factory=dict)  # itemprop → first value
    canonical: str | None = None
    times: list[tuple[str, str]] = field(default_factory=list)  # (<time datetime>, its text)
    # The strings of the state a script-rendered page embeds (__NEXT_DATA__, __NUXT__, window.__INITIAL_STATE__,
    # application/json scripts), each with the path of keys it stood under (`props.article.authors.name`): matched
    # against the visible page by the parsers, never trusted by key name alone.
    state: list[tuple[str, str]] = field(default_factory=list)

    def jsonld_text(self, name: str) -> str | None:
        value = self.jsonld.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name") or value.get("url") or value.get("@id")
        return _clean(value) if isinstance(value, str | int | float) else None

    def jsonld_names(self, name: str) -> list[str]:
        """The names of a JSON-LD property (`author`: one or a list, strings or objects) — people only: an
        `Organization` as the author is the publisher's name (a CMS default), nobody's byline."""
        value = self.jsonld.get(name)
        values = value if isinstance(value, list) else [value]
        names = [v.get("name") if isinstance(v, dict) else v for v in values
                 if not (isinstance(v, dict) and v.get("@type") == "Organization")]
        return [_clean(n) for n in names if isinstance(n, str) and _clean(n)]


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = _SPACES.sub(" ", INVISIBLE.sub("", str(value))).strip()
    return text or None


def _text(element: etree._Element) -> str:
    return _SPACES.sub(" ", "".join(element.itertext())).strip()


def page_metadata(root: etree._Element | None, with_microdata: bool = True) -> Metadata:
    """Every self-description of the page (see the module docstring); `with_microdata=False` skips the search
    for `itemprop` attributes (the caller knows the page has none)."""
    data = Metadata()
    if root is None:
        return data
    for element in root.iter("title", "meta", "link", "script", "time", "abbr", "span"):
        tag = element.tag
        if tag == "title":
            if data.title is None:
                data.title = _clean(_text(element))
        elif tag == "meta":
            name = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
            content = _clean(element.get("content"))
            if name and content and name not in data.meta:
                data.meta[name] = content
        elif tag == "link":
            if "canonical" in (element.get("rel") or "").lower().split() and data.canonical is None:
                data.canonical = _clean(element.get("href"))
        elif tag == "script":
            kind = (element.get("type") or "").lower()
            if kind == "application/ld+json" and not data.jsonld:
                data.jsonld = _article_object(element.text or "")
            elif len(data.state) < MAX_STATE_STRINGS and element.text and (
                    kind == "application/json" or element.get("id") == "__NEXT_DATA__" or STATE_ASSIGNMENT.search(
                        element.text[:200])):
                data.state.extend(_state_strings(element.text))
        elif tag == "time":
            stamp = _clean(element.get("datetime"))
            if stamp:
                data.times.append((stamp, _text(element)))
        elif (title := element.get("title")) and (ISO_TITLE.match(title) or TOOLTIP_DATE.match(title)):
            # microformats: `<abbr class="published" title="ISO">`; a tooltip: `<span title="18.01.2004 00:04">3
            # days ago</span>`
            data.times.append((title, _text(element)))
    names: list[str] = []  # every author the markup marks (`<span property="author">` once per name)
    for element in (root.xpath("//*[@itemprop or @property]") if with_microdata else ()):
        name = schema_name(element.get("itemprop") or element.get("property") or "")
        if name in ("author", "creator") and len(names) < 10 and element.tag != "meta":
            names.append(_text(element))
        if not name or name in data.microdata:
            continue
        value = element.get("content") or element.get("datetime") or element.get("src") or element.get("href")
        value = None if name in ("author", "creator") and element.get("href") and not element.get("content") else value
        if value is None and name != "articleBody":
            value = _text(element)
        if value:
            data.microdata[name] = _clean(value) or ""
    if len([n for n in names if n]) > 1:
        data.microdata["author"] = ", ".join(n for n in names if n)
    if "author" not in data.microdata:  # microformats (hCard in hAtom): `<span class="author vcard"><span class="fn">`
        names = [_text(e) for e in root.xpath("//*[contains(@class, 'vcard')]//*[contains(concat(' ', @class, ' '), "
                                               "' fn ')]")]
        if names:
            data.microdata["author"] = ", ".join(n for n in names if n)
    return data


ISO_TITLE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# A full date and time as a tooltip (the visible text relative): day first with dots, or ISO with a space.
TOOLTIP_DATE = re.compile(r"\s*(?:\d{1,2}\.\d{1,2}\.(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d),?\s+\d{1,2}:\d\d\s*$")


STATE_ASSIGNMENT = re.compile(r"window\.__\w+__\s*=|__NUXT__\s*=|__INITIAL_STATE__\s*=|__PRELOADED_STATE__\s*=")
MAX_STATE_CHARS = 2_000_000
MAX_STATE_STRINGS = 20_000


def _state_strings(text: str) -> list[tuple[str, str]]:
    """(path, string) of every string in an embedded state (JSON, or `window.X = {…};`), depth first; the path is
    the keys it stands under, joined by dots (list positions are not part of it)."""
    text = text[:MAX_STATE_CHARS].strip()
    match = STATE_ASSIGNMENT.search(text[:200])
    if match:
        text = text[match.end():].strip().rstrip(";").strip()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack and len(found) < MAX_STATE_STRINGS:
        name, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{name}.{k}" if name else str(k), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((name, v) for v in reversed(value))
        elif isinstance(value, str) and value.strip():
            found.append((name, value))
    return found


def _article_object(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text[:MAX_JSONLD_CHARS])
    except (ValueError, RecursionError):
        return {}
    candidates: list[Any] = data if isinstance(data, list) else [data]
    found: list[dict[str, Any]] = []
    while candidates and len(found) < 50:
        item = candidates.pop(0)
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("@graph"), list):
            candidates.extend(item["@graph"])
        kind = item.get("@type")
        kinds = " ".join(kind) if isinstance(kind, list) else str(kind or "")
        if ARTICLE_TYPES.search(kinds) or "headline" in item:
            found.append(item)
    return found[0] if found else {}
