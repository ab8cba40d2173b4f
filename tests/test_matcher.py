"""The name automaton: all hits, Latin and digit edges, pickling; the scan used before the
automaton is built finds the same hits."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entitylink.knowledge import cache
from entitylink.link import matcher
from entitylink.link.matcher import NameMatcher


def test_overlapping_hits_and_offsets() -> None:
    m = NameMatcher(["中国平安", "平安银行", "平安"])
    assert m.find("中国平安银行") == [(0, 4, "中国平安"), (2, 4, "平安"), (2, 6, "平安银行")]


def test_latin_and_digit_edges() -> None:
    m = NameMatcher(["FF", "科创50", "光明乳业"])
    assert m.find("OFFER") == []
    assert m.find("科创500指数") == []
    assert m.find("Faraday Future (FF)于今日") == [(16, 18, "FF")]
    assert m.find("光明乳业2023年") == [(0, 4, "光明乳业")]  # a CJK name followed by digits still counts
    assert m.find("ST光明乳业") == [(2, 6, "光明乳业")]


def test_non_bmp_text_keeps_code_point_offsets() -> None:
    m = NameMatcher(["光明乳业"])
    text = "😀𠮷光明乳业"
    assert m.find(text) == [(2, 6, "光明乳业")]
    assert text[2:6] == "光明乳业"


def test_pickle_and_empty() -> None:
    m = pickle.loads(pickle.dumps(NameMatcher(["光明乳业"])))
    assert m.find("买光明乳业") == [(1, 5, "光明乳业")]
    assert NameMatcher([]).find("任何文本") == []


# -- before the automaton is built: the scan finds the same hits ----------------------------


def _scan_and_automaton(names: list[str], text: str, monkeypatch) -> tuple[list, list]:
    """``find`` of a matcher that scans and of one that has built its automaton."""
    monkeypatch.setattr(matcher, "SCAN_BUDGET", 10**12)
    scanning = NameMatcher(names)
    scanned = scanning.find(text)
    assert scanning._automaton is None
    monkeypatch.setattr(matcher, "SCAN_BUDGET", 0)
    built = NameMatcher(names)
    found = built.find(text)
    assert built._automaton is not None or not text or not names
    return scanned, found


def test_scan_finds_what_the_automaton_finds(monkeypatch) -> None:
    names = ["中国平安", "平安银行", "平安", "FF", "科创50", "光明乳业", "光", "A", "中国平安银行股份有限公司"]
    for text in ("中国平安银行", "OFFER FF 科创500 科创50", "光明乳业A股", "A", "光", "中国平安银行股份有限公司", ""):
        scanned, found = _scan_and_automaton(names, text, monkeypatch)
        assert scanned == found, text


NAME_CHARS = st.sampled_from(list("中国平安银行光明乳业AF05 "))


@settings(max_examples=300, deadline=None)
@given(names=st.lists(st.text(NAME_CHARS, min_size=1, max_size=6), max_size=12),
       text=st.text(st.one_of(NAME_CHARS, st.characters()), max_size=60))
def test_scan_and_automaton_agree_on_any_text(names: list[str], text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        text = text.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates (folded text has none)
        scanned, found = _scan_and_automaton(names, text, monkeypatch)
        assert scanned == found


def test_scan_agrees_on_the_corpus_with_the_shipped_names(corpus_dir, monkeypatch) -> None:
    from entitylink.knowledge.dictionary import Dictionary
    from entitylink.knowledge.normalize import fold_text
    from entitylink.read import Article, read_file

    names = list(Dictionary.default().alias_texts())
    monkeypatch.setattr(matcher, "SCAN_BUDGET", 10**12)
    scanning = NameMatcher(names)
    built = NameMatcher(names)
    built._automaton = matcher.ahocorasick_rs.AhoCorasick(built._names, matchkind=matcher.ahocorasick_rs.MatchKind.Standard)
    files = sorted((corpus_dir / "finews").glob("*.md")) + sorted(p for p in (corpus_dir / "variants").iterdir() if p.is_file())
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in files]
    texts += [a.text for a in read_file(sorted((corpus_dir / "flash").glob("*.jsonl.gz"))[0]) if isinstance(a, Article)]
    hits = 0
    for text in map(fold_text, texts):
        found = built.find(text)
        assert scanning.find(text) == found, text[:80]
        hits += len(found)
    assert scanning._automaton is None and hits > 1000


def test_the_automaton_is_built_once_the_scans_cost_as_much(monkeypatch) -> None:
    monkeypatch.setattr(matcher, "SCAN_BUDGET", 100)
    m = NameMatcher(["光明乳业", "光明"])
    assert m.find("买光明乳业") == [(1, 3, "光明"), (1, 5, "光明乳业")] and m._automaton is None
    assert m.find("光明" * 60) == [(i, i + 2, "光明") for i in range(0, 120, 2)]  # over the budget
    assert m._automaton is not None
    assert m.find("买光明乳业") == [(1, 3, "光明"), (1, 5, "光明乳业")]


# -- the scan's tables and the fold index, kept in a cache file -------------------------------

_NAMES = ["中国平安", "平安银行", "平安", "FF", "Sunoco LP", "光", "NVIDIA"]
_FOLDS = {"sunoco lp": "Sunoco LP", "nvidia": "NVIDIA"}


def test_tables_read_from_the_cache_are_the_tables_made(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(matcher, "SCAN_BUDGET", 10**12)  # the scan, which reads the tables
    text = "中国平安银行与nvidia、Sunoco lp及FF"
    plain = NameMatcher(_NAMES, _FOLDS)
    made = (matcher._scan_tables(tuple(_NAMES)), matcher._fold_index(_FOLDS))
    first = NameMatcher(_NAMES, _FOLDS, cache_dir=tmp_path)
    assert first.find(text) == plain.find(text) != []
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["matcher"]
    read = []
    monkeypatch.setattr(matcher, "read_cache", lambda path: read.append(cache.read_cache(path)) or read[-1])
    again = NameMatcher(_NAMES, _FOLDS, cache_dir=tmp_path)
    assert again.find(text) == plain.find(text)
    assert again._made_tables() == made
    assert read and all(r is not None for r in read)  # each time from the file
    assert pickle.loads(pickle.dumps(again))._cache_dir == tmp_path


@pytest.mark.parametrize(("names", "folds"), [
    (_NAMES[:-1], _FOLDS),  # a name fewer
    (_NAMES, {"sunoco lp": "Sunoco LP"}),  # a fold fewer
    (["平安", "中国平安"], {}),  # the same names in another order: another file
])
def test_other_names_or_folds_are_another_cache_file(tmp_path, names, folds) -> None:
    NameMatcher(_NAMES, _FOLDS, cache_dir=tmp_path)._made_tables()
    NameMatcher(["中国平安", "平安"], {}, cache_dir=tmp_path)._made_tables()
    before = set(tmp_path.iterdir())
    made = NameMatcher(names, folds, cache_dir=tmp_path)._made_tables()
    assert len(set(tmp_path.iterdir()) - before) == 1
    assert made == (matcher._scan_tables(tuple(names)), matcher._fold_index(folds))


def test_a_name_holding_the_separator_is_hashed_another_way(tmp_path) -> None:
    names = ["平安\x00银行", "平安"]
    made = NameMatcher(names, {}, cache_dir=tmp_path)._made_tables()
    assert made == NameMatcher(names, {}, cache_dir=tmp_path)._made_tables()
    assert made == (matcher._scan_tables(tuple(names)), matcher._fold_index({}))


def test_a_damaged_cache_file_is_made_again(tmp_path) -> None:
    NameMatcher(_NAMES, _FOLDS, cache_dir=tmp_path)._made_tables()
    (path,) = tmp_path.iterdir()
    path.write_bytes(path.read_bytes()[:-10])
    made = NameMatcher(_NAMES, _FOLDS, cache_dir=tmp_path)._made_tables()
    assert made == (matcher._scan_tables(tuple(_NAMES)), matcher._fold_index(_FOLDS))


def test_other_code_making_the_tables_is_another_cache_file(tmp_path, monkeypatch) -> None:
    """The file is named by the code of ``_scan_tables`` and ``_fold_index`` too: tables made
    by an older version of that code are never read."""
    NameMatcher(_NAMES, _FOLDS, cache_dir=tmp_path)._made_tables()
    made = matcher._scan_tables(tuple(_NAMES))
    monkeypatch.setattr(matcher, "_scan_tables", lambda names: made)  # other code, the same tables
    NameMatcher(_NAMES, _FOLDS, cache_dir=tmp_path)._made_tables()
    assert len(list(tmp_path.iterdir())) == 2
