"""Article pages → records (docs/record.md): every signal the page offers, ranked and cross-checked.

The page is parsed once and read twice: as text blocks in reading order (blocks.py) and as what its markup says
about itself (metadata.py). No step depends on the order the text comes in or on class names:

1. **Headline** — weighted votes of `<h1>` (3; else an `<h2>`/`<h3>` beside the date line, 2), JSON-LD
   `headline`, `og:title`, microdata `headline` (2 each), `<title>` without the site name (1, and only when the
   page shows it) and the text convention: the line after the date line (1). The heaviest group of agreeing
   values wins; on equal weight, the one with more sources, then the earlier source. Values are compared by a key that ignores case, quotes, look-alike letters and a date glued
   in front. The heaviest group wins, ties go to the earlier source in that order; every other value is a
   warning `headline: <h1> 'A' != og:title 'B'`.
2. **Date** — the visible date line (any known shape, or a short meta row holding one) nearest the headline,
   before or after it; else `<time datetime>`, `article:published_time`, JSON-LD / microdata `datePublished`
   (converted to Moscow time with the offset of that date). The visible minute wins when it states the same
   moment as the markup; when they disagree, the visible one is kept and a warning names both.
3. **Body** — the blocks after the header group (headline, date line, caption, image, a byline above the text),
   up to the first end-of-article block or tail block; related boxes, share and tag rows, print footers,
   web-archive toolbars, banners, captions and sidebars are skipped wherever they stand. A whole article in one
   `<td>`/`<pre>`/`<div>` of `<br>` lines is first split into one block per line.
4. **Tail** — footnotes, provenance, byline and source lines, above or below the text.
5. **Image** — the image next to the caption (`<figure>`, caption classes, or a caption line by its wording:
   "Photo by …", "… Photo: …", "A frame from the video …"), else the first image of the header group.

An era (Fundus-style, chosen by what the page shows: the date shape, the app banner) names the parser version;
the eras share this reading. Never raises: what cannot be found is null and named in `warnings`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from crawler.dates import (
    ARTICLE_SHAPES,
    MONTH_NAME,
    RELATIVE,
    SHAPES,
    TIMED_SHAPES,
    ambiguous_day,
    match_shape,
    month_number,
    parse_date,
    to_iso,
)
from crawler.parsers.blocks import Block, page_blocks, parse_html
from crawler.parsers.casualties import read_casualties
from crawler.parsers.charset import decode_page
from crawler.parsers.evidence import Evidence
from crawler.parsers.items import BARE_TIME, HAS_TIME, date_in, date_only, link_items, safe_join
from crawler.parsers.metadata import Metadata, page_metadata
from crawler.parsers.profile import Layout, SiteProfile
from crawler.parsers.text import (
    BANNER,
    BYLINE,
    CMS_ACCOUNT,
    FOOTNOTE,
    MACHINE,
    QUOTED_SPEECH,
    date_line,
    find_labels,
    is_boilerplate,
    is_end_of_article,
    is_provenance,
    key,
    parse_byline,
    parse_provenance,
)
from crawler.record import Article, SidebarEntry, entry
from crawler.urls import (
    article_key,
    canonical_article_url,
    canonicalise,
    host_language,
    split_url,
    unwrap_redirect,
    url_host,
)

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
SITE_NAME = r"(?:Caucasian Knot|Кавказский узел|Kavkaz-?uzel(?:\.\w+)?|Kavkazsky Uzel)"
SITE_ROW = re.compile(rf"{SITE_NAME}[\s,.:;|·•—–-]*", re.I)  # the site's name alone on a row
TITLE_SUFFIX = re.compile(rf"\s*[|\-–—:/·»«]+\s*{SITE_NAME}.*$|^\s*{SITE_NAME}\s*[|\-–—:/·»«]+\s*", re.I)
# Rows of the page around the text: `Print version`, `Share`, `Tags: …`, `Read also: <a headline>`, `Нашли опечатку?
# … Ctrl+Enter`. Most are a word or two on a row of their own, anchored at the row's end (`Share of the votes …`,
# `Наверх поднялись двое` and `Полная версия доклада опубликована …` are sentences of the text).
_JUNK_ROWS = (
    r"(?:Related|Similar|Other)(?: news| articles| materials| stories)?|More on (?:this|the topic)|Share(?: this)?"
    r"(?: article| story| page)?|Поделиться|Print(?: version)?|Версия для печати|Распечатать|Печать|Подробнее|"
    r"Full version(?: of the site)?|Полная версия(?: сайта)?|Mobile version|Мобильная версия|Advertisement|Advert|"
    r"Sponsored|Реклама|Рекламный блок|Back to top|Наверх|The Wayback Machine|Wayback Machine|"
    r"Go to the full version|Ещ[её] по теме|По теме|Материалы по теме|Похожие (?:новости|материалы|статьи)|"
    r"Другие новости|Читать далее|Читать дальше|Читать полностью|Loading|Загрузка|Please wait|Подождите|"
    r"[←⟵]\s*\S+(?:\s+\S+){0,3}|(?:Back|Назад|Вернуться)(?:\s+(?:to|к|в)\s+\S+(?:\s+\S+){0,2})?|"  # (`← Новости`,
    # `Вернуться к списку новостей`), and the CMS's account as a byline (`— by admin`, `Добавил: admin`)
    rf"[—–-]?\s*(?:(?:posted|written|submitted|added) by|by|от|добавил[аи]?|опубликовал[аи]?):?\s+{CMS_ACCOUNT.pattern}|"
    r"\[(?:image|photo|picture|video|embed|audio|gallery|фото|видео|изображение|галерея|аудио)\]")  # (a text-only
    # renderer's placeholder for what it could not show)
# … and those that open a longer row — unless the row is a sentence (`Read more about the case in the chronicle of the
# Caucasian Knot.`, `Читайте также хронику …`: the text's own pointer), see is_junk.
_JUNK_OPENINGS = (
    r"Read also|Read more|See also|Also read|Читайте также|Читайте ещ[её]|См\. также|Смотрите также|"
    r"(?:Share|Поделиться)(?: this)?\s*:|Tags?\s*:|Теги\s*:|Printed from|Распечатано с|Subscribe to our\b|"
    r"Follow us (?:on|in)\b|Подписывайтесь на|Подпишитесь на|\d+ captures?\b|"
    r"(?:Found|Noticed|Spotted) (?:a |an )?(?:typo|mistake|error)\b|(?:Нашли|Заметили) (?:опечатку|ошибку)|"
    r"Если вы (?:нашли|заметили) (?:опечатку|ошибку)|.{0,60}\bCtrl\s*\+\s*Enter\b|"
    r"[▶►]?\s*(?:Listen to (?:this|the) (?:article|story|news)|Прослушать (?:статью|новость|материал)|"
    r"Слушать (?:статью|новость))")
JUNK_ROW = re.compile(rf"^(?:{_JUNK_ROWS})[\s:.…→»>]*$", re.I)  # (`Читать далее →`, `Read more…`)
JUNK = re.compile(rf"^(?:{_JUNK_ROWS})[\s:.…→»>]*$|^(?:{_JUNK_OPENINGS})", re.I)
GALLERY_COUNTER = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}\s+(?=\S)")  # `1 / 5 A street…`: a gallery's place
CAPTION_WORDS = re.compile(
    r"(Photo(?:graph)?\s*(?:by|:|courtesy)|Фото\s*:|Фото\s+\w|\bФото$|Screenshot|Скриншот|A frame from (?:the )?video|"
    r"[Vv]ideo still|Кадр из видео|Still (?:image|from))", re.I)
AUTHOR_CLASS = re.compile(r"\b(author|byline|vcard|writer|автор)", re.I)
CAPTION_CLASS = re.compile(r"caption|image-title|photo-title|img-title|figcaption|wp-caption", re.I)
HEADING_TAGS = ("h1", "h2", "h3")
# Zones that never hold the article's text or header matter; a site `header` may hold the <h1>, so it is not here.
AROUND_ARTICLE = ("nav", "aside", "footer", "related")
CHROME = (*AROUND_ARTICLE, "header")
META_ROW_MAX = 120
# What a date in a listing item looks like, to set it aside (`18.09.2024`, `21:00`, `May 21, 2009`, `21 мая 2009`).
DATE_LIKE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s+[^\W\d]{3,9}\.?,?\s+\d{4}|"
                       r"\b[^\W\d]{3,9}\.?\s+\d{1,2},?\s+\d{4}")


@dataclass(frozen=True)
class Era:
    """A layout era, named in `parser_version`; `era_of` picks it by the shape of the date line the page shows."""

    name: str
    version: int = 2

    @property
    def parser_version(self) -> str:
        return f"{self.name}/{self.version}"


EN_CLASSIC = Era("en-classic")  # 01 May 2020, 08:36
EN_2025 = Era("en-2025")  # 21:00, 21 May 2009
RU_DESKTOP = Era("ru-desktop")  # 29 декабря 2014, 13:24 · 16:49, 7 июня 2003
RU_MOBILE = Era("ru-mobile")  # 11:14 / 23.09.2004Headline…
ARTICLE_ONLY = Era("article-only")  # no date line
ERAS = (EN_2025, EN_CLASSIC, RU_DESKTOP, RU_MOBILE, ARTICLE_ONLY)


SITE_DATE_SHAPES = frozenset(ARTICLE_SHAPES)  # the shapes the site's own article pages show (docs/site.md §3)


def era_of(shape: str | None, lang: str) -> Era:
    if shape == "time_slash_dotted":
        return RU_MOBILE
    if shape is None:
        return ARTICLE_ONLY
    if lang == "ru":
        return RU_DESKTOP
    return EN_2025 if shape == "time_day_month_year" else EN_CLASSIC


# -- the page ---------------------------------------------------------------------------------------------------


def is_chrome(block: Block) -> bool:
    return block.zone in CHROME


def is_caption_block(block: Block) -> bool:
    return block.tag == "figcaption" or bool(CAPTION_CLASS.search(block.classes))


CAPTION_STEMS = ("photo", "фото", "screenshot", "скриншот", "frame", "video", "кадр", "still")


def reads_like_caption(text: str) -> bool:
    """A caption by its wording: short, with a photo credit (typically at its end)."""
    if len(text) >= 400:
        return False
    tail = (text[-160:] if len(text) > 160 else text).lower()
    return any(stem in tail for stem in CAPTION_STEMS) and bool(CAPTION_WORDS.search(tail))


def is_junk(block: Block) -> bool:
    """Related boxes, share and tag rows, print footers, web-archive toolbars, "full version" links — not a sentence
    that opens with such words (`Read more about the case in the chronicle …`, `Подписывайтесь на канал, призвал
    блогер …`)."""
    if block.zone == "related":
        return True
    text = block.text
    if not JUNK.match(text):
        return False
    return JUNK_ROW.match(text) is not None or not _reads_as_sentence(block)


def _reads_as_sentence(block: Block) -> bool:
    """Running text of the article: long enough, words enough, a sentence's end, and not mostly one link."""
    text = block.text.rstrip()
    if len(text) < 40 or not text.endswith((".", "!", "?", "…", "»", '"', "”")) or len(text.split()) < 7:
        return False
    linked = sum(len(link.text) for link in block.links)
    return linked < len(text) / 2


def strip_date(text: str) -> str:
    """A heading without a date glued in front (`11:14 / 23.09.2004Headline` → `Headline`) or set after it
    (`<h1>Headline <small>18.01.2004 00:04</small></h1>`)."""
    if HAS_TIME.search(text, 0, 40):
        found = match_shape(text, ("time_slash_dotted", "day_month_year_time", "time_day_month_year"), whole=False)
        if found and len(text) > len(found[1]) + 3:
            return text[len(found[1]):].strip(" |·-–—")
    if len(text) > 45 and HAS_TIME.search(text, len(text) - 42):
        tail = text.rstrip()[-40:]
        for name in ("dotted_time", "day_month_year_time", "month_day_year_time", "time_day_month_year", "iso"):
            match = next((m for m in SHAPES[name].finditer(tail) if m.end() == len(tail)), None)
            if match and match_shape(match.group(0), (name,)):
                return text.rstrip()[:len(text.rstrip()) - len(tail) + match.start()].rstrip(" |·-–—,(")
    return text


