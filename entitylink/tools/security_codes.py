"""Security codes as publishers write them, read as Eastmoney secids, and the groups a comparison reports.

:func:`secid_of_code` reads a written code: a secid (``"1.600519"``), an exchange prefix
(``"sh600519"``, ``"HK0700"``), an exchange suffix (``"600519.SH"``, ``"00700.HK"``,
``"920576.BJ"``, ``"AAPL.O"``, ``"BABA.N"``), an exchange word (``"NASDAQ:AAPL"``), a board code
(``"BK0922"``) or a bare six-digit A-share code (market from its shape). :func:`market_group`
sorts a secid into ``A``, ``HK``, ``US``, ``index`` and the rest; :func:`us_key` folds the US
exchanges; :func:`strip_name_suffix` drops the listing suffixes news leaves out.

Imports: only :mod:`entitylink.markets`. :mod:`entitylink.tools.publisher_lists` (the
publishers' list shapes) uses the private readers here and re-exports the public names.

    >>> secid_of_code("HK0700"), secid_of_code("BABA.N"), secid_of_code("920576.BJ")
    ('116.00700', '106.BABA', '0.920576')
"""

from __future__ import annotations

import re

from entitylink.markets import MARKETS, market_of_cn_code, parse_secid

__all__ = ["EQUITY_GROUPS", "market_group", "secid_of_code", "strip_name_suffix", "us_key"]

EQUITY_GROUPS = ("A", "HK", "US")

_CN_PREFIX = re.compile(r"(?i)(sh|sz|bj)(\d{6})")
_CN_SUFFIX = re.compile(r"(?i)(\d{6})\.(sh|ss|sz|bj)")
_HK_PREFIX = re.compile(r"(?i)hk(\d{1,5})")
_HK_SUFFIX = re.compile(r"(?i)(\d{1,5})\.hk")
_US_SUFFIX = re.compile(r"([A-Za-z][A-Za-z0-9]{0,5}(?:[.-][A-Za-z])?)\.(O|OQ|N|A|AM|US)")
_US_WORD = re.compile(r"(?i)(nasdaq|nyse\s*american|nyse\s*arca|nyse|amex)\s*[:：]\s*([A-Za-z][A-Za-z0-9.-]{0,7})")
_TICKER = re.compile(r"[A-Z][A-Z0-9]{0,5}(?:[.-][A-Z])?")
_BOARD = re.compile(r"(?i)bk\d{4}")
_SIX = re.compile(r"\d{6}")
_US_SUFFIX_MARKET = {"O": 105, "OQ": 105, "N": 106, "A": 107, "AM": 107}
_US_WORD_MARKET = {"nasdaq": 105, "nyse": 106, "nysearca": 107, "nyseamerican": 107, "amex": 107}
_CN_EXCHANGE_MARKET = {"sh": 1, "ss": 1, "sz": 0, "bj": 0}

# Name suffixes the HK and US listings carry that the news leaves out.
_NAME_SUFFIXES = ("-SW", "-WR", "-W", "-S", "-B", "-A", "-C", "-R", "-H", "股份有限公司", "有限公司",
                  "公司", "集团", "控股", "股份")



def _valid(secid: str) -> str | None:
    try:
        return parse_secid(secid).secid
    except ValueError:
        return None


def _cn(code: str, market: int | None = None) -> str | None:
    if market is None:
        market = market_of_cn_code(code)
        if market is None:
            return None
    return _valid(f"{market}.{code}")


def _hk(digits: str) -> str | None:
    return _valid(f"116.{int(digits):05d}") if digits.isdigit() and int(digits) > 0 else None


