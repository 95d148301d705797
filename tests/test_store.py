"""The store on real SQLite files: whole-row writes, versions, FTS in sync, clear errors, nothing damaged."""

from __future__ import annotations

import os
import sqlite3

import pytest

from crawler.store import Store, StoreError

RECORD = {"kind": "article", "url": "https://eng.kavkaz-uzel.eu/articles/7", "article_id": 7, "lang": "en",
          "headline": "Court leaves activist in custody", "lead": "A court in Nalchik extended the arrest.",
          "body": "A court in Nalchik extended the arrest.\n\nThe defence will appeal.",
          "published_at": "2020-05-01T08:36:00+03:00", "published_at_raw": "01 May 2020, 08:36",
          "authors": ["Emma Marzoeva"], "source": "CK correspondent",
          "image_url": "https://eng.kavkaz-uzel.eu/i.jpg", "image_caption": "A court. Photo by X",
          "labels": [{"entity": "Memorial", "marker": "*", "type": "foreign_agent", "text": "register"}],
          "sidebar": [], "warnings": [], "parser_version": "en-classic/1", "fetched_at": "2026-01-01T00:00:00+00:00"}


def row(db, article_id=7):
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    try:
        return dict(connection.execute("select * from articles where article_id = ?", (article_id,)).fetchone())
    finally:
        connection.close()


def test_new_unchanged_updated_and_no_column_lost(tmp_path):
    db = tmp_path / "k.db"
    with Store(db) as store:
        assert store.write_articles([RECORD]) == ["new"]
        first = row(db)
        assert store.write_articles([{**RECORD, "fetched_at": "2026-01-02T00:00:00+00:00"}]) == ["unchanged"]
        second = row(db)
        assert {k for k in first if first[k] != second[k]} == {"last_fetched_at"}
        changed = {**RECORD, "headline": "Court releases activist", "fetched_at": "2026-01-03T00:00:00+00:00"}
        assert store.write_articles([changed]) == ["updated"]
    third = row(db)
    assert third["version"] == 2 and third["headline"] == "Court releases activist"
    for column in ("image_url", "image_caption", "source", "authors", "labels", "first_seen_at", "published_at"):
        assert third[column] == first[column], f"{column} must survive an update"
    connection = sqlite3.connect(db)
    assert connection.execute("select headline, version from article_versions").fetchall() == [
        ("Court leaves activist in custody", 1)]
    assert connection.execute("select count(*) from labels").fetchone()[0] == 1
    assert connection.execute("select name from authors").fetchall() == [("Emma Marzoeva",)]


def test_full_text_search_stays_in_sync_in_english_and_russian(tmp_path):
    db = tmp_path / "k.db"
    russian = {**RECORD, "lang": "ru", "url": "https://www.kavkaz-uzel.eu/articles/9", "article_id": 9,
               "headline": "Суд оставил активиста под арестом", "body": "Суд в Нальчике продлил арест активиста."}
    with Store(db) as store:
        store.write_articles([RECORD, russian])
        store.write_articles([{**RECORD, "headline": "Court releases activist"}])

    def search(term):
        return sqlite3.connect(db).execute(
            "select a.article_id from articles_fts f join articles a on a.rowid = f.rowid where articles_fts match ?",
            (term,)).fetchall()

    assert search("Нальчике") == [(9,)]
    assert search("releases") == [(7,)]
    assert search("leaves") == [], "the old headline is gone from the index"


