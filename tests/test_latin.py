"""Latin names in any letter case (``knowledge/latin.py``, ``NameMatcher``'s folds): which
names fold and why, how the matcher finds them, and that the linker keeps the text's offsets."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entitylink.knowledge.dictionary import Dictionary
from entitylink.knowledge.latin import MIN_CAPS_LETTERS, MIN_LETTERS, case_folds, english_words, may_fold
from entitylink.link.matcher import NameMatcher

WORDS = frozenset({"china", "mobile", "apple", "first", "tractor", "cost", "group"})


def _folds(*rows: tuple[str, str, str, bool]) -> dict[str, str]:
    return case_folds(rows, WORDS)


@pytest.mark.parametrize(("text", "alias_type", "folds"), [
    ("Nvidia", "english", True),
    ("NVIDIA", "english", True),  # six capitals: a name, not a ticker's shape
    ("Sunoco LP", "english", True),
    ("Uber", "short_form", True),  # four letters in mixed case
    ("TSLA", "english", False),  # four capitals: the shape of a ticker or an acronym
    ("CATL", "english", False),
    ("AMD", "name", False),
    ("Nio", "english", False),  # under MIN_LETTERS
    ("COINBASE", "ticker", False),  # a ticker keeps its case at any length
    ("3M", "english", False),  # starts with a digit
    ("万科A", "name", False),  # not Latin
])
def test_may_fold_by_shape(text: str, alias_type: str, folds: bool) -> None:
    assert may_fold(text, alias_type) is folds


def test_thresholds_are_what_the_docstring_says() -> None:
    assert (MIN_LETTERS, MIN_CAPS_LETTERS) == (4, 5)


def test_one_security_in_several_cases_folds_to_one_text() -> None:
    folds = _folds(("NVIDIA", "105.NVDA", "english", False), ("Nvidia", "105.NVDA", "english", False),
                   ("NVDA", "105.NVDA", "ticker", False))
    assert folds == {"nvidia": "NVIDIA"}  # the ticker NVDA keeps its case (nvda is no key)


def test_two_securities_that_fold_alike_do_not_fold() -> None:
    # an A share's English name and another company's HKEX name: the fold cannot choose
    assert _folds(("Jiangxi Copper", "1.600362", "english", False),
                  ("JIANGXI COPPER", "116.00358", "english", False)) == {}


def test_a_text_naming_every_security_of_the_group_is_read() -> None:
    folds = _folds(("Midea Group", "0.000333", "english", False), ("MIDEA GROUP", "116.00300", "english", False),
                   ("MIDEA GROUP", "0.000333", "english", False))
    assert folds == {"midea group": "MIDEA GROUP"}


def test_a_common_word_blocks_every_case_of_its_letters() -> None:
    assert _folds(("Meta", "105.META", "short_form", True), ("Meta Platforms", "105.META", "english", False)) \
        == {"meta platforms": "Meta Platforms"}
    # a short ticker that is a common word blocks a longer name of another security too
    assert _folds(("COST", "105.COST", "ticker", True), ("Cost", "1.999999", "english", False)) == {}


def test_names_made_only_of_english_words_match_as_written() -> None:
    assert _folds(("China Mobile", "116.00941", "english", False), ("FIRST TRACTOR", "116.00038", "english", False),
                  ("Apple", "105.AAPL", "english", False), ("China Mobilex", "1.000001", "english", False)) \
        == {"china mobilex": "China Mobilex"}


def test_the_shipped_english_words_are_ordinary_lower_case_words() -> None:
    words = english_words()
    assert len(words) > 30_000
    assert {"apple", "visa", "target", "china", "mobile"} <= words
    assert not {"nvidia", "tencent", "sunoco", "coinbase"} & words
    assert all(w.isascii() and w.isalpha() and w.islower() for w in words)


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    names = ["Sunoco LP", "Sunoco", "NVIDIA", "COWELL", "SEA HOLDINGS", "光明乳业"]
    return NameMatcher(names, {"sunoco lp": "Sunoco LP", "sunoco": "Sunoco", "nvidia": "NVIDIA",
                               "cowell": "COWELL", "sea holdings": "SEA HOLDINGS"})


def test_folded_hits_keep_the_texts_offsets(matcher: NameMatcher) -> None:
    text = "据悉Sunoco Lp与nvidia、NVIDIA均上涨"
    assert matcher.find(text) == [(2, 8, "Sunoco"), (2, 11, "Sunoco LP"), (12, 18, "NVIDIA"), (19, 25, "NVIDIA")]
    assert text[12:18] == "nvidia"


def test_word_boundaries_hold_for_folded_names(matcher: NameMatcher) -> None:
    assert matcher.find("nvidian") == []
    assert matcher.find("xnvidia") == []
    assert matcher.find("3nvidia") == []
    assert matcher.find("nvidia3") == []
    assert matcher.find("sunoco lpg") == [(0, 6, "Sunoco")]  # LP is not LPG
    assert matcher.find("nvidia股价") == [(0, 6, "NVIDIA")]  # a CJK neighbour is a boundary


def test_a_folded_name_continuing_a_capitalised_word_is_no_hit(matcher: NameMatcher) -> None:
    assert matcher.find("评委Simon Cowell表示") == []
    assert matcher.find("由Blue Sea Holdings领投") == []
    assert matcher.find("Cowell股价") == [(0, 6, "COWELL")]
    assert matcher.find("the Sea Holdings") == [(4, 16, "SEA HOLDINGS")]
    assert matcher.find("Simon COWELL") == [(6, 12, "COWELL")]  # as written: the exact name is trusted


def test_text_ending_inside_a_folded_name(matcher: NameMatcher) -> None:
    assert matcher.find("nvidia和sunoco") == [(0, 6, "NVIDIA"), (7, 13, "Sunoco")]
    assert matcher.find("sunoco l") == [(0, 6, "Sunoco")]


def test_scan_and_automaton_find_the_same_folded_hits(matcher: NameMatcher, monkeypatch) -> None:
    text = "nvidia与Sunoco Lp，光明乳业"
    scanned = NameMatcher(matcher._names, matcher._folds).find(text)
    from entitylink.link import matcher as module

    monkeypatch.setattr(module, "SCAN_BUDGET", 0)
    assert NameMatcher(matcher._names, matcher._folds).find(text) == scanned


def test_pickled_matcher_keeps_its_folds(matcher: NameMatcher) -> None:
    again = pickle.loads(pickle.dumps(matcher))
    assert again.find("nvidia涨") == [(0, 6, "NVIDIA")]


def test_dictionary_folds_are_kept_and_pickled() -> None:
    d = Dictionary.default()
    folds = d.case_folds()
    assert folds["nvidia"] == "NVIDIA" and folds["sunoco lp"] == "Sunoco LP"
    assert "apple" not in folds and "tsla" not in folds and "meta" not in folds
    assert d.case_folds() is folds
    assert pickle.loads(pickle.dumps(d)).case_folds() == folds


def test_a_user_dictionary_folds_its_own_names(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source\n"
                    "105.ZZZZ,stock,测试公司,Zyxwvut Robotics,english,0,,,test\n", encoding="utf-8")
    d = Dictionary.from_csv(path)
    assert d.case_folds().get("zyxwvut robotics") == "Zyxwvut Robotics"


@pytest.mark.parametrize(("text", "surface", "secid"), [
    ("nvidia股价大涨", "nvidia", "105.NVDA"),
    ("sunoco lp 股价周五收涨", "sunoco lp", "106.SUN"),
    ("Sunoco Lp宣布收购", "Sunoco Lp", "106.SUN"),
    ("ｎｅｔｆｌｉｘ盘前涨超3%", "ｎｅｔｆｌｉｘ", "105.NFLX"),
])
def test_linker_links_other_cases_with_the_surface_as_written(text: str, surface: str, secid: str) -> None:
    from entitylink.link.linker import Linker

    [m] = Linker.default().link_text(text).mentions
    assert (m.surface, m.secid, text[m.start:m.end]) == (surface, secid, surface)


def _reference(names: list[str], folds: dict[str, str], text: str) -> list[tuple[int, int, str]]:
    """The folded hits by brute force: every key at every start, the matcher's rules spelled out."""
    from entitylink.link.matcher import _PROPER_BEFORE, _runs_on

    exact = NameMatcher(names).find(text)
    spans = {(s, e) for s, e, _ in exact}
    hits = list(exact)
    for i in range(len(text)):
        if not text[i].isascii() or not text[i].isalpha() or (i and text[i - 1].isascii() and text[i - 1].isalpha()):
            continue
        for key, name in folds.items():
            j = i + len(key)
            if j <= len(text) and text[i:j].lower() == key and text[i:j] != name and (i, j) not in spans \
                    and not _runs_on(text, i, j, name) and _PROPER_BEFORE.search(text, max(0, i - 40), i) is None:
                hits.append((i, j, name))
    return sorted(hits)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abAB -&.1中", max_size=40))
def test_folded_hits_match_a_brute_force_reference(text: str) -> None:
    names = ["Ab", "AB bA", "ab-b", "Ba", "BB A.", "A&B ab"]
    folds = {n.lower(): n for n in names}
    assert NameMatcher(names, folds).find(text) == _reference(names, folds, text)
