"""Keeping the pages: raw HTML stored once, reparse with a changed parser rule, WARC export and re-import."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys

import pytest

import crawler.parsers.article as article_parser
import crawler.store.pages
from crawler.cli import main
from crawler.demo.archive import DemoArchive
from crawler.demo.scoring import score_database
from crawler.demo.server import DemoServer
from crawler.store import SCHEMA_VERSION
from tests.crawling import articles_by_id, crawl, integrity_ok, rows

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """A crawled demo archive (with its raw pages) and its manifest."""
    root = tmp_path_factory.mktemp("archive")
    archive = DemoArchive(seed=41, articles=150)
    with DemoServer(archive, port=0) as server:
        db = root / "k.db"
        crawl(server.base_url, db, check=True)
        crawl(server.base_url, db, "--mode", "full", check=True)  # the same pages again
    manifest = root / "m.jsonl"
    archive.write_manifest(manifest)
    return db, manifest


def test_every_fetch_is_kept_and_identical_content_stored_once(crawled):
    db, manifest = crawled
    live = len(articles_by_id(db))
    (pages,) = rows(db, "select count(*) n, count(distinct content_id) d from pages where kind = 'article'")
    assert pages["n"] == 2 * live, "one row per fetch"
    assert pages["d"] == live, "the second crawl fetched identical bodies: stored once"
    (sizes,) = rows(db, "select sum(size) raw, sum(length(body)) stored from page_contents")
    assert sizes["stored"] < sizes["raw"] / 2


def test_no_raw_keeps_no_pages(tmp_path):
    archive = DemoArchive(seed=2, articles=20)
    with DemoServer(archive, port=0) as server:
        crawl(server.base_url, tmp_path / "k.db", "--no-raw", check=True)
    assert rows(tmp_path / "k.db", "select count(*) n from pages")[0]["n"] == 0


def test_reparse_with_a_changed_rule_changes_exactly_the_expected_records(crawled, tmp_path, monkeypatch, capsys):
    db = tmp_path / "k.db"
    db.write_bytes(crawled[0].read_bytes())
    before = articles_by_id(db)
    # A "better" parser: bylines now add a word to the source. (Not capitals: `CK CORRESPONDENT` is set back to the
    # site's own case by normalise_source, so such a rule would change only some of the records.)
    original = article_parser.parse_byline

    def amended(text):
        authors, source = original(text)
        return authors, f"{source} (amended)" if source else source

    monkeypatch.setattr(article_parser, "parse_byline", amended)
    assert main(["reparse", "--db", str(db)]) == 0
    report = capsys.readouterr().out
    after = articles_by_id(db)
    expected = {i for i, row in before.items() if row["source"]}
    changed = {i for i in after if after[i]["version"] == 2}
    assert changed == expected and expected
    assert f"{len(expected)} changed" in report and "source" in report
    for article_id in changed:
        assert after[article_id]["source"] == f"{before[article_id]['source']} (amended)"
        (old,) = rows(db, "select * from article_versions where article_id = ?", article_id)
        assert old["source"] == before[article_id]["source"] and old["version"] == 1
    unchanged = after.keys() - changed
    assert all(after[i] == before[i] for i in unchanged)
    assert integrity_ok(db)


def test_reparse_refuses_a_parse_that_loses_data(crawled, tmp_path, monkeypatch, capsys):
    db = tmp_path / "k.db"
    db.write_bytes(crawled[0].read_bytes())
    before = articles_by_id(db)
    monkeypatch.setattr(article_parser, "choose", lambda candidates: (None, []))  # a parser that loses headlines
    assert main(["reparse", "--db", str(db)]) == 0
    assert "refused" in capsys.readouterr().out
    after = articles_by_id(db)
    assert all(after[i]["headline"] == before[i]["headline"] for i in before)
    assert main(["reparse", "--db", str(db), "--force"]) == 0
    assert all(row["headline"] is None for row in articles_by_id(db).values())
    assert rows(db, "select count(*) n from article_versions where headline is not null")[0]["n"] == len(before)


def test_warc_export_is_read_by_warcio_and_reimports_the_same_articles(crawled, tmp_path):
    db, manifest = crawled
    warc = tmp_path / "out.warc.gz"
    assert main(["export", "--format", "warc", "--db", str(db), "--out", str(warc)]) == 0
    index = subprocess.run([sys.executable, "-c", "import sys; from warcio.cli import main; sys.exit(main())",
                            "index", str(warc)], capture_output=True, text=True, timeout=120)
    assert index.returncode == 0
    responses = [line for line in index.stdout.splitlines() if '"response"' in line]
    assert len(responses) == rows(db, "select count(*) n from pages")[0]["n"]
    fresh = tmp_path / "fresh.db"
    assert main(["import-warc", str(warc), "--db", str(fresh)]) == 0
    score = score_database(fresh, manifest)
    assert score.stored == score.live and not score.field_errors, score.describe()
    assert integrity_ok(fresh)


def test_a_truncated_warc_is_rejected_whole(crawled, tmp_path, capsys):
    db, _ = crawled
    warc = tmp_path / "out.warc.gz"
    main(["export", "--format", "warc", "--db", str(db), "--out", str(warc)])
    data = warc.read_bytes()
    assert data[:2] == b"\x1f\x8b", "a .warc.gz is gzipped"
    cut = tmp_path / "cut.warc.gz"
    fresh = tmp_path / "fresh.db"
    for share in (0.08, 0.14, 0.38, 0.5, 0.62, 0.92, 0.999):  # inside records, headers and gzip trailers
        at = int(len(data) * share)
        if data[at : at + 2] == b"\x1f\x8b":
            at += 1  # a cut between two gzip members leaves a valid, shorter WARC: cut inside the next one
        cut.write_bytes(data[:at])
        assert main(["import-warc", str(cut), "--db", str(fresh)]) == 2, share
        assert "truncated or not a valid WARC" in capsys.readouterr().err
        assert rows(fresh, "select count(*) n from articles")[0]["n"] == 0
        assert rows(fresh, "select count(*) n from pages")[0]["n"] == 0
    not_warc = tmp_path / "x.warc"
    not_warc.write_bytes(gzip.compress(b"hello"))
    assert main(["import-warc", str(not_warc), "--db", str(fresh)]) == 2


def _keep(store, lang: str, pages: dict[int, bytes], host: str) -> None:
    """Write `pages` and their parsed records a page per transaction, as a slow crawl would."""
    from crawler.parsers import parse_article

    for article_id, body in pages.items():
        url = f"https://{host}/articles/{article_id}"
        record = parse_article(url, body)
        record["fetched_at"] = "2026-01-01T00:00:00+00:00"
        with store.transaction() as connection:
            store.write_pages([{"url": url, "final_url": url, "page_kind": "article", "lang": lang,
                                "article_id": article_id, "status": 200, "headers": {"Content-Length": "1"},
                                "fetched_at": record["fetched_at"], "body": body}], connection)
            store.write_articles([record], connection)


def test_pages_are_zstd_with_a_dictionary_per_language_and_every_row_reads_back(tmp_path, monkeypatch, capsys):
    """zlib until 30 pages of a language are kept, then a dictionary of that language: the first rows are
    recompressed with it; a new dictionary when the language's pages have grown 4×; every body reads back."""
    import zlib

    from crawler.store import Store

    monkeypatch.setattr(crawler.store.pages, "DICTIONARY_AFTER", 30)
    monkeypatch.setattr(crawler.store.pages, "DICTIONARY_GROWTH", 4)
    english = DemoArchive(seed=4, articles=150)
    russian = DemoArchive(seed=4, articles=60, lang="ru")
    pages = {"en": {i: english.render(f"/articles/{i}")[1].encode() for i in english.live_ids},
             "ru": {i: russian.render(f"/articles/{i}")[1].encode() for i in russian.live_ids}}
    db = tmp_path / "z.db"
    with Store(db) as store:
        _keep(store, "en", pages["en"], "eng.kavkaz-uzel.eu")
        _keep(store, "ru", pages["ru"], "www.kavkaz-uzel.eu")
        connection = store.connection
        assert connection.execute("select lang, pages_kept from page_dictionaries order by id").fetchall() == [
            ("en", 30), ("en", 120), ("ru", 30)], "a dictionary per language, another as English grew 4×"
        assert connection.execute("select count(*) from page_contents where encoding not like 'zstd:%'"
                                  ).fetchone()[0] == 0, "the zlib rows were recompressed with the first dictionary"
        for content_id, lang, article_id in connection.execute(
                "select c.id, p.lang, p.article_id from page_contents c join pages p on p.content_id = c.id"):
            assert store.page_body(content_id) == pages[lang][article_id], "every row reads back"
        assert connection.execute("select count(*) from pages where headers like '%Content-Length%'"
                                  ).fetchone()[0] == 0, "the body's size is kept, not the header"
        kept = connection.execute("select sum(length(body)) from page_contents").fetchone()[0]
        with_zlib = sum(len(zlib.compress(body, 6)) for bodies in pages.values() for body in bodies.values())
        assert kept * 3 < with_zlib, f"{with_zlib / kept:.1f}x less than zlib"
    assert main(["reparse", "--db", str(db)]) == 0
    assert f"reparsed {len(pages['en']) + len(pages['ru'])} articles: 0 changed" in capsys.readouterr().out


