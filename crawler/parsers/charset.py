"""A page's bytes → its text, and how the charset was chosen (docs/parsing.md, "Charsets").

In order: a byte-order mark; the bytes themselves when they are valid UTF-8 with non-ASCII characters (a
Cyrillic page in windows-1251 or KOI8-R is practically never valid UTF-8, so a page that is wins over any label);
the HTTP header's charset; the page's `<meta charset>` or `<meta http-equiv="Content-Type">`; and, when the label is
missing or the bytes contradict it, a detector that tells windows-1251 from KOI8-R by how Russian text looks
(its commonest letters, in either case: the two codepages place the alphabet differently, so the wrong one spreads
the letters evenly); bytes with no run of letters (an English page with a few curly quotes) are windows-1251, whose
punctuation is where the Western codepage has it. The choice and its reason are returned for the record's evidence.
"""

from __future__ import annotations

import codecs
import re

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
CYRILLIC = re.compile(r"[а-яё]")
COMMON_LETTERS = frozenset("оеаинтсрвл")  # about 60% of the letters of Russian text; ~30% of an evenly spread one
CYRILLIC_CODECS = ("windows-1251", "koi8-r")


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str | None = None) -> tuple[str | None, str]:
    """(the charset the response declares, where): the HTTP header first, then the page's own meta tag."""
    found = HEADER_CHARSET.search(content_type) if content_type else None
    if found and (name := _known(found.group(1))):
        return name, "HTTP header"
    found = META_CHARSET.search(data[:4096])
    if found and (name := _known(found.group(1).decode("ascii", "replace"))):
        return name, "<meta>"
    return None, ""


def _russian_score(text: str) -> float:
    """How much `text` looks like Russian: the share of its Cyrillic letters that are the commonest ones."""
    letters = CYRILLIC.findall(text.lower())
    return sum(letter in COMMON_LETTERS for letter in letters) / (len(letters) or 1)


def detect_cyrillic(data: bytes) -> str:
    """windows-1251 or KOI8-R, whichever reads as Russian text (the other gives mostly capitals)."""
    sample = data[:65536]
    return max(CYRILLIC_CODECS, key=lambda name: _russian_score(sample.decode(name, "replace")))


def decode_page(data: bytes, content_type: str | None = None) -> tuple[str, str, str]:
    """(text, charset, how it was chosen) of a page's bytes; never raises."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, "replace"), name, "byte-order mark"
    declared, where = declared_charset(data, content_type)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and (declared in (None, "utf-8") or not text.isascii()):
        how = f"{where} and the bytes" if declared == "utf-8" else "the bytes (valid UTF-8)" if declared is None \
            else f"the bytes (valid UTF-8; {where} said {declared})"
        return text, "utf-8", how
    if declared and declared != "utf-8":
        return data.decode(declared, "replace"), declared, where
    # No usable label, or UTF-8 declared for bytes that are not: tell the Cyrillic codepages apart.
    said = f"{where} said utf-8, the bytes are not" if declared else "no charset given"
    if re.search(rb"[\xc0-\xff]{3}", data[:65536]):
        name = detect_cyrillic(data)
        return data.decode(name, "replace"), name, f"detected ({said})"
    return data.decode("windows-1251", "replace"), "windows-1251", f"default for stray bytes ({said})"
