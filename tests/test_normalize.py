"""fold_text: one character in, one out, each the NFKC form when that is one character."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from entitylink.knowledge.normalize import fold_text


def _expected(ch: str) -> str:
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"
    if ord(ch) > 0xFFFF:  # only the BMP is folded
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def test_every_bmp_character_folds_to_its_one_character_nfkc_form() -> None:
    text = "".join(chr(cp) for cp in range(0x10000))
    folded = fold_text(text)
    assert len(folded) == len(text)
    wrong = [(hex(ord(a)), b) for a, b in zip(text, folded) if b != _expected(a)]
    assert wrong == []


def test_typical_news_punctuation() -> None:
    assert fold_text("光明乳业（６００５９７），涨停。") == "光明乳业(600597),涨停。"


@given(st.text())
def test_any_text_keeps_its_length(text: str) -> None:
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert all(b == _expected(a) for a, b in zip(text, folded))