@lru_cache(maxsize=8192)  # asked again and again for the same few texts while candidates are compared
def title_key(text: str | None) -> str:
    # (case folded first: `КАЗБЕК` and `Казбек` are one word, though key() maps capital К to Latin K)
    return key(strip_date(text or "").casefold()).rstrip(".…").strip()


# -- signals ----------------------------------------------------------------------------------------------------


def headline_candidates(blocks: list[Block], meta: Metadata, dates: list[tuple[int, tuple]]) -> list[tuple[str, str, int]]:
    """(source, value, weight) of every structured headline signal the page has. What cannot be a headline is
    never a candidate: the site's name, the layout's template ("Print version" on every page), junk rows."""
    candidates: list[tuple[str, str, int]] = []
    heading = next((b for b in blocks if b.tag == "h1" and _may_be_headline(b)), None)
    short = False  # a word or two — `<h1>CK</h1>` — is as often the site's or a section's name as a headline
    if heading is None and meta.title:  # an <h1> in a menu bar (`<header><nav>…<h1>`) that the <title> names
        stated = _stated_title(meta.title)
        heading = next((b for b in blocks if b.tag == "h1" and b.text and is_chrome(b) and
                        agrees(b.text.replace("\n", " "), stated)), None)
    if heading is not None:
        shown = strip_date(heading.text.replace("\n", " "))
        shown = TITLE_SUFFIX.sub("", shown).strip() or shown  # `<h1>Headline — Caucasian Knot</h1>`, like <title>
        short = len(shown.split()) <= 2
        candidates.append(("<h1>", shown, 1 if short else 3))
    if (heading is None or short) and dates:
        # No <h1>: a lesser heading right beside the date line is the title (an <h2> on many news layouts).
        first = dates[0][0]
        near = next((b for b in blocks[max(first - 4, 0) : first + 5]
                     if b.tag in ("h2", "h3") and _may_be_headline(b) and not date_only(b) and
                     not _section_name(b.text, blocks) and not any(
                         _sentence_like(x) for x in blocks[:b.index])), None)  # no running text before it (else
                         # it is a subheading inside the text, or a box after it)
        if near is not None:
            candidates.append((f"<{near.tag}>", strip_date(near.text.replace("\n", " ")), 2))
    if heading is None and meta.title:  # no <h1>: the lesser heading the <title> names (`Site: Title` over `<h2>`)
        stated = _shown_title(meta.title, blocks) or _stated_title(meta.title)
        named = next((b for b in blocks if b.tag in ("h2", "h3") and _may_be_headline(b) and
                      agrees(b.text.replace("\n", " "), stated) and not _section_name(b.text, blocks)), None)
        if named is not None and not any(c[1] == named.text.replace("\n", " ") for c in candidates):
            candidates.append((f"<{named.tag}>", strip_date(named.text.replace("\n", " ")), 2))
    microdata = next((b.text.replace("\n", " ") for b in blocks if b.prop == "headline" and _may_be_headline(b)), None)
    for source, value in (("JSON-LD headline", meta.jsonld_text("headline")), ("og:title", meta.meta.get("og:title")),
                          ("microdata headline", microdata or meta.microdata.get("headline"))):
        if value and _may_be_title(value, blocks):
            candidates.append((source, strip_date(value), 2))
    if meta.title:
        stripped = _shown_title(meta.title, blocks)
        # <title> is often generic or stale: it counts only when the page shows it as text.
        if stripped and _may_be_title(stripped, blocks) and not _section_name(stripped, blocks):
            candidates.append(("<title>", stripped, 1))
    return candidates


def _stated_title(title: str) -> str:
    """The <title> without the site's name (`Title – Caucasian Knot`, `Кавказский узел: Title`)."""
    return TITLE_SUFFIX.sub("", title).strip()


def _section_name(text: str, blocks: list[Block]) -> bool:
    """A word or two that a link of the page also shows (`<h2>News</h2>` under a menu with `News`, `<title>CK -
    News</title>`): the section's name, not an article's headline."""
    text = text.strip()
    return len(text.split()) <= 2 and any(link.text.strip() == text for b in blocks if b.links for link in b.links)


def _shown_title(title: str, blocks: list[Block]) -> str | None:
    """The part of <title> the page shows as text: without the site's name (`Title – Caucasian Knot`), or without
    a part set off by a separator that the page does not show (`Title · CK`, `CK: Title`)."""
    stripped = _stated_title(title)
    if stripped and locate(blocks, stripped) is not None:
        return stripped
    seams = list(re.finditer(r"\s+[|·–—/»:]\s+|:\s+", title))
    parts = [title[:m.start()] for m in reversed(seams)] + [title[m.end():] for m in seams]  # a prefix or suffix off
    parts += [p for p in re.split(r"\s+[|·–—/»:]\s+|:\s+", title)]
    return next((p.strip() for p in sorted(parts, key=len, reverse=True)
                 if len(p.strip()) >= 15 and locate(blocks, p.strip()) is not None), None)


def link_row(block: Block) -> bool:
    """A row of two or more links and nothing else (`Print version | Send to a friend`): tools or navigation, never a
    headline (one link may be: a headline linking to its own page)."""
    return len(block.links) > 1 and _is_related_link(block)


def _sentence_like(block: Block) -> bool:
    """A block of running text (a subheading after it is inside the text, not beside the date line)."""
    return len(block.text) > 80 and block.text.rstrip().endswith((".", "!", "?", "»", '"')) and \
        not is_caption_block(block) and not reads_like_caption(block.text)


def _may_be_headline(block: Block) -> bool:
    return bool(block.text) and not is_chrome(block) and not block.template and _may_be_title(block.text, [])


def _may_be_title(text: str, blocks: list[Block]) -> bool:
    """Not the site's name, not a junk row (`Print version`, `Read also` …), not the layout's template."""
    text = text.strip()
    if not text or re.fullmatch(SITE_NAME, text, re.I) or JUNK.match(text) or is_boilerplate(text):
        return False
    wanted = key(text)
    return not any(b.template and key(b.text) == wanted for b in blocks)


def agrees(a: str, b: str) -> bool:
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    shorter, longer = sorted((ka, kb), key=len)
    truncated = a.rstrip().endswith(("…", "...")) or b.rstrip().endswith(("…", "..."))
    return len(shorter) >= 20 and ((truncated and longer.startswith(shorter)) or _kicker(shorter, longer))


def _kicker(shorter: str, longer: str) -> bool:
    """`longer` is `shorter` with one to three words in front: a rubric or region set in the heading
    (`<h1><span>Chechnya</span> Title</h1>`)."""
    return longer.endswith(" " + shorter) and 1 <= len(longer[: -len(shorter)].split()) <= 3


def choose(candidates: list[tuple[str, str, int]]) -> tuple[tuple[str, str, int] | None, list[str]]:
    """The winning candidate and a warning for each value that disagrees with it."""
    if not candidates:
        return None, []
    groups: list[list[tuple[str, str, int]]] = []
    for candidate in candidates:
        group = next((g for g in groups if agrees(g[0][1], candidate[1])), None)
        if group is None:
            groups.append([candidate])
        else:
            group.append(candidate)
    best = max(groups, key=lambda g: (sum(c[2] for c in g), len(g), -candidates.index(g[0])))
    winner = best[0]
    plain = min(best, key=lambda c: len(title_key(c[1])))
    if any(_kicker(title_key(plain[1]), title_key(c[1])) for c in best):
        winner = plain  # the title without the kicker another source set in front of it
    problems = [f"headline: {winner[0]} {winner[1]!r} != {c[0]} {c[1]!r}"
                for g in groups if g is not best for c in g]
    return winner, problems


def locate(blocks: list[Block], text: str) -> int | None:
    """The index of the block showing `text` (the headline), outside the site chrome."""
    for block in blocks:  # the usual case: the very same text, no key needed
        if block.text == text and block.zone not in AROUND_ARTICLE:
            return block.index
    wanted = title_key(text)
    longest = len(text) + 40  # a date glued in front, quotes, spacing
    for block in blocks:
        if block.zone in AROUND_ARTICLE or not block.text or len(block.text) > longest * 3:
            continue
        first = block.lines[0]
        if len(first) <= longest and title_key(first) == wanted:
            return block.index
        if len(block.text) <= longest and title_key(block.text.replace("\n", " ")) == wanted:
            return block.index
    return None


def visible_dates(blocks: list[Block], zones: tuple[str, ...] = ("aside", "related", "footer")) -> list[tuple[int, tuple]]:
    """(block index, (datetime, raw, shape, rest)) of every date line or short meta row holding a date, outside
    `zones`."""
    found: list[tuple[int, tuple]] = []
    for block in blocks:
        if block.zone in zones or not HAS_TIME.search(block.text, 0, 200):
            continue
        if _list_item(block):
            continue  # `<a>Other story</a> 18.09.2024 23:47`: an item of a list of other articles, its own date
        match = date_line(block.text, TIMED_SHAPES) or _date_then_title(block.text)
        if match is None and len(block.text) <= META_ROW_MAX:
            match = _date_in_meta_row(block.text)
        if match:
            found.append((block.index, match))
    return found


def _date_then_title(text: str) -> tuple | None:
    """`18.01.2004 00:04 Headline` in one line (an old feed: the date and the bold title in one paragraph): the
    date, with the title as the rest — when the rest reads as a title, not as a sentence."""
    if len(text) > 300 or "\n" in text or not HAS_TIME.search(text, 0, 45):  # (the time within the row's start)
        return None
    found = match_shape(text, TIMED_SHAPES, whole=False)
    if found is None or not HAS_TIME.search(found[1]):
        return None
    rest = text[len(found[1]):].strip(" |·-–—:")
    # (a title may open with a quote — `"Agora" treats …` — and end with one full stop, never two sentences)
    if 15 <= len(rest) <= 250 and (rest.lstrip("\"'«“‘„")[:1].isupper() or rest[:1].isdigit()) and not rest.endswith(":") and \
            not (rest.endswith((".", "!", "?")) and (len(rest) > 120 or re.search(r"[.!?] ", rest))):
        return (*found, rest)
    return None


# A blog's day heading (`Sunday, January 18, 2004`, `воскресенье, 28 июня 2001 г.`) and the post footer's time
# (`Posted by admin at 12:04 AM`, `… на 02:59`).
DAY_HEADING = re.compile(r"(?:[^\W\d_]+,\s*)?(?:\d{1,2}\s+[^\W\d_]{3,9}\.?\s+(?:19|20)\d\d(?:\s*г\.)?|"
                         r"[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+(?:19|20)\d\d)")
FOOTER_TIME = re.compile(r"(?:^|\s)(?:at|в|на)\s+(\d{1,2}:\d{2}(?:\s*[AaPp]\.?\s*[Mm]\.?)?)\s*$")


def _day_then_time(blocks: list[Block]) -> tuple[int, tuple] | None:
    """The day in a heading of its own above the post and the time in one footer row under it, when the page shows
    no other date: (the day's block index, the date they make)."""
    days = [b for b in blocks if len(b.text) <= 60 and DAY_HEADING.fullmatch(b.text.strip())]
    times = [(b, m) for b in blocks if len(b.text) <= 80 and (m := FOOTER_TIME.search(b.text))]
    if len(days) != 1 or len(times) != 1 or times[0][0].index <= days[0].index:
        return None
    raw = f"{days[0].text.strip()} {times[0][1].group(1)}"
    found = date_line(raw, TIMED_SHAPES)
    return (days[0].index, (found[0], raw, "day_then_time", "")) if found else None


def _date_in_meta_row(text: str) -> tuple | None:
    """`By A. Author · 01 May 2020, 08:36 · Print` → the date in it."""
    found = date_in(text)
    return (*found, "") if found else None


def machine_dates(meta: Metadata) -> list[tuple[str, str]]:
    """(source, raw value) of every machine-readable publication time, best first."""
    values = [("JSON-LD datePublished", meta.jsonld_text("datePublished")),
              ("article:published_time", meta.meta.get("article:published_time")),
              ("microdata datePublished", meta.microdata.get("datePublished"))]
    values += [("<time datetime>", stamp) for stamp, _ in meta.times[:1]]
    values += [("embedded state", value) for path, value in meta.state
               if STATE_DATE_KEY.search(path.rsplit(".", 1)[-1]) and ISO_MOMENT.match(value)][:1]
    return [(source, value) for source, value in values if value]


