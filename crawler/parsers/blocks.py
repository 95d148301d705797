"""A page reduced to what a reader sees: an ordered list of text blocks, with tag and class hints.

Block elements (p, div, h1…, li, figcaption, time …) start a new block, `<br>` starts a new line inside one.
Each block keeps its tag, the classes of it and its ancestors, the "zone" it sits in (nav, aside, footer,
header, related — from tags or class names), whether it stands inside an article container (`<article>`,
`<main>`, `itemprop=articleBody`, an `itemtype` …Article), and its links and images (`img`, `amp-img`, lazy
`data-src`). An `<article>`'s own `<header>` and `<footer>` are part of the article, not site chrome.
Recognising what a block *is* happens in the parsers, from its text; tags and classes only sharpen that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from lxml import etree

from crawler.parsers.charset import decode_page

# Plain lxml elements (no lxml.html class lookup) and no comments: the cheapest tree to walk.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True, no_network=True)

MAX_HTML_CHARS = 3_000_000  # a page is never this large; padding past it is not read
MAX_BLOCKS = 20_000  # nor has this many blocks (an article has tens, a listing hundreds): the rest is not read
BLOCK_TAGS = frozenset(
    ["address", "article", "aside", "blockquote", "body", "dd", "details", "dl", "dt", "div", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "ul", "title"]
)
SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "svg", "iframe", "object", "head", "select", "option", "textarea",
                       "button"])  # (a button's label — `Follow`, `Подписаться` — is no text of the page's fields)
# Text only a screen reader reads (`<span class="visually-hidden">Image caption, </span>`, `<span class="sr-only">
# Article title: </span>`): labels for the blind, not shown — never part of a field.
SCREEN_READER_ONLY = re.compile(r"(?<![\w-])(?:sr-only|visually-hidden|visuallyhidden|screen-reader-text|"
                                r"screen-reader-only|a11y-hidden|element-invisible|u-visually-hidden)(?![\w-])")
# An icon font's ligature (`<span class="material-icons">schedule</span>`: the icon's name is the element's text) and
# a badge (`<h1>Headline <span class="badge">Exclusive</span></h1>`): marks of the page, never part of a field.
ICON_OR_BADGE = re.compile(r"(?<![\w-])(?:material-icons[\w-]*|material-symbols[\w-]*|glyphicon|icons?|badge|"
                           r"badge-[\w-]+|pill|chip|ribbon)(?![\w-])")
ICON_NAME = re.compile(r"[a-z][a-z0-9_]{1,30}")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
ZONE_TAGS = {"nav": "nav", "aside": "aside", "footer": "footer", "header": "header"}
ZONE_CLASS = re.compile(r"\b(menu|nav|navbar|sidebar|side-bar|latest|feed|footer|header|breadcrumbs?|related|"
                        r"read-?also|see-?also|share|sharing|social|tags|toolbar|wm-ipp(?:-base)?|print-?footer)\b",
                        re.I)
RELATED_WORDS = frozenset(["related", "read-also", "readalso", "see-also", "seealso", "share", "sharing", "social",
                           "tags", "toolbar", "wm-ipp", "wm-ipp-base", "print-footer", "printfooter"])
ARTICLE_TAGS = frozenset(["article", "main"])
ARTICLE_HINT = re.compile(r"articleBody|Article|BlogPosting", re.I)
IMAGE_TAGS = frozenset(["img", "amp-img"])
PERMALINK_MARKS = frozenset(["¶", "#", "§", "🔗", "⚓", "∞"])
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp)(?:\?|#|$)", re.I)
ENLARGE = re.compile(r"(?:[+🔍]\s*)?(?:enlarge|zoom|full[- ]size|view full(?: size)?|original|увеличить(?: фото)?|"
                     r"открыть(?: в полном размере| оригинал)?|оригинал|полный размер)", re.I)
READ_MORE = re.compile(r"(?:Read more|Continue reading|Read the full (?:story|article)|Читать далее|Читать дальше|"
                       r"Читать полностью|Подробнее|Далее|Tweet(?: this)?|Click to tweet|Твитнуть)\s*[»→>.…]*", re.I)


def _page_mark(link: etree._Element) -> bool:
    """A link that is a mark of the page, not text: a heading's permalink (`<a href="#s1">¶</a>`), a caption's
    `Enlarge` / `Увеличить` leading to the photo's file, a paragraph's `Read more »` to the rest or a quote's
    `Tweet`."""
    href = link.get("href") or ""
    if len(link):
        return False
    if link.text and len(link.text) <= 30 and READ_MORE.fullmatch(link.text.strip()):
        return True
    if not (href.startswith("#") or IMAGE_FILE.search(href)):
        return False
    text = (link.text or "").strip()
    return text in PERMALINK_MARKS if href.startswith("#") else ENLARGE.fullmatch(text) is not None


def _unshown_mark(element: etree._Element, classes: str, block: str) -> bool:
    """Text only a screen reader reads, an icon font's ligature or a heading's badge (the words tested first are the
    cheap way past the many classes that are none of them)."""
    if ("only" in classes or "hidden" in classes or "invisible" in classes or "screen" in classes) and \
            SCREEN_READER_ONLY.search(classes):
        return True
    return ("icon" in classes or "badge" in classes or "pill" in classes or "chip" in classes or
            "ribbon" in classes) and _icon_or_badge(element, classes, block)


def _icon_or_badge(element: etree._Element, classes: str, block: str) -> bool:
    """An icon font's ligature (one lowercase name: `schedule`, `photo_camera`) anywhere, or a short badge in a
    heading (`block`, the nearest block tag), with no element inside: not read. (A `chip` elsewhere may be an
    author's or a tag's link: read.)"""
    if len(element) or not ICON_OR_BADGE.search(classes):
        return False
    text = (element.text or "").strip()
    if ICON_NAME.fullmatch(text) and "icon" in classes:
        return True
    return block in ("h1", "h2", "h3") and len(text) <= 25 and any(
        word in classes for word in ("badge", "pill", "chip", "ribbon"))


def _custom_block(element: etree._Element) -> bool:
    """A custom element (`<kk-para>`, `<story-title>`: a name with a hyphen, a web component without its shadow root)
    is a block of its own unless it stands in running text (`<p>Said <kk-term>so</kk-term> today</p>`): a browser
    shows unknown tags inline, but a component's own stylesheet makes its parts blocks, and a page of them read
    inline would be one line."""
    if element.tag in IMAGE_TAGS:  # (`<amp-img>`: an image, read as one)
        return False
    parent = element.getparent()
    if parent is None:
        return True
    if parent.text and not parent.text.isspace():
        return False
    return not any(child.tail and not child.tail.isspace() for child in parent)


_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2009\u202f]+")


@dataclass
class Link:
    href: str
    text: str
    rel: str = ""


@dataclass
class Block:
    text: str
    tag: str
    classes: str = ""  # of the element and its ancestors, space-separated
    zone: str = ""  # "nav", "aside", "footer", "header", "related" or ""
    links: list[Link] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    index: int = 0
    in_article: bool = False
    prop: str = ""  # the nearest microdata `itemprop` around it (`articleBody`, `author`, `headline` …)
    zone_origin: int = 0  # the element that gave the zone: > 0 by a class, < 0 by its tag, 0 none (see _unzone)
    template: bool = False  # its text stands on most pages of its layout (crawler/parsers/profile.py)
    hidden: bool = False  # inside an element the page hides (`hidden`, `display: none`): shown by a script, or never

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


# Where an inline element starts, a mark: between two items that the markup sets side by side with nothing between
# (`18.01.2004 · 00:04</span><span>By Name`, `<a>News</a><a>Chechnya</a>`) it becomes a space when the letters say
# two words meet (a digit and a letter, a year and a time — `18.01.2004</span><span>00:04` —, a small letter or a colon
# and a capital); inside a word or a number (`<b>I</b>n`, `20</span><span>02`) it goes.
_SEAM = "\u2063"
# Characters that show nothing (typesetting plugins and editors leave them: `электр&shy;ичества`, `,\u200b `).
INVISIBLE_CHARS = "\u00ad\u200b\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069"  # (and direction marks)
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
_SEAMS = re.compile(r"(?<=[a-zа-яё\d:.,;!?)])\u2063+(?=[A-ZА-ЯЁ])|(?<=\d)\u2063+(?=[^\W\d_])|(?<=[^\W\d_])\u2063+(?=\d)|"
                    r"(?<=\d{4})\u2063+(?=\d{1,2}:\d\d)")
INLINE_SEAM_TAGS = frozenset(["a", "span", "time", "b", "strong", "em", "i", "small", "label", "abbr", "font", "u"])


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.links: list[Link] = []
        self.images: list[str] = []
        # (nearest block tag, classes so far, zone, inside an article container, itemprop, zone origin) per element
        self.stack: list[tuple[str, str, str, bool, str, int]] = []
        self.zoned = 0  # elements that gave a zone (by a class or by their tag) so far
        self.hidden: etree._Element | None = None  # the hidden block element being read, if any

    def flush(self) -> None:
        if not self.text and not self.images:  # most flushes: between tags, nothing to keep
            if self.links:
                self.links = []
            return
        raw = "".join(self.text)
        if INVISIBLE.search(raw):  # soft hyphens, zero-width spaces, word joiners: never part of the text
            raw = INVISIBLE.sub("", raw)
        if _SEAM in raw:  # `<span>00:04</span><span>By Name</span>`: items side by side, not one word
            raw = _SEAMS.sub(" ", raw).replace(_SEAM, "")
        if not self.images and (not raw or raw.isspace()):  # most flushes: between tags, nothing to keep
            self.text, self.links = [], []
            return
        if "  " in raw or "\xa0" in raw or "\t" in raw or "\r" in raw or "\u2009" in raw or "\u202f" in raw or \
                "\f" in raw or "\v" in raw:
            raw = _SPACES.sub(" ", raw)
        tag, classes, zone, in_article, prop, origin = self.stack[-1]
        parts = None
        if _BR in raw:  # (a <br>'s line break is marked, so that two of them are told from blank lines of the source)
            if tag in PARAGRAPH_TAGS and _DOUBLE_BR.search(raw):
                # `<p>One.<br><br>Two.</p>`: an editor's paragraphs in one element, two line breaks between them
                parts = _paragraphs_of(_DOUBLE_BR.sub(_PARAGRAPH_BREAK, raw).replace(_BR, "\n"))
            raw = raw.replace(_BR, "\n")
        lines = [line.strip() for line in raw.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text or self.images:
            hidden = self.hidden is not None
            if parts and len(parts) > 1:
                for number, part in enumerate(parts):
                    links = [link for link in self.links if link.text and link.text in part]
                    self.blocks.append(Block(part, tag, classes, zone, links, self.images if number == 0 else [],
                                             len(self.blocks), in_article, prop, origin, hidden=hidden))
            else:
                self.blocks.append(Block(text, tag, classes, zone, self.links, self.images, len(self.blocks),
                                         in_article, prop, origin, hidden=hidden))
        self.text, self.links, self.images = [], [], []


@lru_cache(maxsize=4096)
def _zone(tag: str, classes: str) -> str:
    if tag in ZONE_TAGS:
        return ZONE_TAGS[tag]
    match = ZONE_CLASS.search(classes)
    if not match:
        return ""
    word = match.group(1).lower()
    if word in RELATED_WORDS:
        return "related"
    return "aside" if word in ("sidebar", "side-bar", "latest", "feed") else "footer" if word == "footer" else \
        "header" if word == "header" else "nav"


# Vocabularies whose properties are the page's meta tags (read as such by crawler/parsers/metadata.py).
META_VOCABULARIES = frozenset(["og", "article", "twitter", "fb", "al", "profile", "book", "video", "music"])


def schema_name(attribute: str) -> str:
    """The property an `itemprop` or RDFa `property` names, without its vocabulary (`author`, `schema:author`,
    `https://schema.org/author`, `dc:creator` → `creator`; the first of several); "" for the meta tags'
    vocabularies (`og:title`, `article:published_time`). One rule for the block builder and the self-description."""
    name = attribute.split()[0] if attribute.strip() else ""
    if "schema.org/" in name:
        return name.rsplit("/", 1)[-1]
    if ":" in name:
        prefix, _, rest = name.partition(":")
        return "" if prefix in META_VOCABULARIES else rest
    return name


def parse_html(source: str | bytes, content_type: str | None = None) -> etree._Element | None:
    """An lxml tree of any input, or None when there is nothing to parse. Bytes are decoded by their charset
    (crawler/parsers/charset.py; `content_type` is the response's header, when known)."""
    if isinstance(source, bytes):
        source = decode_page(source, content_type)[0]
    source = source[:MAX_HTML_CHARS].replace("\x00", "")
    if not source.strip():
        return None
    tail = source.rfind("<", max(len(source) - 4096, 0))
    if tail > source.rfind(">"):  # a page cut inside a tag: lxml would read the fragment as text
        source = source[:tail]
    try:
        return etree.fromstring(source, _PARSER)
    except ValueError:  # a str with an XML encoding declaration: lxml wants bytes for that
        try:
            return etree.fromstring(source.encode("utf-8"), _PARSER)
        except (etree.ParserError, ValueError, etree.XMLSyntaxError):
            return None
    except (etree.ParserError, etree.XMLSyntaxError):
        return None


def extract_blocks(source: str | bytes) -> list[Block]:
    """The page's text blocks in reading order ([] for an empty or unparseable page)."""
    root = parse_html(source)
    return [] if root is None else blocks_of(root)


def page_blocks(root: etree._Element) -> list[Block]:
    """The blocks a reader sees, as the parsers read them: a page that holds more text in `<noscript>` than out of
    it (an empty app root, the article given to script-less readers) is read with it."""
    unread: dict[str, int] = {}
    blocks = explode_containers(blocks_of(root, unread=unread))
    hidden = unread.get("noscript", 0)
    if hidden > 200 and hidden > sum(len(b.text) for b in blocks):
        return explode_containers(blocks_of(root, read_noscript=True))
    return blocks


def blocks_of(root: etree._Element, read_noscript: bool = False, unread: dict[str, int] | None = None) -> list[Block]:
    """The text blocks of a parsed page, in reading order (`<noscript>` left out unless `read_noscript`; the length
    of the text it held is counted in `unread`, when given)."""
    # Longer than a function should be, on purpose: the hottest loop of the parser (every element, twice), with
    # names bound locally and no call where none is needed (a function call per element shows in its profile).
    # Read it as: skip unread subtrees; on a block tag flush the text; track classes, zone and article context.
    builder = _Builder()
    stack = builder.stack
    stack.append(("body", "", "", False, "", 0))  # the page's own context, never popped
    push, pop = stack.append, stack.pop
    text = builder.text
    blocks = builder.blocks
    block_tags, skip_tags, zone_tags, image_tags = BLOCK_TAGS, SKIP_TAGS, ZONE_TAGS, IMAGE_TAGS
    if read_noscript:
        skip_tags = SKIP_TAGS - {"noscript"}
    seam_tags = INLINE_SEAM_TAGS
    skipped = None  # the element whose subtree is not read (script, style …)
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, element in walk:
        if skipped is not None:  # its end: nothing of it was read but its tail
            skipped = None
            if element.tail:
                text.append(element.tail)
            continue
        tag = element.tag
        if event == "start":
            classed = element.get("class")
            if (tag in skip_tags or not isinstance(tag, str) or not tag or
                    (classed and _unshown_mark(element, classed, stack[-1][0])) or (tag == "a" and _page_mark(element))) \
                    and not (tag == "template" and (element.get("shadowrootmode") or element.get("shadowroot"))):
                # (a declarative shadow root's template is shown: a web component's article is in one)
                walk.skip_subtree()
                if tag == "noscript" and unread is not None:
                    unread["noscript"] = unread.get("noscript", 0) + len(
                        "".join(element.itertext()).strip())
                skipped = element
                continue
            block, all_classes, zone, in_article, prop, origin = stack[-1]
            if tag not in block_tags and "-" in tag and _custom_block(element):
                tag = "div"  # (read as the block it is shown as; see _custom_block)
            if tag in block_tags:
                if block == "figcaption":  # `<figcaption><div>Text.</div><div>Photo by …</div>`: one caption
                    text.append(" ")
                else:
                    builder.flush()
                    text = builder.text
                    if len(blocks) >= MAX_BLOCKS:
                        break
            own_zone = ""
            article = in_article or tag in ARTICLE_TAGS
            names = element.keys()
            if names:
                classes = element.get("class") or ""
                if "id" in names:
                    classes = f"{classes} {element.get('id')}".strip()
                if "itemprop" in names or "itemtype" in names or "property" in names or "typeof" in names:
                    # microdata or RDFa: `itemprop="articleBody"`, `property="schema:author"`, `typeof="NewsArticle"`
                    own = element.get("itemprop") or element.get("property") or ""
                    hints = own + (element.get("itemtype") or "") + (element.get("typeof") or "")
                    article = article or ARTICLE_HINT.search(hints) is not None
                    prop = schema_name(own) if own else prop
                if classes:
                    all_classes = f"{all_classes} {classes}" if all_classes else classes
                    own_zone = _zone(tag, classes)
                    if own_zone and tag not in zone_tags:
                        builder.zoned += 1  # this element gave its zone by a class: numbered, see _unzone
                        origin = builder.zoned
                elif tag in zone_tags:
                    own_zone = zone_tags[tag]
                if builder.hidden is None and tag in block_tags and ("hidden" in names or (
                        "style" in names and HIDDEN_STYLE.search(element.get("style") or ""))):
                    builder.hidden = element  # (flushed above: what it holds is told apart)
                if tag == "a" and "href" in names:
                    builder.links.append(Link(element.get("href"), _link_text(element),
                                              (element.get("rel") or "").lower()))
                elif tag in image_tags:
                    source = element.get("src") or element.get("data-src") or \
                        (element.get("srcset") or "").split(" ")[0]
                    if source and not source.startswith("data:"):
                        builder.images.append(source)
            elif tag in zone_tags:
                own_zone = zone_tags[tag]
            if in_article and (tag == "header" or tag == "footer"):
                own_zone = ""  # the article's own header (headline, date) or footer (byline), not site chrome
            if own_zone and tag in zone_tags:
                builder.zoned += 1  # a zone by its tag (nav, aside, footer …): believed unless it holds the page
                origin = -builder.zoned
            # push: the nearest block tag, all classes so far, the zone, whether an article container is open
            push((tag if tag in block_tags and block != "figcaption" else block, all_classes, own_zone or zone, article,
                  prop, origin))
            if tag == "br":
                text.append(_BR)
            elif tag in seam_tags and text and not text[-1][-1:].isspace():  # (after a space: no question)
                text.append(_SEAM)
            if element.text:
                text.append(element.text)
        else:
            if tag not in block_tags and "-" in tag and _custom_block(element):
                tag = "div"
            if tag in block_tags and (tag == "figcaption" or stack[-1][0] != "figcaption"):
                builder.flush()
                text = builder.text
                if element is builder.hidden:
                    builder.hidden = None
            pop()
            if element.tail:
                text.append(element.tail)
    builder.flush()
    return _unzone(builder.blocks)


# A zone given by one class name that would hold more than this share of the page's text is not believed: a
# `has-sidebar` or `page-header` class on <body> or a wrapper names a layout, not the zone of everything inside.
ZONE_SHARE = 0.5
# A zone given by its tag (`<aside>`, `<footer>`, `<nav>`) is the page's own word, believed — unless it holds nearly
# all of the page's text, or most of it and the page's <h1>: a theme that puts the article itself in an `<aside>`.
TAG_ZONE_SHARE = 0.8
ZONE_MIN_CHARS = 200  # a short page (one cut in transit) is mostly chrome: below this, zones stand as given
PROSE_TAGS = frozenset(["p", "h1", "li", "td", "div", "section", "article", "main", "blockquote", "pre"])


def _unzone(blocks: list[Block]) -> list[Block]:
    """Blocks whose class-given zone swallows most of the page's prose get the zone of nothing (class names only
    break ties: they never remove the content of a page alone); so do those of a tag-given zone holding nearly all
    of it, or most of it with the <h1>."""
    by_origin: dict[int, int] = {}
    headed: set[int] = set()  # zones that hold an <h1>
    total = 0
    for block in blocks:
        if block.tag == "h1" and block.zone_origin:
            headed.add(block.zone_origin)
        if block.tag in PROSE_TAGS and len(block.text) > 40:
            total += len(block.text)
            if block.zone_origin:
                by_origin[block.zone_origin] = by_origin.get(block.zone_origin, 0) + len(block.text)
    swallowing = {origin for origin, size in by_origin.items() if size >= ZONE_MIN_CHARS and
                  size > total * (ZONE_SHARE if origin > 0 or origin in headed else TAG_ZONE_SHARE)}
    if swallowing:
        for block in blocks:
            if block.zone_origin in swallowing:
                block.zone, block.zone_origin = "", 0
    return blocks


# Elements that hold one paragraph, unless a blank line (`<br><br>`) splits them into several.
PARAGRAPH_TAGS = frozenset(["p", "blockquote", "dd", "li"])


_BR = "\x1f"  # the mark of a <br>'s line break in the builder's text
_DOUBLE_BR = re.compile(r"\x1f[ \t\r\n\xa0]*\x1f")
_PARAGRAPH_BREAK = "\x1e"  # what two <br>s in a row become, apart from the source's own blank lines


def _paragraphs_of(raw: str) -> list[str]:
    """A block's text with paragraph breaks (`\x1e`) between its paragraphs → the paragraphs, their lines kept."""
    return [text for chunk in raw.split(_PARAGRAPH_BREAK)
            if (text := "\n".join(line.strip() for line in chunk.split("\n") if line.strip()))]


# In these, a <br> breaks a line inside one paragraph; in any other element (div, td, pre …) it ends a paragraph.
KEEP_LINES_TOGETHER = frozenset(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dt", "dd", "blockquote",
                                 "address", "th", "summary"])


def explode_containers(blocks: list[Block]) -> list[Block]:
    """A whole article in one container (`<td>`, `<pre>`, a `<div>` of `<br>` lines — print versions, text-only
    copies) becomes one block per line, so that it reads like any other layout."""
    result: list[Block] = []
    for block in blocks:
        lines = block.lines
        if len(lines) >= 2 and block.tag not in KEEP_LINES_TOGETHER:
            for number, line in enumerate(lines):
                links = [lk for lk in block.links if lk.text and lk.text in line]
                result.append(replace(block, text=line, links=links, images=block.images if number == 0 else [],
                                      index=0))  # (its zone's origin, itemprop, hidden flag kept)
        else:
            result.append(block)
    for index, block in enumerate(result):
        block.index = index
    return result


def _link_text(element: etree._Element) -> str:
    if not len(element):  # most links: one piece of text
        return _SPACES.sub(" ", element.text or "").strip()
    return _SPACES.sub(" ", "".join(element.itertext())).strip()
