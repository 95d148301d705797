"""`kavkaz demo`: serve the local demo archive (English and Russian), crawl both completely, print a summary and
example queries."""

from __future__ import annotations

import argparse
from contextlib import closing
from pathlib import Path

import settings as defaults

HELP = "serve the local demo archive (English + Russian) on 127.0.0.1, crawl it into data/demo.db, print a summary"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--articles", type=int, default=300,
                        help="English article ids in the demo archive (default 300; the Russian archive has 5x)")
    parser.add_argument("--lang", choices=("en", "ru", "all"), default="all", help="the languages to crawl (default all)")
    parser.add_argument("--seed", type=int, default=7, help="the archive's random seed (default 7)")
    parser.add_argument("--db", type=Path, default=Path(defaults.KAVKAZ_DEMO_DB),
                        help=f"the database (default {defaults.KAVKAZ_DEMO_DB})")
    parser.add_argument("--port", type=int, default=0, help="port of the demo server (default: a free one)")
    parser.add_argument("--fresh", action="store_true", help="delete the database first")


def run(args: argparse.Namespace) -> int:
    from crawler.demo.archive import DemoArchive
    from crawler.demo.manifest import live_articles
    from crawler.demo.server import DemoServer
    from crawler.errors import UsageError
    from crawler.lock import DatabaseLock
    from crawler.runner import CrawlOptions, run_crawl, summary

    if not 1 <= args.articles <= 200_000:
        raise UsageError("--articles must be between 1 and 200000")
    try:
        args.db.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--db {args.db}: {exc.strerror}") from None
    from crawler.cli import ensure_writable

    ensure_writable(args.db, "--db")
    manifest = args.db.with_name(args.db.stem + ".manifest.jsonl")
    archive = DemoArchive(seed=args.seed, articles=args.articles)
    russian = DemoArchive(seed=args.seed, articles=archive.ru_articles, lang="ru")
    archive.write_manifest(manifest, russian)
    languages = ("en", "ru") if args.lang == "all" else (args.lang,)
    expected = {lang: len(live_articles(manifest, lang)) for lang in languages}
    if args.fresh:
        with DatabaseLock(args.db):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    with DemoServer(archive, port=args.port, russian=russian) as server:
        print(f"demo archive: English {archive.max_id} ids at {server.url('en')}, Russian {russian.max_id} ids and "
              f"{len(russian.blog_posts())} blog posts at {server.url('ru')} (also as mirror {server.url('ru-mirror')}, "
              f"mobile {server.url('ru-m')}, AMP {server.url('ru-amp')})")
        print(f"manifest (ground truth): {manifest}")
        options = CrawlOptions(
            db=args.db,
            base_url=server.url("ru" if args.lang == "ru" else "en"),
            lang=args.lang,
            ru_base_url=server.url("ru") if args.lang == "all" else None,
            mode="full",
            delay=0.0,
            concurrency=16,
            settings={"KAVKAZ_BACKOFF_BASE": 0.2, "KAVKAZ_BACKOFF_MAX": 2.0},
        )
        outcome = run_crawl(options)
    print(summary(outcome, args.db))
    complete = _compare_with_manifest(args.db, expected)
    print(TRY.format(db=args.db))
    if outcome.exit_code == 0 and not complete:
        return 1
    return outcome.exit_code


TRY = """
Try:
  kavkaz stats --db {db}
  kavkaz search '"human rights" court' --db {db} --limit 5
  kavkaz search 'суд' --db {db} --limit 5          # finds суда, суду, судом
  sqlite3 {db} "select en_id, ru_id, delay_hours from translation_pairs limit 5"
  kavkaz serve --db {db}        # browse it in Datasette at http://127.0.0.1:8001/
  sqlite3 {db} "select published_at, headline from articles order by published_at desc limit 5"
"""


def _compare_with_manifest(db: Path, expected: dict[str, int]) -> bool:
    """Print, per language, the live articles of the manifest against what the database holds; all there?"""
    from crawler.db import open_readonly

    complete = True
    with closing(open_readonly(db)) as connection:
        for lang, count in expected.items():
            stored = connection.execute("select count(*) from articles where lang = ?", (lang,)).fetchone()[0]
            verdict = "all of them" if stored == count else f"MISSING {count - stored}"
            complete &= stored == count
            print(f"  manifest ({lang})   {count} live articles; database holds {stored} ({verdict})")
    return complete
