"""kavkaz: a crawler and SQLite archive of the Caucasian Knot news site.

The shape: url -> spider (traversal only) -> parser (pure: html -> record) -> pipelines (one step each)
-> store (schema + writes), with the CLI (`crawler.cli`) on top and the demo archive (`crawler.demo`) beside.
"""

__version__ = "0.1.0"
