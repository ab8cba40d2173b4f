"""Propagation: later short forms of securities the article already named, and abbreviations.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``models``, ``knowledge/`` and other ``link/`` modules. One sense per article: a company
named in full licenses its short form further on (光明乳业 … 光明), unless the short form
is an ordinary word used as one (光明的前途); a name just before a bracketed code that
abbreviates the code's security is that security (银娱(0027.HK)).

    >>> short_forms("光明乳业"), abbreviates("银娱", "银河娱乐")
    (['光明'], True)
"""

from __future__ import annotations

from collections.abc import Sequence

from entitylink.knowledge.dictionary import Dictionary
from entitylink.link import cues, score
from entitylink.link.candidates import bracket_start
from entitylink.link.codes import CodeHit
from entitylink.link.context import ArticleContext, NameMemo
from entitylink.link.segment import Segmenter
from entitylink.link.spans import Occupied
from entitylink.models import Mention

# A jieba frequency from which a word is an ordinary word (the dictionary build uses it too).
COMMON_FREQUENCY = 200
# Suffixes after which the head of a name is a safe short form within one
# article (光明乳业 -> 光明, 长城汽车 -> 长城 once 长城汽车 was named).
_INDUSTRY_SUFFIXES = (
    "乳业", "股份", "科技", "集团", "控股", "汽车", "电子", "医药", "药业", "生物", "能源",
    "电气", "电器", "环境", "材料", "新材", "信息", "网络", "传媒", "文化", "智能", "光电",
    "实业", "发展", "国际", "制药", "食品", "酒业", "矿业", "重工", "机械", "建设", "地产",
)
# Place names: a name's head that is a place is never a short form (苏州银行 -/-> 苏州).
PLACES = frozenset(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 "
    "海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙 广西 西藏 宁夏 新疆 香港 澳门 深圳 广州 杭州 南京 "
    "苏州 无锡 宁波 厦门 青岛 大连 沈阳 长春 哈尔 济南 郑州 武汉 长沙 成都 西安 合肥 福州 南昌 昆明 "
    "贵阳 南宁 兰州 太原 石家 呼和 乌鲁 拉萨 银川 西宁 海口 三亚 珠海 佛山 东莞 中山 惠州 温州 绍兴 "
    "嘉兴 湖州 金华 台州 常州 南通 扬州 徐州 烟台 潍坊 淄博 唐山 保定 洛阳 芜湖 中国 全国 国际".split()
)


def abbreviations(ctx: ArticleContext, dictionary: Dictionary, code_hits: Sequence[CodeHit],
                  occupied: Occupied) -> list[Mention]:
    """Names written just before a bracketed code that abbreviate its security (银娱(0027.HK))."""
    folded, cuts = ctx.text, ctx.cuts
    out = []
    for h in code_hits:
        end = bracket_start(folded, h)
        sec = dictionary.security(h.secid)
        if end <= 0 or sec is None or occupied.overlaps(end - 1, end):
            continue
        names = {sec.name} | {a.text for a in dictionary.aliases_of(sec.secid)}
        lo = cues.clause_bounds(folded, end - 1, end)[0]
        for start in range(max(lo, end - 10), end - 1):
            piece = folded[start:end]
            if start in cuts and any(abbreviates(piece, n) for n in names):
                evidence = ("abbreviation", "adjacent_code")
                m = ctx.mention(
                    start, end, secid=sec.secid, code=sec.code,
                    market=sec.market, exchange=sec.exchange, kind=sec.kind, name=sec.name,
                    method="alias", confidence=ctx.scores.confidence("alias", sec.kind, evidence), evidence=evidence,
                )
                out.append(m)
                occupied.add(start, end)
                break
    return out


