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