def test_a_dictionary_is_trained_apart_and_a_failed_training_costs_only_space(tmp_path, monkeypatch):
    """Training runs in a child process (its memory never enters the crawl's); when it cannot train (too few
    samples, a broken child), pages go on being written, zlib-compressed, and read back."""
    import sys

    from crawler.store import Store
    from crawler.store.dictionary import train

    archive = DemoArchive(seed=9, articles=40)
    bodies = [archive.render(f"/articles/{i}")[1].encode() for i in archive.live_ids]
    dictionary, count = train(iter(bodies))
    assert count == len(bodies) and 1024 < len(dictionary) <= 112 * 1024
    assert train(iter([b"x"])) is None, "too few samples: no dictionary, no error"

    def failing_query():
        yield bodies[0]
        raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(sqlite3.OperationalError):  # the child is stopped, not left waiting for more samples
        train(failing_query())
    monkeypatch.setattr(sys, "executable", "/bin/true")  # a child that dies at once, as under the OOM killer
    assert train(iter(bodies * 20)) is None, "its broken pipe costs the dictionary, never an error"
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python-here"))  # the child cannot even start
    monkeypatch.setattr(crawler.store.pages, "DICTIONARY_AFTER", 5)
    with Store(tmp_path / "k.db") as store:
        _keep(store, "en", dict(zip(archive.live_ids, bodies, strict=True)), "eng.kavkaz-uzel.eu")
        assert store.connection.execute("select count(*) from page_dictionaries").fetchone()[0] == 0
        for content_id, article_id in store.connection.execute("select content_id, article_id from pages"):
            assert store.page_body(content_id) == bodies[archive.live_ids.index(article_id)]


