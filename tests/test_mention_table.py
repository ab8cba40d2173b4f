"""MentionTable: a Sequence of rows, the same whether it holds the rows as they are (a short
article) or in columns (past HELD_AS_ROWS), and across the move from one to the other."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entitylink import mention_table as mt
from entitylink.models import MentionRow, mention_table

_rows = st.lists(st.builds(
    lambda start, length, secid, conf, shifted: MentionRow(
        start, start + length, "光明"[: length % 2 + 1], secid, None, None, None, "stock", None, "alias", conf,
        ("e",), (), *((start + 3, start + length + 3) if shifted else (start, start + length))),
    st.integers(0, 50), st.integers(1, 4), st.sampled_from(["1.600597", "0.000001", None]),
    st.sampled_from([0.5, 1.0]), st.booleans()), max_size=12)


@pytest.mark.parametrize("held", [1000, 4, 1])
def test_a_table_reads_as_the_rows_appended_in_every_form(monkeypatch, held):
    monkeypatch.setattr(mt, "HELD_AS_ROWS", held)  # rows as they are, moved midway, columns at once
    check_table()


@settings(max_examples=60, deadline=None)
@given(first=_rows, then=_rows)
def check_table(first, then):
    table = mention_table(first)
    table.extend(then)
    expected = first + then
    assert list(table) == expected and len(table) == len(expected)
    assert [table[i] for i in range(-len(expected), len(expected))] == expected + expected
    assert table[1:3] == expected[1:3]
    table.sort_by_start()
    expected.sort(key=lambda r: r.start)  # stable
    assert list(table) == expected
    assert all(type(r) is MentionRow for r in table)
    assert list(pickle.loads(pickle.dumps(table))) == expected
    with pytest.raises(IndexError):
        table[len(expected)]


def test_a_long_table_moves_into_columns():
    rows = [MentionRow(i, i + 2, "光明", "1.600597", None, None, None, "stock", None, "alias", 1.0)
            for i in range(0, 2 * mt.HELD_AS_ROWS, 2)]
    table = mention_table(rows)
    assert table._rows is None and len(table._values) == 1  # one distinct combination of values
    assert list(table) == rows
