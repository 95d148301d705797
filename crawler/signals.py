"""Signals of kavkaz: how raw pages and failures reach the store without being items.

Items are what a crawl yields to its users (articles; `-O items.jsonl`). A fetched page and a failed one are
records of the crawl itself: the spider sends them with these signals and the write pipeline
(`pipelines.write.WritePipeline`) keeps them, in the same transaction as the articles of its batch.

    crawler.signals.send_catch_log(signal=page_fetched, page=RawPage(...))
    crawler.signals.send_catch_log(signal=page_failed, failure=PageFailure(...))
"""

page_fetched = object()  # arguments: page (crawler.record.RawPage)
page_failed = object()  # arguments: failure (crawler.record.PageFailure)
records_committed = object()  # arguments: article_ids (ids stored, or recorded as 404s and failures; after the commit)
stop_now = object()  # no arguments: the crawl stops without waiting (crawler.job's bounded stop); write what you hold
