"""The manifest format: the ground truth of a demo archive, shared by the demo archive, tests and benchmarks.

A manifest is JSON Lines. The first line is a header object `{"manifest": "kavkaz-demo", "format": 1, ...}`
(seed, day, counts, the base host); every following line is one article id:

    {"article_id": 12, "status": "live", "url": "https://eng.kavkaz-uzel.eu/articles/12", "lang": "en",
     "headline": ..., "lead": ..., "body": ..., "published_at": "2004-03-02T10:15:00+03:00",
     "published_at_raw": ..., "authors": [...], "source": ..., "image_url": ..., "image_caption": ...,
     "original_url": ..., "original_published_at": ..., "translation": "human"|"machine"|null,
     "labels": [{"entity", "marker", "type", "text"}], "banner": ..., "layout": "classic"|"2025",
     "version": 1, "rubrics": [...], "regions": [...]}

or, for an id that answers 404, `{"article_id": 13, "status": "missing", "lang": "en", "url": ...}`. A manifest
of both languages (`DemoArchive.write_manifest(path, russian)`) holds the English records, then the Russian ones
(`"lang": "ru"`), then the Russian reader blog posts (`"kind": "blog_post"`, `"blog_id"`; `article_id` is the
post id). The header's `languages` lists each archive's counts.
The article fields carry the same names and meaning as the parser's record (see docs/parsing.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MANIFEST_KIND = "kavkaz-demo"
MANIFEST_FORMAT = 1


def write_manifest(path: str | Path, header: dict[str, Any], articles: Iterable[dict[str, Any]]) -> int:
    """Write a header and the article records; returns the number of articles written."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"manifest": MANIFEST_KIND, "format": MANIFEST_FORMAT, **header}) + "\n")
        for record in articles:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_manifest(path: str | Path) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The header and an iterator over the article records (streamed: manifests can be large)."""
    handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed by the generator
    header = json.loads(handle.readline() or "{}")
    if header.get("manifest") != MANIFEST_KIND:
        handle.close()
        raise ValueError(f"{path}: not a kavkaz demo manifest")

    def articles() -> Iterator[dict[str, Any]]:
        with handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)

    return header, articles()


def live_articles(path: str | Path, lang: str = "en") -> dict[int, dict[str, Any]]:
    """article_id -> record of every live article of one language (a convenience for tests and benchmarks)."""
    _, articles = read_manifest(path)
    return {a["article_id"]: a for a in articles if a["status"] == "live" and a.get("lang", "en") == lang
            and a.get("kind", "article") == "article"}