def test_a_garbage_file_gives_a_clear_error_and_stays_intact(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not sqlite" * 50)
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store(garbage)
    assert garbage.read_bytes() == b"not sqlite" * 50


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file modes: a read-only file is still writable")
def test_a_read_only_database_gives_a_clear_error(tmp_path):
    db = tmp_path / "k.db"
    with Store(db) as store:
        store.write_articles([RECORD])
    os.chmod(db, 0o444)
    try:
        with pytest.raises(StoreError, match="read-only"):
            Store(db)
    finally:
        os.chmod(db, 0o644)


def test_a_full_disk_rolls_the_batch_back(tmp_path):
    db = tmp_path / "k.db"
    with Store(db) as store:
        store.write_articles([RECORD])
    before = row(db)
    big = [{**RECORD, "article_id": i, "url": f"https://eng.kavkaz-uzel.eu/articles/{i}", "body": "x" * 50_000}
           for i in range(100, 160)]
    with Store(db, max_pages="current") as store, pytest.raises(StoreError, match="disk is full"):
        store.write_articles(big)
    connection = sqlite3.connect(db)
    assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert connection.execute("select count(*) from articles").fetchone()[0] == 1
    assert row(db) == before


def test_a_schema_4_database_is_rehashed_so_another_form_is_unchanged(tmp_path, monkeypatch):
    """Schema 5 no longer hashes the date line as shown: an older database gets its hashes computed again, so the
    same article fetched in another form (another date line) is "unchanged", not a new version of everything.
    The migration reads the articles a chunk at a time (here 2, so that 5 articles cross chunk boundaries)."""
    import hashlib
    import json

    import crawler.store.schema
    from crawler.record import CONTENT_FIELDS

    monkeypatch.setattr(crawler.store.schema, "MIGRATION_CHUNK", 2)
    others = [{**RECORD, "article_id": n, "url": f"https://eng.kavkaz-uzel.eu/articles/{n}"} for n in (1, 2, 3, 4)]
    db = tmp_path / "k.db"
    with Store(db) as store:
        store.write_articles([*others, RECORD])
    old_fields = sorted({*CONTENT_FIELDS, "published_at_raw"})
    old_hash = hashlib.sha256(json.dumps({name: RECORD.get(name) for name in old_fields}, sort_keys=True,
                                         ensure_ascii=False).encode()).hexdigest()
    connection = sqlite3.connect(db)
    connection.execute("update articles set content_hash = ?", (old_hash,))  # as schema 4 wrote it
    connection.execute("pragma user_version = 4")
    connection.commit()
    connection.close()
    other_form = {**RECORD, "published_at_raw": "08:36, 1 May 2020", "fetched_at": "2026-01-02T00:00:00+00:00"}
    with Store(db) as store:
        assert store.write_articles([other_form, *others]) == ["unchanged"] * 5, "every chunk was rehashed"
    assert row(db)["version"] == 1 and row(db)["published_at_raw"] == "01 May 2020, 08:36"


def _schema(db) -> dict[tuple[str, str], set]:
    """Every table, index, view and trigger with its columns (as a set: a column added later stands last)."""
    connection = sqlite3.connect(db)
    try:
        objects = connection.execute("select type, name from sqlite_master where name not like 'sqlite_%'").fetchall()
        return {(kind, name): {tuple(column[1:3]) for column in connection.execute(f"pragma table_xinfo('{name}')")}
                for kind, name in objects}
    finally:
        connection.close()


@pytest.mark.parametrize("version", range(1, 10))
def test_every_older_schema_upgrades_to_the_schema_of_a_new_database(tmp_path, version):
    """Each numbered step (crawler/store/schema.py STEPS) runs from every older version: a database made to look as
    version N left it (what the steps after N add taken away, its hashes as an older schema computed them) ends up
    with exactly the tables, columns and indexes of a new database, and the same records."""
    from crawler.parsers.casualties import read_casualties
    from crawler.store.schema import SCHEMA_VERSION

    fresh, old = tmp_path / "fresh.db", tmp_path / "old.db"
    translated = {**RECORD, "original_url": "https://www.kavkaz-uzel.eu/articles/420230", "original_article_id": 420230}
    report = {**RECORD, "article_id": 8, "url": "https://eng.kavkaz-uzel.eu/articles/8", "body": (
        "In July 2014, at least 41 people fell victim to the armed conflict in the North Caucasus: 25 of them were "
        "killed and 16 were wounded."), "published_at": "2014-08-04T10:00:00+04:00"}
    report["casualties"] = read_casualties(None, report["body"], report["published_at"])
    with Store(fresh) as store:
        store.write_articles([translated, report])
    with Store(old) as store:
        store.write_articles([translated, report])
    before = row(old)
    connection = sqlite3.connect(old)
    if version < 3:  # no original_article_id yet (nor the views that read it), no stemmed search index
        for (view,) in connection.execute("select name from sqlite_master where type = 'view'").fetchall():
            connection.execute(f"drop view {view}")
        connection.execute("alter table articles drop column original_article_id")
        connection.execute("drop table articles_search")
    if version < 5:
        connection.execute("update articles set content_hash = 'as schema 4 hashed it'")
    if version < 8:  # one dictionary for every language
        connection.execute("alter table page_dictionaries drop column pages_kept")
        connection.execute("alter table page_dictionaries drop column lang")
    if version < 9:  # no evidence, no learned layouts
        connection.execute("alter table articles drop column evidence")
        connection.execute("drop table layout_profiles")
    if version < 10:  # no casualty figures: step 10 reads them from the stored reports
        connection.execute("alter table articles drop column casualties")
        connection.execute("drop table casualties")
    connection.execute(f"pragma user_version = {version}")
    connection.commit()
    connection.close()
    with Store(old) as store:
        assert store.connection.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.connection.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert _schema(old) == _schema(fresh)
    connection = sqlite3.connect(old)
    figures = connection.execute("select region, killed, wounded from casualties where article_id = 8").fetchall()
    connection.close()
    assert figures == [("North Caucasus", 25, 16)], "the stored report's figures, read again"
    after = row(old)
    if version < 9:  # no parser of that time gave evidence: the new column is empty until a reparse
        assert after.pop("evidence") is None and before.pop("evidence") == "{}"
    assert after == before, {name: (before[name], after[name]) for name in before if before[name] != after[name]}


def test_merge_keeps_the_newest_fetch_whatever_the_order(tmp_path):
    """An old worker's database merged again after a daily crawl never reverts an edited article or moves its
    fetch time backwards; a newer fetch in the source does update the target."""
    from crawler.merge import merge

    old = {**RECORD, "fetched_at": "2026-01-01T00:00:00+00:00"}
    edited = {**RECORD, "headline": "An edited headline", "fetched_at": "2026-02-01T00:00:00+00:00"}
    worker, target = tmp_path / "worker.db", tmp_path / "target.db"
    with Store(worker) as store:
        store.write_articles([old])
    with Store(target) as store:
        store.write_articles([old])
        store.write_articles([edited])
    counts = merge([worker], target)
    assert counts["articles older than the target's"] == 1
    assert (row(target)["headline"], row(target)["last_fetched_at"], row(target)["version"]) == (
        "An edited headline", "2026-02-01T00:00:00+00:00", 2)
    newest = {**RECORD, "headline": "Edited again", "fetched_at": "2026-03-01T00:00:00+00:00"}
    with Store(worker) as store:
        store.write_articles([newest])
    merge([worker], target)
    assert (row(target)["headline"], row(target)["version"]) == ("Edited again", 3)
