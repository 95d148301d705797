"""Item pipelines of kavkaz, one step each, in settings.ITEM_PIPELINES order:
normalise → validate → deduplicate → store. Items are plain dicts with a `kind` ("article", "failure" or "page");
a pipeline passes through kinds it does not handle. Pipelines never parse HTML.
"""

ARTICLE = "article"
FAILURE = "failure"
PAGE = "page"  # a raw response kept for reparse and WARC export


def as_dict(adapter) -> dict:
    """The item as a dict: plain dict items as they are (no deep copy per item), others converted."""
    return adapter.item if isinstance(adapter.item, dict) else adapter.asdict()
