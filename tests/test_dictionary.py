"""entitylink.knowledge.dictionary on small hand-written CSVs (and a few checks of the shipped one)."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from entitylink.knowledge.dictionary import ALIAS_TYPES, COLUMNS, Alias, Dictionary, check_file
from entitylink.errors import DictionaryError
from entitylink.models import Security

HEADER = ",".join(COLUMNS)

VALID = f"""{HEADER}
1.600597,stock,光明乳业,光明乳业,name,0,,,test
1.600597,stock,光明乳业,光明,short_form,1,,,test
0.000002,stock,万科A,万 科Ａ,name,0,,,test
0.000002,stock,万科A,万科企业,full_name_short,,,,test
0.000004,stock,国华退,国华网安,former,0,,2025-08-07,test
0.000004,stock,国华退,国华退,name,0,,,test
1.000001,index,上证指数,沪指,short_form,0,,,test
0.899050,index,北证50,北证50,name,0,,,test
90.BK0922,board,数据中心,数据中心,name,1,,,test
90.BK0815,board,昨日涨停,,,,,,test:signal
106.CS,stock,瑞士信贷,瑞信,short_form,0,2000-01-01,2023-06-12,test
116.00700,stock,腾讯控股,腾讯,short_form,0,,,test
105.AAPL,stock,苹果,苹果,name,1,,,test
"""


def write(tmp_path: Path, text: str, name: str = "d.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture()
def small(tmp_path: Path) -> Dictionary:
    return Dictionary.from_csv(write(tmp_path, VALID), replace=True)


# --------------------------------------------------------------------------- valid files


def test_valid_file_loads(small: Dictionary) -> None:
    assert len(small) == 10
    assert "1.600597" in small and "1.600598" not in small
    sec = small.security("0.000002")
    assert isinstance(sec, Security)
    assert (sec.code, sec.market, sec.exchange, sec.kind, sec.name) == ("000002", 0, "SZ", "stock", "万科A")
    assert small.security("9.999999") is None
    assert set(small.securities) == set(small)
    with pytest.raises(TypeError):
        small.securities["x"] = sec  # read-only mapping


def test_lookup_normalises_and_returns_aliases(small: Dictionary) -> None:
    (a,) = small.lookup("万科A")
    assert a == Alias("万科A", "0.000002", "name", False, None, None, "test")
    assert small.lookup("万 科Ａ") == small.lookup("万科A")  # query normalised too
    assert small.lookup("万科") == ()
    (f,) = small.lookup("国华网安")
    assert f.alias_type == "former" and f.valid_to == dt.date(2025, 8, 7) and f.valid_from is None
    (cs,) = small.lookup("瑞信")
    assert cs.valid_from == dt.date(2000, 1, 1) and cs.valid_to == dt.date(2023, 6, 12)
    assert small.lookup("光明")[0].common_word is True
    assert small.lookup("万科企业")[0].common_word is False  # empty common_word -> 0


def test_security_without_alias(small: Dictionary) -> None:
    assert small.security("90.BK0815").name == "昨日涨停"
    assert small.aliases_of("90.BK0815") == ()
    assert small.lookup("昨日涨停") == ()


def test_alias_texts_and_aliases_of(small: Dictionary) -> None:
    texts = set(small.alias_texts())
    assert {"光明乳业", "光明", "万科A", "沪指", "苹果"} <= texts
    assert len(texts) == len(list(small.alias_texts()))
    assert {a.text for a in small.aliases_of("1.600597")} == {"光明乳业", "光明"}
    # the quote board's one-day marks are answered by lookup, not stored (knowledge/derived.py)
    assert "XD光明乳" not in texts and [a.secid for a in small.lookup("XD光明乳")] == ["1.600597"]
    assert small.aliases_of("nope") == ()


def test_index_kind_on_market_0(small: Dictionary) -> None:
    # 0.899050 reads as a stock code by shape; the row declares it an index
    assert small.security("0.899050").kind == "index"


def test_bom_blank_lines_and_extra_columns(tmp_path: Path) -> None:
    text = "\ufeff" + HEADER + ",note\n\n1.600597,stock,光明乳业,光明乳业,name,0,,,t,hello\n\n"
    d = Dictionary.from_csv(write(tmp_path, text), replace=True)
    assert [a.secid for a in d.lookup("光明乳业")] == ["1.600597"]


def test_optional_columns_may_be_missing(tmp_path: Path) -> None:
    d = Dictionary.from_csv(write(tmp_path, "secid,kind,name,alias,alias_type\n1.600597,stock,光明乳业,光明乳业,name\n"), replace=True)
    (a,) = d.lookup("光明乳业")
    assert (a.common_word, a.valid_from, a.valid_to, a.source) == (False, None, None, "")


def test_check_file_valid(tmp_path: Path) -> None:
    assert check_file(write(tmp_path, VALID)) == []


# --------------------------------------------------------------------------- invalid rows

BAD_ROWS = [
    ("1.60059,stock,X,X1,name,0,,,t", "bad secid"),
    ("999.ABC,stock,X,X1,name,0,,,t", "bad secid"),
    ("1.600597,share,X,X1,name,0,,,t", "unknown kind"),
    ("90.BK0922,stock,X,X1,name,0,,,t", "does not fit"),
    ("1.000001,stock,X,X1,name,0,,,t", "does not fit"),
    ("100.HSI,stock,X,X1,name,0,,,t", "does not fit"),
    ("1.600597,stock,X,,name,0,,,t", "empty alias"),
    ("1.600597,stock,X,   ,name,0,,,t", "empty alias"),
    ("1.600597,stock,X,X\x01Y,name,0,,,t", "control character"),
    ("1.600597,stock,X,X\u200bY,name,0,,,t", "control character"),
    ("1.600597,stock,X,X1,nickname,0,,,t", "unknown alias_type"),
    ("1.600597,stock,X,X1,,0,,,t", "empty alias_type"),
    ("1.600597,stock,X,X1,name,yes,,,t", "common_word"),
    ("1.600597,stock,X,X1,name,2,,,t", "common_word"),
    ("1.600597,stock,X,X1,name,0,2023-13-01,,t", "valid_from is not an ISO date"),
    ("1.600597,stock,X,X1,name,0,,20230101,t", "valid_to is not an ISO date"),
    ("1.600597,stock,X,X1,name,0,2024-01-02,2024-01-01,t", "after valid_to"),
    ("1.600597,stock,,X1,name,0,,,t", "empty name"),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS)
def test_bad_row_is_reported_with_its_line(tmp_path: Path, row: str, reason: str) -> None:
    text = f"{HEADER}\n1.600519,stock,贵州茅台,贵州茅台,name,0,,,t\n{row}\n"
    path = write(tmp_path, text)
    problems = check_file(path)
    assert problems, row
    assert all(p.startswith(f"{path}:3: ") for p in problems), problems
    assert any(reason in p for p in problems), problems
    with pytest.raises(DictionaryError) as ei:
        Dictionary.from_csv(path, replace=True)
    assert f"{path}:3: " in str(ei.value) and reason in str(ei.value)


def test_two_names_or_kinds_for_one_secid(tmp_path: Path) -> None:
    text = f"""{HEADER}
