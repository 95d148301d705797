"""Keeping the pages, not just the fields: re-parsing stored pages and WARC export/import."""
