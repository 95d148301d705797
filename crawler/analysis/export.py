"""The library behind `kavkaz export` (crawler/cli/export.py): articles as CSV, JSON Lines or Parquet (streamed,
constant memory), each column with its real type.

One row per article; `COLUMNS` names them with their kind. A typed row (`typed_row`) holds Python values:
timestamps as aware datetimes (`published_at` in Moscow time with that date's offset, `published_at_utc` the same
instant in UTC), lists as lists, labels as dicts, the casualty report as a dict. Each format keeps what it can:

- Parquet: timestamps (`timestamp[us, Europe/Moscow]`, `timestamp[us, UTC]`), `list<string>`, labels as
  `list<struct<entity, marker, type, text>>`, the casualty report as a struct with its rows;
- JSON Lines: ISO 8601 strings with the offset, arrays, objects;
- CSV: ISO strings, lists joined by "; ", labels and the casualty report as JSON text; `excel=True` writes the
  UTF-8 byte-order mark a spreadsheet needs to read Cyrillic (and CRLF line ends, as CSV always has here).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from crawler.dates import MOSCOW
from crawler.db import date_filter, open_readonly
from crawler.errors import UsageError

# name → kind: str, int, moscow (a Moscow time), utc, list (of strings), labels, casualties
COLUMNS: dict[str, str] = {
    "lang": "str", "article_id": "int", "url": "str", "published_at": "moscow", "published_at_utc": "utc",
    "published_at_raw": "str", "headline": "str", "lead": "str", "body": "str", "authors": "list", "source": "str",
    "image_url": "str", "image_caption": "str", "original_url": "str", "original_article_id": "int",
    "original_published_at": "moscow", "translation": "str", "labels": "labels", "label_types": "list",
    "labelled_entities": "list", "banner": "str", "rubrics": "list", "regions": "list", "casualties": "casualties",
    "warnings": "list", "version": "int", "first_seen_at": "utc", "last_fetched_at": "utc", "last_changed_at": "utc",
    "parser_version": "str",
}
LANGS = ("en", "ru")
BATCH = 1000
CSV_LIST_SEPARATOR = "; "


def _time(value: str | None, zone: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(zone)
    except ValueError:
        return None


def _list(value: str | None) -> list:
    try:
        found = json.loads(value or "[]")
    except ValueError:
        return []
    return found if isinstance(found, list) else []


def typed_row(row: Any) -> dict[str, Any]:
    """An `articles` row as a typed export row (see the module docstring)."""
    labels = [{"entity": label.get("entity"), "marker": label.get("marker"), "type": label.get("type"),
               "text": label.get("text")} for label in _list(row["labels"]) if isinstance(label, dict)]
    casualties = json.loads(row["casualties"]) if row["casualties"] else None
    typed: dict[str, Any] = {}
    for name, kind in COLUMNS.items():
        if name == "published_at_utc":  # the same instant as published_at, read once
            typed[name] = typed["published_at"].astimezone(UTC) if typed["published_at"] else None
        elif name == "label_types":
            typed[name] = sorted({label["type"] for label in labels if label["type"]})
        elif name == "labelled_entities":
            typed[name] = list(dict.fromkeys(label["entity"] for label in labels if label["entity"]))
        elif kind == "labels":
            typed[name] = labels
        elif kind == "casualties":
            typed[name] = casualties if isinstance(casualties, dict) else None
        elif kind == "list":
            typed[name] = [str(item) for item in _list(row[name])]
        elif kind in ("moscow", "utc"):
            typed[name] = _time(row[name], MOSCOW if kind == "moscow" else UTC)
        else:
            typed[name] = row[name]
    return typed


def choose_columns(spec: str | None) -> list[str]:
    """The columns asked for (`a,b,c`, in that order), or all; UsageError naming the unknown ones."""
    if not spec:
        return list(COLUMNS)
    chosen = [name.strip() for name in spec.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in COLUMNS]
    if unknown or not chosen:
        raise UsageError(f"unknown column(s) {', '.join(unknown) or '(none given)'}; the columns are: "
                         f"{', '.join(COLUMNS)}")
    return chosen


def export_rows(db: Path, since: str | None, until: str | None, *, lang: str | None = None,
                where: str | None = None) -> Iterator[dict[str, Any]]:
    """Typed rows of the articles (published in the window, of one language, matching an SQL condition), in
    publication order; the database is opened read-only, so `where` can only read."""
    condition, params = date_filter(since, until)
    if lang:
        condition, params = f"({condition}) and lang = ?", [*params, lang]
    if where:
        condition = f"({condition}) and ({where})"
    connection = open_readonly(db)
    try:
        try:
            cursor = connection.execute(f"select * from articles where {condition} order by published_at, lang, "
                                        "article_id", params)
        except sqlite3.Error as exc:
            if where:  # the user's condition: a one-line answer
                raise UsageError(f"--where {where!r}: {exc}") from None
            raise
        while batch := cursor.fetchmany(BATCH):
            for row in batch:
                yield typed_row(row)
    finally:
        connection.close()


def _as_text(kind: str, value: Any) -> Any:
    """A typed value as CSV text."""
    if value is None:
        return ""
    if kind in ("moscow", "utc"):
        return value.isoformat()
    if kind == "list":
        return CSV_LIST_SEPARATOR.join(value)
    if kind in ("labels", "casualties"):
        return json.dumps(value, ensure_ascii=False)
    return value


def _as_json(kind: str, value: Any) -> Any:
    return value.isoformat() if kind in ("moscow", "utc") and value is not None else value


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, columns: list[str], *, excel: bool = False,
              delimiter: str = ",") -> int:
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 - count is the result
        writer.writerow([_as_text(COLUMNS[name], row[name]) for name in columns])
    return count


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO, columns: list[str]) -> int:
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007
        out.write(json.dumps({name: _as_json(COLUMNS[name], row[name]) for name in columns}, ensure_ascii=False)
                  + "\n")
    return count


def parquet_schema(columns: list[str]) -> Any:
    import pyarrow as pa

    label = pa.struct([("entity", pa.string()), ("marker", pa.string()), ("type", pa.string()), ("text", pa.string())])
    casualty_row = pa.struct([("region", pa.string()), ("side", pa.string()), ("victims", pa.int64()),
                              ("killed", pa.int64()), ("wounded", pa.int64()), ("at_least", pa.bool_()),
                              ("quote", pa.string())])
    casualties = pa.struct([("period", pa.struct([("kind", pa.string()), ("start", pa.string()),
                                                  ("end", pa.string())])),
                            ("rows", pa.list_(casualty_row)), ("warnings", pa.list_(pa.string()))])
    types = {"str": pa.string(), "int": pa.int64(), "moscow": pa.timestamp("us", tz="Europe/Moscow"),
             "utc": pa.timestamp("us", tz="UTC"), "list": pa.list_(pa.string()), "labels": pa.list_(label),
             "casualties": casualties}
    return pa.schema([(name, types[COLUMNS[name]]) for name in columns])


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, columns: list[str]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(columns)
    count, batch = 0, []
    with pq.ParquetWriter(path, schema) as writer:
        for row in rows:
            batch.append({name: row[name] for name in columns})
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