def secid_of_code(code: str, *, us_market: int | None = None) -> str | None:
    """The Eastmoney secid a written code stands for, or ``None``.

    ``us_market`` (105, 106 or 107) is used for a US ticker written without its
    exchange (``AAPL``, ``AAPL.US``); without it such a ticker gives ``None``.

    >>> secid_of_code("sz000001"), secid_of_code("600519.SS"), secid_of_code("00700.HK")
    ('0.000001', '1.600519', '116.00700')
    >>> secid_of_code("AAPL.O"), secid_of_code("NYSE:BABA"), secid_of_code("AAPL")
    ('105.AAPL', '106.BABA', None)
    >>> secid_of_code("BK0922"), secid_of_code("000001"), secid_of_code("sh000001")
    ('90.BK0922', '0.000001', '1.000001')
    """
    if not isinstance(code, str):
        return None
    c = code.strip()
    if not c:
        return None
    if "." in c and c.split(".", 1)[0].isdigit() and len(c.split(".", 1)[0]) <= 4:
        got = _valid(c)
        if got:
            return got
    if m := _CN_PREFIX.fullmatch(c):
        return _cn(m.group(2), _CN_EXCHANGE_MARKET[m.group(1).lower()])
    if m := _CN_SUFFIX.fullmatch(c):
        return _cn(m.group(1), _CN_EXCHANGE_MARKET[m.group(2).lower()])
    if m := _HK_PREFIX.fullmatch(c):
        return _hk(m.group(1))
    if m := _HK_SUFFIX.fullmatch(c):
        return _hk(m.group(1))
    if _BOARD.fullmatch(c):
        return _valid("90." + c.upper())
    if _SIX.fullmatch(c):
        return _cn(c)
    if m := _US_WORD.fullmatch(c):
        word = re.sub(r"\s+", "", m.group(1).lower())
        return _valid(f"{_US_WORD_MARKET[word]}.{m.group(2).upper()}")
    if m := _US_SUFFIX.fullmatch(c):
        market = _US_SUFFIX_MARKET.get(m.group(2).upper(), us_market)
        return _valid(f"{market}.{m.group(1).upper()}") if market else None
    if us_market and _TICKER.fullmatch(c):
        return _valid(f"{us_market}.{c}")
    return None


def market_group(secid: str) -> str:
    """``A``, ``HK``, ``US``, ``index``, ``fund``, ``bond``, ``board``, ``future`` or ``other``.

    >>> [market_group(s) for s in ("0.920576", "1.000001", "116.00700", "106.BABA", "90.BK0922")]
    ['A', 'index', 'HK', 'US', 'board']
    >>> market_group("153.XIACY"), market_group("150.014238")
    ('other', 'other')
    """
    try:
        parts = parse_secid(secid)
    except ValueError:
        return "other"
    if parts.market in (0, 1):
        return "A" if parts.kind == "stock" else parts.kind
    if parts.market == 116:
        return "HK"
    if parts.market in (105, 106, 107):
        return "US"
    kind = MARKETS[parts.market][1]
    return kind if kind in ("index", "board", "future") else "other"


def us_key(secid: str) -> str:
    """The secid with the US exchange folded (``105.WMT``, ``106.WMT`` -> ``US.WMT``).

    Eastmoney's split of US listings into 105/106/107 follows the exchange, which
    a company can change (Walmart moved to NASDAQ in 2025); comparing by ticker
    keeps such a move from counting as a disagreement.

    >>> us_key("106.WMT"), us_key("1.600519")
    ('US.WMT', '1.600519')
    """
    market, _, code = secid.partition(".")
    return f"US.{code}" if market in ("105", "106", "107") else secid


def strip_name_suffix(name: str) -> str:
    """A listed name without the listing suffixes news leaves out.

    >>> strip_name_suffix("小米集团-W"), strip_name_suffix("京东集团-SW"), strip_name_suffix("网易-S")
    ('小米', '京东', '网易')
    """
    s = name.strip()
    changed = True
    while changed:
        changed = False
        for suf in _NAME_SUFFIXES:
            if s.endswith(suf) and len(s) - len(suf) >= 2:
                s = s[: -len(suf)].rstrip()
                changed = True
                break
    return s
