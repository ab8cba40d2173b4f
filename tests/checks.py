"""Assertions shared by the test modules (imported by name; pytest puts tests/ on the path)."""

from __future__ import annotations

from entitylink.models import Document


def check_document(doc: Document) -> None:
    """Every mention's offsets are valid, its surface is the text there, and mentions are sorted and disjoint."""
    last_end = 0
    for m in doc.mentions:
        assert 0 <= m.start < m.end <= len(doc.text)
        assert doc.text[m.start:m.end] == m.surface
        assert m.start >= last_end, "mentions overlap or are unsorted"
        last_end = m.end


def check_offsets(source: str, result) -> None:
    """Every character of a parse result maps into ``source``, a verbatim one to the same character."""
    m = result.offsets
    assert len(m) == len(result.text)
    for i, ch in enumerate(result.text):
        p = m.to_source(i)
        assert 0 <= p < len(source)
        if m.is_verbatim(i):
            assert source[p] == ch, (i, ch, source[p])
