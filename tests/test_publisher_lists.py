"""Publisher lists read into Eastmoney secids: hand-written records of each shape."""

from __future__ import annotations

import pytest

from entitylink.tools import publisher_lists as pl


def test_eastmoney_secids_kept_and_unknown_markets_counted():
    rec = {"source": "eastmoney", "raw": {"stockList": [
        "1.600519", "0.000858", "116.00700", "105.NVDA", "90.BK0922", "0.159915",
        "150.123456", "1007.BK000001", "0.12", 42, "1.600519"]}}
    got = pl.from_record(rec)
    assert got.shape == "eastmoney"
    assert got.entries == [("1.600519", None), ("0.000858", None), ("116.00700", None),
                           ("105.NVDA", None), ("90.BK0922", None), ("0.159915", None)]
    assert [why for _, why in got.skipped] == [
        "unknown market 150", "unknown market 1007", "bad code", "not a string"]


def test_cls_prefixes_beijing_suffix_and_indexes():
    rec = {"source": "cls", "raw": {"stock_list": [
        {"StockID": "sh600519", "name": "贵州茅台"},
        {"StockID": "sz000001", "name": "平安银行"},
        {"StockID": "920123.BJ", "name": "某北交所"},
        {"StockID": "sz399006", "name": "创业板指"},
        {"StockID": "sh000001", "name": "上证指数"},
        {"StockID": "xx1", "name": "坏"},
        "not an object",
    ]}}
    got = pl.from_record(rec)
    assert got.entries == [("1.600519", "贵州茅台"), ("0.000001", "平安银行"), ("0.920123", "某北交所"),
                           ("0.399006", "创业板指"), ("1.000001", "上证指数")]
    assert [pl.market_group(s) for s in got.secids] == ["A", "A", "A", "index", "index"]
    assert [why for _, why in got.skipped] == ["unknown code", "not an object"]


def test_ths_markets():
    rec = {"source": "ths", "raw": {"stock": [
        {"name": "甲", "stockCode": "600000", "stockMarket": "17"},
        {"name": "乙", "stockCode": "300001", "stockMarket": "33"},
        {"name": "丙", "stockCode": "920001", "stockMarket": "151"},
        {"name": "腾讯控股", "stockCode": "HK0700", "stockMarket": "177"},
        {"name": "创业板股", "stockCode": "HK8001", "stockMarket": "178"},
        {"name": "英伟达", "stockCode": "NVDA", "stockMarket": "185"},
        {"name": "小票", "stockCode": "ABCD", "stockMarket": "186"},
        {"name": "阿里巴巴", "stockCode": "BABA", "stockMarket": "169"},
        {"name": "美交所", "stockCode": "XYZ", "stockMarket": "170"},
        {"name": "沪金", "stockCode": "au9999", "stockMarket": "65"},
        {"name": "期指", "stockCode": "IF9999", "stockMarket": "129"},
        {"name": "三板", "stockCode": "870001", "stockMarket": "145"},
        {"name": "火星", "stockCode": "ZZZ", "stockMarket": "999"},
        {"name": "坏", "stockCode": "12", "stockMarket": "17"},
        {"name": "无码", "stockMarket": "17"},
    ]}}
    got = pl.from_record(rec)
    assert got.entries == [
        ("1.600000", "甲"), ("0.300001", "乙"), ("0.920001", "丙"), ("116.00700", "腾讯控股"),
        ("116.08001", "创业板股"), ("105.NVDA", "英伟达"), ("105.ABCD", "小票"), ("106.BABA", "阿里巴巴"),
        ("107.XYZ", "美交所")]
    assert [why for _, why in got.skipped] == [
        "future", "future", "NEEQ (not listed)", "unknown stockMarket 999", "bad code for stockMarket 17",
        "no stockCode"]
    assert [pl.market_group(s) for s in got.secids] == ["A", "A", "A", "HK", "HK", "US", "US", "US", "US"]


