"""Names in time and status forms, on small dictionaries of our own (not the shipped one).

1. A name in force at the article's date wins; a name out of force links only when no
   security bears it in force, and then only with evidence (a stock cue, a tag or code of
   the security); an undated article counts every name.
2. A name that carries a lasting status mark (*ST劝业) also has every other marked form of
   its core (ST劝业, S*ST劝业, 劝业退, 退市劝业) with the name's dates; the bare core of two
   characters links only where the article names the security otherwise.
3. A Hong Kong line's English short name belongs to the company: with the A share of the
   same name, it is an alias of both, and the listing rule chooses (A share by default).
"""

from __future__ import annotations

import datetime as dt

import pytest

from entitylink.knowledge.dictionary import Dictionary, status_core, status_forms
from entitylink.link.linker import Linker

D = dt.date


def _dictionary() -> Dictionary:
    secs = [
        ("1.600821", "stock", "金开新能"),
        ("1.600869", "stock", "远东股份"),
        ("0.000004", "stock", "国华网安"),
        ("0.000005", "stock", "ST星源"),
        ("1.600000", "stock", "浦发银行"),
        ("0.300750", "stock", "宁德时代"),
        ("116.03750", "stock", "宁德时代"),
        ("116.00700", "stock", "腾讯控股"),
        ("0.002001", "stock", "新和成"),
        ("0.002002", "stock", "鸿达兴业"),
    ]
    rows = [
        ("金开新能", "1.600821", "name", False, D(2021, 5, 16), None, "t"),
        ("*ST劝业", "1.600821", "former", False, D(2019, 10, 26), D(2021, 9, 27), "t"),
        ("津劝业", "1.600821", "former", False, None, D(2020, 6, 24), "t"),
        ("远东股份", "1.600869", "name", False, D(2020, 6, 25), None, "t"),
        ("智慧能源", "1.600869", "former", False, None, D(2021, 5, 15), "t"),
        ("国华网安", "0.000004", "name", False, D(2021, 1, 1), None, "t"),
        ("国华网安退", "0.000004", "former", False, D(2019, 1, 1), D(2021, 1, 1), "t"),
        ("ST星源", "0.000005", "name", False, None, None, "t"),
        # 浦发银行 really bore "ST星源" in this made-up table: a real row is never derived over
        ("*ST星源", "1.600000", "former", False, None, D(2010, 1, 1), "t"),
        ("浦发银行", "1.600000", "name", False, None, None, "t"),
        ("宁德时代", "0.300750", "name", False, None, None, "t"),
        ("宁德时代", "116.03750", "name", False, None, None, "t"),
        ("CATL", "116.03750", "english", False, None, None, "t"),
        ("腾讯控股", "116.00700", "name", False, None, None, "t"),
        ("TENCENT", "116.00700", "english", False, None, None, "t"),
        # a name that changed hands: 新和成 until 2018 for one code, from 2019 for another
        ("新和成", "0.002001", "name", False, D(2019, 1, 1), None, "t"),
        ("新和成", "0.002002", "former", False, None, D(2018, 6, 1), "t"),
        ("鸿达兴业", "0.002002", "name", False, D(2018, 6, 1), None, "t"),
    ]
    return Dictionary(secs, rows)


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(_dictionary(), cache_dir=None)


def links(linker: Linker, text: str, date: dt.date | None) -> list[tuple[str, str]]:
    when = dt.datetime(date.year, date.month, date.day) if date else None
    return sorted((m.surface, m.secid) for m in linker.link_text(text, date=when).mentions)


# -- status forms: a mechanism of the dictionary ------------------------------------------------


@pytest.mark.parametrize(("name", "core"), [("*ST劝业", "劝业"), ("ST星源", "星源"), ("退市海润", "海润"),
                                            ("国华网安退", "国华网安"), ("S*ST前锋", "前锋"), ("劝业", None),
                                            ("N海尔", None), ("XD平安银", None), ("ST", None)])
def test_status_core(name: str, core: str | None) -> None:
    assert status_core(name) == core