def propagate(ctx: ArticleContext, dictionary: Dictionary, segmenter: Segmenter, mentions: Sequence[Mention],
              occupied: Occupied) -> list[Mention]:
    """Later short forms of securities this article already named (光明乳业 ... 光明)."""
    spans = _short_form_spans(ctx.text, dictionary, mentions, occupied, ctx.scores, ctx.names)
    if not spans:
        return []
    folded, cuts = ctx.text, ctx.cuts
    out = []
    for s, e, form, secid in sorted(spans):
        own = _remembered_forms(ctx.names, dictionary, secid)
        if (form in own or segmenter.frequency(form) >= COMMON_FREQUENCY) and not (
            cues.company_act_after(folded, e) or cues.stock_cue(folded, s, e)
        ):
            continue  # 光明的, 联想到, 伟大的时代: the ordinary word, not the company
        sec = dictionary.security(secid)
        if sec is not None and s in cuts and e in cuts and not occupied.overlaps(s, e):
            evidence = ("short_form_of:" + sec.name, "segmentation")
            out.append(ctx.mention(
                s, e, secid=secid, code=sec.code, market=sec.market,
                exchange=sec.exchange, kind=sec.kind, name=sec.name, method="propagated",
                confidence=ctx.scores.confidence("propagated", sec.kind, evidence), evidence=evidence,
            ))
            occupied.add(s, e)
    return out


def _short_form_spans(folded: str, dictionary: Dictionary, mentions: Sequence[Mention],
                      occupied: Occupied, scores: score.Memo, names: NameMemo) -> list[tuple[int, int, str, str]]:
    """Every free place, after the first mention of its security, of a short form of a stock
    named with confidence; a short form that is a dictionary name of its own is left alone."""
    first: dict[str, Mention] = {}
    for m in mentions:
        if m.secid and m.kind == "stock" and m.name and scores.sure(m.method, m.evidence, m.flags):
            first.setdefault(m.secid, m)
    forms: dict[str, tuple[str, int]] = {}
    for secid, m in first.items():
        for form in short_forms(m.name or ""):
            if form not in forms and not dictionary.lookup(form):
                forms[form] = (secid, m.start)
        for form in own_short_forms(dictionary, secid, m.surface, names):
            forms.setdefault(form, (secid, m.start))
    spans = []
    for form, (secid, first_start) in sorted(forms.items()):
        pos = folded.find(form, first_start)
        while pos != -1:
            if not occupied.overlaps(pos, pos + len(form)):
                spans.append((pos, pos + len(form), form, secid))
            pos = folded.find(form, pos + 1)
    return spans


def own_short_forms(dictionary: Dictionary, secid: str, surface: str, names: NameMemo | None = None) -> list[str]:
    """The security's own dictionary short forms that the surface already linked begins
    with (美的集团 … 美的, 万科A … 万科): one sense per article licenses them later, where
    the company acts (``cues.company_act_after``) or a stock cue speaks. With ``names``
    (the Linker's memo), the forms are those remembered there.

    >>> own_short_forms(Dictionary.default(), "0.000333", "美的集团")
    ['美的']
    """
    own = _remembered_forms(names, dictionary, secid) if names is not None else _dictionary_forms(dictionary, secid)
    return sorted(f for f in own if len(f) < len(surface) and surface.startswith(f))


def _remembered_forms(names: NameMemo, dictionary: Dictionary, secid: str) -> frozenset[str]:
    """``_dictionary_forms``, remembered per secid for the Linker's articles."""
    forms = names.forms.get(secid)
    if forms is None:
        forms = names.forms[secid] = frozenset(_dictionary_forms(dictionary, secid))
    return forms


def _dictionary_forms(dictionary: Dictionary, secid: str) -> set[str]:
    return {a.text for a in dictionary.aliases_of(secid)
            if a.alias_type in ("short_form", "status_stripped", "name") and len(a.text) >= 2 and not a.text.isascii()}


def short_forms(name: str) -> list[str]:
    """Short forms of a name that later mentions in the same article may use.

    >>> short_forms("光明乳业"), short_forms("苏州银行")
    (['光明'], [])
    """
    if not name.endswith(_INDUSTRY_SUFFIXES):
        return []
    forms = []
    for suffix in _INDUSTRY_SUFFIXES:
        if name.endswith(suffix):
            head = name[: -len(suffix)]
            if len(head) >= 2 and head not in PLACES and not head.isascii():
                forms.append(head)
            break
    return forms


def abbreviates(piece: str, name: str) -> bool:
    """``piece`` shortens ``name``: same first character, its characters in order.

    >>> abbreviates("银娱", "银河娱乐"), abbreviates("港交所", "香港交易所")
    (True, False)
    """
    if len(piece) < 2 or len(piece) >= len(name) or piece[0] != name[0]:
        return False
    it = iter(name)
    return all(ch in it for ch in piece)