STATE_DATE_KEY = re.compile(r"publish|date|created", re.I)
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


# -- the parser -------------------------------------------------------------------------------------------------


def parse_article(url: str | None, source: str | bytes, *, content_type: str | None = None,
                  profile: SiteProfile | None = None) -> Article:
    """An article page → its record. Never raises: what cannot be found is null and named in `warnings`; every
    assessed field carries its evidence (crawler/parsers/evidence.py). `content_type`: the response's header, for
    the charset of bytes; `profile`: the layouts learned from the site's other pages (crawler/parsers/profile.py)."""
    page = _read(url, source, content_type, profile)
    record, warnings, evidence = page.record, page.warnings, page.evidence
    blocks, meta = page.blocks, page.meta
    if not blocks:
        warnings.append("empty page: no text")
        warnings.extend(f"{name}: not found (the page shows no text)" for name in
                        ("headline", "published_at", "lead", "body", "authors", "source", "labels", "image_caption"))
        record["evidence"] = evidence.judge(record, [])
        return record

    # 1. Headline, 2. date: the structured signals and the text convention, each cross-checked with the other.
    dates = visible_dates(blocks)
    if not dates:  # none outside the side panels: a date line in a panel beside the text (`<aside>` with the date
        # and the byline), when it is no item of a list of other articles — one signal, so it stays unconfirmed
        dates = [d for d in visible_dates(blocks, ("related", "footer")) if not _is_sidebar_date(blocks, d[0])][:1]
    if not dates and (joined := _day_then_time(blocks)) is not None:
        dates = [joined]  # a blog's day over its posts, the time in the post's footer: one date, unconfirmed
    headline_index, winner_source = _headline(page, dates)
    date_index, found = _nearest_date(dates, headline_index, blocks)
    _date(record, found, meta, warnings, evidence)
    if date_index is not None and ((date_index > 0 and _date_label(blocks[date_index - 1].text)) or
                                   _date_label(blocks[date_index].text.split(":", 1)[0])):
        evidence.support("published_at", "date label")  # `Date: 18.01.2004 00:04`, `<dt>Published</dt><dd>…`
    record["parser_version"] = era_of(found[2] if found else None, page.lang).parser_version
    _date_beside_headline(page, date_index, headline_index, winner_source, found)

    # 3. Header group, then the body.
    anchors = [i for i in (headline_index, date_index) if i is not None]
    if anchors and (max(anchors) - min(anchors) > 6 or (
            headline_index is not None and date_index is not None and date_index > headline_index and
            any(_sentence_like(b) for b in blocks[headline_index + 1:date_index]))):
        anchors = [headline_index if headline_index is not None else date_index]  # a date row after the text
    start = max(anchors) + 1 if anchors else _first_article_block(blocks)
    header_start = min(anchors) if anchors else start
    captions: list[Block] = []
    header_images: list[Block] = []
    byline_lines: list[str] = []
    for block in blocks[max(header_start - 3, 0):start]:
        _header_matter(block, captions, header_images, byline_lines, headline_index, date_index)
    above = len(byline_lines)
    paragraphs, end = _body(blocks, start, record["headline"], captions, header_images, byline_lines, date_index)
    paragraphs = drop_rows_the_copy_lacks(paragraphs, meta)
    paragraphs = _rest_from_own_copy(paragraphs, meta, warnings, evidence)
    if paragraphs:
        record["lead"], record["body"] = paragraphs[0], "\n\n".join(paragraphs)
    _cross_check_lead(paragraphs, meta, warnings, evidence)
    _body_evidence(page, start, end, paragraphs)
    hidden = next((b for b in blocks[start:end] if b.hidden and b.text.replace("\n", " ") in paragraphs), None)
    if hidden is not None:  # a promotion a script shows to some, or the text's rest behind `Read more`: a guess
        evidence.dispute("body", f"it holds text the page hides: {hidden.text[:60]!r}")
    if any(b.__dict__.get("_left_out_sentence") for b in blocks[start:end]):
        evidence.dispute("body", "a sentence that is all a link, after the text in its container, was left out")

    # 4. Tail: footnotes, provenance, byline (above or below the text).
    footnotes = _tail(blocks, end, record, byline_lines, evidence)
    for marker, note in page.marker_notes.items():  # (notes shown only as the asterisks' tooltips)
        footnotes.setdefault(marker, note)
    if record["translation"] is None:  # a provenance note above the text, under the date
        for block in blocks[header_start:start + 3]:
            if is_provenance(block.text):
                _provenance(block.text, block, record, evidence)
                break
    _authors_and_source(page, byline_lines, above)
    side = _side_column_byline(blocks, end) if not byline_lines else []
    if side:
        # a byline in a column a class calls a side panel (`<div class="col-3 sidebar">` with the date and
        # `Author: …` beside the text): class names only break ties — read, and said to be unsure
        authors, source = parse_byline("\n".join(b.text for b in side))
        for name, value in (("authors", authors), ("source", source)):
            if value and not record[name]:
                record[name] = value
                evidence.support(name, "byline label")
                warnings.append(f"{name}: unconfirmed (a byline in a column the markup calls {side[0].zone!r})")
    if not record["authors"] and (label := _unread_byline(blocks, end)) is not None:
        # the page names an author where no rule looked (above the headline, among other items): none is no sure
        # answer
        warnings.append(f"authors: unconfirmed (none read, but the page shows {label.text[:80]!r})")
    if record["translation"] and not record["original_url"]:  # `… originally published on the Russian page …`
        warnings.append("original_url: unconfirmed (none read, but the provenance line names a Russian original)")
    original = article_key(record["original_url"], "ru") if record["original_url"] else None
    record["original_article_id"] = original[1] if original and original[0] == "ru" else None

    # 5. Image and caption; labels, banner, sidebar, rubrics.
    if not captions:  # none at the head or in the text: a photo after the text (before its byline)
        captions = _caption_after_text(blocks, end)
    caption = captions[0] if captions else None
    if caption is None and (missed := _unread_caption(blocks, end)) is not None:
        # a caption the rules above did not place (a markup nobody wrote them for): no caption is no sure answer
        warnings.append(f"image_caption: unconfirmed (none read, but the page shows one: {missed.text[:80]!r})")
    if caption is not None:
        record["image_caption"] = GALLERY_COUNTER.sub("", caption.text.replace("\n", " "))
        if caption.__dict__.get("_after_paragraphs", 0) >= 1:
            # no photo at the head of the article, one or several inside its text (a video's frame, an illustration):
            # whether it is "its" photo is a guess
            warnings.append("image_caption: unconfirmed (the first of several photos inside the text)"
                            if caption.__dict__.get("_more_in_text") else
                            "image_caption: unconfirmed (a photo inside the text, none at its head)")
        elif caption.__dict__.get("_after_text"):  # a related story's photo stands there too
            warnings.append("image_caption: unconfirmed (a photo after the text, none at its head)")
    record["image_url"] = _image(blocks, caption, header_images, page.canonical, meta)
    text = "\n".join(filter(None, [record["headline"] or "", *paragraphs]))
    record["labels"] = find_labels(text, footnotes)
    unexplained = sorted({label["marker"] for label in record["labels"] if label.get("marker") and not label.get("text")})
    if unexplained:  # the text marks a name (`Name*`), no footnote says what it is: the page may have none
        # (docs/record.md), or it stands where it was not looked for — the type `unknown` is not sure either way
        warnings.append(f"labels: unconfirmed (no footnote found for the marker {' '.join(unexplained)})")
    record["banner"] = next((b.text for b in blocks if BANNER.match(b.text)), None)
    page_url = url or page.canonical or ""
    record["sidebar"] = _sidebar(blocks, end, page_url, page.lang, record["article_id"])
    record["rubrics"], record["regions"] = _rubrics_and_regions(blocks, page_url)
    for name in ("headline", "published_at", "body", "lead"):
        if not record[name]:
            warnings.append(f"{name}: not found")
    if not record["body"]:  # the byline, notes and caption are looked for around the text: none is an empty field
        warnings.extend(f"{name}: not checked (no article text found)" for name in
                        ("authors", "source", "labels", "image_caption", "original_url") if not record[name])
    record["casualties"] = read_casualties(record["headline"], record["body"], record["published_at"], page.lang)
    if record["casualties"]:
        warnings.extend(record["casualties"]["warnings"])
    headline = record["headline"] or ""
    signals = [s for s in evidence.support_of.get("headline", []) if not s.startswith("changes across")]
    if record["lead"] and len(signals) < 2 and headline.endswith(SENTENCE_END) and len(headline.split()) >= 12:
        # a headline on one signal that reads as a sentence may be the text's first paragraph: where the text
        # starts is in doubt too
        for name in ("lead", "body"):
            evidence.dispute(name, "the headline chosen reads as a sentence: it may be the text's first paragraph")
    charset = page.notes.get("charset", {})
    if charset.get("how", "").startswith("default"):  # a few stray bytes, no label: which letters they are is a guess
        warnings.extend(f"{name}: unconfirmed (its non-ASCII letters read as {charset['value']}, a guess: the page "
                        "names no charset)" for name in ("headline", "body", "authors", "source", "image_caption")
                        if record[name] and any(c.isalpha() and not c.isascii() for c in str(record[name])))
    record["evidence"] = {**evidence.judge(record, warnings), **page.notes}
    return record


@dataclass
class _Page:
    """A page as the steps of parse_article read it: blocks, self-description, language, and what is learned."""

    url: str | None
    blocks: list[Block]
    meta: Metadata
    lang: str
    canonical: str | None
    record: Article
    warnings: list[str]
    evidence: Evidence
    layout: Layout | None
    notes: dict[str, dict]  # evidence that is not a field's (the charset, the layout)
    marker_notes: dict[str, str] = field(default_factory=dict)  # `<abbr title="Included by …">*</abbr>`: by marker


def _read(url: str | None, source: str | bytes, content_type: str | None, profile: SiteProfile | None) -> _Page:
    notes: dict[str, dict] = {}
    if isinstance(source, bytes):
        source, charset, how = decode_page(source, content_type)
        notes["charset"] = {"value": charset, "how": how}
    root = parse_html(source)
    blocks = page_blocks(root) if root is not None else []
    meta = page_metadata(root, with_microdata="itemprop" in source or "property=" in source)
    key_ = article_key(url or "", default_lang="en") or (
        article_key(meta.canonical or "", default_lang="en") if meta.canonical else None)
    lang = host_language(url_host(url)) if url else None
    if lang is None:
        sample = " ".join(b.text for b in blocks[:60] if b.tag in ("h1", "h2", "p"))
        lang = "ru" if len(CYRILLIC.findall(sample)) > len(sample) * 0.3 else "en"
    canonical = canonical_article_url(lang, key_[1]) if key_ else (canonicalise(url or "", lang) or url)
    warnings: list[str] = []
    record = Article(
        kind="article", blog_id=None, url=canonical, article_id=key_[1] if key_ else None, lang=lang,
        headline=None, lead=None, body=None, published_at=None, published_at_raw=None,
        authors=[], source=None, image_url=None, image_caption=None, original_url=None,
        original_published_at=None, original_article_id=None, translation=None, labels=[], banner=None, sidebar=[],
        rubrics=[], regions=[], parser_version=ARTICLE_ONLY.parser_version, warnings=warnings, evidence={},
        casualties=None,
    )
    if blocks and _cut_short(source):
        # The last block of a page cut in transit is a fragment (of a paragraph, a banner, a byline): not data.
        warnings.append("page: cut short (no closing </html>); its last block is not read")
        blocks = blocks[:-1]
    described = {key(name) for name in meta.jsonld_names("author") + [meta.microdata.get("author") or ""] if name}
    for block in blocks if described else ():  # a name the page describes as its author is a byline, not text
        if block.text and len(block.text) <= 80 and key(block.text) in described:
            block.prop = block.prop or "author"
    layout = profile.for_page(url, blocks) if profile else None
    if layout is not None:
        notes["layout"] = {"pages": layout.pages, "template_texts": len(layout.template)}
        for block in blocks:
            block.template = layout.is_template(block)
    blocks = _join_label_values(blocks, layout)
    marker_notes = _marker_tooltips(root) if root is not None and "title=" in source else {}
    return _Page(url, blocks, meta, lang, canonical, record, warnings, Evidence(), layout, notes, marker_notes)


