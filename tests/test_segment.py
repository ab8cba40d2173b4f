"""The private segmenter: boundaries, caching, and no trace in jieba's globals or elsewhere on disk."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import jieba
from hypothesis import given, settings
from hypothesis import strategies as st

from entitylink.link.linker import Linker
from entitylink.link.segment import Segmenter, window


def _linker_segmenter() -> Segmenter:
    return Linker.default()._segmenter

NAMES = ["长城汽车", "中国平安", "平安银行", "光明乳业", "上海复旦"]


def test_names_lose_to_real_words_that_cross_them(tmp_path: Path) -> None:
    seg = Segmenter(NAMES, cache_dir=tmp_path)
    assert not seg.is_word_span("他在长城汽车站等车", 2, 6)
    assert seg.is_word_span("长城汽车发布公告", 0, 4)
    assert not seg.is_word_span("中国平安银行业务", 0, 4)
    assert seg.is_word_span("中国平安银行业务", 2, 6)
    assert not seg.is_word_span("刘冰是上海复旦大学的主任", 3, 7)


def test_names_with_symbols_are_not_added(tmp_path: Path) -> None:
    seg = Segmenter(["*ST国华", "万科A", "腾讯控股-R", "光"], cache_dir=tmp_path)
    # jieba joins only CJK, ASCII letters and digits and +#&._%- into words: *ST国华
    # can never be one (the automaton finds it instead), nor can one character
    assert seg.word_count == 2


def test_cache_is_written_only_where_asked_and_reused(tmp_path: Path) -> None:
    before = set(os.listdir(tempfile.gettempdir()))
    Segmenter(NAMES, cache_dir=tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert any(n.startswith("segmenter-") for n in written)
    again = Segmenter(NAMES, cache_dir=tmp_path)  # from the cache
    assert again.cut("长城汽车站") == [("长城", 0, 2), ("汽车站", 2, 5)]
    after = set(os.listdir(tempfile.gettempdir()))
    assert not {n for n in after - before if "jieba" in n}


def test_a_segmenter_read_from_its_cache_answers_as_the_built_one(tmp_path: Path) -> None:
    # the cache holds the prefix dictionary in parts by first character, read as asked for
    built = Segmenter(NAMES, cache_dir=tmp_path)
    read = Segmenter(NAMES, cache_dir=tmp_path)
    assert read._prefixes.parts == {}  # nothing read before the first question
    texts = ["长城汽车站", "中国平安银行业务增长", "光明乳业(600597)涨停，贵州茅台大涨", "ABC电子3D打印", "", "。、\n"]
    for text in texts:
        assert read.word_starts(text, 0, len(text)) == built.word_starts(text, 0, len(text))
        assert [read.crosses(text, p) for p in range(len(text) + 1)] == \
            [built.crosses(text, p) for p in range(len(text) + 1)]
        subs = {text[a:b] for a in range(len(text)) for b in range(a + 1, len(text) + 1)}
        assert {w: read.frequency(w) for w in subs} == {w: built.frequency(w) for w in subs}
    assert 0 < len(read._prefixes.parts) < 100  # only the parts of those texts' characters
    assert read.cut("长城汽车站") == built.cut("长城汽车站")
    assert read._prefixes.whole() == built._tokenizer().FREQ


def test_no_cache_dir_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    before = set(os.listdir(tempfile.gettempdir()))
    seg = Segmenter(NAMES, cache_dir=None)
    assert seg.is_word_span("光明乳业涨停", 0, 4)
    assert not list(tmp_path.iterdir())
    assert set(os.listdir(tempfile.gettempdir())) - before == set()


def test_jieba_globals_untouched(tmp_path: Path) -> None:
    sentence = "长城汽车发布公告，中国平安银行业务增长"
    baseline = jieba.lcut(sentence)
    freq_size = len(jieba.dt.FREQ) if jieba.dt.initialized else None
    forced = set(jieba.finalseg.Force_Split_Words)
    Segmenter(NAMES + ["美的集团"], cache_dir=tmp_path)
    assert jieba.lcut(sentence) == baseline
    if freq_size is not None:
        assert len(jieba.dt.FREQ) == freq_size
    assert set(jieba.finalseg.Force_Split_Words) == forced


# -- the fast path agrees with segmentation ---------------------------------------

_ALPHABET = "长城汽车站中国平安银行业务光明乳业发布公告股价大涨贵州茅台的了在和是有" "，。、（）：\n ·*ABab12.-%"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_a_position_no_word_crosses_is_a_boundary_of_its_window(text: str) -> None:
    # WordBoundaries skips segmentation where crosses() says no word spans a
    # position: that shortcut must agree with segmenting the window.
    seg = _linker_segmenter()
    for pos in range(1, len(text)):
        if not seg.crosses(text, pos):
            lo, hi = window(text, pos, pos)
            assert pos in seg.boundaries(text, lo, hi), (text, pos)



def _prefix_only_characters() -> str:
    # characters that begin words of the prefix dictionary but are no words themselves
    freq = _linker_segmenter()._prefixes.whole()
    return "".join(sorted(w for w, f in freq.items() if f == 0 and len(w) == 1)[:40])


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_word_starts_are_where_jieba_cuts(data) -> None:
    seg = _linker_segmenter()
    alphabet = _ALPHABET + "\r\t" + _prefix_only_characters()
    text = data.draw(st.text(alphabet=alphabet, max_size=40))
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    expected = {lo + s for _, s, _e in seg.cut(text[lo:hi])}
    assert seg.word_starts(text, lo, hi) == expected


def test_name_frequencies_are_jiebas_suggested_ones() -> None:
    """The cold build cuts names with word_starts, not jieba's cut: the
    frequencies (and so every later segmentation) must be jieba's own."""
    seg = Segmenter([], cache_dir=None)
    jieba_tok = jieba.Tokenizer()
    jieba_tok.FREQ, jieba_tok.total = dict(seg._tokenizer().FREQ), seg._tokenizer().total
    jieba_tok.initialized = True
    names = sorted(Linker.default().dictionary.alias_texts())[::7] + NAMES + ["ABC电子", "3D打印", "中国中免"]
    names = [n for n in names if len(n) > 1][:3000]
    assert [seg._suggest_freq(n) for n in names] == [jieba_tok.suggest_freq(n, False) for n in names]


