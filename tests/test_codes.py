"""Codes written in text."""

from __future__ import annotations

import pytest

from entitylink.link.codes import find_codes

KNOWN = {"1.600597", "1.600519", "0.002456", "116.00700", "116.03868", "105.INTC", "106.CS"}


def hits(text: str):
    return [(h.surface, h.secid, h.explicit) for h in find_codes(text, KNOWN.__contains__)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("光明乳业(600597.SH)", [("600597.SH", "1.600597", True)]),
        ("光明乳业（SH600597）", [("SH600597", "1.600597", True)]),
        ("贵州茅台(600519)盘中涨逾2%", [("600519", "1.600519", False)]),
        ("（股票代码：600597）", [("600597", "1.600597", True)]),
        ("腾讯控股(00700.HK)", [("00700.HK", "116.00700", True)]),
        ("银娱(0027.HK)", [("0027.HK", "116.00027", True)]),  # known shape, unknown to the dictionary
        ("信义能源(03868)", [("03868", "116.03868", False)]),
        ("英特尔(INTC.O)", [("INTC.O", "105.INTC", True)]),
        ("瑞士信贷(CS.N)", [("CS.N", "106.CS", True)]),
        ("(NASDAQ: INTC)", [("INTC", "105.INTC", True)]),
    ],
)
def test_codes(text: str, expected) -> None:
    from entitylink.knowledge.normalize import fold_text

    assert hits(fold_text(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "营收(123456)万元",  # a bracketed number that is no known code
        "2021年(2021)",
        "收入600597元",  # a bare number without brackets or label
        "订单号A600597.SH1",  # glued to letters and digits
    ],
)
def test_numbers_that_are_not_codes(text: str) -> None:
    assert hits(text) == []


def test_bracketed_tickers_only_when_known() -> None:
    known = {"106.BABA"}.__contains__
    assert [(h.surface, h.secid) for h in find_codes("阿里巴巴(BABA)", known)] == [("BABA", "106.BABA")]
    assert find_codes("首席执行官(CEO)表示", known) == []
