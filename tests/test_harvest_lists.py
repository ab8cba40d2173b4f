"""entitylink dict harvest --lists: publisher lists aligned with the names the text uses.

Records are hand-written in each publisher's shape (not copied from the corpus); one test
reads a real flash day from ../shared/corpus/flash when it is there.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from entitylink.cli import main
from entitylink.knowledge.dictionary import COLUMNS, Dictionary
from entitylink.tools.harvest import LIST_COLUMNS, ListHarvest, harvest_lists

DICT_CSV = ",".join(COLUMNS) + """
1.600597,stock,光明乳业,光明乳业,name,0,,,test
1.600597,stock,光明乳业,光明,short_form,1,,,test
116.00700,stock,腾讯控股,腾讯控股,name,0,,,test
116.00700,stock,腾讯控股,腾讯,short_form,0,,,test
105.AAPL,stock,苹果,苹果,name,1,,,test
105.AAPL,stock,苹果,Apple,english,0,,,test
1.600519,stock,贵州茅台,茅台,short_form,0,,,test
"""

EASTMONEY = {"source": "eastmoney", "id": "e1", "date": "2026-06-02", "title": "光明乳业涨停",
             "content": "光明乳业午后涨停。光明集团旗下资产注入预期升温。",
             "raw": {"stockList": ["1.600597", "90.BK0922", "999.123456"]}}
CLS = {"source": "cls", "id": "c1", "date": "2026-06-01", "title": "白酒拉升",
       "content": "【白酒拉升】茅台午后拉升，贵州茅台涨超3%，平安银行跟涨。",
       "raw": {"stock_list": [{"StockID": "sh600519", "name": "贵州茅台"}, {"StockID": "sz000001", "name": "平安银行"}]}}
THS = {"source": "ths", "id": "t1", "date": "2026-06-03", "title": "",
       "content": "港股腾讯盘中涨2%，腾讯控股成交额居前；苹果(AAPL)盘前微跌。",
       "raw": {"stock": [{"name": "腾讯控股", "stockCode": "HK0700", "stockMarket": "177"},
                         {"name": "苹果", "stockCode": "AAPL", "stockMarket": "185"},
                         {"name": "沪金", "stockCode": "au9999", "stockMarket": "65"}]}}
GENERIC = {"id": 42, "date": "2026-06-04 09:30:00", "text": "Apple与光明乳业宣布合作。",
           "codes": ["AAPL.O", {"code": "600597.SH", "name": "光明乳业"}, "nonsense"]}


@pytest.fixture
def dictionary(tmp_path) -> Dictionary:
    p = tmp_path / "d.csv"
    p.write_text(DICT_CSV, encoding="utf-8")
    return Dictionary.from_csv(p, replace=True)


def _pairs(rows):
    return [(r["secid"], r["name"], r["count"], r["days"], r["first_date"], r["publishers"], r["in_dictionary"])
            for r in rows]


def test_eastmoney_stocklist(dictionary):
    # secids without names: the dictionary's names are looked for; 光明 inside 光明乳业 is not counted
    # again, but 光明 on its own (光明集团) is; the board and the unknown market are not in the text
    rows = harvest_lists([EASTMONEY], dictionary)
    # (rows by secid, count (most first), then name in code point order)
    assert _pairs(rows) == [
        ("1.600597", "光明", 1, 1, "2026-06-02", "Eastmoney", "yes"),
        ("1.600597", "光明乳业", 1, 1, "2026-06-02", "Eastmoney", "yes"),
    ]
    assert rows[1]["example"] == "光明乳业涨停 光明乳业午后涨停。光明集团旗下资产注入预期升温。"  # title and content, one line


def test_cls_stock_list(dictionary):
    rows = harvest_lists([CLS], dictionary)
    # the listed name (also the dictionary's name) and the dictionary's short form are both in the
    # text; 平安银行 is a security the dictionary does not know
    assert _pairs(rows) == [
        ("0.000001", "平安银行", 1, 1, "2026-06-01", "CLS", "no"),
        ("1.600519", "茅台", 1, 1, "2026-06-01", "CLS", "yes"),
        ("1.600519", "贵州茅台", 1, 1, "2026-06-01", "CLS", "yes"),
    ]
    assert rows[1]["listed_as"] == "贵州茅台"
    assert rows[1]["example"] == "【白酒拉升】茅台午后拉升，贵州茅台涨超3%，平安银行跟涨。"  # the title is in the content: once


def test_ths_stock(dictionary):
    h = ListHarvest(dictionary)
    h.add(THS)
    assert _pairs(h.rows()) == [
        ("105.AAPL", "苹果", 1, 1, "2026-06-03", "10jqka", "yes"),
        ("116.00700", "腾讯", 1, 1, "2026-06-03", "10jqka", "yes"),
        ("116.00700", "腾讯控股", 1, 1, "2026-06-03", "10jqka", "yes"),
    ]
    assert h.not_read == {"future": 1}
    # --market keeps one group
    h = ListHarvest(dictionary, groups=["HK"])
    h.add(THS)
    assert {r["secid"] for r in h.rows()} == {"116.00700"}


def test_generic_field(dictionary):
    rows = harvest_lists([GENERIC], dictionary, list_field="codes")
    # no source: no publisher; the date is cut to the day; the id is the item
    assert _pairs(rows) == [
        ("1.600597", "光明乳业", 1, 1, "2026-06-04", "", "yes"),
        ("105.AAPL", "Apple", 1, 1, "2026-06-04", "", "yes"),
    ]
    # a dotted path reaches inside; the same record read twice is one item
    nested = {**GENERIC, "codes": None, "meta": {"codes": GENERIC["codes"]}}
    rows = harvest_lists([nested, nested], dictionary, list_field="meta.codes")
    assert [r["count"] for r in rows] == [1, 1]


def test_counts_over_items_and_days(dictionary):
    later = {**CLS, "id": "c2", "date": "2026-06-05", "content": "贵州茅台公告。"}
    same_day = {**CLS, "id": "c3", "source": "ths", "raw": {"stock": [{"name": "贵州茅台", "stockCode": "600519",
                                                                         "stockMarket": "17"}]}}
    rows = harvest_lists([later, CLS, same_day], dictionary)
    (moutai,) = [r for r in rows if r["name"] == "贵州茅台"]
    assert (moutai["count"], moutai["days"], moutai["first_date"], moutai["last_date"], moutai["publishers"]) == (
        3, 2, "2026-06-01", "2026-06-05", "CLS|10jqka")  # by source id (cls, ths)
    assert moutai["example"].startswith("【白酒拉升】")  # the first item by (date, id)


def _dump(path: Path, records, gz=False) -> Path:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_cli_lists(dictionary, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(Dictionary, "default", classmethod(lambda cls: dictionary))
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    _dump(feeds / "a.jsonl.gz", [EASTMONEY, CLS], gz=True)
    (feeds / "b.jsonl").write_text(json.dumps(THS, ensure_ascii=False) + "\n{broken\n\n", encoding="utf-8")
    out = tmp_path / "review.csv"
    assert main(["dict", "harvest", "--lists", str(feeds), "-o", str(out)]) == 1  # the broken line
    err = capsys.readouterr().err
    assert f"{feeds / 'b.jsonl'}:2: not JSON" in err
    assert err.strip().splitlines()[-1] == "3 records read, 1 failed, 3 with a list, 0 without text, 8 (secid, name) pairs"
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert tuple(rows[0]) == LIST_COLUMNS
    assert [(r["secid"], r["name"]) for r in rows] == [
        ("0.000001", "平安银行"), ("1.600519", "茅台"), ("1.600519", "贵州茅台"), ("1.600597", "光明"), ("1.600597", "光明乳业"),
        ("105.AAPL", "苹果"), ("116.00700", "腾讯"), ("116.00700", "腾讯控股")]
    # the generic field, from stdin
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(json.dumps(GENERIC).encode())))
    assert main(["dict", "harvest", "--list-field", "codes", "-", "--market", "US"]) == 0
    got = capsys.readouterr().out.splitlines()
    assert got[0] == ",".join(LIST_COLUMNS) and [ln.split(",")[:2] for ln in got[1:]] == [["105.AAPL", "Apple"]]
    # --market belongs to --lists; an empty field name is refused
    assert main(["dict", "harvest", str(feeds), "--market", "US"]) == 2
    assert main(["dict", "harvest", str(feeds), "--list-field", " "]) == 2


def test_real_flash_day(corpus_dir):
    """One day of the three publishers: every row's name is in its example and the counts hang together."""
    flash = corpus_dir / "flash"
    files = sorted(flash.glob("*-2026-06-01.jsonl.gz"))
    if len(files) != 3:
        pytest.skip("the 2026-06-01 flash files are not in the corpus")
    from entitylink.tools.harvest import iter_records

    h = ListHarvest(Dictionary.default())
    for path, line, rec in iter_records([str(f) for f in files]):
        assert not isinstance(rec, str), (path, line, rec)
        h.add(rec)
    rows = h.rows()
    assert h.records > 1000 and h.listing > 500 and len(rows) > 300
    for r in rows:
        assert r["name"] in r["example"] and len(r["example"]) <= 80
        assert r["count"] >= 1 and r["days"] == 1 and r["first_date"] == r["last_date"] == "2026-06-01"
        assert set(r["publishers"].split("|")) <= {"CLS", "10jqka", "Eastmoney"}
        assert r["in_dictionary"] in ("yes", "no") or r["in_dictionary"].startswith("other:")
    # most names the publishers' items write are already the dictionary's; all three publishers are seen
    assert sum(r["in_dictionary"] == "yes" for r in rows) / len(rows) > 0.8
    assert {p for r in rows for p in r["publishers"].split("|")} == {"CLS", "10jqka", "Eastmoney"}
    assert ("1.600519", "贵州茅台") in {(r["secid"], r["name"]) for r in rows}
