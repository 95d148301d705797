"""Scrapy commands of the project (settings.COMMANDS_MODULE): `crawl` extended with kavkaz's exit codes."""
