"""Family: a brand right before its product, model, platform or app names the product.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
nothing of the package. Principle: a company's name glued to what follows it, with no
punctuation and no verb in between, is a brand when what follows is

- a model designation: Latin letters, digits or both (小鹏P7, 茅台1935, 小米SU7), also after
  a short Chinese series name (比亚迪唐DM-i, 赛力斯问界M9, 华为Mate), or a series named by one
  Chinese character that stands alone between the brand and a boundary and is no word a
  company's name continues with (比亚迪唐等, 比亚迪汉销量; not 比亚迪涨、 or 比亚迪方表示); not a share class
  (长城汽车H股), not a number with its unit or a date (光明乳业2023年, 茅台2.5%);
- a product category, a service, a platform or an app (云南白药牙膏, 美团外卖, 京东到家,
  快手App, 抖音商城).

The product of a company is not a mention of its stock, even in an article that names the
stock elsewhere.

    >>> product_after("比亚迪唐DM-i销量", 3), product_after("光明乳业2023年营收", 4), product_after("美团外卖宣布", 2)
    ('model', None, 'category')
"""

from __future__ import annotations

import re
from typing import Protocol

import regex

_SHARE_CLASS = regex.compile(r"[A-Za-z]{1,2}股")
# Latin after a name that is no model: a share class or listing (A+H, ADR), a period (Q3, H1,
# FY2024), an office (CEO), a deal (IPO).
_NOT_MODEL = regex.compile(r"(?:[AHB]\+[AHB]|ADR|ADS|Q[1-4]|H[12](?![0-9])|FY|IPO|CEO|CFO|COO|CTO|ETF|ESG|ST)(?![a-z])")
# A model designation: Latin letters and digits (P7, SU7, Mate60, DM-i) or a number of three to five digits that is
# no amount (1935; not 20cm), optionally after one to three Chinese characters of a series name (唐,
# 问界); after a series name, the model has a digit or a dash (问界M9, 唐DM-i: not 收到SEC),
# and a number three digits (国窖1573, not 约42亿).
_MODEL = regex.compile(r"(?P<series>\p{Han}{1,2})?(?P<code>[A-Za-z][A-Za-z0-9+\-]*|\d{3,5}(?![\d.,%A-Za-z]))")
# What a number after a name means when it is no model: a year, a date, an amount, a share.
_NUMBER_UNIT = regex.compile(
    r"\d+(?:[.,]\d+)?\s*(?:年|月|日|季|%|％|亿|万|千|百|元|美元|港元|个|家|只|股|点|倍|号|辆|台|款|吨|期|名|位|次|届|天|小时|周)")
# Words after a name that keep it the company (a verb, a cue, a function word): a series
# name is Chinese characters before Latin or digits, never one of these.
_ACT = regex.compile(
    r"(?:与|和|及|在|于|将|已|也|还|则|的|等|对|向|是|为|把|被|从|今|近|去|明|上|下|本|首|新|旗|发|股|公|集|称|"
    r"表|宣|推|拟|涨|跌|年|月|季|前|后|将|同|再|或|又|并|携|联)")
# A series named by one Chinese character (比亚迪唐, 比亚迪汉): the character is a word of its own
# by segmentation (asked by ``product_after``: not 触及, 正在, 参与), between the brand and a
# boundary (punctuation, the end, a function word, a product or time word), and is no character
# a company's name continues with in a sentence (a function word, an adverb, a verb of reporting
# or of price, a word of the company or its shares: 比亚迪涨、 比亚迪方表示, 比亚迪系).
_SENTENCE_CHAR = (
    "的是为在与和及将对向从以了也都已被把于等旗下各全所其多个年月日今去明该这那并再又还则或均仍曾即就"
    "第每正亦要会能可应需须才却便共合同陷遭获愿不没未无有继较更最很比料变成早刚尚皆给让使令受冲拉领带引助看做抢占称说表宣推拟涨跌收升降增减跳飙破创获达超近约首新老总副董监高部公司集团控持股方系人们家厂店市此"
    "业内外中上前后大小")
