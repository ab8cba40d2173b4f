"""The name automaton: all hits, Latin and digit edges, pickling."""

from __future__ import annotations

import pickle

from entitylink.link.matcher import NameMatcher


def test_overlapping_hits_and_offsets() -> None:
    m = NameMatcher(["中国平安", "平安银行", "平安"])
    assert m.find("中国平安银行") == [(0, 4, "中国平安"), (2, 4, "平安"), (2, 6, "平安银行")]


def test_latin_and_digit_edges() -> None:
    m = NameMatcher(["FF", "科创50", "光明乳业"])
    assert m.find("OFFER") == []
    assert m.find("科创500指数") == []
    assert m.find("Faraday Future (FF)于今日") == [(16, 18, "FF")]
    assert m.find("光明乳业2023年") == [(0, 4, "光明乳业")]  # a CJK name followed by digits still counts
    assert m.find("ST光明乳业") == [(2, 6, "光明乳业")]


def test_non_bmp_text_keeps_code_point_offsets() -> None:
    m = NameMatcher(["光明乳业"])
    text = "😀𠮷光明乳业"
    assert m.find(text) == [(2, 6, "光明乳业")]
    assert text[2:6] == "光明乳业"


def test_pickle_and_empty() -> None:
    m = pickle.loads(pickle.dumps(NameMatcher(["光明乳业"])))
    assert m.find("买光明乳业") == [(1, 5, "光明乳业")]
    assert NameMatcher([]).find("任何文本") == []
