"""People and organisations as entities, across both languages (`kavkaz entities`, `kavkaz serve`).

Built from what the records state — the authors of every article and the entities its legal labels name, and, when
`kavkaz entities --ner` has read them (crawler/analysis/ner.py), the people and organisations named in the Russian
texts, by their normal form (role `named`) — into
three tables, rebuilt whole (they are derived data; `build_entities`, run at the end of every finished crawl and by
`kavkaz entities --rebuild`):

- `entities`: one row per person or organisation: the name shown (the spelling seen most), every spelling seen
  (Latin and Cyrillic), its roles (author, labelled), the languages and number of its articles, its first and last
  article, and how its spellings were joined (`link`);
- `entity_articles`: the articles that name it, in both languages, with the spelling and the role;
- `entity_labels`: the legal labels attached to it over time, with the first and last article stating each.

Spellings are joined by a key that does not depend on the script: Cyrillic transliterated as the site writes names
in English (`Кукуджанова` → `kukudzhanova`), Russian case forms of labelled names brought to the nominative
(`"Медузы"` → `медуза`, `Мемориала` → `мемориал`; pymorphy3, when installed). Entities whose names differ between
the languages (`Islamic State` / `Исламское государство`) are joined through the EN↔RU article pairs: an English
article and its Russian original that each label one entity of the same type. `link` says how a spelling was
joined: `spelling` (the same letters), `transliteration`, `loose transliteration (a guess)` (`Hizb` / `Хизб`, only
one entity of each script sharing the loose key) or `article pair (a guess)` (it rests on the pairing).
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from crawler.store.schema import ENTITY_TABLES as TABLES

if TYPE_CHECKING:
    from crawler.store import Store

TRANSLIT = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
            "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
            "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
            "э": "e", "ю": "yu", "я": "ya"}
CYRILLIC = re.compile("[а-яё]", re.I)
WORD = re.compile(r"\w+")

@lru_cache(maxsize=1)
def _morph() -> Any:
    try:
        import pymorphy3
    except ImportError:  # without it, Russian case forms stay apart (documented: kavkaz[analysis] brings it)
        return None
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def _nominative(word: str) -> str:
    """A Russian word in the nominative singular when the text gave another case (`медузы` → `медуза`); a word that
    can already be a nominative singular (`ганнушкина`, a surname) is kept as written."""
    morph = _morph()
    if morph is None or not morph.word_is_known(word):
        return word  # a name the dictionary does not know (Хизб): its case cannot be told, so it is kept
    parses = morph.parse(word)
    if any(p.tag.case == "nomn" and p.tag.number in ("sing", None) for p in parses):
        return word
    return parses[0].normal_form if parses else word


def _unaccented(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))


def transliterate(text: str) -> str:
    return "".join(TRANSLIT.get(ch, ch) for ch in text)


def entity_key(name: str, labelled: bool = False) -> str:
    """The script-independent key of a name (see the module docstring)."""
    folded = "".join(ch if CYRILLIC.match(ch) else _unaccented(ch) for ch in name.casefold())
    words = WORD.findall(folded.replace("_", " "))
    if labelled:
        words = [_nominative(w) if CYRILLIC.search(w) else w for w in words]
    return " ".join(transliterate(w) for w in words)


# The names natasha read in the current version of each article (older versions' names no longer count).
CURRENT_NAMES = ("named_mentions nm join articles a on a.lang = nm.lang and a.article_id = nm.article_id and "
                 "a.content_hash = nm.content_hash")


def build_entities(store: Store) -> int:
    """(Re)build the entity tables from the stored authors and labels, in one transaction; the number of entities.
    Python sees each distinct spelling once (a few thousand); the articles are joined to them in SQL, so the memory
    does not grow with the archive."""
    connection = store.connection
    spellings = [{"spelling": name, "role": role, "key": entity_key(name, labelled=role != "author")}
                 for name, role in connection.execute(
                     "select distinct au.name, 'author' from authors au join article_authors aa on aa.author_id = au.id "
                     "union select distinct entity, 'labelled' from labels where entity is not null "
                     f"union select distinct nm.normal, 'named' from {CURRENT_NAMES}")
                 if name and entity_key(name)]
    groups: dict[str, list[dict]] = defaultdict(list)
    for spelling in spellings:
        groups[spelling["key"]].append(spelling)
    merged = _join_by_article_pairs(connection, _join_loose_spellings(groups))
    with store.transaction() as connection:
        for table, columns in TABLES.items():
            connection.execute(f"drop table if exists {table}")
            connection.execute(f"create table {table} ({', '.join(f'{n} {_sql(kind)}' for n, kind in columns.items())}"
                               + (", primary key (id))" if table == "entities" else ")"))
        connection.execute("create temp table entity_spellings (spelling text, role text, entity_id integer, "
                           "primary key (spelling, role))")
        keys = sorted(merged)
        connection.executemany("insert or ignore into entity_spellings values (?, ?, ?)",
                               [(m["spelling"], m["role"], entity_id) for entity_id, key in enumerate(keys, start=1)
                                for m in merged[key]])
        connection.execute(
            "insert into entity_articles select distinct s.entity_id, aa.lang, aa.article_id, 'author', au.name, "
            "a.published_at from article_authors aa join authors au on au.id = aa.author_id "
            "join temp.entity_spellings s on s.spelling = au.name and s.role = 'author' "
            "join articles a on a.lang = aa.lang and a.article_id = aa.article_id")
        connection.execute(
            "insert into entity_articles select distinct s.entity_id, l.lang, l.article_id, 'labelled', l.entity, "
            "a.published_at from labels l join temp.entity_spellings s on s.spelling = l.entity and s.role = 'labelled' "
            "join articles a on a.lang = l.lang and a.article_id = l.article_id")
        connection.execute(  # named in the text (natasha, `kavkaz entities --ner`): the article's current version
            "insert into entity_articles select distinct s.entity_id, nm.lang, nm.article_id, 'named', nm.normal, "
            f"a.published_at from {CURRENT_NAMES} join temp.entity_spellings s on s.spelling = nm.normal and "
            "s.role = 'named'")
        connection.execute("create index entity_articles_article on entity_articles (lang, article_id)")
        connection.execute("create index entity_articles_entity on entity_articles (entity_id)")
        for entity_id, key in enumerate(keys, start=1):
            _write_entity(connection, entity_id, key, merged[key])
        _write_labels(connection)
        connection.execute("drop table temp.entity_spellings")
    return len(keys)


def _write_entity(connection: sqlite3.Connection, entity_id: int, key: str, group: list[dict]) -> None:
    counts = dict(connection.execute("select spelling, count(*) from entity_articles where entity_id = ? "
                                     "group by spelling", (entity_id,)).fetchall())
    if not counts:
        return
    seen = Counter(counts)
    # shown by its commonest spelling in the nominative (`Meduza`, not the genitive `Медузы` of a label)
    nominative = [s for s, _ in seen.most_common() if entity_key(s, labelled=True) == entity_key(s)]
    roles, langs, articles, first, last = connection.execute(
        "select group_concat(distinct role), group_concat(distinct lang), count(distinct lang || ':' || article_id), "
        "min(published_at), max(published_at) from entity_articles where entity_id = ?", (entity_id,)).fetchone()
    connection.execute("insert into entities values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (entity_id, key, (nominative or [seen.most_common(1)[0][0]])[0],
                        json.dumps(sorted(seen), ensure_ascii=False), json.dumps(sorted(roles.split(","))),
                        json.dumps(sorted(langs.split(","))), articles, first, last, _link(group)))


def _write_labels(connection: sqlite3.Connection) -> None:
    """The labels attached to each entity over time: per type, how many articles, the first and the last."""
    connection.execute(
        "create temp table entity_stated as select distinct ea.entity_id, l.type, ea.lang, ea.article_id, "
        "ea.published_at from entity_articles ea join labels l on l.lang = ea.lang and l.article_id = ea.article_id "
        "and l.entity = ea.spelling where ea.role = 'labelled' and l.type is not null")
    # (SQLite: the bare columns of a query with one min() or max() come from the row that has it)
    connection.execute(
        "insert into entity_labels select f.entity_id, f.type, f.articles, f.lang, f.article_id, f.published_at, "
        "l.lang, l.article_id, l.published_at from "
        "(select entity_id, type, count(*) as articles, lang, article_id, min(coalesce(published_at, '')) as published_at "
        " from temp.entity_stated group by entity_id, type) f join "
        "(select entity_id, type, lang, article_id, max(coalesce(published_at, '')) as published_at "
        " from temp.entity_stated group by entity_id, type) l on l.entity_id = f.entity_id and l.type = f.type")
    connection.execute("drop table temp.entity_stated")


def _sql(kind: type) -> str:
    return "integer" if kind is int else "text"


LOOSE = ((r"dzh|dj|zh|j", "j"), (r"kh", "h"), (r"ts|tz", "c"), (r"yu|iu", "u"), (r"ya|ia", "a"), (r"y", "i"),
         (r"(\w)\1", r"\1"), (r"[`'’]", ""))


def loose_key(key: str) -> str:
    """A key that forgives the usual differences between transliterations (`khizb` / `hizb`, `dzh` / `j`)."""
    for pattern, replacement in LOOSE:
        key = re.sub(pattern, replacement, key)
    return key


def _one_script(group: list[dict], cyrillic: bool) -> bool:
    """All of a group's spellings are Cyrillic (or all Latin): no link across the scripts yet."""
    return all(bool(CYRILLIC.search(m["spelling"])) == cyrillic for m in group)


