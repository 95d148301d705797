"""Search that works for Russian (stems, look-alike letters, the headline first) and the EN → RU bridge."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from crawler.analysis.stats import translation_figures
from crawler.parsers import parse_article
from crawler.stemming import search_text, word_key
from crawler.store import Store
from tests.crawling import rows

KAVKAZ = [sys.executable, "-m", "crawler"]


def ru_record(article_id: int, headline: str, body: str, published: str = "2026-01-25T10:00:00+03:00") -> dict:
    return {"kind": "article", "lang": "ru", "article_id": article_id,
            "url": f"https://www.kavkaz-uzel.eu/articles/{article_id}", "headline": headline, "lead": body,
            "body": body, "published_at": published, "fetched_at": "2026-02-01T00:00:00+00:00"}


def search(db, query: str) -> list[dict]:
    result = subprocess.run([*KAVKAZ, "search", query, "--db", str(db), "--json"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_stems_fold_inflections_and_look_alikes():
    assert {word_key(w) for w in ("суд", "суда", "суду", "судом", "Суде")} == {"суд"}
    assert word_key("courts") == word_key("court")
    assert word_key("СK") == word_key("CK"), "a Cyrillic С in a Latin word"
    assert word_key("Mосква") == word_key("Москва"), "a Latin M in a Cyrillic word"
    assert search_text("Море и моря") == "мор и мор", "pure Cyrillic words are not folded to Latin"


def test_a_russian_query_finds_every_inflected_form_headline_first(tmp_path):
    db = tmp_path / "k.db"
    with Store(db) as store:
        store.write_articles([
            ru_record(1, "Активисты пожаловались на решение суда", "Жалобу подали в прокуратуру."),
            ru_record(2, "Жители поселка пришли к суду", "Пикет прошел мирно."),
            ru_record(3, "В Махачкале прошел пикет", "Участники пикета обратились с иском к судом назначенному "
                                                     "управляющему."),
            ru_record(4, "Власти отремонтировали дорогу", "Ремонт занял месяц."),
        ])
    found = search(db, "суд")
    assert {r["article_id"] for r in found} == {1, 2, 3}
    assert found[-1]["article_id"] == 3, "a match in the body ranks below matches in headlines"
    assert "[судом]" in found[-1]["snippet"]
    assert [r["article_id"] for r in search(db, '"решение суда"')] == [1]
    assert [r["article_id"] for r in search(db, "CK пикет")] == [] and search(db, "пикеты")


def test_an_older_database_gets_the_stemmed_index_and_the_bridge_column(tmp_path):
    db = tmp_path / "k.db"
    with Store(db) as store:
        store.write_articles([ru_record(5, "Суды и стражи", "Текст.")])
    connection = sqlite3.connect(db)
    connection.execute("drop table articles_search")
    connection.execute("drop view translation_pairs")  # an older database has neither
    connection.execute("alter table articles drop column original_article_id")
    connection.execute("pragma user_version = 2")
    connection.commit()
    connection.close()
    Store(db).close()  # opening migrates
    assert rows(db, "select headline from articles_search") == [{"headline": "суд и страж"}]
    assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]


def test_english_items_pair_with_their_russian_originals(tmp_path):
    db = tmp_path / "k.db"
    html = ("<html><body><p>15:55, 25 January 2026</p><h1>Drone debris fell in Kuban</h1><p>Text.</p><p>Translated "
            "automatically via Google translate from https://www.kavkaz-uzel.eu/articles/420230</p></body></html>")
    english = parse_article("https://eng.kavkaz-uzel.eu/articles/72000", html)
    english["fetched_at"] = "2026-01-26T00:00:00+00:00"
    assert english["original_article_id"] == 420230
    lonely = parse_article("https://eng.kavkaz-uzel.eu/articles/72001", html.replace("420230", "420999"))
    lonely["fetched_at"] = "2026-01-26T00:00:00+00:00"
    with Store(db) as store:
        store.write_articles([english, lonely, ru_record(420230, "Обломки дрона упали на Кубани", "Текст.")])
        figures = translation_figures(store.connection)
    pairs = rows(db, "select en_id, ru_id, ru_stored, delay_hours from translation_pairs order by en_id")
    assert pairs == [{"en_id": 72000, "ru_id": 420230, "ru_stored": 1, "delay_hours": 5.92},
                     {"en_id": 72001, "ru_id": 420999, "ru_stored": 0, "delay_hours": None}]
    assert figures == [{"year": "2026", "english": 2, "with_original": 2, "original_stored": 1,
                        "share_with_stored_original": 0.5, "median_delay_hours": 5.9}]
