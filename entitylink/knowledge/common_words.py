"""Aliases that would match ordinary text: the stop words, jieba's everyday words, and
``common_word_problem``, the check a user dictionary's unmarked aliases get.

A user dictionary (``check_file``, ``Dictionary.from_csv``) may not hold an alias that
would match ordinary text unless the row marks it ``common_word=1``: one character
(``的`` alone doubles a corpus's mentions), a word of :data:`STOP_WORDS`, or a word
jieba's own dictionary counts at least :data:`COMMON_FREQUENCY` times and does not tag
as a proper noun (经济, 技术, 企业 ...; see :func:`common_word_problem`). The shipped
dictionaries are built by a rule of their own (``dictionaries/README.md``) and pass
this check too (``tests/test_dictionary.py``).

Imports only from the standard library (no module of the package; jieba's ``dict.txt`` is
read without importing jieba).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["COMMON_FREQUENCY", "STOP_WORDS", "common_word_problem"]

#: Words a user dictionary may list as an alias only with ``common_word=1``, and why.
#: Function words (single characters are refused anyway; these are the two-character
#: ones news is full of) and the generic words of financial news, which name a kind of
#: company or a market, never one security.
STOP_WORDS: Mapping[str, str] = MappingProxyType({
    # function words and time words: in almost every article
    "我们": "pronoun", "他们": "pronoun", "其中": "function word", "以及": "conjunction",
    "一个": "numeral phrase", "没有": "function word", "可以": "function word",
    "目前": "time word", "今年": "time word", "今日": "time word", "同比": "report word (year on year)",
    "环比": "report word (month on month)",
    # what every company is
    "公司": "generic: any company", "集团": "generic: any group", "股份": "generic: part of every name",
    "控股": "generic: part of many names", "有限公司": "generic: legal form", "上市公司": "generic: any listed company",
    "实业": "generic: part of many names", "科技": "generic: part of many names", "发展": "generic: part of many names",
    "国际": "generic: part of many names", "中国": "country; the start of hundreds of names",
    # kinds of financial firm: also board names, which the shipped dictionary marks common
    "银行": "generic: any bank (also the board's word)", "证券": "generic: any broker (also the board's word)",
    "保险": "generic: any insurer (also the board's word)", "基金": "generic: any fund",
    "信托": "generic: any trust", "期货": "generic: any futures firm",
    # the market's own words
    "市场": "market word", "指数": "market word: any index", "板块": "market word: any board",
    "概念": "market word: any concept board", "行业": "market word: any industry", "股票": "market word",
    "股价": "stock cue word", "涨停": "stock cue word", "跌停": "stock cue word", "上涨": "price move",
    "下跌": "price move", "大盘": "market word: the market as a whole", "个股": "market word",
    "龙头": "market word: a sector leader", "资金": "market word", "投资": "market word", "公告": "filing word",
    "A股": "market word: the A-share market", "港股": "market word: the HK market",
    "美股": "market word: the US market",
})
#: jieba's ``dict.txt`` frequency from which a word that is not a proper noun is too common to
#: be an alias without ``common_word=1``: the ~140 most frequent everyday words (国家, 经济, 技术,
#: 企业, 市场 ...). Company names jieba knows well stay below it (百度 11008, 搜狐 4777); the
#: shipped dictionary's own rule for marking common words starts much lower (200).
COMMON_FREQUENCY = 20_000
_PROPER_NOUN_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "j"})


@functools.lru_cache(maxsize=1)
def _jieba_common_words() -> frozenset[str]:
    """The words of jieba's ``dict.txt`` with frequency >= ``COMMON_FREQUENCY`` that are not proper
    nouns. The file is found without importing jieba (about 0.2 s to read, once per process)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    words = set()
    for folder in spec.submodule_search_locations:
        try:
            with open(os.path.join(folder, "dict.txt"), encoding="utf-8") as fh:
                for line in fh:
                    parts = line.split()
                    if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) >= COMMON_FREQUENCY \
                            and parts[2] not in _PROPER_NOUN_TAGS:
                        words.add(parts[0])
        except OSError:
            continue
        break
    return frozenset(words)


def common_word_problem(alias: str) -> str | None:
    """Why ``alias`` (normalised) may not be an alias of a user dictionary without
    ``common_word=1``, or ``None`` when it may.

    >>> common_word_problem("的")
    "one-character alias '的' matches inside any text"
    >>> common_word_problem("公司")
    "alias '公司' is a stop word (generic: any company)"
    >>> common_word_problem("贵州茅台") is None
    True
    """
    if len(alias) == 1:
        return f"one-character alias {alias!r} matches inside any text"
    reason = STOP_WORDS.get(alias) or STOP_WORDS.get(alias.upper())
    if reason:
        return f"alias {alias!r} is a stop word ({reason})"
    if not alias.isascii() and alias in _jieba_common_words():
        return f"alias {alias!r} is an everyday word (jieba frequency >= {COMMON_FREQUENCY:,})"
    return None
