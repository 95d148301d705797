"""For analysts: stats, search, export and serve over the database — read-only, never Scrapy."""
