"""Kept pages: every fetched response, its body compressed and stored once per distinct content.

Pages of one site share most of their bytes (the template, the menus, the sidebar, the language): zstd with a
dictionary trained on the archive's own pages stores a page in a fraction of what zlib needs. Each language has its
own (an English dictionary compresses Russian pages half as well); until DICTIONARY_AFTER pages of a language are
kept they are zlib-compressed, then recompressed with the first dictionary. As the archive grows, a new one is
trained from a sample spread over all of it (layouts change). Every row stays readable forever: its encoding names
its dictionary. Training runs in a child process (crawler/store/dictionary.py).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

DICTIONARY_AFTER = 200  # pages of a language kept before its first dictionary is trained
DICTIONARY_GROWTH = 10  # a new one each time they have grown tenfold (200, 2,000, 20,000 …)
DICTIONARY_SAMPLES = 2000
DICTIONARY_SAMPLE_BYTES = 16 * 2**20  # at most, whatever the pages' size
ZSTD_LEVEL = 9


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_key(body: bytes) -> int:
    """The lookup key of a kept page body (`page_contents.hash`): the first 8 bytes of its sha256, signed."""
    return int.from_bytes(hashlib.sha256(body).digest()[:8], "big", signed=True)


def _kept_headers(headers: dict[str, str] | None) -> dict[str, str]:
    """A response's headers as kept with its page: all but Content-Length, which the kept body's size is (the WARC
    export writes it from there)."""
    return {name: value for name, value in (headers or {}).items() if name.lower() != "content-length"}


def page_dictionary(connection: sqlite3.Connection, dictionary_id: int) -> Any:
    """A stored zstd dictionary of the kept pages, by id (for compressing and decompressing alike)."""
    import zstandard

    (data,) = connection.execute("select dictionary from page_dictionaries where id = ?", (dictionary_id,)).fetchone()
    return zstandard.ZstdCompressionDict(data)


@dataclass
class _DictionaryState:
    """Per language: the dictionary new pages are compressed with, the pages kept, when to train the next one."""

    dictionary_id: int | None
    kept: int
    train_at: int


class PageDecoder:
    """Kept page bodies back to their bytes, whatever encoding they were stored with (`zlib`, `zstd:<dictionary
    id>`, raw), the dictionaries read from `connection` once each. Reparse's worker processes have one of their own."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        self._decompressors: dict[int, Any] = {}

    def decode(self, encoding: str, body: bytes) -> bytes:
        if encoding == "zlib":
            return zlib.decompress(body)
        if encoding.startswith("zstd:"):
            return self._decompressor(int(encoding[5:])).decompress(body)
        return body

    def forget(self) -> None:
        """Drop the dictionaries read so far (after a rollback, an id may name another one)."""
        self._decompressors.clear()

    def _decompressor(self, dictionary_id: int) -> Any:
        import zstandard

        if dictionary_id not in self._decompressors:
            self._decompressors[dictionary_id] = zstandard.ZstdDecompressor(
                dict_data=page_dictionary(self.connection, dictionary_id))
        return self._decompressors[dictionary_id]


