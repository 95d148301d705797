"""Search keys for words: look-alike letters folded, then Snowball-stemmed, Russian or English by the word's script.

`search_text("Суд оставил под стражей")` → `"суд остав под страж"`; a query is keyed the same way, so `суд` finds
`суда`, `суду`, `судом`, and `courts` finds `court`. A word that mixes scripts is folded to its majority script
first (`СK` with a Cyrillic С → `ck`; `Mосква` with a Latin M → `москва`). Stems are cached: a news archive
repeats its words.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
CYRILLIC = re.compile(r"[а-яё]")
LATIN = re.compile(r"[a-z]")
# Lower-case Cyrillic letters that look like Latin ones, and back.
TO_LATIN = str.maketrans("аеорсухкмтвні", "aeopcyxkmtbhi")
TO_CYRILLIC = str.maketrans("aeopcyxkmtbhi", "аеорсухкмтвні")
_STEMMERS = {"ru": snowballstemmer.stemmer("russian"), "en": snowballstemmer.stemmer("english")}


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The search key of one word (lower case): folded to one script, then stemmed in that script's language."""
    word = word.lower().replace("ё", "е")
    cyrillic, latin = len(CYRILLIC.findall(word)), len(LATIN.findall(word))
    if cyrillic and latin:
        word = word.translate(TO_CYRILLIC) if cyrillic > latin else word.translate(TO_LATIN)  # a tie: Latin (СK → ck)
    if CYRILLIC.search(word):
        return _STEMMERS["ru"].stemWord(word)
    if LATIN.search(word):
        return _STEMMERS["en"].stemWord(word)
    return word  # numbers and other scripts as they are


def search_text(text: str | None) -> str:
    """The keys of every word of a text, space-separated (what the search index holds)."""
    if not text:
        return ""
    return " ".join(map(word_key, WORD.findall(text)))


def search_keys(text: str) -> list[str]:
    return list(map(word_key, WORD.findall(text)))
