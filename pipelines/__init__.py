"""Item pipelines of kavkaz, one step each, in settings.ITEM_PIPELINES order:
normalise → validate → deduplicate → store. Items are plain dicts with a `kind` ("article", "failure" or "page");
a pipeline passes through kinds it does not handle. Pipelines never parse HTML.
"""

ARTICLE = "article"
FAILURE = "failure"
PAGE = "page"  # a raw response kept for reparse and WARC export