1.600597,stock,光明乳业,光明乳业,name,0,,,t
1.600597,stock,光明,光明,short_form,1,,,t
1.600597,index,光明乳业,光明2,short_form,1,,,t
"""
    path = write(tmp_path, text)
    problems = check_file(path)
    assert any(p.startswith(f"{path}:3: ") and "name" in p and "line 2" in p for p in problems), problems
    assert any(p.startswith(f"{path}:4: ") and "kind" in p for p in problems), problems


def test_conflict_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, f"{HEADER}\n1.600597,stock,光明乳业,光明乳业,name,0,,,t\n", "a.csv")
    b = write(tmp_path, f"{HEADER}\n1.600597,stock,光明,光明,name,0,,,t\n", "b.csv")
    with pytest.raises(DictionaryError, match=r"b\.csv:2: 1\.600597"):
        Dictionary.from_csv(a, b, replace=True)


def test_missing_columns_named_on_line_1(tmp_path: Path) -> None:
    path = write(tmp_path, "secid,kind,name,alias\n1.600597,stock,光明乳业,光明乳业\n")
    (problem,) = check_file(path)
    assert problem.startswith(f"{path}:1: ") and "alias_type" in problem
    path2 = write(tmp_path, "secid,name,alias_type\n", "b.csv")
    (problem2,) = check_file(path2)
    assert "missing column(s) kind, alias " in problem2


def test_empty_and_unreadable_files(tmp_path: Path) -> None:
    empty = write(tmp_path, "")
    assert check_file(empty) == [f"{empty}:1: empty file (no header row)"]
    missing = tmp_path / "nope.csv"
    assert check_file(missing)[0].startswith(f"{missing}: cannot read")
    binary = tmp_path / "bin.csv"
    binary.write_bytes(HEADER.encode() + b"\n1.600597,stock,\xff\xfe,x,name,0,,,t\n")
    assert "not UTF-8" in check_file(binary)[0]


def test_every_problem_listed_and_nothing_loaded(tmp_path: Path) -> None:
    rows = "\n".join(f"1.600597,stock,光明乳业,光明{i},name,9,,,t" for i in range(30))
    path = write(tmp_path, f"{HEADER}\n{rows}\n")
    assert len(check_file(path)) == 30
    with pytest.raises(DictionaryError) as ei:
        Dictionary.from_csv(path, replace=True)
    msg = str(ei.value)
    assert "30 problem(s)" in msg and f"{path}:21: " in msg and "10 more" in msg
    assert f"{path}:22: " not in msg  # first 20 listed


def test_error_pickles(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n1.600597,stock,X,X1,name,5,,,t\n")
    with pytest.raises(DictionaryError) as ei:
        Dictionary.from_csv(path, replace=True)
    again = pickle.loads(pickle.dumps(ei.value))
    assert str(again) == str(ei.value)


def test_from_csv_needs_a_path() -> None:
    with pytest.raises(DictionaryError):
        Dictionary.from_csv(replace=True)


def test_alias_types_are_the_documented_ones() -> None:
    assert ALIAS_TYPES == {
        "name", "raw_name", "status_stripped", "status_form", "extended_name", "full_name", "full_name_short",
        "english", "former", "hk_base", "short_form", "ticker", "old_code", "board_base",
    }  # fmt: skip


# --------------------------------------------------------------------------- merge / replace


def test_merged_other_wins(small: Dictionary, tmp_path: Path) -> None:
    other_text = f"""{HEADER}
