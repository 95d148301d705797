"""Article pages → records (docs/record.md), one era at a time.

Every era reads the same block model; an era says which date shapes it shows and where the caption stands.
The era is chosen by what the page shows (`detect_era`): the 2025–26 layout by its date shape
(`HH:MM, D Month YYYY`) or app banner, the classic layout by `DD Month YYYY, HH:MM`, the Russian mobile layout by
its glued date, and an article-only era when there is no date line at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from crawler.dates import ARTICLE_SHAPES, LISTING_SHAPES, to_iso
from crawler.parsers.blocks import Block, extract_blocks
from crawler.parsers.text import (
    BANNER,
    BYLINE,
    CAPTION_HINT,
    FOOTNOTE,
    date_line,
    find_labels,
    is_boilerplate,
    is_end_of_article,
    is_provenance,
    is_tail,
    parse_byline,
    parse_provenance,
)
from crawler.record import Article, SidebarEntry, entry
from crawler.urls import article_key, canonical_article_url, canonicalise, host_language

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@dataclass(frozen=True)
class Era:
    name: str
    date_shapes: tuple[str, ...]
    version: int = 1

    @property
    def parser_version(self) -> str:
        return f"{self.name}/{self.version}"


EN_CLASSIC = Era("en-classic", ("day_month_year_time",))
EN_2025 = Era("en-2025", ("time_day_month_year",))
RU_DESKTOP = Era("ru-desktop", ("day_month_year_time", "time_day_month_year"))
RU_MOBILE = Era("ru-mobile", ("time_slash_dotted",))
ARTICLE_ONLY = Era("article-only", ())
ERAS = (EN_2025, EN_CLASSIC, RU_MOBILE)


def detect_era(blocks: list[Block], lang: str) -> tuple[Era, int | None, tuple | None]:
    """The era, the index of the date-line block and the parsed date line (None, None when the page has none)."""
    for block in blocks:
        if block.zone in ("nav", "aside", "footer"):
            continue
        found = date_line(block.text, ARTICLE_SHAPES)
        if found:
            shape = found[2]
            if shape == "time_slash_dotted":
                return RU_MOBILE, block.index, found
            if lang == "ru":
                return RU_DESKTOP, block.index, found
            return (EN_2025 if shape == "time_day_month_year" else EN_CLASSIC), block.index, found
    return ARTICLE_ONLY, None, None


def _is_caption(block: Block) -> bool:
    return block.tag == "figcaption" or block.has_class(r"caption|image-title|photo-title|img-title|figcaption")


def _is_article_text(block: Block) -> bool:
    return bool(block.text) and block.zone not in ("nav", "aside", "footer", "header") and not is_boilerplate(block.text)


def parse_article(url: str | None, source: str | bytes) -> Article:
    """An article page → its record. Never raises: what cannot be found is null and named in `warnings`."""
    warnings: list[str] = []
    blocks = extract_blocks(source)
    key = article_key(url or "", default_lang="en")
    lang = host_language(_host(url)) if url else None
    if lang is None:
        headings = " ".join(b.text for b in blocks[:60] if b.tag in ("h1", "h2", "p"))
        lang = "ru" if len(CYRILLIC.findall(headings)) > len(headings) * 0.3 else "en"
    canonical = canonical_article_url(lang, key[1]) if key else (canonicalise(url or "", lang) or url)

    era, date_index, found = detect_era(blocks, lang)
    record = Article(
        kind="article", url=canonical, article_id=key[1] if key else None, lang=lang,
        headline=None, lead=None, body=None, published_at=None, published_at_raw=None,
        authors=[], source=None, image_url=None, image_caption=None, original_url=None,
        original_published_at=None, translation=None, labels=[], banner=None, sidebar=[],
        rubrics=[], regions=[], parser_version=era.parser_version, warnings=warnings,
    )
    if not blocks:
        warnings.append("empty page: no text")
        return record

    # Date line and headline (the mobile era glues the headline to the date).
    position = 0
    if found:
        moment, raw, _, rest = found
        record["published_at"], record["published_at_raw"] = to_iso(moment), raw
        position = date_index + 1
        if rest:
            record["headline"] = rest.split("\n")[0]
    if record["headline"] is None:
        headline_index = _find_headline(blocks, position, date_index)
        if headline_index is not None:
            record["headline"] = blocks[headline_index].text.replace("\n", " ")
            position = headline_index + 1

    # Caption and image: before the date line, or a figure/figcaption after the headline.
    caption_index = _find_caption(blocks, date_index, position)
    if caption_index is not None:
        record["image_caption"] = blocks[caption_index].text.replace("\n", " ")
    record["image_url"] = _find_image(blocks, caption_index, date_index, position, canonical)

    # Body: article paragraphs until the first footnote / provenance / byline / end-of-article block.
    paragraphs: list[str] = []
    index = position
    while index < len(blocks):
        block = blocks[index]
        if block.zone in ("aside", "footer") or is_end_of_article(block.text) or is_tail(block.text):
            break
        if date_line(block.text, LISTING_SHAPES) and paragraphs:
            break  # a sidebar item
        if index != caption_index and _is_article_text(block) and not (block.images and not block.text):
            paragraphs.append(block.text.replace("\n", " "))
        index += 1
    if paragraphs:
        record["lead"], record["body"] = paragraphs[0], "\n\n".join(paragraphs)

    # Tail: footnotes, provenance, byline — until the end-of-article block.
    footnotes: dict[str, str] = {}
    byline_lines: list[str] = []
    while index < len(blocks):
        block = blocks[index]
        if is_end_of_article(block.text) or block.zone == "aside":
            break  # a <footer> may hold the byline (semantic HTML): it is read, only for tail lines
        for line in block.lines:
            note = FOOTNOTE.match(line)
            if note:
                footnotes.setdefault(note.group(1), note.group(2).strip())
            elif is_provenance(line):
                for name, value in parse_provenance(line, [link.href for link in block.links]).items():
                    record[name] = record[name] or value
            elif BYLINE.match(line):
                byline_lines.append(line)
        index += 1
    if byline_lines:
        record["authors"], record["source"] = parse_byline("\n".join(byline_lines))

    text = "\n".join(filter(None, [record["headline"] or "", *paragraphs]))
    record["labels"] = find_labels(text, footnotes)
    record["banner"] = next((b.text for b in blocks if BANNER.match(b.text)), None)
    record["sidebar"] = _sidebar(blocks, index, url or canonical, lang)

    for name in ("headline", "published_at", "body"):
        if not record[name]:
            warnings.append(f"{name}: not found")
    return record


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or ""


def _find_headline(blocks: list[Block], start: int, date_index: int | None) -> int | None:
    """The headline: the first article-text block after the date line; without a date line, the first h1/h2."""
    if date_index is not None:
        for block in blocks[start : start + 6]:
            if _is_article_text(block) and not _is_caption(block) and not (block.images and not block.text):
                return block.index
        return None
    for tag in ("h1", "h2"):
        for block in blocks:
            if block.tag == tag and _is_article_text(block):
                return block.index
    return None


def _find_caption(blocks: list[Block], date_index: int | None, after_headline: int) -> int | None:
    # A caption marked up as one, right after the headline (figure) or just before the date line.
    window = blocks[after_headline : after_headline + 3]
    if date_index is not None:
        window = blocks[max(date_index - 3, 0) : date_index] + window
    for block in window:
        if _is_caption(block) and block.text and _is_article_text(block):
            return block.index
    # A plain block just before the date line that reads like a caption.
    if date_index:
        before = blocks[date_index - 1]
        if _is_article_text(before) and CAPTION_HINT.search(before.text) and not before.links:
            return before.index
    return None


def _find_image(blocks: list[Block], caption_index: int | None, date_index: int | None, start: int,
                canonical: str | None) -> str | None:
    candidates: list[Block] = []
    if caption_index is not None:
        candidates += [blocks[caption_index], blocks[caption_index - 1]] if caption_index else [blocks[caption_index]]
    if date_index is not None:
        candidates += blocks[max(date_index - 3, 0) : date_index]
    candidates += blocks[start : start + 2]
    for block in candidates:
        if block.images and block.zone not in ("nav", "header", "aside", "footer"):
            return urljoin(canonical or "", block.images[0])
    return None


def _sidebar(blocks: list[Block], start: int, page_url: str, lang: str) -> list[dict]:
    """Latest-news items after the article: a date line, a linked title, a lead."""
    items: list[dict] = []
    index = start
    while index < len(blocks):
        found = date_line(blocks[index].text, LISTING_SHAPES) if len(blocks[index].text) < 60 else None
        if not found:
            index += 1
            continue
        item = entry(SidebarEntry, published_at=to_iso(found[0]))
        for follower in blocks[index + 1 : index + 4]:
            if date_line(follower.text, LISTING_SHAPES):
                break
            linked = None
            if item["title"] is None:
                linked = next(((lk, key) for lk in follower.links if "/articles/" in lk.href
                               for key in (article_key(urljoin(page_url, lk.href), lang),) if key), None)
            if linked:
                link, key = linked
                item.update(title=link.text, url=canonical_article_url(*key), article_id=key[1])
            elif item["title"] is not None and item["lead"] is None and follower.text:
                item["lead"] = follower.text.replace("\n", " ")
                break
        if item["title"]:
            items.append(item)
        index += 1
    return items