def test_every_marked_form_of_a_marked_name_is_the_name_with_its_dates() -> None:
    d = _dictionary()
    star = d.lookup("*ST劝业")[0]
    for form in status_forms("劝业"):
        if form == "*ST劝业":
            continue
        (a,) = d.lookup(form)
        assert (a.secid, a.alias_type, a.valid_from, a.valid_to) == ("1.600821", "status_form", star.valid_from,
                                                                     star.valid_to)
    (core,) = d.lookup("劝业")
    assert core.alias_type == "status_stripped" and core.common_word  # two characters: needs evidence
    # a suffix mark gives the prefix forms too, and a core of four characters is no common word
    assert [a.secid for a in d.lookup("*ST国华网安")] == ["0.000004"]
    assert [(a.secid, a.common_word) for a in d.lookup("国华网安")] == [("0.000004", False)]
    # a form a security bears in a row of its own is not derived for another
    assert [a.secid for a in d.lookup("ST星源")] == ["0.000005"]
    assert sorted(a.secid for a in d.lookup("S*ST星源")) == ["0.000005", "1.600000"]
    # derived forms are matched (alias_texts) but never written back as rows (pickling ships rows)
    assert "ST劝业" in set(d.alias_texts())
    assert all(r[0] != "ST劝业" for r in d._alias_rows)


@pytest.mark.parametrize("text", ["ST劝业发布公告称", "S*ST劝业今日复牌", "劝业退进入整理期", "退市劝业股东大会召开"])
def test_a_swapped_mark_links_in_force(linker: Linker, text: str) -> None:
    surface = text[: text.index("劝业") + (3 if "劝业退" in text else 2)]
    assert links(linker, text, D(2020, 3, 1)) == [(surface, "1.600821")]


def test_the_bare_two_character_core_needs_the_security_named_elsewhere(linker: Linker) -> None:
    assert links(linker, "劝业股价大涨", D(2020, 3, 1)) == []  # a cue alone is not enough
    got = links(linker, "*ST劝业(600821)公告，劝业将出售资产。", D(2020, 3, 1))
    assert ("劝业", "1.600821") in got


# -- names in time ----------------------------------------------------------------------------


def test_a_name_out_of_force_needs_evidence(linker: Linker) -> None:
    # 智慧能源 was 远东股份's name until 2021: a 2025 conference is not the stock
    assert links(linker, "悉尼智慧能源大会开幕", D(2025, 6, 1)) == []
    assert links(linker, "智慧能源股价大涨", D(2025, 6, 1)) == [("智慧能源", "1.600869")]
    # in force it links as any name; an undated article counts every name
    assert links(linker, "悉尼智慧能源大会开幕", D(2019, 6, 1)) == [("智慧能源", "1.600869")]
    assert links(linker, "悉尼智慧能源大会开幕", None) == [("智慧能源", "1.600869")]


def test_a_marked_form_out_of_force_needs_evidence_too(linker: Linker) -> None:
    assert links(linker, "ST劝业这个名字", D(2024, 1, 1)) == []
    assert links(linker, "ST劝业发布公告", D(2024, 1, 1)) == [("ST劝业", "1.600821")]


def test_the_name_in_force_wins_over_the_same_name_out_of_force(linker: Linker) -> None:
    assert links(linker, "新和成发布年报", D(2020, 4, 1)) == [("新和成", "0.002001")]
    assert links(linker, "新和成发布年报", D(2017, 4, 1)) == [("新和成", "0.002002")]


# -- listings that choose themselves ------------------------------------------------------------


def test_an_hk_english_short_name_belongs_to_the_company(linker: Linker) -> None:
    d = linker.dictionary
    assert sorted(a.secid for a in d.lookup("CATL")) == ["0.300750", "116.03750"]
    assert links(linker, "CATL宣布在欧洲建厂", None) == [("CATL", "0.300750")]
    assert links(linker, "港股CATL涨3%", None) == [("CATL", "116.03750")]
    # an HK line without an A share of its name keeps its English name alone
    assert [a.secid for a in d.lookup("TENCENT")] == ["116.00700"]


def test_a_security_not_yet_listed_is_not_linked_before_its_first_name() -> None:
    secs = [("105.ARM", "stock", "ARM"), ("105.META", "stock", "Meta Platforms")]
    rows = [("安谋", "105.ARM", "short_form", False, D(2023, 9, 14), None, "t"),
            ("Arm Holdings", "105.ARM", "english", False, D(2023, 9, 14), None, "t"),
            ("脸书", "105.META", "short_form", False, None, None, "t"),
            ("Facebook", "105.META", "former", False, None, D(2021, 10, 28), "t")]
    d = Dictionary(secs, rows)
    assert d.first_valid("105.ARM") == D(2023, 9, 14) and d.first_valid("105.META") is None
    linker = Linker(d, cache_dir=None)
    assert links(linker, "安谋股价大涨", D(2022, 1, 1)) == []  # a stock cue, but not listed yet
    assert links(linker, "安谋股价大涨", D(2024, 1, 1)) == [("安谋", "105.ARM")]
    assert links(linker, "Facebook股价大涨", D(2024, 1, 1)) == [("Facebook", "105.META")]  # listed: a former name
