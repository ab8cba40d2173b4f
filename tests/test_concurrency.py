"""Thread safety: one Linker shared by threads, two Linkers side by side, jieba's globals untouched."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jieba
import jieba.finalseg
import pytest

from entitylink.read import read_article, read_file
from entitylink.knowledge.dictionary import Dictionary
from entitylink.link.linker import Linker

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TINY_CSV = """secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source
1.600597,stock,光明乳业,光明乳业,name,0,,,test
1.600597,stock,光明乳业,光明,short_form,0,,,test
1.688001,stock,华兴源创,华兴源创,name,0,,,test
"""
SENTENCES = ["光明乳业今日涨停，贵州茅台小幅下跌", "长城汽车站附近的中国平安银行业务", "美的集团与华兴源创发布公告",
             "我们在北京天安门广场看升旗"]


def generated(n: int = 40) -> list:
    rnd = random.Random(11)
    pieces = ["光明乳业", "贵州茅台", "长城汽车", "美的", "中国平安", "平安银行", "600597.SH", "(00700.HK)", "、", "，",
              "。", '<span id="stock_1.600597"><a data-code="1,600597">光明乳业</a></span>', "华兴源创", "涨停"]
    return [read_article("<p>" + "".join(rnd.choice(pieces) for _ in range(30)) + "</p>", name=f"g{i}.html")
            for i in range(n)]


def corpus_articles() -> list:
    if not (CORPUS / "finews").is_dir():
        pytest.skip(f"../shared/corpus is not beside the repo (looked for {CORPUS})")
    arts = []
    for p in sorted((CORPUS / "finews").iterdir()):
        arts += [a for a in read_file(p) if not isinstance(a, Exception)]
    return arts


def key(doc) -> str:
    return doc.model_dump_json()


def test_shared_linker_in_8_threads_equals_serial():
    linker = Linker.default()
    articles = (corpus_articles() + generated()) * 2
    serial = [key(linker.link(a)) for a in articles]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda a: key(linker.link(a)), articles))
    assert threaded == serial


def test_two_linkers_do_not_affect_each_other_nor_jieba(tmp_path):
    baseline = [jieba.lcut(s) for s in SENTENCES]  # initialises jieba's global tokenizer
    freq_size, total = len(jieba.dt.FREQ), jieba.dt.total
    force_split = set(jieba.finalseg.Force_Split_Words)
    user_words = dict(getattr(jieba.dt, "user_word_tag_tab", {}))

    csv = tmp_path / "tiny.csv"
    csv.write_text(TINY_CSV, encoding="utf-8")
    default = Linker.default()
    text = "<p>光明乳业与华兴源创、贵州茅台、长城汽车</p>"
    art = read_article(text, name="t.html")
    before_default = key(default.link(art))
    tiny = Linker(Dictionary.from_csv(csv, replace=True), cache_dir=tmp_path / "cache")
    tiny_alone = key(tiny.link(art))
    assert {m.secid for m in tiny.link(art).mentions} <= {"1.600597", "1.688001"}
    # interleave them from threads
    with ThreadPoolExecutor(max_workers=8) as pool:
        outs = list(pool.map(lambda i: key((default, tiny)[i % 2].link(art)), range(64)))
    assert outs == [before_default, tiny_alone] * 32
    assert key(default.link(art)) == before_default and key(tiny.link(art)) == tiny_alone

    assert [jieba.lcut(s) for s in SENTENCES] == baseline
    assert len(jieba.dt.FREQ) == freq_size and jieba.dt.total == total
    assert set(jieba.finalseg.Force_Split_Words) == force_split
    assert dict(getattr(jieba.dt, "user_word_tag_tab", {})) == user_words
