"""8–10. The archive at its real size: a database of 500,000 articles (80,000 English, 420,000 Russian, from the demo
archive's content generator) built straight through the pipeline steps into SQLite, no HTTP; then search, stats
and a Parquet export timed on it, the crawl plan's memory at 20k and at 500k articles, and reparse over kept pages.

`make bench` builds the large database once into benchmarks/.cache/ and reuses it (keyed by its size).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.demo.archive import DemoArchive
from crawler.prepare import normalise_record, validate_record
from crawler.record import content_hash
from crawler.store import Store

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
QUERIES = ("суд", "court", "правозащитники", "human rights", "задержан в Дагестане", "detained in Dagestan",
           "police", "полиция", "акцию против строительства", "rally against the landfill")


def records(archive: DemoArchive) -> Iterator[dict[str, Any]]:
    """The records a perfect crawl of `archive` stores: the manifest's, through normalise and validate."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    for article_id in archive.live_ids:
        record = archive.article(article_id).record()
        for name in ("status", "layout", "version", "blog_id"):
            record.pop(name, None)
        record.update(kind="article", sidebar=[], rubrics=[], regions=[], warnings=[], parser_version="demo/1",
                      fetched_url=record["url"], fetched_at=stamp, http_status=200)
        record.setdefault("original_article_id", None)
        normalise_record(record)
        validate_record(record)
        record["content_hash"] = content_hash(record)
        yield record


