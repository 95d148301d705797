"""Item pipelines of kavkaz, one step each, in settings.ITEM_PIPELINES order:
normalise → validate → deduplicate → write. Items are articles (crawler.record.Article, or any mapping with its
fields, used through itemadapter); raw pages and failures reach the store by signals (crawler.signals).
Pipelines never parse HTML.
"""
