"""The families of evidence of issue 14, on fresh cases of our own: business units and
branches (``inside_names.branch``), registered full names (``registered_name_end``), Chinese
one-character series after a brand (``products.product_after``), and the family a linked
mention's evidence names (``families.family_of``), which ``entitylink evaluate`` groups errors by."""

from __future__ import annotations

import pytest

import entitylink as el
from entitylink.link.families import FAMILIES, PLAIN, family_of
from entitylink.link.inside_names import branch, inside_name, registered_name_end
from entitylink.link.products import product_after
from entitylink.link.segment import Segmenter, WordBoundaries


@pytest.mark.parametrize(("text", "unit"), [
    ("招商银行信用卡中心宣布", True), ("工商银行上海市分行行长", True), ("平安银行深圳分行与", True),
    ("中信证券研究部指出", True), ("美的集团家用空调事业部总经理", True), ("腾讯云事业群", True),
    ("海通证券营业部", True), ("阿里巴巴达摩院发布", True), ("比亚迪深圳分公司", True),
    ("招商银行信用卡业务增长", False), ("招商银行股价上涨", False), ("工商银行旗下各分行", False),
    ("以宁德时代为中心", False), ("招商银行今年分行数量", False), ("中信证券表示", False),
])
def test_a_unit_word_after_a_few_describing_characters_is_a_unit(text: str, unit: bool) -> None:
    name = next(n for n in ("招商银行", "工商银行", "平安银行", "中信证券", "美的集团", "腾讯", "海通证券",
                            "阿里巴巴", "比亚迪", "宁德时代") if n in text)
    end = text.index(name) + len(name)
    assert branch(text, end) is unit
    assert (inside_name(text, end - len(name), end, name, ()) == "branch") is unit


@pytest.mark.parametrize(("text", "name", "own", "end"), [
    ("贵州茅台酒股份有限公司公告", "贵州茅台", (), 11),  # no registered name known: the shape decides
    ("招商银行股份有限公司董事会", "招商银行", (), 10),
    ("中国平安保险(集团)股份有限公司", "中国平安", (), 16),
    ("比亚迪股份有限公司", "比亚迪", ("比亚迪股份有限公司",), 9),
    ("比亚迪汽车股份有限公司", "比亚迪", ("比亚迪股份有限公司",), None),  # not the one the dictionary holds
    ("北信源股份有限公司", "北信源", ("北京北信源软件股份有限公司",), 9),  # the registered name, shortened
    ("仙工智能科技股份有限公司", "仙工智能", ("上海仙工智能科技股份有限公司",), 12),
    ("万科企业股份有限公司", "万科", (), None),  # a two-character name: too short to take at its word
    ("中信证券投资有限公司", "中信证券", (), None),  # 有限公司 without 股份: a subsidiary's shape
    ("平安证券股份有限公司", "平安", (), None),  # a financial arm
])
def test_registered_name_end(text: str, name: str, own: tuple[str, ...], end: int | None) -> None:
    assert registered_name_end(text, len(name), name, own) == end


@pytest.mark.parametrize(("text", "end", "what"), [
    ("比亚迪唐等在列", 3, "model"), ("比亚迪汉销量破万", 3, "model"), ("比亚迪秦、比亚迪宋", 3, "model"),
    ("比亚迪宋", 3, "model"), ("比亚迪秦上月销量", 3, "model"), ("长安深蓝S7上市", 2, "model"),
    ("比亚迪涨、长城跌", 3, None), ("比亚迪方表示", 3, None), ("比亚迪股价", 3, None), ("比亚迪将于", 3, None),
    ("比亚迪王传福表示", 3, None), ("比亚迪，宁德时代", 3, None), ("比亚迪第3季度", 3, None),
    ("比亚迪系企业", 3, None), ("比亚迪和宁德时代", 3, None),
])
def test_a_one_character_series_after_a_brand(segmenter: Segmenter, text: str, end: int, what: str | None) -> None:
    assert product_after(text, end, WordBoundaries(segmenter, text)) == what


@pytest.mark.parametrize(("text", "end"), [
    ("联德股份触及跌停", 4), ("港交所正在开发", 3), ("摩根大通参与其中", 4), ("丰田汽车比上年微减", 4),
    ("英伟达料将从", 3), ("长进光子成光谷", 4), ("苹果公司早在", 4),
])
def test_a_verb_or_a_word_across_the_boundary_is_no_series(segmenter: Segmenter, text: str, end: int) -> None:
    # found on the flash days: a verb (比, 料, 成) or a word the character starts (触及, 正在, 参与)
    assert product_after(text, end, WordBoundaries(segmenter, text)) is None
    assert product_after("比亚迪唐等", 3) is None  # without word boundaries, never a one-character series


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter(["比亚迪", "长安", "联德股份", "港交所", "摩根大通", "丰田汽车", "英伟达", "长进光子", "苹果公司"],
                     cache_dir=None)


@pytest.mark.parametrize(("method", "kind", "evidence", "surface", "family"), [
    ("tag", "stock", ("tag",), "光明乳业", "tag"),
    ("code", "stock", ("code:explicit",), "600597", "code"),
    ("alias", "stock", ("alias:short_form", "segmentation", "adjacent_code"), "茅台", "code"),
    ("dictionary", "stock", ("alias:name", "registered_name"), "贵州茅台酒股份有限公司", "inside_name"),
    ("propagated", "stock", ("propagated", "short_form_of:光明乳业"), "光明", "one_sense"),
    ("alias", "stock", ("alias:short_form", "segmentation", "common_word", "article:tag"), "美的", "one_sense"),
    ("dictionary", "stock", ("alias:name", "segmentation", "article:unambiguous_name"), "高盛", PLAIN),
    ("alias", "stock", ("alias:former", "segmentation", "out_of_force", "cue:股价"), "智慧能源", "dated"),
    ("alias", "board", ("alias:board_base", "segmentation", "cue:板块"), "煤炭", "board"),
    ("alias", "stock", ("alias:short_form", "segmentation", "ambiguous:2", "listing:HK"), "腾讯", "market choice"),
    ("alias", "stock", ("alias:short_form", "segmentation", "common_word", "cue:股价"), "长城", "cue/market word"),
    ("dictionary", "stock", ("alias:english", "segmentation"), "Tesla", "latin"),
    ("dictionary", "stock", ("alias:name", "segmentation"), "NIO", "latin"),
    ("dictionary", "stock", ("alias:name", "segmentation"), "比亚迪", PLAIN),
])
def test_family_of_names_the_family_that_decided(method: str, kind: str, evidence: tuple[str, ...],
                                                 surface: str, family: str) -> None:
    assert family_of(method, kind, evidence, surface) == family
    assert family in FAMILIES


@pytest.mark.parametrize(("text", "linked"), [
    ("贵州茅台酒股份有限公司发布2025年年度报告。", ["贵州茅台酒股份有限公司"]),
    ("招商银行信用卡中心宣布调整分期手续费率。", []),
    ("招商银行信用卡业务增长放缓，招商银行股价下跌。", ["招商银行", "招商银行"]),
    ("车型目录中，比亚迪唐、比亚迪汉等在列。", []),
    ("比亚迪股价上涨3%。", ["比亚迪"]),
])
def test_the_linker_applies_the_families(text: str, linked: list[str]) -> None:
    doc = el.Linker.default().link(el.read_article(text, format="text", article_id="t"))
    assert [m.surface for m in doc.mentions if m.kind == "stock"] == linked
