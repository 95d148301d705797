"""The library behind `kavkaz export` (crawler/cli/export.py): articles as CSV, JSON Lines or Parquet (streamed, constant memory), or pages as WARC.

One row per article. `authors` is the names joined by "; "; `label_types` and `labelled_entities` are the distinct
label types and entities joined by "; "; `labels` keeps the full JSON (entity, marker, type, text).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crawler.db import date_filter, open_readonly

COLUMNS = ("lang", "article_id", "url", "published_at", "published_at_raw", "headline", "lead", "body", "authors",
           "source", "image_url", "image_caption", "original_url", "original_published_at", "translation",
           "label_types", "labelled_entities", "labels", "banner", "version", "first_seen_at", "last_fetched_at",
           "last_changed_at", "parser_version")


INTEGER_COLUMNS = {"article_id", "version"}


BATCH = 1000


def flatten(row: Any) -> dict[str, Any]:
    """An articles row as an export row (see the module docstring)."""
    labels = json.loads(row["labels"] or "[]")
    return {
        **{name: row[name] for name in COLUMNS if name not in ("authors", "label_types", "labelled_entities")},
        "authors": "; ".join(json.loads(row["authors"] or "[]")),
        "label_types": "; ".join(dict.fromkeys(label["type"] for label in labels)),
        "labelled_entities": "; ".join(dict.fromkeys(label["entity"] for label in labels)),
    }


def export_rows(db: Path, since: str | None, until: str | None) -> Iterator[dict[str, Any]]:
    condition, params = date_filter(since, until)
    connection = open_readonly(db)
    try:
        cursor = connection.execute(f"select * from articles where {condition} order by published_at, article_id", params)
        while batch := cursor.fetchmany(BATCH):
            for row in batch:
                yield flatten(row)
    finally:
        connection.close()


def _all(first: dict | None, rows: Iterator[dict]) -> Iterator[dict]:
    if first is not None:
        yield first
        yield from rows


def _csv(first, rows, out, _path) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for count, row in enumerate(_all(first, rows), start=1):  # noqa: B007 - count is the result
        writer.writerow(row)
    return count


def _jsonl(first, rows, out, _path) -> int:
    count = 0
    for count, row in enumerate(_all(first, rows), start=1):  # noqa: B007
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return count


def _parquet(first, rows, _out, path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.int64() if name in INTEGER_COLUMNS else pa.string()) for name in COLUMNS])
    count, batch = 0, []
    with pq.ParquetWriter(path, schema) as writer:
        for row in _all(first, rows):
            batch.append(row)
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