def build_database(path: Path, english: int, russian: int, seed: int = 7) -> dict[str, Any]:
    """Build (or reuse from the cache) the database; returns its build figures."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"articles-{english}-{russian}.db"
    info = cached.with_suffix(".json")
    if cached.exists() and info.exists():
        shutil.copyfile(cached, path)
        return {**json.loads(info.read_text()), "reused": True}
    started = time.perf_counter()
    archives = (DemoArchive(seed, english, ru_articles=russian), DemoArchive(seed, russian, lang="ru"))
    count = 0
    with Store(cached) as store:
        for archive in archives:
            batch: list[dict[str, Any]] = []
            for record in records(archive):
                batch.append(record)
                if len(batch) == 2000:
                    store.write_articles(batch)
                    count += len(batch)
                    batch = []
            store.write_articles(batch)
            count += len(batch)
        store.connection.execute("pragma wal_checkpoint(truncate)")
    figures = {"articles": count, "build_seconds": time.perf_counter() - started}
    info.write_text(json.dumps(figures))
    shutil.copyfile(cached, path)
    return {**figures, "reused": False}


def search_latency(db: Path, repeat: int = 10) -> dict[str, Any]:
    """p50/p95 of `kavkaz search` (in-process: the query, not the interpreter's start), and whether results with
    the words in the headline come before those with them only in the text."""
    from crawler.cli import main as kavkaz
    from crawler.stemming import search_keys

    times, headline_first = [], True
    for _ in range(repeat):
        for query in QUERIES:
            out = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stdout(out):
                kavkaz(["search", query, "--db", str(db), "--limit", "20", "--json"])
            times.append(1000 * (time.perf_counter() - started))
            keys = set(search_keys(query))
            in_headline = [keys <= set(search_keys(hit["headline"] or "")) for hit in json.loads(out.getvalue())]
            headline_first &= in_headline == sorted(in_headline, reverse=True)
    times.sort()
    return {"p50_ms": times[len(times) // 2], "p95_ms": times[int(len(times) * 0.95)], "queries": len(QUERIES),
            "headline_first": headline_first}


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "crawler", *command], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def large_database(english: int, russian: int, work: Path) -> dict[str, Any]:
    """8. The database of english + russian articles: build, size, search, stats, Parquet."""
    db = work / "large.db"
    built = build_database(db, english, russian)
    with sqlite3.connect(db) as connection:
        stored = connection.execute("select count(*) from articles").fetchone()[0]
    size = db.stat().st_size
    parquet = work / "large.parquet"
    return {**built, "stored": stored, "bytes_per_article": size / stored, "size_mib": size / 2**20,
            "search": search_latency(db), "stats_seconds": timed(["stats", "--db", str(db)]),
            "parquet_seconds": timed(["export", "--format", "parquet", "--db", str(db), "--out", str(parquet)]),
            "db": str(db)}


def plan_memory(small: Path, large: Path) -> dict[str, Any]:
    """9. Peak RSS of an incremental Russian crawl's plan (every stored id known) on the small and the large
    database, against a demo server that answers its first listing page with known articles."""
    from benchmarks.common import LOCAL, measured
    from crawler.demo.server import DemoServer

    peaks = {}
    for name, db in (("small", small), ("large", large)):
        with sqlite3.connect(db) as connection:
            russian = connection.execute("select count(*) from articles where lang = 'ru'").fetchone()[0]
        english_archive = DemoArchive(7, 10)
        russian_archive = DemoArchive(7, max(russian, 1), lang="ru")
        with DemoServer(english_archive, russian=russian_archive) as server:
            _, rss, _ = measured(["-m", "crawler", "crawl", "--lang", "ru", "--base-url", server.url("ru"), "--db",
                                  str(db), "--mode", "incremental", "--refresh-budget", "0", "--max-pages", "20",
                                  *LOCAL])
        peaks[name] = {"russian_ids": russian, "peak_mib": rss / 1024}
    growth = peaks["large"]["peak_mib"] / peaks["small"]["peak_mib"] - 1
    return {**peaks, "growth": growth}


def reparse_figures(small: int, large: int, work: Path) -> dict[str, Any]:
    """10. `kavkaz reparse` over kept pages: pages per second, and peak RSS at two sizes; the raw pages' size on
    disk against the HTML they keep."""
    from benchmarks.common import measured

    out: dict[str, Any] = {}
    for name, count in (("small", small), ("large", large)):
        db = work / f"pages-{count}.db"
        html_bytes = _kept_pages_database(db, count)
        with sqlite3.connect(db) as connection:
            kept = sum(row[0] for row in connection.execute(
                "select sum(pgsize) from dbstat where name in (select name from sqlite_schema where tbl_name in "
                "('pages', 'page_contents', 'page_dictionaries'))"))  # the tables and their indexes
        seconds, rss, _ = measured(["-m", "crawler", "reparse", "--db", str(db), "--quiet"])
        out[name] = {"pages": count, "seconds": seconds, "pages_per_s": count / seconds, "peak_mib": rss / 1024,
                     "html_mib": html_bytes / 2**20, "kept_mib": kept / 2**20, "on_disk_ratio": html_bytes / kept}
    out["growth"] = out["large"]["peak_mib"] / out["small"]["peak_mib"] - 1
    return out


def _kept_pages_database(db: Path, count: int) -> int:
    """A database as a crawl of `count` English and Russian articles leaves it, raw pages kept (as the crawl keeps
    them: one `pages` row per fetch, bodies compressed once); returns the HTML bytes kept."""
    english = DemoArchive(11, count // 6, ru_articles=count - count // 6)
    russian = DemoArchive(11, count - count // 6, lang="ru")
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    html_bytes = 0
    with Store(db) as store:
        for archive, lang in ((english, "en"), (russian, "ru")):
            pages, articles = [], []
            for record in records(archive):
                html = archive.render(f"/articles/{record['article_id']}")[1].encode()
                html_bytes += len(html)
                pages.append({"url": record["url"], "final_url": record["url"], "page_kind": "article", "lang": lang,
                              "article_id": record["article_id"], "status": 200, "fetched_at": stamp, "body": html,
                              "headers": {"Content-Type": "text/html; charset=utf-8",
                                          "Content-Length": str(len(html))}})
                articles.append(record)
                if len(pages) == 500:
                    with store.transaction() as connection:
                        store.write_pages(pages, connection)
                        store.write_articles(articles, connection)
                    pages, articles = [], []
            with store.transaction() as connection:
                store.write_pages(pages, connection)
                store.write_articles(articles, connection)
    return html_bytes