@pytest.mark.parametrize("code, secid", [
    ("1.600519", "1.600519"), ("116.00700", "116.00700"), ("90.BK0922", "90.BK0922"),
    ("sh600519", "1.600519"), ("SZ000001", "0.000001"), ("bj920001", "0.920001"),
    ("600519.SH", "1.600519"), ("600519.SS", "1.600519"), ("000001.SZ", "0.000001"),
    ("920001.BJ", "0.920001"), ("00700.HK", "116.00700"), ("700.HK", "116.00700"), ("HK0700", "116.00700"),
    ("AAPL.O", "105.AAPL"), ("BABA.N", "106.BABA"), ("XYZ.A", "107.XYZ"), ("NASDAQ:AAPL", "105.AAPL"),
    ("NYSE: BABA", "106.BABA"), ("BK0922", "90.BK0922"), ("600519", "1.600519"), ("300750", "0.300750"),
    ("AAPL", None), ("AAPL.US", None), ("", None), ("123456", None), ("hello world", None),
])
def test_secid_of_code(code, secid):
    assert pl.secid_of_code(code) == secid


def test_secid_of_code_us_market_for_bare_tickers():
    assert pl.secid_of_code("AAPL", us_market=105) == "105.AAPL"
    assert pl.secid_of_code("AAPL.US", us_market=105) == "105.AAPL"
    assert pl.secid_of_code("BABA.N", us_market=105) == "106.BABA"  # the written exchange wins


def test_generic_codes_and_objects():
    rec = {"id": "x", "related": ["sh600519", {"code": "00700.HK", "name": "腾讯"}, {"secid": "105.AAPL"},
                                  {"code": "", "name": "空"}, 3.5, "???"],
           "raw": {"codes": ["BK0922"]}}
    got = pl.from_codes(rec, "related")
    assert got.shape == "generic"
    assert got.entries == [("1.600519", None), ("116.00700", "腾讯"), ("105.AAPL", None)]
    assert [why for _, why in got.skipped] == ["no code", "not a code or object", "unknown code"]
    assert pl.from_codes(rec, "raw.codes").entries == [("90.BK0922", None)]
    assert pl.from_codes(rec, "missing").entries == []
    assert pl.from_record(rec, field_name="related").entries == got.entries


@pytest.mark.parametrize("record", [
    None, "a string", [], {}, {"source": "cls"}, {"source": "cls", "raw": "x"},
    {"source": "ths", "raw": {"stock": "HK0700"}}, {"source": "eastmoney", "raw": {"stockList": None}},
    {"raw": {"other": 1}}, {"source": "cls", "raw": {"stock_list": [{"StockID": None}]}},
])
def test_unknown_shapes_never_raise(record):
    got = pl.from_record(record)
    assert got.entries == []


def test_not_a_list_is_counted():
    got = pl.from_record({"source": "ths", "raw": {"stock": "HK0700"}})
    assert got.skipped and got.skipped[0][1] == "stock is not a list"
    assert pl.from_record({"id": 1}).shape is None


def test_groups_and_us_key():
    assert pl.market_group("1.900901") == "A"  # B shares count with A
    assert pl.market_group("0.000001") == "A"
    assert pl.market_group("1.000300") == "index"
    assert pl.market_group("1.510300") == "fund"
    assert pl.market_group("0.123456") == "bond"
    assert pl.market_group("113.au2412") == "future"
    assert pl.market_group("garbage") == "other"
    assert pl.us_key("105.WMT") == pl.us_key("106.WMT") == "US.WMT"
    assert pl.us_key("116.00700") == "116.00700"


def test_strip_name_suffix():
    assert pl.strip_name_suffix("美团-W") == "美团"
    assert pl.strip_name_suffix("腾讯控股") == "腾讯"
    assert pl.strip_name_suffix("中国移动") == "中国移动"
    assert pl.strip_name_suffix("集团") == "集团"  # never below two characters