def test_a_schema_7_database_keeps_every_page_readable_and_reparses_to_the_same_records(tmp_path, capsys):
    """Schema 8 re-keys the kept pages (a number instead of a hex sha256): bodies stored by the old layout, zlib
    and zstd with an old dictionary alike, read back byte for byte, a body fetched again is not stored twice, and
    a reparse changes nothing."""
    import hashlib
    import json
    import zlib

    import zstandard

    from crawler.parsers import parse_article
    from crawler.store import Store, content_key

    archive = DemoArchive(seed=6, articles=40)
    pages = {i: archive.render(f"/articles/{i}")[1].encode() for i in archive.live_ids}
    db = tmp_path / "old.db"
    with Store(db) as store:  # the articles as today; the pages below as schema 7 kept them
        store.write_articles([{**parse_article(f"https://eng.kavkaz-uzel.eu/articles/{i}", body),
                               "fetched_at": "2026-01-01T00:00:00+00:00"} for i, body in pages.items()])
    connection = sqlite3.connect(db)
    connection.executescript("""
        drop table pages; drop table page_contents; delete from page_dictionaries;
        create table page_contents (sha256 text primary key, encoding text, size integer, body blob);
        create table pages (id integer primary key, url text, final_url text, kind text, lang text,
            article_id integer, status integer, headers text, fetched_at text,
            sha256 text references page_contents(sha256));
        create index idx_pages_lang_article_id_fetched_at on pages (lang, article_id, fetched_at);
        create index idx_pages_fetched_at on pages (fetched_at);
        pragma user_version = 7;""")
    dictionary = zstandard.train_dictionary(16 * 1024, list(pages.values()))
    connection.execute("insert into page_dictionaries (id, dictionary, trained_at, samples) values (1, ?, '', 40)",
                       (dictionary.as_bytes(),))
    zstd = zstandard.ZstdCompressor(dict_data=dictionary)
    for n, (article_id, body) in enumerate(pages.items()):
        digest = hashlib.sha256(body).hexdigest()
        encoding, stored = ("zlib", zlib.compress(body)) if n % 2 else ("zstd:1", zstd.compress(body))
        connection.execute("insert into page_contents values (?, ?, ?, ?)", (digest, encoding, len(body), stored))
        url = f"https://eng.kavkaz-uzel.eu/articles/{article_id}"
        connection.execute("insert into pages (url, final_url, kind, lang, article_id, status, headers, fetched_at, "
                           "sha256) values (?, ?, 'article', 'en', ?, 200, ?, '2026-01-01T00:00:00+00:00', ?)",
                           (url, url, article_id, json.dumps({"Content-Type": "text/html"}), digest))
    connection.commit()
    connection.close()

    with Store(db) as store:
        connection = store.connection
        assert connection.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert connection.execute("select count(*) from pages where content_id is null").fetchone()[0] == 0
        for content_id, key, article_id in connection.execute(
                "select c.id, c.hash, p.article_id from page_contents c join pages p on p.content_id = c.id"):
            assert store.page_body(content_id) == pages[article_id] and key == content_key(pages[article_id])
        first = next(iter(pages))
        _keep(store, "en", {first: pages[first]}, "eng.kavkaz-uzel.eu")  # fetched again, unchanged
        assert connection.execute("select count(*), count(distinct content_id) from pages").fetchone() == (
            len(pages) + 1, len(pages)), "the same body is found under its new key, not stored twice"
    assert main(["reparse", "--db", str(db)]) == 0
    assert f"reparsed {len(pages)} articles: 0 changed" in capsys.readouterr().out