1.600597,stock,光明乳业股份,光明,short_form,0,,,user
1.600597,stock,光明乳业股份,光明牛奶,short_form,0,,,user
1.600887,stock,伊利股份,伊利,short_form,0,,,user
"""
    other = Dictionary.from_csv(write(tmp_path, other_text), replace=True)
    m = small.merged(other)
    assert m.security("1.600597").name == "光明乳业股份"  # name by secid: other wins
    (g,) = m.lookup("光明")
    assert (g.common_word, g.source) == (False, "user")  # alias row by (alias, secid): other wins
    assert m.lookup("光明乳业")[0].secid == "1.600597"  # base rows kept
    assert m.lookup("伊利")[0].secid == "1.600887"
    assert len(m) == len(small) + 1
    # the inputs are unchanged
    assert small.security("1.600597").name == "光明乳业" and small.lookup("光明牛奶") == ()


def test_from_csv_merges_over_base_or_replaces(small: Dictionary, tmp_path: Path) -> None:
    user = write(tmp_path, f"{HEADER}\n1.600887,stock,伊利股份,伊利,short_form,0,,,user\n", "user.csv")
    merged = Dictionary.from_csv(user, base=small)
    assert "1.600597" in merged and "1.600887" in merged
    alone = Dictionary.from_csv(user, replace=True)
    assert len(alone) == 1 and "1.600597" not in alone


def test_same_alias_for_several_secids(tmp_path: Path) -> None:
    text = f"""{HEADER}