def _marker_tooltips(root) -> dict[str, str]:
    """The notes a page gives only as the tooltips of its asterisks (`<abbr title="Included by …">*</abbr>`)."""
    found: dict[str, str] = {}
    for element in root.xpath("//*[@title][string-length(normalize-space(text())) <= 3]"):
        marker, note = (element.text or "").strip(), (element.get("title") or "").strip()
        if note and re.fullmatch(r"\*{1,3}", marker):
            found.setdefault(marker, note)
    return found


LABEL_WORDS = {"author": "Author", "authors": "Author", "автор": "Автор", "авторы": "Автор", "source": "Source",
               "источник": "Источник", "by": "Author"}


# `Author Emma Marzoeva`, `AuthorEmma Marzoeva` (two spans, no colon); a source may start in lower case
# (`Источниккорреспондент …`), a name may not (`Authority …` is no byline).
LABEL_INITIALS = frozenset("AaSsBbАаИи")
_NAME = r"[A-ZА-ЯЁ][\w'’.\-]+(?:\s+[A-ZА-ЯЁ][\w'’.\-]+){1,3}"  # two to four capitalised words
BYLINE_AFTER_DATE = re.compile(r"\s((?:[Bb]y|[Aa]uthors?:|[Аа]вторы?:)\s.+)$")
BY_NAMES = re.compile(rf"^[Bb]y\s+({_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*)$")
# `Author Emma Marzoeva`, `Source — CK correspondent`: a label and its value in two elements, or set apart by a dash;
# never a sentence (`Источник в полиции подтвердил задержание.` is a paragraph of the text).
GLUED_LABEL = re.compile(r"^(?:(Author|Authors|Автор|Авторы)\s*(?:[—–-]\s+)?(?=[A-ZА-ЯЁ\"«“])|(Source|Источник)\s*"
                         r"(?:[—–-]\s+)?)([^:\n]{2,80})(?<![.!?…])$")


# A link to a person's page (`/authors/12`, `/avtor/ivanov`, `?author=3`); the names of the people's roles under
# such a link on an author's card.
AUTHOR_HREF = re.compile(r"/(?:authors?|avtory?|writers?|journalists?|people|persons?)/[^/?#]+/?$|[?&]author=", re.I)
ROLE_ROW = re.compile(r"(?:Special |Our |Staff )?(?:Correspondent|Reporter|Journalist|Editor|Photographer|"
                      r"Columnist|Observer|Author)s?|(?:Собственный |Специальный |Наш )?(?:[Кк]орреспондент|"
                      r"[Жж]урналист|[Рр]едактор|[Фф]отограф|[Оо]бозреватель|[Кк]олумнист|[Аа]втор)(?:ка|ы)?", re.I)


DAY_NUMBER = re.compile(r"[0-9]{1,2}")
YEAR_NUMBER = re.compile(r"(?:19|20)[0-9]{2}")


def _calendar_badge(blocks: list[Block], position: int) -> tuple[str, int] | None:
    """A day, a month's name and a year in three blocks from `position` (a calendar badge), and the time in a fourth
    if one follows: the date row they make, and how many blocks after the first they take."""
    parts = [b.text.strip() for b in blocks[position:position + 4]]
    if len(parts) < 3 or not (DAY_NUMBER.fullmatch(parts[0]) and 1 <= int(parts[0]) <= 31 and month_number(parts[1])
                              and YEAR_NUMBER.fullmatch(parts[2])):  # (ASCII digits: `²`.isdigit() is true)
        return None
    if len(parts) == 4 and BARE_TIME.fullmatch(parts[3]):
        return f"{parts[0]} {parts[1]} {parts[2]}, {parts[3]}", 3
    return f"{parts[0]} {parts[1]} {parts[2]}", 2


def _author_link(block: Block) -> str | None:
    """A block that is only a person's name linked to their page: the name."""
    if len(block.links) != 1 or len(block.text) > 60 or not NAME_ONLY.fullmatch(block.text) or \
            SITE_ROW.fullmatch(block.text):
        return None
    link = block.links[0]
    if key(link.text) != key(block.text) or not (AUTHOR_HREF.search(link.href) or "author" in link.rel.split()):
        return None
    return block.text


def _author_links(blocks: list[Block], position: int) -> tuple[list[str], int] | None:
    """Names linked to their pages from `position` on, each maybe with a role row under it (`Correspondent`):
    the names and how many blocks after the first they take."""
    first = _author_link(blocks[position])
    if first is None:
        return None
    names, taken = [first], 0
    while position + taken + 1 < len(blocks) and len(names) < 8:
        following = blocks[position + taken + 1]
        if ROLE_ROW.fullmatch(following.text.strip(" ,.")):
            taken += 1
        elif (name := _author_link(following)) is not None:
            names.append(name)
            taken += 1
        else:
            break
    return names, taken


def _join_label_values(blocks: list[Block], layout: Layout | None) -> list[Block]:
    """A label and its value written in two elements (`<dt>Author</dt><dd>A. Name</dd>`, two spans, two cells)
    become one byline line (`Author: A. Name`): by the label's wording, or a label the layout repeats with a
    different value on every page."""
    joined: list[Block] = []
    skip = 0
    for position, block in enumerate(blocks):
        if skip:
            skip -= 1
            continue
        row = _meta_row_byline(block)
        if row:  # `By A. Name | 21 May 2009, 21:00`: the byline apart from the rest of the row
            joined.extend(row)
            continue
        clock = _labelled_time(blocks, position + 2) if len(block.text) <= 20 and \
            label_word(block.text) in DATE_LABELS else None
        if clock:  # `Date 18.01.2004` `Time 00:04` in four elements: one labelled date row
            joined += [block, replace(blocks[position + 1], text=f"{blocks[position + 1].text} {clock}", index=0)]
            skip = 3
            continue
        badge = _calendar_badge(blocks, position) if len(block.text) <= 2 else None
        if badge:  # `<div>18</div><div>JAN</div><div>2004</div><div>00:04</div>`: a calendar badge, one date row
            text, skip = badge
            joined.append(replace(block, text=text, index=0))
            continue
        after = blocks[position + 1].text if len(block.text) <= 40 and position + 1 < len(blocks) else ""
        if 4 <= len(after) <= 7 and BARE_TIME.fullmatch(after.strip()) and FULL_DATE.fullmatch(block.text.strip()):
            # `<div>📅 18.01.2004</div><div>🕒 00:04</div>`: the day and its time in two rows, one date row
            joined.append(replace(block, text=f"{block.text.strip()} {after.strip()}", index=0))
            skip = 1
            continue
        linked = _author_links(blocks, position)
        if linked:  # `<a href="/authors/12">Emma Marzoeva</a>` `Correspondent`: a card per author, one byline
            names, skip = linked
            joined.append(replace(block, text=f"Author: {', '.join(names)}", index=0))
            continue
        if len(block.text) > 90 or block.text[:1] not in LABEL_INITIALS:  # most blocks: no label
            joined.append(block)
            continue
        glued = GLUED_LABEL.match(block.text)
        if glued:  # `Author Emma Marzoeva` (two spans, no colon): one line with its value
            word = (glued.group(1) or glued.group(2)).casefold()
            joined.append(replace(block, text=f"{LABEL_WORDS[word]}: {glued.group(3)}", index=0))
            continue
        by = BY_NAMES.match(block.text)
        if by:  # `by Emma Marzoeva, Inna Kukudzhanova` on a line of its own: the byline of many markups
            joined.append(replace(block, text=f"Author: {by.group(1)}", index=0))
            continue
        word = label_word(block.text)
        value = blocks[position + 1] if position + 1 < len(blocks) else None
        label = LABEL_WORDS.get(word)
        if label is None and layout is not None and layout.is_label(block) and word in LABEL_WORDS:
            label = LABEL_WORDS[word]
        if label and value is not None and value.text and len(value.text) <= 160 and \
                value.text.strip().rstrip(":").casefold() not in LABEL_WORDS and "\n" not in value.text and \
                not _is_related_link(value):  # an empty `Автор:` before a tag row is no byline of the tag's name
            names = [value.text]  # `<h4>Авторы</h4><ul><li>A</li><li>B</li></ul>`: every item of the list after it
            while label in ("Author", "Автор") and position + 1 + len(names) < len(blocks) and len(names) < 8:
                more = blocks[position + 1 + len(names)]
                if more.tag != value.tag or more.classes != value.classes or not NAME_ONLY.fullmatch(more.text):
                    break
                names.append(more.text)
            joined.append(replace(value, text=f"{label}: {', '.join(names)}", index=0))
            skip = len(names)
        else:
            joined.append(block)
    for index, block in enumerate(joined):
        block.index = index
    return joined


TIME_LABELS = {"time", "время"}


def _labelled_time(blocks: list[Block], position: int) -> str | None:
    """The time of a `Time` label and its value at `position` (the row after a `Date` label and its date)."""
    if position + 1 < len(blocks) and label_word(blocks[position].text) in TIME_LABELS:
        value = blocks[position + 1].text.strip()
        return value if BARE_TIME.fullmatch(value) else None
    return None


AUTHOR_LABEL = re.compile(r"^(?:[Aa]uthors?|[Аа]вторы?)\s*:|^[Bb]y\s")
NAME_ONLY = re.compile(_NAME)
META_SEPARATOR = re.compile(r"\s+[|·•/—–]\s+")


def _meta_row_byline(block: Block) -> list[Block] | None:
    """A short row of several items (`By A. Name | 21 May 2009, 21:00 | Print`) holding a byline: the byline as a
    block of its own, then the rest of the row — or None for any other block."""
    text = block.text
    if len(text) > 160:
        return None
    tail = BYLINE_AFTER_DATE.search(text) if ("y " in text or "r:" in text or "р:" in text or "ы:" in text) and \
        HAS_TIME.search(text) else None  # `18.01.2004 · 00:04 By Name`: the byline after the date, no separator
    if tail and date_in(text[:tail.start()]) and (BY_NAMES.match(tail.group(1)) or BYLINE.match(tail.group(1))):
        by = BY_NAMES.match(tail.group(1))
        return [replace(block, text=f"Author: {by.group(1)}" if by else tail.group(1), index=0),
                replace(block, text=text[:tail.start()].strip(), index=0)]
    if not ("|" in text or "·" in text or "•" in text or " / " in text or " — " in text or " – " in text):
        return None
    segments: list[str] = []
    for seg in META_SEPARATOR.split(text):  # `Авторы: A | B`: a name after an author's is the next author
        if segments and AUTHOR_LABEL.match(segments[-1]) and NAME_ONLY.fullmatch(seg):
            segments[-1] = f"{segments[-1]}, {seg}"
        else:
            segments.append(seg)
    bylines = [seg for seg in segments if BY_NAMES.match(seg) or BYLINE.match(seg)]
    if not bylines:
        return None
    rest = " | ".join(seg for seg in segments if seg not in bylines)  # (`Author: A | Source: B`: nothing else)
    return [*(replace(block, text=f"Author: {by.group(1)}" if (by := BY_NAMES.match(seg)) else seg, index=0)
              for seg in bylines), *([replace(block, text=rest, index=0)] if rest else [])]


