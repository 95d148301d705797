"""What a block of text is, by the site's visible conventions (docs/site.md §2–§4): shared by all eras.

Matching is tolerant of Cyrillic look-alikes (`СK`) and of typographic quotes; texts are returned as published.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawler.dates import SHAPES, match_shape, to_iso
from crawler.urls import canonicalise, unwrap_redirect

QUOTES = "\"'“”„«»‘’`"
# Cyrillic letters that look like Latin ones: normalised only in keys we match on.
HOMOGLYPHS = str.maketrans("АВСЕНКМОРТХаесорхуіІ", "ABCEHKMOPTXaecopxyiI")

BANNER = re.compile(
    r"^(НАСТОЯЩИЙ МАТЕРИАЛ \(ИНФОРМАЦИЯ\) ПРОИЗВЕДЕН|ДАННОЕ СООБЩЕНИЕ \(МАТЕРИАЛ\) СОЗДАНО)", re.I
)
APP_BANNER = re.compile(r"^(×|Кавказский узел|Скачайте приложение.*|Скачать( Скачать)*|RU EN|поиск|Меню)$")
# Blocks that end the article text (call-to-action, widgets, "All news", footers …).
END_OF_ARTICLE = re.compile(
    r"^(Know more\? Do not be silent!|Send a message, photo or video to the|Make comments via Caucasian Knot|"
    r"Комментирование через Кавказский узел|All news$|All articles$|LEGAL TEXTS|Find Caucasian Knot partners|"
    r"News archive$|Form of mobile communication|SMS: |Мы обновили приложения|Latest news$|Лента новостей$|"
    # the same boxes in other markups: the other language's words, a copyright line
    # (the site's copyright, not a photo credit: "© Reuters" under a picture inside the text is no end)
    r"Последние новости$|Все новости$|Most read$|Самое читаемое$|Copyright(?:\s*(?:©|\(c\)|\d{4})|\s*$)|"
    r"(?:©|\(c\))\s*(?:\d{4}|CK\b|Caucasian Knot|Кавказский узел|Kavkaz)|"
    r"(?:Similar|Related) news$|Похожие (?:новости|материалы)$|Comments(?:: \d+| \(\d+\))?$|"
    r"Комментарии(?:: \d+| \(\d+\))?$|Next (?:article|story)$|Следующая (?:статья|новость)$|All rights reserved|"
    r"Все права защищены|Leave a (?:[Rr]eply|[Cc]omment)$|(?:Оставить|Добавить) комментарий$|Add a comment$)"
)
FOOTNOTE = re.compile(r"^(\*{1,3})\s*(\S.*)$", re.S)
_BYLINE_WORD = r"(Authors?|Source|Авторы?|Источник)"
# What someone said after a colon (`Источник: «Задержанных отпустили ночью».`, `Редактор: "Мы не будем …".`): no label.
QUOTED_SPEECH = r"\s*[«\"“„][^\n]*(?:[.!?…][»\"”]|[»\"”][.!?…])\s*$"
# A line that is a byline: `Author: A`, `(Author: A; Source: B)`, or `Author — A` — the dash only on a short line
# that is no sentence (`Источник — житель села — рассказал, что …` opens a paragraph of the text).
BYLINE = re.compile(rf"^\(?{_BYLINE_WORD}(?:\s*:(?!{QUOTED_SPEECH})|\s+[—–-]\s+(?=[^\n]{{1,80}}$)(?![^\n]*[.!?]$))",
                    re.I | re.M)
BYLINE_LABEL = re.compile(rf"{_BYLINE_WORD}(?:\s*:|\s+[—–-](?=\s))\s*", re.I)  # each label in one (`NameSource:` too)
MACHINE = re.compile(r"Translated automatically via Google translate from\s*(\S+)?", re.I)
ORIGINALLY = re.compile(r"originally published on the Russian page", re.I)
FULL_TEXT = re.compile(r"Full text of the article is available on the Russian page", re.I)
ORIGINAL_TIME = re.compile(r"\bon\s+([A-Za-z]{3,9}\.?\s+\d{1,2},\s*\d{4}\s+at\s+\d{1,2}:\d{2}\s*[ap]\.?\s*m\.?)", re.I)
# Links to the author's profiles after the name (`Author: A. Name Telegram VK`): the networks' names, no name's part.
NETWORKS_AFTER = re.compile(r"(?:\s+(?:Telegram|VK|VKontakte|ВКонтакте|Twitter|Facebook|Instagram|YouTube|"
                            r"Одноклассники|OK|WhatsApp|Viber|LinkedIn))+\s*$")
# A day closing the byline's line (`Author: A. Name, 18.01.2004`, `…, 18 января 2004, 00:04`): no name's part.
DATE_AFTER = re.compile(r"[,;]?\s*(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}\s+[^\W\d_]{3,9}\.?\s+\d{4}(?:\s*г\.)?|"
                        r"[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})(?:,?\s*\d{1,2}:\d{2})?\s*$")
EMAIL = re.compile(r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The name a CMS gives its own account (`Written by Administrator`, `Автор: admin на 02:59`): no author's.
CMS_ACCOUNT = re.compile(r"(?:admin|administrator|administrateur|администратор|админ|root|webmaster|moderator|"
                         r"модератор|guest|гость|user\d*)(?:\s|$)", re.I)
CK_CORRESPONDENT = re.compile(r"^(?:[CС][KК]|Caucasian Knot) correspondents?$", re.I)


HAS_TIME = re.compile(r"\d:\d\d|\d\.\d\d(?![\d.])")  # every date line of the site shows a time: h:mm (or h.mm)
_KEY_TABLE = {**HOMOGLYPHS, **{ord(c): None for c in QUOTES}}


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """A matching key: homoglyphs to Latin, quotes dropped, case folded, spaces collapsed."""
    return " ".join(text.translate(_KEY_TABLE).split()).casefold()


_PROVENANCE_START = re.compile(r"\W{0,3}(Translated automatically|This article was originally|Full text of the article)",
                               re.I)


def is_provenance(text: str) -> bool:
    """A provenance line: it starts with one of the three era wordings (docs/site.md §2.1 item 7, §2.2 item 6)."""
    return bool(_PROVENANCE_START.match(text))


def is_boilerplate(text: str) -> bool:
    return bool(BANNER.match(text) or APP_BANNER.match(text))


def is_end_of_article(text: str) -> bool:
    return bool(END_OF_ARTICLE.match(text))


def normalise_source(source: str | None) -> str | None:
    if not source:
        return None
    bare = source.strip(" ;,.").translate(HOMOGLYPHS)
    if source.isupper() and CK_CORRESPONDENT.match(bare):
        # `CK CORRESPONDENT`, `CAUCASIAN KNOT CORRESPONDENTS` typed in capitals: the site's own words, in its case
        name, _, word = bare.rpartition(" ")
        source = f"{'CK' if len(name) == 2 else 'Caucasian Knot'} {word.lower()}"
    source = " ".join(source.split()).strip(" ;,.")
    source = re.sub(r"^[CС][KК](?=\b| )", "CK", source)
    return source or None


def parse_byline(text: str) -> tuple[list[str], str | None]:
    """`Author: A, B Source: CK correspondent` (one line, two lines, glued, `A, CK correspondent` …) →
    (authors, source)."""
    text = " ".join(EMAIL.sub(" ", text).split())  # (`Author: A. Name editor@…`: an address beside the name)
    if text.startswith("(") and text.endswith(")"):  # `(Author: A; Source: B)` in parentheses at the text's end
        text = text[1:-1]
    source = None
    author_part = ""
    labels = list(BYLINE_LABEL.finditer(text))
    for number, label in enumerate(labels):  # each label's value runs to the next label (`Author: A Source: B`)
        value = text[label.end(): labels[number + 1].start() if number + 1 < len(labels) else len(text)].strip(" ;,")
        if label.group(1).lower().startswith(("source", "источник")):
            source = source if source is not None else value  # (the first one: a byline shown twice is one byline)
        elif not author_part and not CMS_ACCOUNT.match(value):  # (`Автор: Administrator` — Joomla's own line
            # above the text — is the CMS's user, no one: the article's `Автор:` line is the byline)
            author_part = value
    author_part, source = _without_trail(author_part), source and _without_trail(source)
    names = [n.strip(" .") for n in re.split(r"\s*[,;]\s*|\s+(?:and|и)\s+", author_part) if n.strip(" .")]
    if names and CK_CORRESPONDENT.match(names[-1].translate(HOMOGLYPHS)):
        source = source or names[-1]
        names = names[:-1]
    return names, normalise_source(source)


def _without_trail(value: str) -> str:
    """A byline's value without what a layout sets after it: profile links' names, then a day."""
    return DATE_AFTER.sub("", NETWORKS_AFTER.sub("", value))


def parse_provenance(text: str, hrefs: list[str]) -> dict:
    """original_url / original_published_at / translation from a provenance line and its links."""
    result: dict = {"original_url": None, "original_published_at": None, "translation": None}
    ru_links = [canonicalise(unwrap_redirect(h)) for h in hrefs]
    ru_links = [u for u in ru_links if u and u.startswith("https://www.kavkaz-uzel.eu/")]
    machine = MACHINE.search(text)
    if machine:
        result["translation"] = "machine"
        candidates = ([canonicalise(machine.group(1).rstrip(".,;"))] if machine.group(1) else []) + ru_links
        result["original_url"] = next((u for u in candidates if u), None)
        return result
    if ORIGINALLY.search(text) or FULL_TEXT.search(text):
        result["translation"] = "human"
        result["original_url"] = ru_links[0] if ru_links else None
        when = ORIGINAL_TIME.search(text)
        if when:
            found = match_shape(when.group(1), ("month_day_year_at_12h",))
            result["original_published_at"] = to_iso(found[0]) if found else None
    return result


# -- legal labels (docs/record.md, "Labels") ---------------------------------------------------------------

_MARKER = re.compile(r"(?<=[^\s*])(\*{1,2})(?!\*)")
_ARTICLE_WORDS = {"the", "a", "an"}
_INLINE = (
    re.compile(r"[\"“”«]Islamic State[\"“”»]\s*\(IS\*?\),\s*((?:a terrorist organization,?\s*)?banned in Russia"
               r"(?:\s+by\s+t?he\s+court(?:'s decision)?)?)"),
    re.compile(r"[\"“”«]Islamic State[\"“”»]\s*\((IS (?:was )?recognized as a terrorist organization[^)]*)\)"),
    re.compile(r"[\"“”«]Islamic State[\"“”»]\s*\(IS\),?\s*\((recognized as terrorist organization[^)]*)\)"),
)
_AFTER_MARK = re.compile(r"^\s*,\s*(a terrorist organization,?\s*banned in Russia(?:\s+by\s+t?he\s+court)?)")
LABEL_TYPES = (  # English and Russian wordings (docs/site.md §4)
    ("terrorist", re.compile(r"terroris|террорист", re.I)),
    ("extremist", re.compile(r"extremis|экстремист", re.I)),
    ("undesirable", re.compile(r"undesirable|нежелательн", re.I)),
    ("foreign_agent", re.compile(r"foreign agent|иностранн\w* агент", re.I)),
    ("banned", re.compile(r"banned|prohibited|liquidated by the court|запрещен|ликвидирован\w* (?:по решению )?суд",
                          re.I)),
)


def label_type(text: str | None) -> str:
    if not text:
        return "unknown"
    return next((name for name, pattern in LABEL_TYPES if pattern.search(text)), "unknown")


ENTITY_WINDOW = 400
MAX_MARKERS = 2000
_LAST_WORD = re.compile(r"([\w][\w.'’-]*)$")


def _entity_before(text: str, end: int) -> str | None:
    """The run of name tokens (quoted phrases, capitalised words) that ends at `end`.

    Only a window before the marker is read (a name is at most 8 tokens, a quoted phrase at most 80 characters),
    so the work per marker is constant and a page with thousands of markers stays linear."""
    tokens: list[str] = []
    text = text[max(end - ENTITY_WINDOW, 0) : end]
    position = len(text)
    while position > 0:
        chunk = text[:position].rstrip()
        if not chunk:
            break
        if chunk[-1] in QUOTES:
            closing = len(chunk) - 1
            opening = max(chunk.rfind(q, 0, closing) for q in QUOTES)
            if opening < 0 or closing - opening > 80:
                break
            tokens.append(chunk[opening + 1 : closing].strip())
            position = opening
            continue
        match = _LAST_WORD.search(chunk, max(len(chunk) - 60, 0))
        if not match:
            break
        word = match.group(1)
        if not (word[0].isupper() or word[0].isdigit()) or (tokens and word.lower() in _ARTICLE_WORDS):
            break
        if word.lower() in _ARTICLE_WORDS:
            break
        tokens.append(word)
        position = match.start()
        if len(tokens) > 8:
            break
    name = " ".join(reversed(tokens)).strip()
    return name or None


def find_labels(text: str, footnotes: dict[str, str]) -> list[dict]:
    """Labels in `text` (headline + body) given the footnotes by marker, in order of first appearance."""
    if "*" not in text and "Islamic State" not in text:
        return []  # every label of the site is marked with * or is an inline "Islamic State" wording
    found: list[tuple[int, dict]] = []
    for number, match in enumerate(_MARKER.finditer(text)):
        if number == MAX_MARKERS:
            break  # no article carries this many labels: the rest of a page like that is not read for them
        entity = _entity_before(text, match.start())
        if not entity:
            continue
        marker = match.group(1)
        wording = footnotes.get(marker)
        if wording is None:
            after = _AFTER_MARK.match(text[match.end() : match.end() + 120])
            wording = after.group(1) if after else None
        found.append((match.start(), {"entity": entity, "marker": marker, "type": label_type(wording), "text": wording}))
    for pattern in _INLINE:
        for match in pattern.finditer(text):
            if "IS*" in match.group(0):
                continue  # the marked IS* label carries this wording
            wording = match.group(1).strip(" ,")
            found.append((match.start(), {"entity": "Islamic State", "marker": None, "type": label_type(wording),
                                          "text": wording}))
    labels, seen = [], set()
    for _, label in sorted(found, key=lambda pair: pair[0]):
        identity = (key(label["entity"]), label["marker"])  # “SOVA” Centre and “Sova” Centre are one entity
        if identity not in seen:
            seen.add(identity)
            labels.append(label)
    return labels


def date_line(text: str, shapes: tuple[str, ...]) -> tuple | None:
    """(datetime, raw, shape, rest) when a block is a date line of `shapes`; the mobile shape may have the
    headline glued after it (`11:14 / 23.09.2004Арестован…`)."""
    if not HAS_TIME.search(text, 0, 60):  # every date line of these shapes shows a time
        return None
    first = text.split("\n", 1)[0].strip()
    found = match_shape(first, shapes)
    if found:
        return (*found, text.split("\n", 1)[1].strip() if "\n" in text else "")
    if "time_slash_dotted" in shapes:
        match = SHAPES["time_slash_dotted"].match(text)
        if match:
            found = match_shape(match.group(0), ("time_slash_dotted",))
            if found:
                return (*found, text[match.end() :].strip())
    return None
