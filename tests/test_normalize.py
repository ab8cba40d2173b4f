"""fold_text: one character in, one out, each the NFKC form when that is one character."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from entitylink.knowledge.normalize import fold_text, normalize_name


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


def test_normalize_name_matches_the_two_step_rule_on_random_strings() -> None:
    """One pass over whitespace runs gives what 'drop runs next to CJK, then collapse' gave."""
    import random
    import unicodedata

    import regex

    beside_cjk = regex.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
    spaces = regex.compile(r"\s+")

    def two_steps(name: str) -> str:
        s = unicodedata.normalize("NFKC", name).strip()
        return spaces.sub(" ", beside_cjk.sub("", s))

    rnd = random.Random(7)
    for _ in range(5000):
        s = "".join(rnd.choice(" \u3000\t\xa0aB万科Ａ*") for _ in range(rnd.randint(0, 12)))
        assert normalize_name(s) == two_steps(s), repr(s)
