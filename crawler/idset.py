"""A set of article ids as a bitmap: one bit per possible id, so that half a million ids take 62 KB, not 30 MB.

Article ids are dense positive integers (1 … ~420,000 on the Russian site), which is what a bitmap is for. The
crawl's per-article state — ids stored already (`known_ids`), requested (`seen_ids`), done by an interrupted run
(`skip_ids`) — is held in these, so the memory of a crawl plan stays flat whatever the archive's size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class IdSet:
    """`in`, `add`, `len`, `|=` and iteration over non-negative integer ids (the set API the crawl uses)."""

    __slots__ = ("_bits", "_count")

    def __init__(self, ids: Iterable[int] = ()):
        self._bits = bytearray()
        self._count = 0
        for article_id in ids:
            self.add(article_id)

    def add(self, article_id: int) -> None:
        byte, bit = divmod(article_id, 8)
        if byte >= len(self._bits):
            self._bits.extend(bytes(max(byte + 1 - len(self._bits), len(self._bits) // 2)))  # amortised growth
        if not self._bits[byte] & (1 << bit):
            self._bits[byte] |= 1 << bit
            self._count += 1

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, int) or article_id < 0:
            return False
        byte, bit = divmod(article_id, 8)
        return byte < len(self._bits) and bool(self._bits[byte] & (1 << bit))

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[int]:
        for byte, value in enumerate(self._bits):
            if value:
                for bit in range(8):
                    if value & (1 << bit):
                        yield byte * 8 + bit

    def __ior__(self, other: Iterable[int]) -> IdSet:
        for article_id in other:
            self.add(article_id)
        return self

    def __or__(self, other: Iterable[int]) -> IdSet:
        union = IdSet()
        union._bits, union._count = bytearray(self._bits), self._count
        union |= other
        return union

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdSet | set | frozenset):
            return set(self) == set(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"IdSet({len(self)} ids)"
