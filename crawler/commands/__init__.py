"""Subcommands of the `kavkaz` CLI that are not owned by a subsystem (crawl, demo)."""