def _join_loose_spellings(groups: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """A Latin-only and a Cyrillic-only entity whose keys match only loosely (`Hizb ut-Tahrir` / `Хизб ут-Тахрир`),
    joined as a guess (`link` says so) — and only when exactly one of each script shares the loose key."""
    by_loose: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        by_loose[loose_key(key)].append(key)
    merged = {key: list(group) for key, group in groups.items()}
    for keys in by_loose.values():
        latin = [k for k in keys if _one_script(groups[k], False)]
        cyrillic = [k for k in keys if _one_script(groups[k], True)]
        if len(keys) == 2 and len(latin) == 1 and len(cyrillic) == 1:
            merged[latin[0]] += [{**m, "loose": True} for m in merged.pop(cyrillic[0])]
    return merged


def _join_by_article_pairs(connection: sqlite3.Connection, groups: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Labelled entities whose two languages' names share no key (`Islamic State` / `Исламское государство`),
    joined through the EN↔RU article pairs — only when the pairing is consistent: across the English articles and
    their Russian originals that each label exactly one entity of a type, the two are each other's partner in at
    least two pairs and in most of the pairs either takes part in. Marked `article pair`: a guess, said so."""
    group_of = {m["spelling"]: key for key, group in groups.items() for m in group if m["role"] == "labelled"}
    labelled: dict[tuple[str, int], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for lang, article_id, label_type, entity in connection.execute(
            "select l.lang, l.article_id, l.type, l.entity from labels l join articles en on en.lang = 'en' and "
            "en.original_article_id is not null and ((l.lang = 'en' and l.article_id = en.article_id) or "
            "(l.lang = 'ru' and l.article_id = en.original_article_id)) where l.type is not null"):
        if entity in group_of:
            labelled[(lang, article_id)][label_type].add(group_of[entity])
    pairs = connection.execute("select article_id, original_article_id from articles where lang = 'en' and "
                               "original_article_id is not null").fetchall()
    together: Counter[tuple[str, str]] = Counter()
    seen_en: Counter[str] = Counter()
    seen_ru: Counter[str] = Counter()
    for en_id, ru_id in pairs:
        english, russian = labelled.get(("en", en_id), {}), labelled.get(("ru", ru_id), {})
        for label_type, en_keys in english.items():
            ru_keys = russian.get(label_type, set())
            if len(en_keys) == 1 and len(ru_keys) == 1:
                en_key, ru_key = next(iter(en_keys)), next(iter(ru_keys))
                together[(en_key, ru_key)] += 1
                seen_en[en_key] += 1
                seen_ru[ru_key] += 1
    merged = {key: list(group) for key, group in groups.items()}
    for (en_key, ru_key), count in together.most_common():
        if en_key == ru_key or en_key not in merged or ru_key not in merged:
            continue
        if count >= 2 and count * 2 > seen_en[en_key] and count * 2 > seen_ru[ru_key] and \
                _one_script(groups[en_key], False) and _one_script(groups[ru_key], True):
            merged[en_key] += [{**m, "paired": True} for m in merged.pop(ru_key)]
    return merged


def _link(group: list[dict]) -> str:
    if any(m.get("paired") for m in group):
        return "article pair (a guess)"
    if any(m.get("loose") for m in group):
        return "loose transliteration (a guess)"
    spellings = {m["spelling"].casefold() for m in group}
    return "spelling" if len(spellings) == 1 else "transliteration"


def entity_rows(connection: sqlite3.Connection, query: str | None = None, *, role: str | None = None,
                limit: int = 50) -> list[dict]:
    """Entities matching `query` (any spelling, either script), most articles first."""
    connection.row_factory = sqlite3.Row
    where, params = ["1"], []
    if query:
        where.append("(spellings like ? or key like ?)")
        params += [f"%{query}%", f"%{entity_key(query, labelled=True)}%"]
    if role:
        where.append("roles like ?")
        params.append(f'%"{role}"%')
    rows = connection.execute(f"select * from entities where {' and '.join(where)} order by articles desc, name "
                              "limit ?", [*params, limit]).fetchall()
    found = []
    for row in rows:
        entity = dict(row)
        for name in ("spellings", "roles", "langs"):
            entity[name] = json.loads(entity[name])
        entity["labels"] = [dict(r) for r in connection.execute(
            "select type, articles, first_published_at, last_published_at from entity_labels where entity_id = ? "
            "order by first_published_at", (entity["id"],))]
        entity["by_language"] = dict(connection.execute(
            "select lang, count(*) from entity_articles where entity_id = ? group by lang", (entity["id"],)).fetchall())
        found.append(entity)
    return found