def _headline(page: _Page, dates: list[tuple[int, tuple]]) -> tuple[int | None, str | None]:
    """The headline and its block; every candidate that agrees is evidence, every other one a dispute."""
    blocks, record, evidence = page.blocks, page.record, page.evidence
    dates = [d for d in dates if not _is_sidebar_date(blocks, d[0])]  # (a list of other articles before the text)
    structured = headline_candidates(blocks, page.meta, dates)
    text_index, text_headline = _text_headline(blocks, dates)
    if text_headline and (dates or not structured):  # without a date line it is only the first heading again
        structured.append((TEXT_SOURCE if dates else "first heading", text_headline, 1))
    labelled = next((blocks[b.index + 1] for b in blocks[:-1] if len(b.text) <= 20 and
                     label_word(b.text) in TITLE_LABELS and blocks[b.index + 1].text), None)
    if labelled is not None:  # `<dt>Title</dt><dd>Headline</dd>`: the page names it
        structured.append(("labelled title", labelled.text.replace("\n", " "), 2))
    running_after = text_index is not None and _sentence_like(blocks[text_index])
    before = _line_before_date(blocks, dates, one_sentence=running_after)
    if before is not None:  # the headline above its date row (`<div>Title</div><div>18.01.2004 · 00:04</div>`)
        structured.append((BEFORE_SOURCE, before.text.replace("\n", " "), 1))
        if running_after:
            # a title-like line above the date, running text after it: the text begins after the date row
            structured = [c for c in structured if c[0] != TEXT_SOURCE]
    winner, problems = choose(structured)
    if winner is None:
        return None, None
    headline_index = text_index if winner[0] in (TEXT_SOURCE, "first heading") else locate(blocks, winner[1])
    for _, value, _ in structured if headline_index is None else ():  # shown with a kicker: the heading's block
        if agrees(value, winner[1]) and (headline_index := locate(blocks, value)) is not None:
            break
    record["headline"] = _without_marks(winner[1])
    if winner[1].isupper():  # capitals typed by the CMS: the case another description of the page gives, if any
        record["headline"] = next((v for _, v, _ in structured if not v.isupper() and
                                   title_key(v) == title_key(winner[1])), record["headline"])
    for source, value, _ in structured:
        if agrees(value, winner[1]):
            evidence.support("headline", source)
        elif source not in (TEXT_SOURCE, BEFORE_SOURCE):  # the text conventions' own disagreement is judged by
            evidence.dispute("headline", f"{source} {value[:80]!r}")  # _check_text_order
    page.warnings.extend(problem for problem in problems if TEXT_SOURCE not in problem and BEFORE_SOURCE not in problem)
    title = _stated_title(page.meta.title or "")
    if len(title) >= 20 and _kicker(title, record["headline"]) and not any(
            value == record["headline"] for source, value, _ in structured if source != "<h1>"):
        # `<h1><span>LIVE</span> Title</h1>` under `<title>Title</title>`, nothing else naming the longer one: a label
        # the layout set before the headline, as a rubric or region is
        record["headline"] = title
        evidence.support("headline", "<title>")
    rest = record["headline"][len(title):]
    if len(title) >= 20 and record["headline"].startswith(title) and rest[:1] == " " and 1 <= len(rest.split()) <= 2:
        # `<h1>Title <span>Video</span></h1>` under `<title>Title</title>`: a badge the markup set in the heading, or
        # the heading's own last words the <title> cut — either way the headline's end is in doubt
        evidence.dispute("headline", f"<title> {title[:80]!r} ends before {rest.strip()!r}")
    if any(agrees(text, winner[1]) for _, text in page.meta.state):
        evidence.support("headline", "embedded state")
    if dates and text_index is not None and agrees(text_headline or "", winner[1]) and \
            dates[0][1][2] in SITE_DATE_SHAPES and (text_index == dates[0][0] + 1 or dates[0][1][3]) and \
            len(winner[1]) <= 250 and not winner[1].rstrip().endswith((".", "!")):
        # The site's own order (docs/site.md §2): a date line of its shape, the headline right after it.
        evidence.support("headline", "the site's order: date line, then headline")
    if page.layout is not None and headline_index is not None and not blocks[headline_index].template:
        evidence.support("headline", f"changes across the layout's {page.layout.pages} pages")
    return headline_index, winner[0]


def _without_marks(title: str) -> str:
    """A headline without the pictographs a layout sets before or after it (`⚡️ Title`, `Title 🔴`): no words of it."""
    def mark(char: str) -> bool:
        return char.isspace() or char in "\ufe0f\u200d" or (unicodedata.category(char) in ("So", "Sk") and
                                                            char not in "№©®")
    start, end = 0, len(title)
    while start < end and mark(title[start]):
        start += 1
    while end > start and mark(title[end - 1]):
        end -= 1
    return title[start:end] if end > start else title


TEXT_SOURCE = "the line after the date"
BEFORE_SOURCE = "the line before the date"


def _line_before_date(blocks: list[Block], dates: list[tuple[int, tuple]], one_sentence: bool = False) -> Block | None:
    """The title-like line right above the first date line (a banner or byline row may stand between); with
    `one_sentence` (running text follows the date) a short single sentence with its full stop may be one too (some
    real headlines end with one)."""
    if not dates:
        return None
    for block in reversed(blocks[max(dates[0][0] - 3, 0):dates[0][0]]):
        if not _is_text(block) or BYLINE.match(block.text) or is_caption_block(block) or \
                reads_like_caption(block.text) or link_row(block):
            continue
        text = block.text.replace("\n", " ").strip()
        if 15 <= len(text) <= 250 and (not text.endswith((".", "!", ":")) or text.endswith(" г.") or (
                one_sentence and len(text) <= 100 and text.endswith(".") and ". " not in text)) and \
                _may_be_headline(block) and \
                not text.isupper():
            return block
        return None
    return None


def _date_beside_headline(page: _Page, date_index: int | None, headline_index: int | None, winner_source: str | None,
                          found: tuple | None) -> None:
    """The text convention: the date line stands right beside the headline (evidence for both), else a warning
    when the chosen headline is not the line next to the date."""
    if date_index is None or headline_index is None or found is None:
        return
    between = [b for b in page.blocks[min(date_index, headline_index) + 1:max(date_index, headline_index)]
               if _is_text(b) and not is_caption_block(b) and not reads_like_caption(b.text)]
    if not between:
        if found[2] != "day_then_time":  # (a day beside the headline, its time from elsewhere: not the date line)
            page.evidence.support("published_at", "beside the headline")
        if winner_source != TEXT_SOURCE:
            page.evidence.support("headline", "beside the date line")
    elif winner_source != TEXT_SOURCE:
        before = len(page.warnings)
        _check_text_order(page.blocks, date_index, headline_index, page.record["headline"], page.warnings)
        if len(page.warnings) > before:
            page.evidence.dispute("headline", "the line next to the date")


def _cut_short(source: str | bytes) -> bool:
    tail = source[-4096:].lower()
    return (b"</html" not in tail and b"</body" not in tail) if isinstance(tail, bytes) else \
        ("</html" not in tail and "</body" not in tail)


def _text_headline(blocks: list[Block], dates: list[tuple[int, tuple]]) -> tuple[int | None, str | None]:
    """Without markup signals: the headline glued to a mobile date, the text block after the first date line,
    or the first heading."""
    if dates:
        index, found = dates[0]
        if found[3]:
            return index, found[3].split("\n")[0]
        for block in blocks[index + 1 : index + 6]:
            if _is_text(block) and not is_caption_block(block) and not reads_like_caption(block.text) \
                    and not (block.images and not block.text) and not BYLINE.match(block.text) and \
                    not _field_label(block.text) and not link_row(block) and not _field_name(block.text):
                return block.index, block.text.replace("\n", " ")
        return None, None
    for tag in HEADING_TAGS:
        for block in blocks:
            if block.tag == tag and _is_text(block):
                return block.index, block.text.replace("\n", " ")
    return None, None


def _is_text(block: Block) -> bool:
    return bool(block.text) and not is_chrome(block) and not is_boilerplate(block.text) and not is_junk(block)


def _nearest_date(dates: list[tuple[int, tuple]], headline_index: int | None,
                  blocks: list[Block]) -> tuple[int | None, tuple | None]:
    if not dates:
        return None, None
    if headline_index is None:
        index, found = dates[0]
        return (index, found) if not _is_sidebar_date(blocks, index) else (None, None)
    index, found = min(dates, key=lambda pair: (abs(pair[0] - headline_index), pair[0] > headline_index))
    if abs(index - headline_index) > 6 or _is_sidebar_date(blocks, index):
        # far from the headline, a date the page labels as the date (`<th>Date</th><td>2004-01-18 00:04</td>`)
        labelled = [(i, f) for i, f in dates if ((i > 0 and _date_label(blocks[i - 1].text)) or
                                                  _date_label(blocks[i].text.split(":", 1)[0]) or
                                                  POSTED.search(blocks[i].text.partition(f[1])[0][-40:])) and
                    not _is_sidebar_date(blocks, i)]  # (`<th>Date</th><td>…</td>`, `Published: 18.01.2004 00:04`,
        # a theme's footer sentence `This entry was posted on Sunday, January 18th, 2004 at 12:04 am and is filed …`)
        if labelled:
            return labelled[0]
        if len(dates) == 1 and _details_row(blocks[index]):
            # the page's one date, in a row of its details under the text (`Views: 5 | Added by: admin | 18.01.2004,
            # 00:04 | Rating: 0.0/0`): the entry's own
            return index, found
        return None, None
    return index, found


def _details_row(block: Block) -> bool:
    """A short row of an entry's details set apart by separators, with no link to another article."""
    return len(block.text) <= META_ROW_MAX and block.zone not in AROUND_ARTICLE and \
        len(re.findall(r"\s[|·•]\s", block.text)) >= 2 and not any("/articles/" in link.href for link in block.links)


COUNT_ROW = re.compile(r"[\d\s\u00a0]{1,12}")  # a bare number (views, comments): never a paragraph
# A row of the page's counters: `7 min read · 1336 views`, `Время чтения: 3 минуты · 8079 просмотров`, `12 comments`.
_COUNT = (r"(?:(?:Reading time|Время чтения|Views|Hits|Просмотр\w*|Comments|Комментари\w*|Rating|Рейтинг)\s*:?\s*)?"
          r"\(?\d[\d\s\u00a0.,/]*\)?\s*(?:min(?:ute)?s?\.?(?: read)?|views?|comments?|shares?|likes?|"
          r"мин(?:ут[аы]?)?\.?(?: чтения)?|просмотр\w*|комментари\w*|лайк\w*|репост\w*)?")  # (`Комментарии (7)`, `Рейтинг: 0.0/0`)
COUNTS_ROW = re.compile(rf"[·•]?\s*{_COUNT}(?:\s*[·•|/,–—]\s*{_COUNT})*", re.I)  # (`• 4 min read`)


def _field_name(text: str) -> bool:
    """A field's name of any wording, ending with a colon (`Region:`, `Просмотры:`): a label, never a headline or a
    paragraph (the known ones — `Date`, `Author` … — are FIELD_LABELS)."""
    return len(text) <= 30 and text.endswith(":") and "\n" not in text


PHOTO_CREDIT = re.compile(rf"^(?:photo(?:graph)?s?(?: author| by)?|автор(?:ы)? фото|фото(?:графии)?)\s*:(?!{QUOTED_SPEECH})",
                          re.I)
STAFF_CREDIT = re.compile(r"^(?:editor|edited by|translated by|translation|translator|редактор|выпускающий редактор|"
                          rf"перевод|переводчик|перевела|перевел)\s*:(?!{QUOTED_SPEECH})", re.I)
BARE_URL = re.compile(r"\s*(?:https?://|www\.)\S+\s*")
UPDATED = re.compile(r"(?:last )?(?:updated|modified|edited|обновлено|изменено|отредактировано)\s*:", re.I)
POSTED = re.compile(r"\b(?:posted|published|опубликован[ао]?)\b(?:\s+(?:on|в|at))?\s*$", re.I)
DATE_LABELS = {"date", "published", "posted", "дата", "опубликовано", "дата публикации", "date published"}
# The names of an export's fields (`<dt>Title</dt><dd>…</dd>`): labels, never a headline or a line of the text.
FIELD_LABELS = DATE_LABELS | {"title", "headline", "text", "body", "заголовок", "текст", "author", "автор", "source",
                              "источник", "authors", "авторы"}
TITLE_LABELS = {"title", "headline", "заголовок"}


def label_word(text: str) -> str:
    """A label as the label tables hold it: `Author:` → `author`."""
    return text.strip().rstrip(":").strip().casefold()


def _field_label(text: str) -> bool:
    return len(text) <= 20 and label_word(text) in FIELD_LABELS


def _date_label(text: str) -> bool:
    return label_word(text) in DATE_LABELS


def _is_sidebar_date(blocks: list[Block], index: int) -> bool:
    """A date line right before a link to another article is a sidebar or listing item's date."""
    follower = blocks[index + 1] if index + 1 < len(blocks) else None
    return bool(follower and date_only(blocks[index]) and any("/articles/" in lk.href for lk in follower.links)
                and follower.text.strip(" •") == " ".join(lk.text for lk in follower.links).strip())