106.BABA,stock,阿里巴巴,阿里巴巴,name,0,,,t
116.09988,stock,阿里巴巴-W,阿里巴巴,hk_base,0,,,t
"""
    d = Dictionary.from_csv(write(tmp_path, text), replace=True)
    assert sorted(a.secid for a in d.lookup("阿里巴巴")) == ["106.BABA", "116.09988"]


def test_first_row_of_a_duplicate_pair_wins(tmp_path: Path) -> None:
    text = f"{HEADER}\n1.600597,stock,光明乳业,光明乳业,name,0,,,a\n1.600597,stock,光明乳业,光明乳业,former,0,,,b\n"
    d = Dictionary.from_csv(write(tmp_path, text), replace=True)
    (a,) = d.lookup("光明乳业")
    assert a.alias_type == "name"


# --------------------------------------------------------------------------- pickling


def test_pickle_round_trip(small: Dictionary) -> None:
    data = pickle.dumps(small)
    again = pickle.loads(data)
    assert len(again) == len(small)
    assert set(again.alias_texts()) == set(small.alias_texts())
    for text in small.alias_texts():
        assert again.lookup(text) == small.lookup(text)
    for secid in small:
        assert again.security(secid) == small.security(secid)


def test_pickle_ships_rows_not_objects(small: Dictionary) -> None:
    small.lookup("光明")  # fill the caches
    _ = small.securities
    data = pickle.dumps(small)
    assert b"Alias" not in data and b"Security" not in data


# --------------------------------------------------------------------------- shipped dictionary


def test_default_is_cached_and_valid() -> None:
    d = Dictionary.default()
    assert d is Dictionary.default()
    assert len(d) > 8000
    assert d.security("1.600519").name == "贵州茅台"
    assert "1.600519" in {a.secid for a in d.lookup("茅台")}


def test_shipped_files_are_valid() -> None:
    from importlib import resources

    root = resources.files("entitylink.dictionaries")
    csvs = sorted(p.name for p in root.iterdir() if p.name.endswith(".csv"))
    assert {"a_shares.csv", "hk.csv", "us.csv", "indexes.csv", "boards.csv"} <= set(csvs)
    for name in csvs:
        assert check_file(Path(str(root / name))) == [], name


# -- the cache of the shipped dictionary's checked and derived rows ------------------


def _fresh_default(cache_dir) -> Dictionary:
    from entitylink.knowledge import dictionary as module

    module._default_dictionary.cache_clear()  # built once per process: start again
    try:
        return Dictionary.default(cache_dir=cache_dir)
    finally:
        module._default_dictionary.cache_clear()


def test_cached_rows_are_the_checked_rows(tmp_path) -> None:
    plain = _fresh_default(None)
    written = _fresh_default(tmp_path)  # checks the CSVs and writes the cache
    assert [p.name for p in tmp_path.iterdir()][0].startswith("dictionary-")
    read_back = _fresh_default(tmp_path)  # reads the cache
    for d in (written, read_back):
        assert d._secs == plain._secs
        assert d._alias_rows == plain._alias_rows  # dates included
        assert d._text_rows == plain._text_rows and d._secid_rows == plain._secid_rows  # the derived rows too
    assert any(r[4] or r[5] for r in read_back._alias_rows), "the shipped data has dated names"


def test_no_cache_dir_writes_nothing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ENTITYLINK_CACHE_DIR", str(tmp_path))
    _fresh_default(None)
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_cache_file_is_rebuilt(tmp_path, caplog) -> None:
    _fresh_default(tmp_path)
    (cache,) = tmp_path.iterdir()
    from entitylink.knowledge.cache import _MAGIC

    bad = _MAGIC + b"\x00" * 32 + b"\x00 not marshal"  # this version's file, damaged
    cache.write_bytes(bad)
    d = _fresh_default(tmp_path)
    assert d.security("1.600597").name == "光明乳业"
    assert "ignoring" in caplog.text and str(cache) in caplog.text
    assert cache.read_bytes() != bad  # written again


# --------------------------------------------------------------------------- common-word aliases


@pytest.mark.parametrize(("alias", "reason"), [
    ("的", "one-character alias"),
    ("A", "one-character alias"),
    ("公司", "stop word"),
    ("银行", "stop word"),
    ("港股", "stop word"),
    ("经济", "everyday word"),  # jieba frequency >= COMMON_FREQUENCY, not a proper noun
])
def test_unmarked_common_word_alias_is_refused(tmp_path: Path, alias: str, reason: str) -> None:
    text = f"{HEADER}\n1.600519,stock,贵州茅台,贵州茅台,name,0,,,t\n1.600519,stock,贵州茅台,{alias},short_form,0,,,t\n"
    path = write(tmp_path, text)
    (problem,) = check_file(path)
    assert problem.startswith(f"{path}:3: ") and reason in problem and "common_word=1" in problem
    with pytest.raises(DictionaryError, match=reason):
        Dictionary.from_csv(path, replace=True)
    # empty common_word is unmarked too; marked (1 or true) the row is accepted and loads as common
    for mark, ok in (("", False), ("1", True), ("true", True), ("TRUE", True), ("false", False)):
        path = write(tmp_path, text.replace(f"{alias},short_form,0", f"{alias},short_form,{mark}"))
        assert (check_file(path) == []) is ok, (alias, mark)
        if ok:
            d = Dictionary.from_csv(path, replace=True)
            assert [a.common_word for a in d.lookup(alias)] == [True]
    # the check can be left out (the shipped dictionaries are built by their own rule)
    assert check_file(write(tmp_path, text), check_common_words=False) == []


def test_names_and_rare_words_are_not_refused(tmp_path: Path) -> None:
    # 百度 is frequent in jieba (11008) but below the threshold; 茅台 rare; the name column is not matched
    text = (f"{HEADER}\n1.600519,stock,贵州茅台,茅台,short_form,0,,,t\n116.09888,stock,百度集团-SW,百度,short_form,0,,,t\n"
            "90.BK0815,board,涨,,,,,,t\n")
    assert check_file(write(tmp_path, text)) == []


def test_shipped_dictionaries_pass_the_user_check() -> None:
    """Every shipped alias that is one character, a stop word or an everyday word is marked common."""
    from entitylink.knowledge.dictionary import _package_csvs

    for path in _package_csvs():
        assert check_file(path, check_common_words=True) == [], path


def test_the_cache_is_named_by_the_code_that_fills_it_too(tmp_path, monkeypatch) -> None:
    """A change to the code that checks or derives rows is a new cache file, never a stale one."""
    from entitylink.knowledge import dictionary as module

    _fresh_default(tmp_path)
    before = {p.name for p in tmp_path.iterdir()}
    changed = tmp_path / "derived.py"
    changed.write_text(Path(module.sys.modules["entitylink.knowledge.derived"].__file__).read_text() + "# changed\n")
    monkeypatch.setattr(module.sys.modules["entitylink.knowledge.derived"], "__file__", str(changed))
    _fresh_default(tmp_path)
    after = {p.name for p in tmp_path.iterdir() if p.name.startswith("dictionary-")}
    assert len(after - before) == 1
