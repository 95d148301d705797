"""What the site's own repetition says about a layout: learned from many pages, used on each of them.

What stands on most pages of one layout — menus, banners, "Print version", the call-to-action box, the label
"Author" — is template, never content; what changes from page to page inside it is the article. A text that
repeats on every page with a different text after it each time is a label of a field ("Author" → the name).

`learn_profiles(pages)` reads pages of one site (the crawl's kept pages, a WARC, the files given to
`kavkaz parse`), groups them by host, and within a host by layout (pages whose repeated texts are mostly the same),
and returns a `SiteProfile`; `SiteProfile.for_page(url, blocks)` picks the layout a page belongs to. A layout is
learned from at least MIN_PAGES pages; with fewer, pages are parsed as single pages. Profiles are plain data
(`to_json` / `from_json`), stored in the database (`layout_profiles`) and improved as the archive grows.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from crawler.parsers.blocks import Block, page_blocks, parse_html
from crawler.parsers.text import BYLINE, key
from crawler.urls import host_language, url_host

MIN_PAGES = 4  # pages of one layout before its template is believed
TEMPLATE_SHARE = 0.6  # a text on at least this share of a layout's pages is template
CANDIDATE_SHARE = 0.25  # texts on this share of a host's pages describe its layouts (for grouping them)
SAME_LAYOUT = 0.5  # a page that shows this share of a layout's template is of that layout
SAME_GROUP = 0.7  # pages whose repeated texts overlap this much (of the fewer) are learned as one layout
MAX_TEXT = 300  # longer blocks are prose, never template
LABEL_VARIETY = 0.7  # a template text followed by a different text on this share of its pages is a label


def template_key(block: Block) -> str | None:
    """What a block is compared by across pages: its text's key with the zone it stands in (a lead shown in every
    page's latest-news sidebar is template there, and the article's own lead on its page). A sentence outside the
    site's chrome is never template: a stock sentence the reporters repeat ("По словам адвоката, дело будет
    рассмотрено судом.") is still the article's text; menus, labels, corners and calls to subscribe are not
    sentences."""
    text = block.text
    if not text or len(text) > MAX_TEXT:
        return None
    if not block.zone and text.rstrip().endswith((".", "!", "?", "»", '"', "”", "…")) and " " in text.strip():
        return None
    if not block.zone and (label := BYLINE.match(text)) and text[label.end():].strip():
        return None  # `Source: CK correspondent` on most pages is still each article's source, not the layout's
    return f"{block.zone}|{key(text)}"


def block_keys(blocks: list[Block]) -> set[str]:
    """The keys of a page's short texts (what can be template)."""
    return {k for b in blocks if (k := template_key(b)) is not None}


@dataclass
class Layout:
    """One layout of one host: its template texts, its labels, and how many pages taught them."""

    pages: int
    template: frozenset[str]
    labels: frozenset[str] = frozenset()

    def is_template(self, block: Block) -> bool:
        found = template_key(block)
        return found is not None and found in self.template

    def is_label(self, block: Block) -> bool:
        found = template_key(block)
        return found is not None and found in self.labels

    def overlap(self, keys: set[str]) -> float:
        return len(self.template & keys) / len(self.template) if self.template else 0.0


@dataclass
class SiteProfile:
    """The layouts learned per host."""

    layouts: dict[str, list[Layout]] = field(default_factory=dict)  # by site ("en", "ru") or other host

    def for_page(self, url: str | None, blocks: list[Block]) -> Layout | None:
        """The layout of the page's host that the page shows most of (None: no layout fits)."""
        candidates = self.layouts.get(_host(url), [])
        if not candidates:
            return None
        keys = block_keys(blocks)
        best = max(candidates, key=lambda layout: layout.overlap(keys))
        return best if best.overlap(keys) >= SAME_LAYOUT else None

    def to_json(self) -> str:
        return json.dumps({host: [{"pages": lo.pages, "template": sorted(lo.template), "labels": sorted(lo.labels)}
                                  for lo in layouts] for host, layouts in self.layouts.items()}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SiteProfile:
        data = json.loads(text or "{}")
        return cls({host: [Layout(int(lo["pages"]), frozenset(lo["template"]), frozenset(lo.get("labels", [])))
                           for lo in layouts] for host, layouts in data.items()})

    @property
    def pages(self) -> int:
        return sum(layout.pages for layouts in self.layouts.values() for layout in layouts)


def _host(url: str | None) -> str:
    """Whose layouts a page shares: every host of a language of the site is one (mirrors, web-archive copies and a
    local server all serve the site's layouts; grouping by layout tells them apart); any other host is its own."""
    host = url_host(url or "").lower()
    return host_language(host) or (host[4:] if host.startswith("www.") else host)


def learn_profiles(pages: Iterable[tuple[str | None, str | bytes]]) -> SiteProfile:
    """The layouts of `pages` ((url, html) pairs), per host (see the module docstring)."""
    by_host: dict[str, list[list[Block]]] = {}
    for url, html in pages:
        root = parse_html(html)
        if root is not None:
            by_host.setdefault(_host(url), []).append(page_blocks(root))  # as the parser reads it
    profile = SiteProfile()
    for host, pages_blocks in by_host.items():
        layouts = [layout for group in _group_by_layout(pages_blocks) if (layout := _learn_layout(group))]
        if layouts:
            profile.layouts[host] = layouts
    return profile


def _group_by_layout(pages_blocks: list[list[Block]]) -> list[list[list[Block]]]:
    """Pages of one host grouped by layout: by the repeated texts each shows (greedy, first fit)."""
    keys = [block_keys(blocks) for blocks in pages_blocks]
    counts = Counter(k for page_keys in keys for k in page_keys)
    floor = max(2, int(len(keys) * CANDIDATE_SHARE))
    repeated = {k for k, n in counts.items() if n >= floor}
    groups: list[tuple[set[str], list[list[Block]]]] = []
    for blocks, page_keys in zip(pages_blocks, keys, strict=True):
        signature = page_keys & repeated
        for group_signature, members in groups:
            # the overlap of the two (a page with a footnote more is still the same layout)
            smaller = min(len(group_signature), len(signature))
            if smaller and len(group_signature & signature) / smaller >= SAME_GROUP:
                members.append(blocks)
                break
        else:
            groups.append((signature, [blocks]))
    return [members for _, members in groups]


def _learn_layout(pages_blocks: list[list[Block]]) -> Layout | None:
    if len(pages_blocks) < MIN_PAGES:
        return None
    counts: Counter[str] = Counter()
    following: dict[str, Counter[str]] = {}
    for blocks in pages_blocks:
        seen: set[str] = set()
        for position, block in enumerate(blocks):
            text_key = template_key(block)
            if text_key is None or text_key in seen:
                continue
            seen.add(text_key)
            counts[text_key] += 1
            after = blocks[position + 1] if position + 1 < len(blocks) else None
            following.setdefault(text_key, Counter())[(after and template_key(after)) or key(after.text if after else "")] += 1
    floor = max(MIN_PAGES, int(len(pages_blocks) * TEMPLATE_SHARE + 0.5))
    template = frozenset(k for k, n in counts.items() if n >= floor)
    labels = frozenset(k for k in template if len(k.split("|", 1)[1]) <= 40 and following[k]
                       and len(following[k]) >= counts[k] * LABEL_VARIETY
                       and not any(after in template for after in following[k]))
    return Layout(len(pages_blocks), template, labels)