class KeptPages:
    """The `pages` and `page_contents` tables of one store: writes inside the store's transactions (the caller
    passes the connection), reads by content id. `forget()` after a rollback."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        self.decoder = PageDecoder(connection)
        self._compressors: dict[int, Any] = {}  # zstd, by dictionary id
        self._dictionaries: dict[str, _DictionaryState] = {}  # by language

    def forget(self) -> None:
        """A dictionary trained in a rolled-back batch is gone, and its id may be given to another: forget both."""
        self._dictionaries.clear()
        self._compressors.clear()
        self.decoder.forget()

    def write(self, connection: sqlite3.Connection, pages: Iterable[dict[str, Any]], once: bool) -> int:
        """A `pages` row per fetch, its body stored once per distinct content; `once` (merge) skips a fetch already
        kept (same URL, time and body). Returns the rows written."""
        written = 0
        for page in pages:
            content_id = self._content_id(connection, page["body"], page.get("lang"))
            if once and connection.execute("select 1 from pages where url = ? and fetched_at = ? and content_id = ?",
                                           (page["url"], page.get("fetched_at"), content_id)).fetchone():
                continue
            written += 1
            if page.get("page_kind") == "listing":  # a listing fetched at last resolves its earlier failure
                connection.execute("update failures set resolved_at = ? where url = ? and resolved_at is null",
                                   (page.get("fetched_at") or now(), page["url"]))
            connection.execute(
                "insert into pages (url, final_url, kind, lang, article_id, status, headers, fetched_at, content_id) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (page["url"], page.get("final_url"), page.get("page_kind"), page.get("lang"), page.get("article_id"),
                 page.get("status"), json.dumps(_kept_headers(page.get("headers"))), page.get("fetched_at") or now(),
                 content_id))
        return written

    def body(self, content_id: int) -> bytes:
        """A kept page as it was fetched, whatever encoding it was stored with."""
        encoding, body = self.connection.execute(
            "select encoding, body from page_contents where id = ?", (content_id,)).fetchone()
        return self.decoder.decode(encoding, body)

    def _content_id(self, connection: sqlite3.Connection, body: bytes, lang: str | None) -> int:
        """The `page_contents` row holding `body`, written now if no stored body equals it. Rows are found by
        `content_key`; a match is confirmed byte for byte, so a collision costs a second row, never a wrong page."""
        key = content_key(body)
        for content_id, encoding, stored in connection.execute(
                "select id, encoding, body from page_contents where hash = ? and size = ?", (key, len(body))):
            if self.decoder.decode(encoding, stored) == body:
                return int(content_id)
        encoding, compressed = self._compress(connection, body, lang or "")
        return int(connection.execute("insert into page_contents (hash, encoding, size, body) values (?, ?, ?, ?)",
                                      (key, encoding, len(body), compressed)).lastrowid)

    def _compress(self, connection: sqlite3.Connection, body: bytes, lang: str) -> tuple[str, bytes]:
        dictionary_id = self._dictionary_id(connection, lang)
        if dictionary_id is None:
            return "zlib", zlib.compress(body, 6)
        return f"zstd:{dictionary_id}", self._compressor(connection, dictionary_id).compress(body)

    def _compressor(self, connection: sqlite3.Connection, dictionary_id: int) -> Any:
        if dictionary_id not in self._compressors:
            import zstandard

            self._compressors[dictionary_id] = zstandard.ZstdCompressor(
                level=ZSTD_LEVEL, dict_data=page_dictionary(connection, dictionary_id))
        return self._compressors[dictionary_id]

    def _dictionary_id(self, connection: sqlite3.Connection, lang: str) -> int | None:
        """The dictionary to compress a page of `lang` with: its newest, or one trained now when that language's
        pages have grown enough. The state is read once per language, then counted along."""
        if lang not in self._dictionaries:
            kept = connection.execute("select count(distinct content_id) from pages where coalesce(lang, '') = ?",
                                      (lang,)).fetchone()[0]
            newest = connection.execute(
                "select id, coalesce(pages_kept, samples) from page_dictionaries where coalesce(lang, '') = ? "
                "order by id desc limit 1", (lang,)).fetchone()
            self._dictionaries[lang] = _DictionaryState(
                newest[0] if newest else None, kept, newest[1] * DICTIONARY_GROWTH if newest else DICTIONARY_AFTER)
        state = self._dictionaries[lang]
        state.kept += 1
        if state.kept >= state.train_at:
            trained = self._train_dictionary(connection, lang, state.kept)
            # too few or too alike samples: keep what there is, try again after DICTIONARY_AFTER more pages
            state.train_at = state.kept * DICTIONARY_GROWTH if trained else state.kept + DICTIONARY_AFTER
            if trained and state.dictionary_id is None:
                self._recompress(connection, lang, trained)
            state.dictionary_id = trained or state.dictionary_id
        return state.dictionary_id

    def _samples(self, connection: sqlite3.Connection, lang: str, kept: int) -> Iterator[bytes]:
        """Kept bodies of `lang` spread over the whole archive (every n-th), newest first, within the budget."""
        total = 0
        for encoding, body in connection.execute(
                "select encoding, body from page_contents where id in (select content_id from pages where "
                "coalesce(lang, '') = ? and content_id % ? = 0) order by id desc limit ?",
                (lang, max(1, kept // DICTIONARY_SAMPLES), DICTIONARY_SAMPLES)):
            sample = self.decoder.decode(encoding, body)
            yield sample
            total += len(sample)
            if total >= DICTIONARY_SAMPLE_BYTES:
                return

    def _train_dictionary(self, connection: sqlite3.Connection, lang: str, kept: int) -> int | None:
        from crawler.store.dictionary import train

        trained = train(self._samples(connection, lang, kept))
        if trained is None:
            return None
        dictionary, samples = trained
        return int(connection.execute(
            "insert into page_dictionaries (dictionary, trained_at, samples, pages_kept, lang) values (?, ?, ?, ?, ?)",
            (dictionary, now(), samples, kept, lang)).lastrowid)

    def _recompress(self, connection: sqlite3.Connection, lang: str, dictionary_id: int) -> None:
        """The zlib rows of `lang` (the pages kept before its first dictionary) compressed with it."""
        compressor = self._compressor(connection, dictionary_id)
        ids = [row[0] for row in connection.execute(
            "select id from page_contents where encoding = 'zlib' and id in "
            "(select content_id from pages where coalesce(lang, '') = ?)", (lang,))]
        for start in range(0, len(ids), 500):  # a database of an older schema may hold many: a chunk at a time
            chunk = ids[start:start + 500]
            rows = connection.execute(f"select id, body from page_contents where id in ({', '.join('?' * len(chunk))})",
                                      chunk).fetchall()
            connection.executemany("update page_contents set encoding = ?, body = ? where id = ?", [
                (f"zstd:{dictionary_id}", compressor.compress(zlib.decompress(body)), content_id)
                for content_id, body in rows])