def _date(record: Article, found: tuple | None, meta: Metadata, warnings: list[str], evidence: Evidence) -> None:
    """The visible date line when there is one, cross-checked with every machine-readable time (converted to Moscow
    time); else the first machine-readable time, cross-checked with the others."""
    machine = [(source, value, parse_date(value)) for source, value in machine_dates(meta)]
    machine = [(source, value, moment) for source, value, moment in machine if moment is not None]
    if found is not None:
        record["published_at"], record["published_at_raw"] = to_iso(found[0]), found[1]
        evidence.support("published_at", "visible date line")
        if found[2] in SITE_DATE_SHAPES:
            evidence.support("published_at", "a date shape of the site")
        agreed = False
        for source, value, moment in machine:
            if abs((moment - found[0]).total_seconds()) < 60:
                evidence.support("published_at", source)
                agreed = True
            else:
                evidence.dispute("published_at", f"{source} {value!r}")
                if not any(w.startswith("published_at: visible") for w in warnings):
                    warnings.append(f"published_at: visible {found[1]!r} != {source} {value!r}")
        if ambiguous_day(found[1]) and not agreed:  # `03/05/2004`: 3 May or March 5, by the page's convention
            evidence.dispute("published_at", f"day and month of {found[1]!r} could be read either way")
        return
    if machine:
        source, value, moment = machine[0]
        record["published_at"], record["published_at_raw"] = to_iso(moment), value
        evidence.support("published_at", source)
        for other, other_value, other_moment in machine[1:]:
            if abs((other_moment - moment).total_seconds()) < 60:
                evidence.support("published_at", other)
            else:
                evidence.dispute("published_at", f"{other} {other_value!r}")
                if not any(w.startswith("published_at:") for w in warnings):
                    warnings.append(f"published_at: {source} {value!r} != {other} {other_value!r}")


def _check_text_order(blocks: list[Block], date_index: int | None, headline_index: int, headline: str,
                      warnings: list[str]) -> None:
    """The text convention (the headline stands next to the date line) against the chosen headline."""
    if date_index is None or abs(date_index - headline_index) <= 1:
        return
    step = 1 if headline_index > date_index else -1
    neighbour = next((b for b in blocks[date_index + step : headline_index : step]
                      if _is_text(b) and not is_caption_block(b) and not reads_like_caption(b.text)
                      and not BYLINE.match(b.text) and not (b.images and not b.text)), None)
    if neighbour is not None and not agrees(neighbour.text, headline):
        warnings.append(f"headline: chosen {headline!r} != the line next to the date {neighbour.text[:120]!r}")


def _first_article_block(blocks: list[Block]) -> int:
    inside = [b.index for b in blocks if b.in_article and _is_text(b)]
    if inside:
        return inside[0]
    return next((b.index for b in blocks if _is_text(b)), 0)


# A full date (day, month, year) in any of the site's shapes, with or without a time.
FULL_DATE = re.compile(r"\b\d{1,2}\s+[A-Za-zА-Яа-яЁё]{3,9}\.?\s+(?:19|20)\d\d(?:\s*г\.)?|\b[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+"
                       r"(?:19|20)\d\d|\b\d{1,2}\.\d{1,2}\.(?:19|20)\d\d|\b(?:19|20)\d\d-\d\d-\d\d")
HOST = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:eu|ru|com|org|net|media|info|top|work|online)\b", re.I)
# A day and month without a year (`28 июня`, `June 28`): in a meta row above the text, beside a machine date.
PARTIAL_DATE = re.compile(rf"\b\d{{1,2}}\s+{MONTH_NAME}\b|\b{MONTH_NAME}\s+\d{{1,2}}\b", re.I)


def _meta_row(text: str) -> bool:
    """A short row of a date with the site, a separator or a name or two (`kavkaz-uzel.eu · 28 June 2001`): no
    text of the article."""
    if len(text) > 80 or not (FULL_DATE.search(text) or PARTIAL_DATE.search(text)):
        return False
    rest = PARTIAL_DATE.sub(" ", FULL_DATE.sub(" ", text))
    rest = re.sub(rf"{SITE_NAME}|\d{{1,2}}:\d{{2}}", " ", HOST.sub(" ", rest), flags=re.I)
    return all(len(piece.split()) <= 3 for piece in re.split(r"[·•|,—–:/()]|\s-\s", rest))  # names at most


def _header_matter(block: Block, captions: list[Block], images: list[Block], byline_lines: list[str],
                   headline_index: int | None, date_index: int | None) -> None:
    if block.index in (headline_index, date_index) or block.zone in AROUND_ARTICLE:
        return
    if block.images:
        images.append(block)
    if block.text and (is_caption_block(block) or reads_like_caption(block.text)) and not captions:
        captions.append(block)
    elif BYLINE.match(block.text):
        byline_lines.extend(line for line in block.lines if BYLINE.match(line) or byline_lines)


def _body(blocks: list[Block], start: int, headline: str | None, captions: list[Block], images: list[Block],
          byline_lines: list[str], own_date: int | None = None) -> tuple[list[str], int]:
    """The article's paragraphs from `start`, and the index of the block where the text ended."""
    paragraphs: list[str] = []
    headline_key = title_key(headline)
    last: Block | None = None  # the block of the last paragraph
    resume = 0
    for index in range(start, len(blocks)):
        if index < resume:
            continue  # a box of links to other articles inside the text
        block = blocks[index]
        text = block.text
        if block.zone == "footer" and not block.in_article:
            return paragraphs, index
        if is_end_of_article(text) or (paragraphs and (FOOTNOTE.match(text) or is_provenance(text))):
            return paragraphs, index
        if block.tag == "li" and paragraphs and UNMARKED_NOTE.match(text) and any("*" in p for p in paragraphs):
            return paragraphs, index  # the notes as a list whose asterisks a stylesheet draws (`li::before`)
        if not paragraphs and is_provenance(text):
            continue  # a provenance note above the text (read with the tail)
        if paragraphs and len(text) <= 40 and not text.endswith(SENTENCE_END) and index + 1 < len(blocks) and \
                FOOTNOTE.match(blocks[index + 1].text):
            return paragraphs, index  # a heading over the footnotes ("Notes", "Примечания"): the tail starts
        if BYLINE.match(text):
            if paragraphs:
                return paragraphs, index  # the byline below the text: the tail
            byline_lines.extend(block.lines)  # a byline above the text
            continue
        if paragraphs and len(text) <= 120 and (PHOTO_CREDIT.match(text) or STAFF_CREDIT.match(text)):
            if index + 1 < len(blocks) and _is_text(blocks[index + 1]) and _reads_as_sentence(blocks[index + 1]) \
                    and not (BYLINE.match(blocks[index + 1].text) or FOOTNOTE.match(blocks[index + 1].text) or
                             is_provenance(blocks[index + 1].text)):
                continue  # `Фото: …` with the text going on under it: a photo's line inside the text
            return paragraphs, index  # `Автор фото: Олег Краснов`, `Редактор: …` under the text: a credit, the tail
        if BARE_URL.fullmatch(text):  # a print version's own address under the text: no sentence of it
            if paragraphs:
                return paragraphs, index
            continue
        if paragraphs and len(text) <= 60 and ":" in text and (_date_label(text.split(":", 1)[0]) or UPDATED.match(
                text)) and date_in(text):
            return paragraphs, index  # `Опубликовано: 09.05.2002 21:57` under the text: its metadata, the tail
        if block.hidden and last is not None and not last.hidden and last.index == index - 1 and \
                index + 1 < len(blocks) and not blocks[index + 1].hidden and len(blocks[index + 1].text) >= 40 and \
                blocks[index + 1].text.endswith(SENTENCE_END) and \
                not (FOOTNOTE.match(blocks[index + 1].text) or is_provenance(blocks[index + 1].text)):
            continue  # one hidden block between two shown paragraphs: an insert a script may show, not the text
        if len(paragraphs) >= 2 and block.tag != "h1" and title_key(text) == headline_key:
            return paragraphs, index  # the headline again under the text: a second copy (a hidden print version)
        if paragraphs and index == own_date and (index > start + 3 or len(text) > 60):  # (not a date row under
            # a standfirst: a sentence, or past the text's first paragraphs)
            if _date_label(paragraphs[-1]):  # `<th>Date</th><td>…</td>` under the text: its label, not text
                paragraphs.pop()
            return paragraphs, index  # the article's own date line under its text (`This entry was posted on …`)
        if paragraphs and last is not None and (_starts_another_item(block) or _is_related_link(block)) and \
                not _linked_sentence(blocks, index):
            box_end = _box_end(blocks, index, last)
            if resume := _text_after_box(blocks, index, last, box_end):
                continue  # `Popular`: dated links to other articles between two paragraphs of the text
            if any(not b.links and b.text for b in blocks[index:box_end]):
                return paragraphs, index  # a teaser of another article (its linked title, its lead) after the text
        if paragraphs and _starts_another_item(block) and not (block.tag == "h1" and title_key(text) == headline_key) \
                and not (index == own_date and index <= start + 3):  # (the article's own date under its standfirst)
            if _date_label(paragraphs[-1]):  # `Date` over the date row after the text: a label, not text
                paragraphs.pop()
            return paragraphs, index  # another item's date or headline after the text: a sidebar, comments, the next article
        if block.images and not captions and not paragraphs:
            images.append(block)
        if not _is_text(block) or (block.images and not text) or date_only(block) is not None:
            continue
        if block.template or block.prop in NOT_BODY_PROPS or (block.tag == "time" and len(text) <= 60):
            continue  # the layout's own text; a microdata author, date or headline; a <time> row
        if is_caption_block(block) or (reads_like_caption(text) and _next_to_image(blocks, index)):
            if not captions:
                captions.append(block)
                block.__dict__["_after_paragraphs"] = len(paragraphs)
            else:
                captions[0].__dict__["_more_in_text"] = True
            continue
        if not paragraphs and (_meta_row(text) or _field_label(text) or SITE_ROW.fullmatch(text) or (
                len(text) <= 40 and RELATIVE.search(text) and not text.endswith(SENTENCE_END))):
            # `kavkaz-uzel.eu · 28 июня 2001 г.` above the text, a field's name (`Text`), the site's name alone
            # (`<address>Caucasian Knot, <time>…`), `2 hours ago`: no sentence
            continue
        if COUNT_ROW.fullmatch(text) or (len(text) <= 80 and COUNTS_ROW.fullmatch(text)) or (
                not paragraphs and _field_name(text)):
            # `Views: 5073` as two cells, a comment counter, `Region:` `Chechnya`: the page's metadata, not the text
            if text.endswith(":") and index + 1 < len(blocks) and len(blocks[index + 1].text) <= 60 and \
                    not blocks[index + 1].text.endswith(SENTENCE_END):
                resume = index + 2  # its value too
            continue
        if not paragraphs and (title_key(text) == headline_key or (reads_like_caption(text) and not captions and (
                not text.endswith(".") or _next_to_image(blocks, index)))):  # (with no photo beside it, a sentence
            # that opens with `Фото` — `Фото задержанного опубликовали родственники.` — is the text's first)
            if reads_like_caption(text):
                captions.append(block)
            continue
        if not _is_related_link(block) or _linked_sentence(blocks, index):
            paragraph = text.replace("\n", " ")
            if paragraphs and len(paragraphs) <= 2 and paragraph == paragraphs[-1] and last is not None and \
                    last.classes != block.classes:
                # the lead in a summary box and again as the text's first paragraph: once, and the box's label
                # (`Summary`, `Коротко`) above it is no paragraph either
                if len(paragraphs) == 2 and len(paragraphs[0]) < 40 and not paragraphs[0].endswith(SENTENCE_END):
                    paragraphs.pop(0)
                continue
            paragraphs.append(paragraph)
            last = block
        elif paragraphs and HAS_TIME.search(text):
            return paragraphs, index  # a dated link after the text: the first item of a list of other articles
        elif paragraphs and last is not None and last.classes == block.classes and len(text) > 40 and \
                text.endswith(SENTENCE_END):
            # a sentence that is all one link, in the text's own container, with no text after it: a linked lead of
            # another article or the text's last sentence — left out, and the body says so (parse_article)
            block.__dict__["_left_out_sentence"] = True
    return paragraphs, len(blocks)


