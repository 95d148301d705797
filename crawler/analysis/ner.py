"""People and organisations named in Russian articles, read by natasha (optional: `pip install 'kavkaz[ner]'`).

natasha is a maintained Russian NER library whose model (navec embeddings and the slovnet tagger) installs from
the package registry with the library itself. It costs far more than the parse (docs/benchmarks.md: tens of
milliseconds an article against about one), so it does not run inside the crawl: `kavkaz entities --ner` reads the
Russian articles it has not read yet, then rebuilds the entity tables with what it found.

Stored per article version (the article's `content_hash`): `named_mentions` (one row per person or organisation
named: the text as written, its normal form, where it starts) and `ner_done` (which versions were read, by which
model, how many mentions). A new version of an article is read again; its old mentions stay beside the old version
and no longer count. Batches commit as they go: a killed run resumes where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from crawler.errors import UsageError

if TYPE_CHECKING:
    from crawler.store import Store

MODEL = "natasha/slovnet_ner_news_v1"
TYPES = {"PER": "person", "ORG": "organisation"}  # places are regions and towns: the record has them already
BATCH = 100
# The Russian articles whose current version has not been read for names yet.
NOT_READ = ("a.lang = 'ru' and a.body is not null and not exists (select 1 from ner_done d where d.lang = a.lang and "
            "d.article_id = a.article_id and d.content_hash = a.content_hash)")


def available() -> bool:
    try:
        import natasha  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _tools() -> tuple[Any, ...]:
    if not available():
        raise UsageError("reading names needs natasha: pip install 'kavkaz[ner]' (or .venv/bin/pip install natasha)")
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return Segmenter(), NewsNERTagger(embedding), NewsMorphTagger(embedding), MorphVocab()


def read_names(text: str) -> list[dict[str, Any]]:
    """The people and organisations a Russian text names: {type, text, normal, start}, in text order."""
    from natasha import Doc

    segmenter, ner, morph, vocabulary = _tools()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    if not doc.spans:
        return []
    doc.tag_morph(morph)
    names = []
    for span in doc.spans:
        if span.type not in TYPES:
            continue
        span.normalize(vocabulary)
        normal = span.normal or span.text
        if span.type == "PER":
            normal = person_nominative(span.text, normal)
        names.append({"type": TYPES[span.type], "text": span.text, "normal": normal, "start": span.start})
    return names


_CASES = ("gent", "datv", "accs", "ablt", "loct")


def person_nominative(text: str, normal: str) -> str:
    """A person's name in the nominative, word by word where natasha left a case form (`Тиграна Петросяна` →
    natasha `Тигран Петросяна` → `Тигран Петросян`; `Ганнушкиной` → `Ганнушкина`, keeping the first name's gender)."""
    from crawler.analysis.entities import _morph

    morph = _morph()
    words = normal.split()
    if morph is None or len(words) != len(text.split()):
        return normal
    gender = next((p.tag.gender for w in words for p in morph.parse(w)[:2] if "Name" in p.tag and p.tag.gender), None)
    fixed = []
    for word, shown in zip(words, text.split(), strict=True):
        if word != shown:  # natasha changed it: its nominative stands
            fixed.append(word)
            continue
        parses = [p for p in morph.parse(word) if ("Surn" in p.tag or "Name" in p.tag or "Patr" in p.tag) and
                  (gender is None or p.tag.gender == gender)]
        if not parses or any(p.tag.case == "nomn" for p in parses) or parses[0].tag.case not in _CASES:
            fixed.append(word)
            continue
        inflected = parses[0].inflect({"nomn", gender} if gender else {"nomn"})
        fixed.append(inflected.word.capitalize() if inflected and word[:1].isupper() else
                     inflected.word if inflected else word)
    return " ".join(fixed)


def tag_articles(store: Store, *, limit: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> tuple[int, int, float]:
    """Read the Russian articles whose current version has not been read yet (at most `limit`): (articles read,
    names found, seconds spent in the tagger)."""
    _tools()  # a clear error before any work when natasha is missing
    connection = store.connection
    todo = connection.execute(f"select count(*) from articles a where {NOT_READ}").fetchone()[0]
    todo = min(todo, limit) if limit is not None else todo
    read = found = 0
    spent = 0.0
    while read < todo:
        rows = connection.execute(
            f"select a.article_id, a.content_hash, coalesce(a.headline, ''), a.body from articles a where {NOT_READ} "
            "order by a.article_id limit ?", (min(BATCH, todo - read),)).fetchall()
        if not rows:
            break
        results = []
        started = time.perf_counter()
        for article_id, content_hash, headline, body in rows:
            results.append((article_id, content_hash, read_names(f"{headline}\n{body}")))
        spent += time.perf_counter() - started
        with store.transaction() as transaction:
            for article_id, content_hash, names in results:
                transaction.executemany(
                    "insert into named_mentions (lang, article_id, content_hash, type, text, normal, start) "
                    "values ('ru', ?, ?, ?, ?, ?, ?)",
                    [(article_id, content_hash, n["type"], n["text"], n["normal"], n["start"]) for n in names])
                transaction.execute(
                    "insert or replace into ner_done (lang, article_id, content_hash, model, mentions, done_at) "
                    "values ('ru', ?, ?, ?, ?, datetime('now'))", (article_id, content_hash, MODEL, len(names)))
                found += len(names)
        read += len(rows)
        if progress:
            progress(read, todo)
    return read, found, spent
