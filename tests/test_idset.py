"""IdSet (crawler/idset.py) behaves as a set of ids, in a bitmap."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crawler.idset import IdSet

ids = st.lists(st.integers(0, 5000), max_size=300)


@given(ids, ids)
def test_an_idset_behaves_as_a_set(first, second):
    bitmap, reference = IdSet(first), set(first)
    assert len(bitmap) == len(reference) and bool(bitmap) == bool(reference)
    assert sorted(bitmap) == sorted(reference)
    assert all(i in bitmap for i in reference) and all((i in bitmap) == (i in reference) for i in second)
    union = bitmap | second
    assert union == reference | set(second) and bitmap == reference, "| leaves the left side as it was"
    bitmap |= second
    assert bitmap == reference | set(second)
    assert -1 not in bitmap and "7" not in bitmap


def test_half_a_million_ids_take_kilobytes():
    bitmap = IdSet(range(1, 500_001))
    assert len(bitmap) == 500_000 and 499_999 in bitmap and 500_001 not in bitmap
    assert len(bitmap._bits) < 100_000
