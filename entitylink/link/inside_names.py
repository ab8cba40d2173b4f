"""Family: a name inside a longer proper noun names something else than the listed company.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
nothing of the package. Principle: a company's name that runs on, without punctuation, into
the head of another proper noun is a part of that noun, and the noun is another entity:

- an organisation built on the name: a group or parent (五粮液集团 when the listed company
  is not itself the group), a financial arm (…证券, …基金, …信托), a subsidiary
  (…有限公司), a research institute, a school, a hospital;
- a place or a building (…大厦, …广场), an event (…杯, …论坛);
- a person: a surname before a two-character name, itself at the start of a phrase
  (何小鹏称).

A business unit or a branch named with the company's name is no listed security either
(招商银行信用卡中心, 工商银行北京分行, 中信证券研究部, 美的集团机器人事业部): a unit word
(分行, 支行, 分公司, 营业部, 事业部, 事业群, 研究部, …中心) after at most a few characters that
describe it (a place, a line of business) makes the whole a name of its own; a business line
without a unit word (招商银行信用卡业务) is still the company. The company's own names still
link: a head the company's own names contain (中国银河证券, 伊利集团 for 内蒙古伊利实业集团, a
name that is itself a group), and its registered full name, ``registered_name_end``: one the
dictionary holds (宜宾五粮液股份有限公司), else, where the dictionary holds none for the
company, the name, at most a few characters, then 股份有限公司 (贵州茅台酒股份有限公司). A
registered name is never a subsidiary.
Checks look only at the characters right after (or before) the candidate.

    >>> inside_name("五粮液集团党委书记", 0, 3, "五粮液", ())
    'group'
    >>> inside_name("伊利集团发布", 0, 2, "伊利", ("Yili Industrial Group",)) is None
    True
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import regex

# Heads of organisations built on a company's name, by kind. Each kind's words name
# another entity unless the company's own names contain them.
_GROUP = regex.compile(r"集团(?!股份)")
_ARM = regex.compile(
    r"(?:证券|基金|信托|期货(?=公司|有限)|资管|资本|财险|寿险|人寿|养老|健康险|理财|消费金融|金融租赁|租赁|财务公司|"
    r"保险(?:公司|资管|资产)|银行)(?!股份有限公司|板块|概念|行业|股)")
_UNIT = regex.compile(
    r"(?:研究院|研究所|实验室|大学|学院|医院|基金会|俱乐部|球队|大厦|广场|金融中心|中心大楼|产业园|工业园|"
    r"博物馆|景区|杯|论坛|峰会|奖)")
_ORG_TAIL = ("股份有限公司", "有限责任公司", "有限公司")
# A business unit or a branch: up to six characters that describe it (a place, a line of business;
# no function word, verb of the sentence or quantity: 招商银行旗下分行, 以宁德时代为中心 are no
# units), then a unit word. 中心 and 院 need a describing word (信用卡中心, 达摩院).
_BRANCH = regex.compile(
    r"(?:(?P<desc>[^\P{Han}的是为在与和及将对向从以了也都已被把成于等旗下各全所其多个年月今去明该这那并再又称将]{0,6}?)"
    r"(?:分行|支行|分公司|营业部|事业部|事业群|研究部|研究所|研究院)"
    r"|[^\P{Han}的是为在与和及将对向从以了也都已被把成于等旗下各全所其多个年月今去明该这那并再又称将]{1,6}?(?:中心|院))")
# The last characters of every _BRANCH unit word: a name with none of them in the next
# characters is followed by no unit.
_BRANCH_LAST = frozenset("行司部群所院心")
_BRANCH_REACH = 11  # the longest describing part and unit word
# Characters that start a verb phrase, not a unit's describing name (艾可蓝获得…数据中心订单).
_VERB_FIRST = frozenset("获取得签拿进入建设投推发开启收购供售卖买成立合参落打牵承接标联携向加出提引助拓布与")
# Between a name and 股份有限公司, the rest of the company's own registered name (茅台酒).
_OWN_REGISTERED = regex.compile(r"\p{Han}{0,4}(?:[（(]\p{Han}{2,4}[)）])?股份有限公司")
# A surname right before a two-character name makes a person (何小鹏), when the surname
# itself starts a phrase or follows a title.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤雷")
# The first characters of every head of _GROUP, _ARM and _UNIT: a name followed by none of
# them needs none of the three matches (most names; ``tests/test_decide_gates.py`` checks the set).
HEAD_FIRST = frozenset("集证基信期资财寿人养健理消金租保银研实大学医俱球广中产工博景杯论峰奖")
OwnNames = Callable[[], Collection[str]]
"""A company's own names, computed when asked (most names are followed by no head)."""

# A title, or any punctuation (the linker reads folded text: ， is ","), starts the person's phrase.
_TITLE_END = regex.compile(r"(?:董事长|总裁|创始人|CEO|首席执行官|总经理|董事|主席|负责人|先生|女士|\p{P}|\s)$")


