"""Scrapy spiders of kavkaz (traversal only: parsing is in crawler.parsers, storing in pipelines)."""
