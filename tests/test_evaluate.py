"""entitylink.tools.evaluate on synthetic Documents and the small gold files in fixtures/gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from entitylink.errors import GoldFormatError, UsageError
from entitylink.tools.evaluate import (
    evaluate,
    format_report,
    key_for,
    load_gold,
    occurrences,
    tag_masked_recall,
)
from entitylink.models import Document, Mention

GOLD_DIR = Path(__file__).parent / "fixtures" / "gold"
SMALL = GOLD_DIR / "small.gold.jsonl"

TEXT1 = "光明乳业涨停，上证指数收涨。光明乳业再创新高，美的生活从此开始，光明集团表态。"
TEXT2 = "半导体板块走强，中芯国际领涨，芯片股跟涨，芯片设计亦涨。"
TEXT3 = "腾讯发布财报。"

KINDS = {"1.600597": "stock", "1.000001": "index", "90.BK1036": "board", "1.688981": "stock",
         "116.00700": "stock", "0.000333": "stock", "90.BK0917": "board"}


def mention(text: str, surface: str, secid: str | None, *, nth: int = 1, method: str = "dictionary",
            kind: str | None = None) -> Mention:
    start = occurrences(text, surface)[nth - 1]
    return Mention(start=start, end=start + len(surface), surface=surface, secid=secid,
                   kind=kind or KINDS.get(secid or "", "organization"), method=method, confidence=0.9,
                   evidence=("test",))


def doc(n: int, text: str, *ms: Mention, path: str | None = "default") -> Document:
    p = f"corpus/finews/2021-12-08-{n}.md" if path == "default" else path
    return Document(article_id=str(n), path=p, text=text, mentions=tuple(sorted(ms, key=lambda m: m.start)))


def perfect1() -> Document:
    return doc(1, TEXT1, mention(TEXT1, "光明乳业", "1.600597"), mention(TEXT1, "上证指数", "1.000001"),
               mention(TEXT1, "光明乳业", "1.600597", nth=2))


def perfect2() -> Document:
    return doc(2, TEXT2, mention(TEXT2, "半导体板块", "90.BK1036", method="tag"),
               mention(TEXT2, "中芯国际", "1.688981"))


def test_load_gold() -> None:
    gold = load_gold(SMALL)
    assert sorted(gold) == ["2021-12-08-1.md", "2021-12-08-2.md", "2021-12-08-3.md"]
    g1 = gold["2021-12-08-1.md"]
    assert [(m.surface, m.occurrence) for m in g1.mentions] == [("光明乳业", 1), ("上证指数", 1), ("光明乳业", 2)]
    assert g1.mentions[2].note == "second time"
    assert g1.not_mentions[0].surface == "美的生活"
    assert gold["2021-12-08-2.md"].unresolved[0].why == "unlisted subsidiary"
    assert gold["2021-12-08-2.md"].line == 3  # the blank line 2 is skipped but counted


@pytest.mark.parametrize(
    ("name", "line", "fragment"),
    [
        ("bad-json.gold.jsonl", 2, "not JSON"),
        ("bad-kind.gold.jsonl", 3, "kind 'fund'"),
        ("missing-key.gold.jsonl", 1, "missing key 'occurrence'"),
        ("duplicate-file.gold.jsonl", 3, "duplicate file '2021-12-08-1.md' (first on line 1)"),
        ("bad-occurrence.gold.jsonl", 1, "occurrence must be >= 1"),
    ],
)
def test_malformed_gold(name: str, line: int, fragment: str) -> None:
    with pytest.raises(GoldFormatError) as info:
        load_gold(GOLD_DIR / name)
    assert info.value.line == line
    assert info.value.source == str(GOLD_DIR / name)
    assert fragment in str(info.value)
    assert f"{name}:{line}:" in str(info.value)


def test_malformed_gold_more(tmp_path: Path) -> None:
    bad = tmp_path / "x.gold.jsonl"
    cases = [
        ('[1, 2]', "record is not an object"),
        ('{"file": "a.md", "mentions": {}, "not_mentions": [], "unresolved": []}', "'mentions' must be list"),
        ('{"file": "a.md", "mentions": [], "not_mentions": [{"why": "x"}], "unresolved": []}', "missing key 'surface'"),
        ('{"file": "a.md", "mentions": [], "not_mentions": []}', "missing key 'unresolved'"),
        ('{"file": "a.md", "mentions": [{"surface": "A", "secid": "1.1", "kind": "stock", "occurrence": true}],'
         ' "not_mentions": [], "unresolved": []}', "'occurrence' must be int"),
        ('{"file": "a.md", "mentions": [{"surface": "A", "secid": "1.1", "kind": "stock", "occurrence": 1},'
         ' {"surface": "A", "secid": "1.2", "kind": "stock", "occurrence": 1}], "not_mentions": [], "unresolved": []}',
         "listed twice"),
    ]
    for line, fragment in cases:
        bad.write_text("\n" + line + "\n", encoding="utf-8")
        with pytest.raises(GoldFormatError, match=fragment) as info:
            load_gold(bad)
        assert info.value.line == 2


def test_key_for_and_matching_fallback() -> None:
    assert key_for(perfect1()) == "2021-12-08-1.md"
    assert key_for(doc(1, TEXT1, path=None)) == "1.md"
    res = evaluate([doc(1, TEXT1, *perfect1().mentions, path=None), doc(9, "无关")], SMALL)
    assert res.scored == 1 and res.mention.f1 == 1.0
    assert res.unmatched == ["2021-12-08-9.md"]
    assert res.missing == ["2021-12-08-2.md", "2021-12-08-3.md"]
    with pytest.raises(UsageError, match="two Documents"):
        evaluate([perfect1(), perfect1()], SMALL)


def test_perfect_prediction() -> None:
    res = evaluate([perfect1(), perfect2()], load_gold(SMALL))
    assert res.scored == 2 and res.errors == [] and res.missing == ["2021-12-08-3.md"]
    for level in ("entity", "mention"):
        s = res.metrics()[level]
        assert (s["precision"], s["recall"], s["f1"]) == (1.0, 1.0, 1.0)
    assert (res.mention.tp, res.entity.tp) == (5, 4)  # 光明乳业 twice is one entity
    for kind in ("stock", "index", "board"):
        assert res.mention_by_kind[kind].f1 == 1.0


def test_false_positive_and_negative_both_levels() -> None:
    d = doc(1, TEXT1, mention(TEXT1, "光明乳业", "1.600597"), mention(TEXT1, "光明乳业", "1.600597", nth=2),
            mention(TEXT1, "美的", "0.000333"), mention(TEXT1, "光明集团", None, kind="organization"))
    res = evaluate([d], SMALL)
    assert (res.mention.tp, res.mention.fp, res.mention.fn) == (2, 1, 1)
    assert (res.entity.tp, res.entity.fp, res.entity.fn) == (1, 1, 1)
    assert res.mention.precision == pytest.approx(2 / 3) and res.mention.recall == pytest.approx(2 / 3)
    (errs,) = res.errors
    (fp,) = errs.false_positives
    assert fp.mention == mention(TEXT1, "美的", "0.000333")
    assert fp.mention.start == 23
    assert fp.near_miss == "adjective in 美的生活, not the company" and errs.near_misses == (fp,)
    (fn,) = errs.false_negatives
    assert (fn.gold.surface, fn.gold.secid, fn.gold.occurrence, fn.start) == ("上证指数", "1.000001", 1, 7)
    assert errs.entity_fp == ("0.000333",) and errs.entity_fn == ("1.000001",)
    report = format_report(res)
    assert "FP '美的' 0.000333 @23 dictionary 0.90 test (no family: plain name match)  [near miss: adjective" in report
    assert "FN '上证指数' 1.000001 occurrence 1 @7" in report
    assert "== 2021-12-08-1.md" in report and "mention/index" in report


def test_second_occurrence_resolution() -> None:
    assert occurrences("aaa", "aa") == [0, 1]
    d = doc(1, TEXT1, mention(TEXT1, "上证指数", "1.000001"), mention(TEXT1, "光明乳业", "1.600597", nth=2))
    res = evaluate([d], SMALL)
    assert (res.mention.tp, res.mention.fp, res.mention.fn) == (2, 0, 1)
    (fn,) = res.errors[0].false_negatives
    assert (fn.gold.occurrence, fn.start) == (1, 0)  # the missed one is the first, matched by position
    assert res.entity.f1 == 1.0


def test_publisher_tag_rule() -> None:
    tag_word = mention(TEXT2, "芯片", "90.BK0917", method="tag")  # board tag on an ordinary word
    d = doc(2, TEXT2, mention(TEXT2, "半导体板块", "90.BK1036", method="tag"), tag_word)
    res = evaluate([d], SMALL)
    assert (res.mention.tp, res.mention.fp, res.mention.fn, res.mention.excused) == (1, 0, 1, 1)
    assert (res.entity.tp, res.entity.fp, res.entity.fn, res.entity.excused) == (1, 0, 1, 1)
    assert res.mention_by_kind["board"].precision == 1.0
    assert res.errors[0].false_positives == () and res.errors[0].entity_fn == ("1.688981",)
    # the same unlisted secid also found by the linker itself: a false positive at both levels
    d2 = doc(2, TEXT2, tag_word, mention(TEXT2, "芯片", "90.BK0917", nth=2))
    res2 = evaluate([d2], SMALL)
    assert (res2.mention.fp, res2.mention.excused, res2.entity.fp, res2.entity.excused) == (1, 1, 1, 0)


def test_per_kind_split() -> None:
    d1 = doc(1, TEXT1, mention(TEXT1, "光明乳业", "1.600597"), mention(TEXT1, "上证指数", "1.000001"))
    d2 = doc(2, TEXT2, mention(TEXT2, "中芯国际", "1.688981"), mention(TEXT2, "芯片股", "90.BK1036"))
    res = evaluate([d1, d2], SMALL)
    m = res.mention_by_kind
    assert (m["stock"].tp, m["stock"].fp, m["stock"].fn) == (2, 0, 1)
    assert (m["index"].tp, m["index"].fp, m["index"].fn) == (1, 0, 0)
    assert (m["board"].tp, m["board"].fp, m["board"].fn) == (0, 1, 1)  # right secid, wrong surface
    e = res.entity_by_kind
    assert (e["stock"].tp, e["index"].tp, e["board"].tp, e["board"].fp) == (2, 1, 1, 0)
    assert res.metrics()["mention/board"]["f1"] == 0.0
    assert res.mention.tp == sum(s.tp for s in m.values())


def test_unlocatable_occurrence() -> None:
    d = doc(3, TEXT3, mention(TEXT3, "腾讯", "116.00700"))
    res = evaluate([d], SMALL)
    (errs,) = res.errors
    assert [g.occurrence for g in errs.unlocatable] == [3]
    assert res.unlocatable[0][0] == "2021-12-08-3.md"
    assert res.mention.tp == 1  # the multiset of (surface, secid) pairs still agrees
    assert "UNLOCATABLE '腾讯' 116.00700 occurrence 3" in format_report(res)
    res_empty = evaluate([doc(3, TEXT3)], SMALL)
    (fn,) = res_empty.errors[0].false_negatives
    assert fn.start is None and "occurrence 3 unlocatable" in format_report(res_empty)


def test_empty_and_report_truncation() -> None:
    res = evaluate([], SMALL)
    assert res.scored == 0 and res.mention.f1 == 1.0 and len(res.missing) == 3
    res2 = evaluate([doc(1, TEXT1), doc(2, TEXT2)], SMALL)
    assert res2.mention.precision == 0.0 and res2.mention.recall == 0.0
    report = format_report(res2, max_errors=1)
    assert "== 2021-12-08-1.md" in report and "== 2021-12-08-2.md" not in report
    assert "1 more files with errors" in report


def test_tag_masked_recall_with_exclude() -> None:
    text = "光明乳业和复旦大学，半导体板块走强。"
    tags = (mention(text, "光明乳业", "1.600597", method="tag"), mention(text, "复旦", "1.600624", method="tag",
            kind="stock"), mention(text, "半导体板块", "90.BK1036", method="tag"))
    tagged = Document(article_id="t", path="v/sql-row22.html", text=text, mentions=tags)
    masked = Document(article_id="t", path="v/sql-row22.html", text=text,
                      mentions=(mention(text, "光明乳业", "1.600597"), mention(text, "半导体", "90.BK1036")))
    res = tag_masked_recall([(tagged, masked)])
    assert (res.found, res.total, res.excluded) == (1, 3, 0)
    assert res.by_kind == {"board": (0, 1), "stock": (1, 2)}
    assert [m.tag.surface for m in res.misses] == ["复旦", "半导体板块"]
    assert res.misses[1].found[0].surface == "半导体" and res.misses[0].article == "sql-row22.html"

    def inside_university(d: Document, m: Mention) -> bool:
        return d.text[m.end:m.end + 2] == "大学"

    res2 = tag_masked_recall([(tagged, masked)], exclude=inside_university)
    assert (res2.found, res2.total, res2.excluded) == (1, 2, 1)
    assert res2.recall == 0.5 and res2.by_kind["stock"] == (1, 1)
    with pytest.raises(UsageError, match="texts differ"):
        tag_masked_recall([(tagged, Document(article_id="t", text=text + "。"))])