def _list_item(block: Block) -> bool:
    """A block that is nothing but a link to another article (and maybe its date): an item of a list."""
    return bool(block.links) and _is_related_link(block) and any("/articles/" in link.href for link in block.links)


def _linked_sentence(blocks: list[Block], index: int) -> bool:
    """A whole sentence that links to an earlier article (`<p><a href="/articles/…">The court … on May 3.</a></p>`)
    with text after it that is no link: text, though all of it is a link — a list's item is a headline (headlines
    end with no full stop), and a list of leads is a run of links."""
    block = blocks[index]
    if not (len(block.text) > 40 and block.text.rstrip().endswith(SENTENCE_END) and index + 1 < len(blocks)):
        return False
    after = blocks[index + 1]
    if 0 < len(after.text) <= 40 and not after.links and index + 2 < len(blocks):
        after = blocks[index + 2]  # a subheading of the text under it: the text after that
    return len(after.text) > 40 and not _is_related_link(after)


def _text_after_box(blocks: list[Block], index: int, last: Block, end: int) -> int:
    """Where the text goes on after a box of links to other articles from `index` to `end` (its items dated or not,
    a short heading over them, see _box_end): a paragraph of running text in the same container as the text before
    the box, no date in it. 0 when the text does not go on (the list is after the text: a sidebar, comments)."""
    if end == index or end >= len(blocks) or not any(b.links for b in blocks[index:end]):
        return 0
    def running_text(after: Block) -> bool:
        return len(after.text) >= 40 and after.text.rstrip().endswith(SENTENCE_END) and not is_caption_block(after) \
            and after.classes == last.classes and after.zone == last.zone and not after.template and \
            not (HAS_TIME.search(after.text[:30]) or (len(after.text) < 200 and HAS_TIME.search(after.text)))
        # (a dated item shows its time at its start or is short; running text may name an hour: `by 11:30 a.m.`)
    after = blocks[end]
    if running_text(after):
        return end
    # a subheading of the text (`Январь – декабрь 2016 г.`) in its container, running text under it
    heading = 0 < len(after.text) <= 80 and after.classes == last.classes and after.zone == last.zone and \
        not after.links and end + 1 < len(blocks) and running_text(blocks[end + 1])
    return end if heading else 0


def _box_end(blocks: list[Block], index: int, last: Block) -> int:
    """The end of a box of links to other articles that starts at `index`: its items, a short heading, and what
    stands in the box's own container (another article's lead under its linked headline)."""
    end = index
    # the box's own container: a class the box's first block has and the text does not (`teaser-box`)
    text_classes = set(last.classes.split())
    box = next((c for c in blocks[index].classes.split() if c not in text_classes), None)
    while end < len(blocks) and end - index < 12:
        block = blocks[end]
        item = _list_item(block) and not _linked_sentence(blocks, end)
        heading = end == index and len(block.text) <= 40 and not block.text.endswith(SENTENCE_END) and \
            date_only(block) is None
        inside = box is not None and end > index and box in block.classes.split()
        if not (item or heading or inside or not block.text):
            break
        end += 1
    return end


NOT_BODY_PROPS = frozenset(["author", "creator", "datePublished", "dateModified", "dateCreated", "headline", "name",
                            "publisher", "keywords", "image"])


def _side_column_byline(blocks: list[Block], end: int) -> list[Block]:
    """The `Author:` / `Source:` lines (one, or a run of them) in a zone a class gave (a `sidebar` column beside the
    text), before the text's end: the page's own byline, set aside only by a class name."""
    for index, block in enumerate(blocks[:end]):
        if block.zone_origin > 0 and block.zone != "related" and len(block.text) <= 200 and BYLINE.match(block.text):
            run = [block]
            for following in blocks[index + 1:index + 3]:
                if following.zone != block.zone or not BYLINE.match(following.text):
                    break
                run.append(following)
            return run if any(parse_byline("\n".join(b.text for b in run))) else []
    return []


def _unread_byline(blocks: list[Block], end: int) -> Block | None:
    """An `Author: Name` line naming someone, outside the side panels, up to a few blocks after the text's end."""
    for block in blocks[:end + 6]:
        if (block.zone not in CHROME or block.zone_origin > 0) and len(block.text) <= 200 and \
                AUTHOR_LABEL.match(block.text) and parse_byline(block.text)[0]:
            return block  # (a zone a class gave is a hint only: a byline there is still the page's)
    return None


def _unread_caption(blocks: list[Block], end: int) -> Block | None:
    """A photo caption by its markup (`<figcaption>`, a caption class) beside an image, anywhere before the text's
    end, outside the side panels: what the page shows when no caption was read."""
    return next((b for b in blocks[:end] if b.text and is_caption_block(b) and
                 b.zone not in CHROME and _next_to_image(blocks, b.index)), None)


def _caption_after_text(blocks: list[Block], end: int) -> list[Block]:
    """The caption of a photo between the text's end and its byline (within the article, not in a side panel)."""
    for index in range(end, min(end + 12, len(blocks))):
        block = blocks[index]
        if BYLINE.match(block.text) or block.zone in AROUND_ARTICLE or _starts_another_item(block):
            return []
        if block.text and (is_caption_block(block) or reads_like_caption(block.text)) and \
                _next_to_image(blocks, index):
            block.__dict__["_after_text"] = True
            return [block]
    return []


def _next_to_image(blocks: list[Block], index: int) -> bool:
    return any(b.images for b in blocks[max(index - 1, 0) : index + 2])


def _is_related_link(block: Block) -> bool:
    """A block that is nothing but links: a "read also" item (a link to an article), a tag (a link to a rubric or a
    region's page) or a row of navigation links (two or more), not text."""
    if not block.links:
        return False
    linked = " ".join(link.text for link in block.links).strip()
    text = DATE_LIKE.sub("", block.text)  # a listing item: a date and a link (`18.09.2024 Headline`), either order
    # (what is not linked, the separators and spaces aside: `Print | E-mail | PDF` is all links)
    return bool(linked) and (len(block.links) > 1 or any("/articles/" in link.href or LISTING_HINT.search(link.href)
                                                         for link in block.links)) and \
        len(_SEPARATORS.sub("", text)) <= len(_SEPARATORS.sub("", linked)) + 2


_SEPARATORS = re.compile(r"[\s•·\-–—:|/]+")


def _provenance(line: str, block: Block, record: Article, evidence: Evidence) -> None:
    """The original's address, time and the kind of translation a provenance line gives, with their evidence."""
    hrefs = [link.href for link in block.links]
    for name, value in parse_provenance(line, hrefs).items():
        record[name] = record[name] or value
    if record["original_url"]:
        evidence.support("original_url", "provenance line")
        written = MACHINE.search(line)
        if written and written.group(1):
            evidence.support("original_url", "the URL it names")
        if any(canonicalise(unwrap_redirect(h)) == record["original_url"] for h in hrefs):
            evidence.support("original_url", "its link")


# A note on a marked name opening the way the site's notes do (`Included by the Russian Ministry of Justice …`, `The
# organization has been put … on the register …`, `Внесен Минюстом …`), with no asterisk before it.
UNMARKED_NOTE = re.compile(r"(?:Included|Recogni[sz]ed|Designated|Listed|The (?:organization|organisation|project|"
                           r"movement|group|association|media outlet) (?:has been|is|was)|Внесен\w*|Включен\w*|"
                           r"Признан\w*|(?:Организация|Проект|Движение|Издание) (?:внесен|признан|включен)\w*)\b.{10,240}"
                           r"(?:Ministry of Justice|MoJ|register|roster|court|Минюст|реестр|суд)", re.I | re.S)


def _tail(blocks: list[Block], end: int, record: Article, byline_lines: list[str],
          evidence: Evidence) -> dict[str, str]:
    footnotes: dict[str, str] = {}
    unmarked = 0  # notes whose asterisks a stylesheet draws: `*`, `**` … by their order
    for index, block in enumerate(blocks[end:], end):
        if block.tag == "li" and UNMARKED_NOTE.match(block.text) and len(block.text) <= 300:
            unmarked += 1
            footnotes.setdefault("*" * unmarked, block.text.strip())
            continue
        if is_end_of_article(block.text) or (block.zone == "aside" and not FOOTNOTE.match(block.text)) or (
                index > end and _starts_another_item(block) and not _date_label(blocks[index - 1].text)):
            break  # (a date the page labels `Date` is this article's, in its table of metadata)
        for line in block.lines:
            note = FOOTNOTE.match(line)
            if note:
                footnotes.setdefault(note.group(1), note.group(2).strip())
            elif is_provenance(line):
                _provenance(line, block, record, evidence)
            elif BYLINE.match(line):
                byline_lines.append(line)
    return footnotes


def _starts_another_item(block: Block) -> bool:
    """A date line or a first-level heading after the article's text: another article, a comment, a sidebar item."""
    return block.tag == "h1" or date_only(block) is not None


def _cross_check_lead(paragraphs: list[str], meta: Metadata, warnings: list[str], evidence: Evidence) -> None:
    """The page's description against the lead: agreeing, it confirms the lead; matching a later paragraph, the
    lead is misplaced."""
    if not paragraphs:
        return
    evidence.support("lead", "first paragraph of the text")
    if len(paragraphs[0]) >= 60 and paragraphs[0].rstrip()[-1:] in ".!?»\"”…)":
        evidence.support("lead", "reads as prose")
    elif len(paragraphs[0]) < 40 and (not paragraphs[0].rstrip().endswith(SENTENCE_END) or
                                      len(paragraphs[0].split()) <= 2):  # (`Загрузка…`: no sentence either)
        # A short row where the text starts (a byline, a button, a label) is no lead: whatever else agrees on the
        # text, its start is in doubt.
        for name in ("lead", "body"):
            evidence.dispute(name, "the first paragraph is a short row, not a sentence")
            warnings.append(f"{name}: starts with a short row, not a sentence: {paragraphs[0]!r}")
    description = meta.meta.get("og:description") or meta.meta.get("description") or meta.jsonld_text("description")
    if not description:
        return
    start = key(description.rstrip("…. "))[:60]
    if len(start) < 30:
        return
    if key(paragraphs[0]).startswith(start):
        evidence.support("lead", "the page's description")
    elif any(key(p).startswith(start) for p in paragraphs[1:4]):
        evidence.dispute("lead", "the page's description starts a later paragraph")
        warnings.append(f"lead: first paragraph {paragraphs[0][:80]!r} != description {description[:80]!r}")


def _body_evidence(page: _Page, start: int, end: int, paragraphs: list[str]) -> None:
    """What supports the body: where it stands and ends, what the page says its text is, the layout."""
    if not paragraphs:
        return
    evidence, blocks = page.evidence, page.blocks
    evidence.support("body", "the text after the header")
    if _reads_as_prose(paragraphs):
        evidence.support("body", "reads as prose")
    inside = [b for b in blocks[start:end] if b.text and b.text.replace("\n", " ") in paragraphs]
    if inside and sum(b.in_article for b in inside) * 2 > len(inside):
        evidence.support("body", "article container")
    if inside and any(b.prop == "articleBody" for b in inside):
        evidence.support("body", "microdata articleBody")
    if end < len(blocks):
        evidence.support("body", "ends where the article ends")
    if _own_copy(page.meta) is not None and all(key(p) in _own_copy(page.meta) for p in paragraphs):
        evidence.support("body", "the page's own copy of its text")
    if page.layout is not None and not any(b.template for b in inside):
        evidence.support("body", "changes across the layout's pages")
    last = inside[-1] if inside else None
    for block in blocks[end:end + 4]:  # the text may go on where a rule cut it: running text right after the end,
        # in the text's own container, before any tail (a byline, notes, provenance) — then where it ends is in doubt
        if BYLINE.match(block.text) or FOOTNOTE.match(block.text) or is_provenance(block.text) or \
                is_end_of_article(block.text) or block.zone in CHROME or block.template:
            break
        if last is not None and block.classes == last.classes and block.zone == last.zone and not block.links and \
                len(block.text) >= 80 and block.text.rstrip().endswith(SENTENCE_END) and not block.template:
            evidence.dispute("body", f"running text after its end: {block.text[:60]!r}")
            break