@pytest.mark.long
@pytest.mark.parametrize("workers", ["1", "2"])  # in this process, and parsing processes a batch ahead
def test_a_killed_reparse_resumes_where_it_stopped(tmp_path, workers):
    """kill -9 after the first batch: the next reparse says it resumes, applies every change exactly once."""
    import signal

    english = DemoArchive(seed=8, articles=300, ru_articles=1500)
    russian = DemoArchive(seed=8, articles=1500, lang="ru")
    db = tmp_path / "k.db"
    with DemoServer(english, russian=russian) as server:
        crawl(server.url("en"), db, "--lang", "all", "--ru-base-url", server.url("ru"), check=True)
    connection = sqlite3.connect(db)
    # as an older parser would have left them: every record differs from what its page says
    connection.execute("update articles set source = 'stale', content_hash = 'older'")
    connection.commit()
    connection.close()
    command = [sys.executable, "-m", "crawler", "reparse", "--db", str(db), "--workers", workers]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = process.stderr.readline()
    assert first.startswith("reparse: 500/"), first
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert integrity_ok(db)
    done = rows(db, "select count(*) n from articles where source is not 'stale'")[0]["n"]
    assert 400 <= done < rows(db, "select count(*) n from articles")[0]["n"], "killed after the first batch"
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "resumed an interrupted reparse" in result.stdout
    assert rows(db, "select count(*) n from articles where source = 'stale'")[0]["n"] == 0
    assert {r["version"] for r in rows(db, "select version from articles")} == {2}, "each change applied once"
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert "resumed" not in again.stdout and " 0 changed" in again.stdout
    assert integrity_ok(db)


def test_a_crawl_learns_the_site_s_layouts_and_reparse_reads_with_them(crawled, tmp_path, capsys):
    """A finished run learns the layouts from the kept pages (layout_profiles); the next run's parsers get them
    through the plan, and reparse reads every page with them: the records stay the same, their evidence grows."""
    import shutil

    from crawler.planner import stored_layouts

    db, _ = crawled
    learned = rows(db, "select lang, pages from layout_profiles")
    assert learned and learned[0]["lang"] == "en" and learned[0]["pages"] >= 4, learned
    assert stored_layouts(str(db), "en"), "what the next crawl's plan hands its parsers"
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    assert main(["reparse", "--db", str(copy)]) == 0
    assert "0 changed" in capsys.readouterr().out, "the learned layout changes no right record"
    evidence = [json.loads(row["evidence"]) for row in rows(copy, "select evidence from articles")]
    with_layout = [e for e in evidence if "layout" in e]
    assert len(with_layout) >= 0.9 * len(evidence), f"{len(with_layout)} of {len(evidence)} read with a layout"
    assert all(e["headline"]["status"] == "confirmed" for e in evidence)