def inside_name(text: str, start: int, end: int, name: str, own: Collection[str] | OwnNames,
                a_share: bool = True) -> str | None:
    """What longer proper noun the name at ``[start, end)`` is part of (``group``, ``arm``,
    ``unit``: an institute, a place, an event; ``branch``: a business unit or branch;
    ``subsidiary``, ``person``), or None when it stands for the company itself.

    ``own`` holds the company's own names (dictionary aliases, English names), or a function
    that returns them (asked only when a head follows the name): a head they contain is the
    company's own (中国银河证券, 伊利集团). A group is another entity only for
    an A share (``a_share``): a Chinese enterprise group is the unlisted parent of its listed
    arm, while a Hong Kong or US listing is usually the group's holding company itself
    (保诚集团, 戴尔科技集团).
    """
    m = None
    if text[end:end + 1] in HEAD_FIRST:
        m = (_GROUP.match(text, end) if a_share else None) or _ARM.match(text, end) or _UNIT.match(text, end)
    if m:
        head = m.group(0)
        if name.endswith(head) or _own_head(head, own() if callable(own) else own):
            return "branch" if branch(text, m.end()) else None  # 国泰海通证券研究所: the company's unit
        kind = "group" if m.re is _GROUP else "arm" if m.re is _ARM else "unit"
        return kind
    if branch(text, end):
        return "branch"
    if subsidiary(text, end, name, own):
        return "subsidiary"
    if person(text, start, end):
        return "person"
    return None


def _own_head(head: str, own: Collection[str]) -> bool:
    """Whether the company's own names contain ``head`` (集团 in 伊利实业集团, Group in English)."""
    english = {"集团": "group", "证券": "securities", "银行": "bank", "保险": "insurance", "基金": "fund"}
    latin = english.get(head[:2])
    return any(head in n or (latin and n.isascii() and latin in n.lower()) for n in own)


def subsidiary(text: str, end: int, name: str, own: Collection[str] | OwnNames) -> bool:
    """The text after the name runs on, without punctuation and without another 公司, into
    有限公司 (杭州阿里创业投资有限公司): a longer organisation's name. The company's own
    registered name (``registered_name_end``) is not one.

    >>> subsidiary("阿里创业投资有限公司", 2, "阿里", ()), subsidiary("茅台酒股份有限公司", 0, "贵州茅台", ())
    (True, False)
    """
    tail = text[end : end + 20]
    if "有限" not in tail:  # in every suffix of _ORG_TAIL
        return False
    i = min((k for k in (tail.find(s) for s in _ORG_TAIL) if k != -1), default=-1)
    if i == -1:
        return False
    between = tail[:i]
    if "公司" in between or not all(ch.isalnum() or ch in "()（）" for ch in between):
        return False
    return registered_name_end(text, end, name, own) is None


def registered_name_end(text: str, end: int, name: str, own: Collection[str] | OwnNames) -> int | None:
    """Where the company's own registered full name that the name ending at ``end`` begins
    ends, or None: the name, at most four characters (and a place in brackets), then
    股份有限公司. When the company's own names (``own``) hold registered names (…有限公司),
    the characters between the name and 股份有限公司 must be none or a part of one of them
    (北信源股份有限公司 for 北京北信源软件股份有限公司; 比亚迪汽车股份有限公司 is not
    比亚迪股份有限公司's); when they
    hold none, a name of three characters or more that no financial arm or group word
    follows is taken at its word (贵州茅台酒股份有限公司): a listed company's registered name
    is its own, never a subsidiary's.

    >>> registered_name_end("贵州茅台酒股份有限公司公告", 4, "贵州茅台", ())
    11
    >>> registered_name_end("比亚迪汽车股份有限公司", 3, "比亚迪", ("比亚迪股份有限公司",)) is None
    True
    >>> registered_name_end("北信源股份有限公司", 3, "北信源", ("北京北信源软件股份有限公司",))
    9
    """
    if text.find("股份有限公司", end, end + 16) == -1:
        return None  # the usual case
    m = _OWN_REGISTERED.match(text, end)
    if m is None:
        return None
    names = own() if callable(own) else own
    registered = [n for n in names if n.endswith("有限公司")]
    if registered:  # the text's extra characters must be of the company's own registered name
        between = text[end:m.end()].removesuffix("股份有限公司")
        return m.end() if all(ch in "()（）" for ch in between) or any(between in n for n in registered) else None
    if len(name) < 3 or _ARM.match(text, end) or _GROUP.match(text, end):
        return None
    return m.end()


def branch(text: str, end: int) -> bool:
    """A business unit or branch named with the company's name (招商银行信用卡中心,
    工商银行北京分行, 中信证券研究部): a unit of a few describing characters and a unit word.

    >>> branch("信用卡中心宣布", 0), branch("北京分行行长", 0), branch("信用卡业务增长", 0), branch("为中心", 0)
    (True, True, False, False)
    >>> branch("获得海外数据中心订单", 0)
    False
    """
    if not _BRANCH_LAST.intersection(text[end:end + _BRANCH_REACH]):
        return False  # no unit word can end within reach: the usual case
    return text[end:end + 1] not in _VERB_FIRST and _BRANCH.match(text, end) is not None


def person(text: str, start: int, end: int) -> bool:
    """A surname right before a two-character name, the surname starting a phrase or
    following a title (何小鹏称, 董事长雷军): a person whose given name holds the name.

    >>> person("何小鹏称", 1, 3), person("和小鹏合作", 1, 3)
    (True, False)
    """
    if end - start != 2 or start == 0 or text[start - 1] not in _SURNAMES:
        return False
    return start == 1 or bool(_TITLE_END.search(text, max(0, start - 6), start - 1))