_SERIES_ONE = regex.compile(
    r"[^\P{Han}" + _SENTENCE_CHAR + r"](?=[\p{P}\s]|$|[等在和与及的也均都已将]|"
    r"车型|系列|销量|上市|交付|车主|新车|订单|[上本今去前](?:月|年|周)|累计)")
# Product categories, services, platforms and apps that a brand heads.
_CATEGORY = regex.compile(
    r"(?:牙膏|外卖|到家|优选|买菜|打车|支付|钱包|地图|音乐|视频|直播|商城|小程序|浏览器|输入法|网盘|"
    r"App|APP|app|手机|平板|电视|耳机|手表|车型|轿车|SUV|MPV|系列|旗舰店|专卖店|"
    r"啤酒|白酒|酒业务|牛奶|纯奶|酸奶|奶粉|饮料|饮用水|矿泉水|茶饮|口服液|胶囊|颗粒|片剂|锭剂|注射液|疫苗|"
    r"纯生|干红|原浆)")

# The first characters of every _CATEGORY word (``tests/test_decide_gates.py`` checks the set).
CATEGORY_FIRST = frozenset("牙外到优买打支钱地音视直商小浏输网Aa手平电耳车轿SM"
                           "系旗专啤白酒牛纯酸奶饮矿茶口胶颗片锭注疫干原")
# What any _MODEL match needs: a Latin letter or a digit within the first three characters
# (a code, after at most two characters of a series name). A stdlib ``re`` pre-check; every
# character beyond the BMP passes, as ``regex`` knows digits there of a newer Unicode than ``re``.
MODEL_GATE = re.compile("(?s).{0,2}?[A-Za-z\\d\U00010000-\U0010FFFF]")


def product_after(text: str, end: int, cuts: Cuts = ()) -> str | None:
    """What product follows a Chinese brand name ending at ``end``: ``model``, ``category``,
    or None when the name stands for the company. ``cuts`` holds the text's word boundaries
    (``segment.WordBoundaries``): a one-character series needs them (none given: never one).

    >>> product_after("比亚迪唐等在列", 3, {3, 4, 5}), product_after("比亚迪触及跌停", 3, {3, 5})
    ('model', None)
    """
    if text[end:end + 1] not in CATEGORY_FIRST and MODEL_GATE.match(text, end) is None:
        return "model" if _series_one(text, end, cuts) else None  # else the usual case: no category, no code
    category = _CATEGORY.match(text, end)
    m = None if category else _MODEL.match(text, end)
    if category is None and m is None:
        return "model" if _series_one(text, end, cuts) else None  # else nothing product-like follows
    if _SHARE_CLASS.match(text, end) or _NUMBER_UNIT.match(text, end) or _NOT_MODEL.match(text, end):
        return None
    if category or m is None:
        return "category"
    code = m.group("code")
    if code[0].isdigit() and _NUMBER_UNIT.match(text, m.start("code")):
        return None  # 约420万股, 2025年: an amount or a date, not a model
    if m.group("series") and (_ACT.match(text, end) or not any(ch.isdigit() or ch == "-" for ch in code)):
        return None  # 今年Q3, 收到SEC: a word of the sentence; a series' model has a digit or a dash
    return "model"


class Cuts(Protocol):
    """Word boundaries of a text, asked one offset at a time (``segment.WordBoundaries``, or a set)."""

    def __contains__(self, pos: int, /) -> bool: ...


def _series_one(text: str, end: int, cuts: Cuts) -> bool:
    """A one-character series name at ``end`` (``_SERIES_ONE``) that segmentation cuts as a word."""
    return _SERIES_ONE.match(text, end) is not None and end in cuts and end + 1 in cuts


def is_product(text: str, end: int, name: str, cuts: Cuts = ()) -> bool:
    """Whether the Chinese name ending at ``end`` heads a product here (Latin names are
    left alone: AMD Ryzen is rare, AMD股价 common).

    >>> is_product("小米SU7订单", 2, "小米"), is_product("长城汽车H股涨", 4, "长城汽车")
    (True, False)
    >>> is_product("AMD股价", 3, "AMD")
    False
    """
    return not name.isascii() and product_after(text, end, cuts) is not None
