"""`kavkaz search "query"`: full-text search (FTS5, bm25-ranked, exact phrase first) with highlighted snippets.

The user's words are always quoted for FTS5, so operators and stray characters (`AND OR`, `*`, `NEAR(`, `^`)
are searched as words, never executed; a `"quoted phrase"` is searched as a phrase; unbalanced quotes are an error.
"""

from __future__ import annotations

import re

from crawler.errors import UsageError

LABEL_TYPES = ("foreign_agent", "undesirable", "terrorist", "extremist", "banned", "unknown")


def fts_query(text: str) -> tuple[str, str]:
    """(FTS5 match expression, the plain phrase for exact-match ranking); UsageError when it cannot be read."""
    if text.count('"') % 2:
        raise UsageError('unbalanced quotes in the query; close the "phrase" or drop the quote')
    phrases = re.findall(r'"([^"]*)"', text)
    words = re.sub(r'"[^"]*"', " ", text).split()
    terms = [p for p in phrases if p.strip()] + words
    tokens = [" ".join(re.findall(r"\w+", term)) for term in terms]
    tokens = [t for t in tokens if t]
    if not tokens:
        raise UsageError("the query has no words to search for")
    return " AND ".join(f'"{t}"' for t in tokens), " ".join(tokens)


def stemmed_query(text: str) -> tuple[str, str, list[str]]:
    """(FTS5 match expression over the stemmed index, the plain phrase, the query's word keys)."""
    from crawler.stemming import search_keys

    fts_query(text)  # the same checks and messages
    phrases = re.findall(r'"([^"]*)"', text)
    words = re.sub(r'"[^"]*"', " ", text).split()
    terms = [" ".join(search_keys(term)) for term in [*phrases, *words]]
    terms = [term for term in terms if term]
    if not terms:
        raise UsageError("the query has no words to search for")
    plain = " ".join(" ".join(re.findall(r"\w+", term)) for term in [*phrases, *words])
    return " AND ".join(f'"{term}"' for term in terms), plain, [k for term in terms for k in term.split()]


def snippet(text: str | None, keys: list[str], width: int = 90) -> str:
    """The part of `text` around the first word whose key is a query key, those words in [brackets]."""
    from crawler.stemming import WORD, word_key

    if not text:
        return ""
    wanted = set(keys)
    hits = [m for m in WORD.finditer(text) if word_key(m.group(0)) in wanted]
    if not hits:
        return text[: width * 2] + ("…" if len(text) > width * 2 else "")
    start = max(hits[0].start() - width, 0)
    end = min(hits[0].end() + width, len(text))
    marked, cursor = [], start
    for match in hits:
        if match.start() < start or match.end() > end:
            continue
        marked.append(text[cursor:match.start()] + f"[{match.group(0)}]")
        cursor = match.end()
    marked.append(text[cursor:end])
    return ("…" if start else "") + "".join(marked) + ("…" if end < len(text) else "")
