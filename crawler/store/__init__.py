"""The SQLite store (docs/schema.md): one database file, every write through `Store`.

- database.py — `Store`: open (creating or upgrading), transactions, articles, failures, runs, reparse state, merges
- articles.py — how one article is written (row, version, authors, labels, search row, sidebar)
- schema.py — the tables and the numbered upgrade steps from every older version
- pages.py — kept pages: bodies stored once, compressed with per-language zstd dictionaries
- dictionary.py — training those dictionaries in a child process
- layouts.py — the site's layouts learned from the kept pages (`layout_profiles`)
- casualties.py — the figures of casualty reports (`casualties`)
"""

from crawler.errors import StoreError
from crawler.store.articles import name_key
from crawler.store.database import MAX_FAILURE_ATTEMPTS, Store
from crawler.store.pages import PageDecoder, content_key, now
from crawler.store.schema import (
           ARTICLE_COLUMNS,
           BOOKKEEPING_COLUMNS,
           SCHEMA_VERSION,
           VERSION_COLUMNS,
           stored_record,
)

__all__ = ["ARTICLE_COLUMNS", "BOOKKEEPING_COLUMNS", "MAX_FAILURE_ATTEMPTS", "SCHEMA_VERSION", "VERSION_COLUMNS",
           "PageDecoder", "Store", "StoreError", "content_key", "name_key", "now", "stored_record"]
