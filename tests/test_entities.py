"""People and organisations as entities across both languages (crawler/analysis/entities.py, `kavkaz entities`):
one entity for a name written in both scripts or in another case, its labels over time, its articles in both
languages; a join that is only a guess says so."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crawler.store import Store
from tests.crawling import rows


def _article(lang: str, article_id: int, published_at: str, authors: list[str], labels: list[tuple[str, str]],
             original: int | None = None) -> dict:
    host = "https://eng.kavkaz-uzel.eu" if lang == "en" else "https://www.kavkaz-uzel.eu"
    return {"kind": "article", "url": f"{host}/articles/{article_id}", "article_id": article_id, "lang": lang,
            "headline": f"Headline {lang} {article_id}", "lead": "A lead of the article.",
            "body": "A lead of the article.\n\nThe second paragraph of the article.", "published_at": published_at,
            "authors": authors, "original_article_id": original,
            "labels": [{"entity": entity, "marker": "*", "type": kind, "text": None} for entity, kind in labels]}


def _entities(db, *args: str) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "crawler", "entities", "--db", str(db), "--json", *args],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout[result.stdout.index("["):])


def test_one_entity_across_scripts_cases_and_languages(tmp_path):
    db = tmp_path / "k.db"
    with Store(db) as store:
        store.write_articles([
            _article("ru", 300001, "2019-03-01T10:00:00+03:00", ["Тигран Петросян"], [("Медузы", "foreign_agent")]),
            _article("en", 50001, "2019-03-02T11:00:00+03:00", ["Tigran Petrosyan"], [("Meduza", "foreign_agent")],
                     original=300001),
            _article("ru", 300002, "2021-05-01T10:00:00+03:00", ["Emma Marzoeva"], [("Медуза", "foreign_agent"),
                                                                                    ("Хизб ут-Тахрир", "terrorist")]),
            _article("en", 50002, "2022-06-01T10:00:00+03:00", [], [("Hizb ut-Tahrir", "terrorist")]),
        ])
    assert rows(db, "select count(*) n from entities")[0]["n"] == 0, "derived tables start empty"
    [author] = _entities(db, "Петросян", "--rebuild")
    assert set(author["spellings"]) == {"Тигран Петросян", "Tigran Petrosyan"}
    assert author["by_language"] == {"en": 1, "ru": 1} and author["link"] == "transliteration"
    [meduza] = _entities(db, "Meduza")
    assert set(meduza["spellings"]) == {"Медузы", "Meduza", "Медуза"}, "the genitive of a label is the same entity"
    assert meduza["name"] in ("Meduza", "Медуза"), "shown in the nominative"
    [label] = meduza["labels"]
    assert (label["type"], label["articles"]) == ("foreign_agent", 3)
    assert label["first_published_at"].startswith("2019-03-01") and label["last_published_at"].startswith("2021-05-01")
    [hizb] = _entities(db, "Хизб")
    assert set(hizb["spellings"]) == {"Хизб ут-Тахрир", "Hizb ut-Tahrir"}
    assert "guess" in hizb["link"], "a join only a loose transliteration supports says it is a guess"
    assert _entities(db, "--role", "author") and all("author" in e["roles"] for e in _entities(db, "--role", "author"))


def test_entities_before_they_are_built_say_how_to_build_them(tmp_path):
    db = tmp_path / "k.db"
    with Store(db) as store:
        store.write_articles([_article("en", 50001, "2019-03-02T11:00:00+03:00", ["Tigran Petrosyan"], [])])
    result = subprocess.run([sys.executable, "-m", "crawler", "entities", "--db", str(db)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and "--rebuild" in result.stdout


@pytest.mark.long  # over 13 s: make test-long (CI runs it)
def test_names_in_russian_texts_join_the_entities_per_article_version(tmp_path):
    """`kavkaz entities --ner` (natasha, installed with the dev extras): the people and organisations a Russian
    text names, in their normal form, as entities of role `named` beside the authors of the English articles; read
    once per article version, resumable, and read again when the text changes."""
    db = tmp_path / "k.db"
    ru = _article("ru", 300010, "2020-02-01T10:00:00+03:00", [], [])
    ru["body"] = ("Правозащитник Светлана Ганнушкина заявила, что Верховный суд Дагестана отклонил жалобу. "
                  "Адвокат Тиграна Петросяна обжаловал решение.")
    en = _article("en", 50010, "2020-02-02T10:00:00+03:00", ["Tigran Petrosyan"], [], original=300010)
    with Store(db) as store:
        store.write_articles([ru, en])
    first = subprocess.run([sys.executable, "-m", "crawler", "entities", "--db", str(db), "--ner"],
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "1 Russian articles read for names" in first.stdout
    named = {r["normal"]: r["type"] for r in rows(db, "select normal, type from named_mentions")}
    assert named.get("Светлана Ганнушкина") == "person", named
    assert named.get("Тигран Петросян") == "person", "the genitive in the text, the nominative stored"
    [petrosyan] = _entities(db, "Petrosyan")
    assert set(petrosyan["roles"]) == {"author", "named"} and petrosyan["by_language"] == {"en": 1, "ru": 1}, \
        "the English author and the man the Russian text names are one entity"
    [gannushkina] = _entities(db, "Ганнушкина", "--role", "named")
    assert gannushkina["articles"] == 1
    again = subprocess.run([sys.executable, "-m", "crawler", "entities", "--db", str(db), "--ner"],
                           capture_output=True, text=True, timeout=120)
    assert "0 Russian articles read" in again.stdout, "a version already read is not read again"
    ru["body"] = "Суд в Махачкале отложил заседание, сообщил Абдулла Магомедов."
    with Store(db) as store:
        store.write_articles([ru])
    subprocess.run([sys.executable, "-m", "crawler", "entities", "--db", str(db), "--ner"], check=True,
                   capture_output=True, timeout=120)
    assert not _entities(db, "Ганнушкина"), "a name only the old version gave no longer counts"
    assert _entities(db, "Магомедов", "--role", "named")
    assert rows(db, "select count(*) n from ner_done")[0]["n"] == 2, "each version read once, both kept"


def test_reading_names_without_natasha_says_how_to_install_it(tmp_path):
    db = tmp_path / "k.db"
    with Store(db) as store:
        store.write_articles([_article("ru", 300011, "2020-02-01T10:00:00+03:00", [], [])])
    code = ("import builtins, sys; real = builtins.__import__\n"
            "def fake(name, *a, **k):\n"
            "    if name.startswith('natasha'): raise ImportError(name)\n"
            "    return real(name, *a, **k)\n"
            "builtins.__import__ = fake\n"
            "from crawler.__main__ import main; sys.exit(main())")
    result = subprocess.run([sys.executable, "-c", code, "entities", "--db", str(db), "--ner"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "pip install 'kavkaz[ner]'" in result.stderr, (result.returncode, result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1, "one line, no traceback"
