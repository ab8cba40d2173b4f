"""The cheap pre-checks in front of the linker's regexes decide exactly as the regexes would.

A pre-check (a set of first characters, a ``str.find`` for words every match holds, a stdlib
``re`` gate) only skips a regex that cannot match, so the decisions are the same; these
tests tie each pre-check to the pattern it stands in front of, so that a word added to a
pattern without its pre-check fails here rather than being silently skipped.
"""

from __future__ import annotations

import re
import sys

try:
    import re._parser as sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import regex

from entitylink.link import boards, cues, inside_names, products, vetoes


def _firsts(items: list) -> set[str] | None:
    """The characters a match of the parsed sequence ``items`` may start with; None when it
    may start with anything (or the pattern uses something this reader does not know)."""
    if not items:
        return None  # may match the empty string: any character follows
    op, av = items[0]
    name = str(op)
    if name == "LITERAL":
        return {chr(av)}
    if name == "IN":
        if all(str(o) == "LITERAL" for o, _ in av):
            return {chr(v) for _, v in av}
        return None
    if name == "BRANCH":
        out: set[str] = set()
        for alt in av[1]:
            f = _firsts(list(alt) + list(items[1:]))
            if f is None:
                return None
            out |= f
        return out
    if name == "SUBPATTERN":
        return _firsts(list(av[-1]) + list(items[1:]))
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        lo, _, sub = av
        first = _firsts(list(sub))
        if first is None:
            return None
        if lo >= 1:
            return first
        rest = _firsts(list(items[1:]))
        return None if rest is None else first | rest
    if name in ("ASSERT", "ASSERT_NOT"):
        return _firsts(list(items[1:]))  # a lookaround only narrows what follows
    return None


def firsts(pattern: str) -> set[str]:
    found = _firsts(list(sre_parse.parse(pattern)))
    assert found is not None, pattern
    return found


@pytest.mark.parametrize(("rx", "gate"), [
    (inside_names._GROUP, inside_names.HEAD_FIRST),
    (inside_names._ARM, inside_names.HEAD_FIRST),
    (inside_names._UNIT, inside_names.HEAD_FIRST),
    (products._CATEGORY, products.CATEGORY_FIRST),
    (vetoes._COMMODITY_AFTER, vetoes._COMMODITY_FIRST),
])
def test_first_character_sets_hold_every_first_character(rx: regex.Pattern, gate: frozenset[str]) -> None:
    assert firsts(rx.pattern) <= gate


def test_model_gate_passes_every_code_start() -> None:
    # MODEL_GATE (stdlib re) stands in front of _MODEL (regex): every character a code may
    # start with (a Latin letter, a digit as ``regex`` reads \d) passes it
    chars = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    starts = set(regex.findall(r"[A-Za-z]|\d", chars))
    assert all(products.MODEL_GATE.match(ch) for ch in starts)


@pytest.mark.parametrize("text", [
    "小鹏P5上市", "比亚迪唐DM-i销量", "问界M9", "茅台1935", "光明乳业2023年营收", "赛力斯问界M9交付", "小米SU7订单",
    "国窖1573", "美团外卖宣布", "华为Mate60", "收到SEC", "长城汽车H股涨", "腾讯App", "苹果手机", "甲乙丙7",
    "甲乙丙丁7", "AB", "a", "", "１２３", "唐٣٤٥",
])
def test_model_gate_lets_every_model_through(text: str) -> None:
    for end in range(len(text) + 1):
        if products._MODEL.match(text, end) or products._CATEGORY.match(text, end):
            assert products.MODEL_GATE.match(text, end) or text[end:end + 1] in products.CATEGORY_FIRST
        assert products.product_after(text, end) == _product_after_ungated(text, end)


def _product_after_ungated(text: str, end: int) -> str | None:
    gate = products.MODEL_GATE
    products.MODEL_GATE = re.compile(r"(?s)")  # matches everywhere: the pre-check never skips
    try:
        return products.product_after(text, end)
    finally:
        products.MODEL_GATE = gate


@pytest.mark.parametrize(("rx", "needs"), [
    (cues.BOARD_CUES, cues.BOARD_NEEDS),
    (cues.THEME_CUES, cues.THEME_NEEDS),
    (cues._STOCK_LIST_END, ("股",)),
    (boards._DIRECTION, boards._DIRECTION_WORDS),
    (boards._OPENER, boards._OPENER_WORDS),
    (boards._INDUSTRY_MOVE, ("行业",)),
])
def test_needed_words_are_in_every_alternative(rx: regex.Pattern, needs: tuple[str, ...]) -> None:
    # every top-level alternative of the pattern holds one of the needed words
    body = rx.pattern
    if body.startswith(r"\p{Han}{0,4}?(?:"):
        body = body[len(r"\p{Han}{0,4}?(?:"):-1]
    for alt in re.split(r"\|(?![^(]*\))", body):
        assert any(w in alt for w in needs), alt


@pytest.mark.parametrize("text", ["港股半导体", "美股芯片", "H股银行", "中概互联", "中概股互联", "港股\n半导体", "半导体"])
def test_foreign_market_gate(text: str) -> None:
    for start in range(len(text) + 1):
        expected = bool(cues._FOREIGN_MARKET.search(text, max(0, start - 3), start))
        assert cues.foreign_market_before(text, start) == expected


# Texts of sector lists and market wraps, each with and without its board words.
_BOARD_TEXTS = [
    "白酒、储能等板块涨幅居前", "煤炭板块走强", "锂矿概念活跃", "板块方面，半导体、CPO等方向领涨",
    "行业板块中，酿酒行业涨2.3%", "盘面上，煤炭、钢铁领涨", "新能源板块拉升，储能、锂电池方向领涨",
    "储能、锂电池赛道走强", "光伏分支活跃", "北京板块", "黄金概念", "题材方面，算力、储能活跃", "煤炭价格上涨",
    "半导体、芯片涨幅居前", "公司新能源板块营收", "概念股集体走高",
]


@pytest.mark.parametrize("text", _BOARD_TEXTS)
def test_a_board_cue_needs_a_board_word_in_the_text(text: str) -> None:
    # ``speaks_of_boards`` stands in front of ``market_board_words`` for a whole article: in a text
    # without any of its words, no span but one ending in its own board word has a board cue
    variants = [text] + [text.replace(w, "") for w in boards.CUE_WORDS if w in text]
    for t in variants:
        for start in range(len(t)):
            for end in range(start + 1, min(len(t), start + 6) + 1):
                cue = boards.market_board_words(t, start, end)
                if cue is not None and not boards.speaks_of_boards(t):
                    assert boards.own_board_word(t, start, end) is not None, (t, start, end, cue)
    assert boards.speaks_of_boards(text) == any(w in text for w in boards.CUE_WORDS)


_LISTING_WORDS = [w for families in cues.LISTING_CUES.values() for ws in families.values() for w in ws]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_LISTING_WORDS + ["腾讯", "京东集团", "，", "。", "股价", "涨", "上市", "港", "美", "A", "股"]),
                max_size=14))
def test_a_listing_cue_near_a_name_is_one_the_whole_text_has(parts: list[str]) -> None:
    # the resolver asks ``listing_cue`` only for the listings ``listings_named`` finds in the text
    text = "".join(parts)
    named = cues.listings_named(cues.listing_counts(text))
    for start in range(len(text)):
        end = min(len(text), start + 2)
        assert cues.listing_cue(text, start, end, named) == cues.listing_cue(text, start, end)
