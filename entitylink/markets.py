"""Eastmoney market ids and the shapes of security codes.

Imports nothing of entitylink. It sits at the top level because ``read/`` (the publishers'
tags) needs it as much as the later rooms.

A security is named by Eastmoney's ``secid``: ``<market>.<code>`` such as
``1.600597`` (Shanghai), ``0.300024`` (Shenzhen), ``0.920799`` (Beijing),
``116.00700`` (Hong Kong), ``105.AAPL`` (NASDAQ) or ``90.BK0922`` (a board).
Market ids come from ``shared/reference/eastmoney_market_ids.csv``; the code
shape rules (``60``/``68`` Shanghai, ``00``/``30`` Shenzhen, ``92``/``43``/``83``/``87``
Beijing, ...) from the exchanges' numbering.

    >>> parse_secid("1.600597").exchange
    'SH'
"""

from __future__ import annotations

from typing import NamedTuple

import regex

# market id -> (exchange, kind). Exchange and kind of markets 0 and 1 depend on
# the code as well; see ``parse_secid``.
MARKETS: dict[int, tuple[str, str]] = {
    0: ("SZ", "stock"),
    1: ("SH", "stock"),
    2: ("CSI", "index"),
    47: ("CSI", "index"),
    8: ("CFFEX", "future"),
    90: ("EM", "board"),
    100: ("GLOBAL", "index"),
    105: ("US", "stock"),
    106: ("US", "stock"),
    107: ("US", "stock"),
    113: ("SHFE", "future"),
    114: ("DCE", "future"),
    115: ("CZCE", "future"),
    116: ("HK", "stock"),
    124: ("HK", "index"),
    125: ("HK", "index"),
    305: ("HK", "index"),
    142: ("INE", "future"),
    153: ("US", "stock"),
    155: ("LSE", "stock"),
    156: ("LSE", "stock"),
    225: ("GFEX", "future"),
}

# The old Eastmoney markup (2016, mobile site) writes ``stock_<code><digit>``:
# the last digit names the market.
OLD_MARKET_DIGIT: dict[str, int] = {"1": 1, "2": 0, "5": 116, "7": 105}

_SECID = regex.compile(r"(\d{1,3})\.([A-Za-z0-9_]{1,16})")
_BOARD_CODE = regex.compile(r"BK\d{4}")
_SIX_DIGITS = regex.compile(r"\d{6}")
_FIVE_DIGITS = regex.compile(r"\d{5}")
_BJ_PREFIXES = ("92", "43", "83", "87", "88")


class SecidParts(NamedTuple):
    """What a secid says about a security."""

    secid: str
    market: int
    code: str
    exchange: str
    kind: str


def parse_secid(secid: str) -> SecidParts:
    """Split and describe a secid; ``ValueError`` if it is not one we know.

    >>> parse_secid("0.920799")
    SecidParts(secid='0.920799', market=0, code='920799', exchange='BJ', kind='stock')
    """
    m = _SECID.fullmatch(secid.strip())
    if not m:
        raise ValueError(f"not a secid (<market>.<code>): {secid!r}")
    market, code = int(m.group(1)), m.group(2)
    if market not in MARKETS:
        raise ValueError(f"unknown Eastmoney market id {market} in {secid!r}")
    exchange, kind = MARKETS[market]
    if market == 90 and not _BOARD_CODE.fullmatch(code):
        raise ValueError(f"board code is not BK and four digits: {secid!r}")
    if market in (0, 1):
        if not _SIX_DIGITS.fullmatch(code):
            raise ValueError(f"A-share market code is not six digits: {secid!r}")
        exchange, kind = _describe_cn(market, code)
    if market == 116 and not _FIVE_DIGITS.fullmatch(code):
        raise ValueError(f"Hong Kong code is not five digits: {secid!r}")
    return SecidParts(f"{market}.{code}", market, code, exchange, kind)


def _describe_cn(market: int, code: str) -> tuple[str, str]:
    if market == 1:
        if code.startswith("000"):
            return "SH", "index"
        if code.startswith("5"):
            return "SH", "fund"
        if code.startswith(("01", "02", "1", "2")):
            return "SH", "bond"
        return "SH", "stock"
    if code.startswith("399"):
        return "SZ", "index"
    if code.startswith("899"):
        return "BJ", "index"
    if code.startswith(_BJ_PREFIXES):
        return "BJ", "stock"
    if code.startswith(("15", "16", "18")):
        return "SZ", "fund"
    if code.startswith(("10", "11", "12", "13")):
        return "SZ", "bond"
    return "SZ", "stock"


def market_of_cn_code(code: str) -> int | None:
    """Eastmoney market of a six-digit A/B-share stock code, from its shape.

    ``000001`` is read as the Shenzhen stock (平安银行), not the Shanghai index.

    >>> market_of_cn_code("600597"), market_of_cn_code("300024")
    (1, 0)
    """
    if not _SIX_DIGITS.fullmatch(code):
        return None
    if code.startswith(("60", "68", "90")):
        return 1
    if code.startswith(("00", "30", "20")) or code.startswith(_BJ_PREFIXES):
        return 0
    return None


def secid_from_old_id(digits: str) -> str | None:
    """Secid of the old markup's ``stock_<code><market digit>`` ids.

    >>> secid_from_old_id("3001042"), secid_from_old_id("013855")
    ('0.300104', '116.01385')
    """
    if not digits.isdigit() or len(digits) not in (6, 7):
        return None
    code, digit = digits[:-1], digits[-1]
    market = OLD_MARKET_DIGIT.get(digit)
    if market is None:
        return None
    if market in (0, 1) and len(code) == 6:
        return f"{market}.{code}"
    if market == 116 and len(code) == 5:
        return f"116.{code}"
    return None