def test_the_cache_file_is_named_by_the_names_unambiguously(tmp_path: Path) -> None:
    """The file is named by the names as given (``cache.hash_strings``); a name holding a line
    break or a NUL (never a word) does not make another list of names read the wrong file."""
    joined = Segmenter(["光明乳业\n长城汽车"], cache_dir=tmp_path)
    apart = Segmenter(["光明乳业", "长城汽车"], cache_dir=tmp_path)
    assert joined.word_count == 0 and joined.frequency("光明乳业") == 0
    assert apart.word_count == 2 and apart.frequency("光明乳业") > 0
    again = Segmenter(["光明乳业", "长城汽车"], cache_dir=tmp_path)  # from the cache
    assert again.frequency("光明乳业") == apart.frequency("光明乳业")
    assert len(list(tmp_path.glob("segmenter-*"))) == 2


def test_a_segmenter_read_from_its_cache_does_not_import_jieba(tmp_path: Path) -> None:
    import subprocess
    import sys

    Segmenter(NAMES, cache_dir=tmp_path)  # builds and writes the cache
    code = (
        "import sys\n"
        "from entitylink.link.segment import Segmenter\n"
        f"seg = Segmenter({NAMES!r}, cache_dir={str(tmp_path)!r})\n"
        "assert seg.word_starts('长城汽车站', 0, 5) == {0, 2}\n"
        "assert seg.crosses('长城汽车站', 4) and seg.frequency('光明') > 0\n"
        "assert 'jieba' not in sys.modules, 'jieba imported'\n"
        "assert seg.cut('长城汽车站') == [('长城', 0, 2), ('汽车站', 2, 5)]\n"
        "assert 'jieba' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