SENTENCE_END = (".", "!", "?", "…", "»", '"', "”", ")", ":", ";")


def _reads_as_prose(paragraphs: list[str]) -> bool:
    """Sentences, not rows: menus, names, labels, calls to subscribe and link lists do not end like sentences. (A
    text with sub-headings, a weekly review, is not confirmed by this: on its own page nothing tells a sub-heading
    from a call to subscribe; the layout learned from other pages does.)"""
    return bool(paragraphs) and all(p.rstrip().endswith(SENTENCE_END) for p in paragraphs) and \
        sum(len(p) for p in paragraphs) >= 50 * len(paragraphs)


def _own_copy(meta: Metadata) -> str | None:
    """The page's own copy of its text (JSON-LD or microdata articleBody, or the longest text of its embedded
    state), as one matching key; None when it has none."""
    if "_own_copy" not in meta.__dict__:
        texts = [meta.jsonld_text("articleBody"), meta.microdata.get("articleBody"),
                 max((value for _, value in meta.state if len(value) > 200), key=len, default=None)]
        texts = [key(_strip_tags(t)) for t in texts if t and len(t) > 200]
        meta.__dict__["_own_copy"] = max(texts, key=len) if texts else None
    return meta.__dict__["_own_copy"]


PARAGRAPH_BREAK = re.compile(r"\s*(?:</p>\s*<p[^>]*>|<br\s*/?>\s*<br\s*/?>|\n\s*\n|\n)\s*", re.I)


def _rest_from_own_copy(paragraphs: list[str], meta: Metadata, warnings: list[str], evidence: Evidence) -> list[str]:
    """A page that shows only the start of its text (a teaser and a "Read more" button) while its own copy (JSON-LD
    `articleBody`) holds it all: the whole text from the copy — said in a warning, since the page does not show it."""
    raw = meta.jsonld.get("articleBody") or meta.microdata.get("articleBody")
    if not paragraphs or not isinstance(raw, str) or len(raw) < 200:
        return paragraphs
    copy = [" ".join(_strip_tags(p).split()) for p in PARAGRAPH_BREAK.split(raw.strip())]
    copy = [p for p in copy if p]
    shown = key(" ".join(paragraphs))
    # (the shown paragraphs must be the copy's first ones, exactly: then the rest is the text's rest)
    if len(copy) <= len(paragraphs) or key(" ".join(copy[:len(paragraphs)])) != shown:
        return paragraphs
    evidence.support("body", "the page's own copy of its text")
    warnings.append(f"body: the page shows {len(paragraphs)} of its {len(copy)} paragraphs; the rest is from its "
                    "own copy (JSON-LD articleBody)")
    return copy


def drop_rows_the_copy_lacks(paragraphs: list[str], meta: Metadata) -> list[str]:
    """When the page carries its own copy of the text and it holds the visible paragraphs but a few rows (a call to
    subscribe between paragraphs), those rows are not the article's."""
    copy = _own_copy(meta)
    if copy is None or len(paragraphs) < 2:
        return paragraphs
    kept = [p for p in paragraphs if key(p) in copy]
    lacking = [p for p in paragraphs if key(p) not in copy]
    if kept and len(kept) * 4 >= len(paragraphs) * 3 and all(len(p) <= 200 for p in lacking):
        return kept
    return paragraphs


TAG = re.compile(r"<[^>]+>")


def _strip_tags(text: str) -> str:
    return html.unescape(TAG.sub(" ", text) if "<" in text else text)


def _authors_and_source(page: _Page, byline_lines: list[str], above: int) -> None:
    """Authors and source from the byline (its label and its place as evidence), else from the page's
    self-description; the self-description agreeing with the byline is evidence too."""
    record, evidence, meta = page.record, page.evidence, page.meta
    from_jsonld = meta.jsonld_names("author")
    described = from_jsonld or [b.text for b in page.blocks if b.prop in ("author", "creator")
                                and b.text and len(b.text) <= 80] or \
        [n for n in [meta.microdata.get("author") or meta.microdata.get("creator")] if n and len(n) <= 80]
    described_by = "JSON-LD author" if from_jsonld else "microdata author"
    if byline_lines:  # (the same lines above and below the text: once)
        record["authors"], record["source"] = parse_byline("\n".join(dict.fromkeys(byline_lines)))
        place = "above the text" if above else "after the text"
        for name in ("authors", "source"):
            if record[name]:
                evidence.support(name, "byline label")
                evidence.support(name, f"byline {place}")
    if not record["authors"] and described:  # no byline names anyone (a `Source:` line only): the self-description
        record["authors"] = _split_names(described)
        evidence.support("authors", described_by)
    if record["authors"] and described:
        split = _split_names(described)
        if len(split) > len(record["authors"]) and key(" ".join(split)) == key(" ".join(record["authors"])):
            record["authors"] = split  # `Автор: <span>A</span><span>B</span>`: the markup parts the names the text runs together
        wanted = {key(n) for n in record["authors"]}
        if wanted <= {key(_clean_name(n)) for n in described}:
            evidence.support("authors", described_by)
        else:
            evidence.dispute("authors", f"the page's self-description {described[:3]!r}")
            page.warnings.append(f"authors: byline {record['authors']!r} != self-description {described[:3]!r}")
    if record["authors"] and all(name.isupper() for name in record["authors"]):
        # `AUTHOR: ILYAS KODZOEV`: capitals the layout typed; the case the page's description gives, else a guess
        cased = {key(n): n for n in _split_names(described) if not n.isupper()}
        record["authors"] = [cased.get(key(n), n.title()) for n in record["authors"]]
        if not all(key(n) in cased for n in record["authors"]):
            page.warnings.append("authors: unconfirmed (typed in capitals: the case is a guess)")
    if record["source"] and record["source"].isupper() and len(record["source"]) > 4:
        page.warnings.append("source: unconfirmed (typed in capitals: the case is the page's, not the byline's)")
    state_authors = _state_authors(meta.state, record["headline"])
    if record["authors"] and {key(n) for n in record["authors"]} <= {key(n) for n in state_authors}:
        evidence.support("authors", "embedded state")
    elif not record["authors"] and state_authors:  # named only in the state (`"authors": [{"fullName": …}]`)
        record["authors"] = state_authors
        evidence.support("authors", "embedded state author")
    if not record["authors"]:
        # No byline names anyone, yet the markup calls a short text an author: a hint too weak to store, strong
        # enough that "no authors" is not stated as sure.
        marked = next((b.text for b in page.blocks if b.text and len(b.text) <= 80 and not BYLINE.match(b.text)
                       and AUTHOR_CLASS.search(b.classes)), None)
        if marked:
            evidence.dispute("authors", "markup classed as an author")
            page.warnings.append(f"authors: none read, but the markup marks {marked[:60]!r} as an author")


def _state_authors(state: list[tuple[str, str]], headline: str | None) -> list[str]:
    """The names an embedded state gives under an `author` key of the object that holds the headline (not of a
    related article elsewhere in the state)."""
    title_path = next((path for path, value in state if headline and agrees(value, headline)), None)
    if title_path is None:
        return []
    owner, _, title_field = title_path.rpartition(".")
    titled = {path.rpartition(".")[0] for path, _ in state if path.rpartition(".")[2] == title_field}
    names: list[str] = []
    for path, value in state:
        parts = path.split(".")
        at = next((i for i, part in enumerate(parts) if "author" in part.lower()), None)
        holder = ".".join(parts[:at]) if at is not None else None
        if holder is not None and holder.startswith(owner) and (holder == owner or holder not in titled) and \
                len(value) <= 60 and NAME_ONLY.fullmatch(value.strip()):
            names.append(value.strip())  # (an author of another titled object — a related story — is not)
    return list(dict.fromkeys(names))


def _split_names(described: list[str]) -> list[str]:
    """The names of the self-description's author values (`A, B`, `A and B`, `A и B`), each once."""
    return [name for name in dict.fromkeys(
        part for n in described for part in re.split(r",\s*|\s+(?:and|и)\s+", _clean_name(n) or "")) if name]


def _clean_name(name: str) -> str:
    return re.sub(r"^(By|Author:?|Автор:?)\s+", "", name.strip(), flags=re.I).strip(" ,;")


def _image(blocks: list[Block], caption: Block | None, header_images: list[Block], canonical: str | None,
           meta: Metadata) -> str | None:
    candidates: list[Block] = []
    if caption is not None:
        candidates += [caption] + [b for b in blocks[max(caption.index - 2, 0) : caption.index + 2] if b.images]
    candidates += header_images
    for block in candidates:
        if block.images and not is_chrome(block):
            return safe_join(canonical or "", block.images[0])
    if caption is not None:
        fallback = meta.meta.get("og:image") or meta.jsonld_text("image")
        return safe_join(canonical or "", fallback) if fallback else None
    return None


def _sidebar(blocks: list[Block], end: int, page_url: str, lang: str, own_id: int | None) -> list[dict]:
    """Latest-news items: in a sidebar anywhere, or after the article; date before or after the title."""
    candidates = [b for b in blocks if b.zone == "aside" or (b.index >= end and b.zone not in ("nav", "footer"))]
    if not any(HAS_TIME.search(b.text) for b in candidates):
        return []
    items = link_items(candidates, page_url, lang, _sidebar_entry, exclude=own_id)
    return [item for item in items if item["published_at"] and item["title"]]


def _sidebar_entry(**values: object) -> dict:
    values.pop("image_caption", None)
    return entry(SidebarEntry, **values)


RUBRIC_PATH = re.compile(r"^/(?:rubric|category)/[\d:]+/?$")
CRUMB_CLASS = re.compile(r"breadcrumb|crumbs|tags|tag-list|rubrics", re.I)
# The site's region pages (docs/site.md §1.2) and the one name each region is stored under, whatever the page's
# language or spelling (`Дагестан`, `Dagestan`): regions facet across both languages.
REGION_NAMES = {
    "abhazia": "Abkhazia", "adygea": "Adygea", "dagestan": "Dagestan", "kabardinobalk": "Kabardino-Balkaria",
    "karachaevo": "Karachay-Cherkessia", "stavropol": "Stavropol Territory", "southdistr": "Southern Federal District",
    "chechnya": "Chechnya", "ingushetia": "Ingushetia", "north-ossetia": "North Ossetia", "kalmykia": "Kalmykia",
    "krasnodar": "Krasnodar Territory", "rostov": "Rostov Region", "georgia": "Georgia", "armenia": "Armenia",
    "azerbaijan": "Azerbaijan", "southossetia": "South Ossetia", "nagorno-karabakh": "Nagorno-Karabakh",
    "volgograd": "Volgograd Region", "astrakhan": "Astrakhan Region",
}
REGION_SLUGS = frozenset(REGION_NAMES)
_SLUGS = "|".join(sorted(REGION_SLUGS))
LISTING_HINT = re.compile(rf"/(?:rubric|category)/|/(?:{_SLUGS})/?(?:$|[?#])")


def _rubrics_and_regions(blocks: list[Block], page_url: str) -> tuple[list[str], list[str]]:
    """Names of rubric/category links (as shown) and regions (canonical, by the page they link to) in breadcrumbs
    and tag rows (not the site's menu)."""
    rubrics: list[str] = []
    regions: list[str] = []
    for block in blocks:
        if not block.links or not any(LISTING_HINT.search(link.href) for link in block.links):
            continue
        in_crumbs = bool(CRUMB_CLASS.search(block.classes))
        if not in_crumbs and not (block.in_article and block.zone in ("", "related", "header")):
            continue
        if not in_crumbs and len(block.links) > 6:
            continue  # a menu
        for link in block.links:
            target = safe_join(page_url, link.href)
            parts = split_url(target) if target else None  # never raises; a web-archive link reads as its original
            name = link.text.strip()
            if parts is None or not name:
                continue
            path = parts.path or ""
            if RUBRIC_PATH.match(path) and name not in rubrics:
                rubrics.append(name)
            elif (region := REGION_NAMES.get(path.strip("/"))) and region not in regions:
                regions.append(region)
    return rubrics, regions


__all__ = ["ERAS", "Era", "parse_article"]
