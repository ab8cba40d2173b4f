"""Security codes written in article text: ``600597``, ``600597.SH``, ``SH600597``,
``00700.HK``, ``INTC.O``, ``(BABA)``, ``（股票代码：600597）``.

A bare number is only a code where the text makes it one: in brackets right
after a name, after 股票代码/证券代码, or with an exchange prefix or suffix. The
finder works on folded text (full-width brackets and letters already folded).

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
only ``markets``.

    >>> [(h.surface, h.secid) for h in find_codes("贵州茅台(600519)", known=lambda s: True)]
    [('600519', '1.600519')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from entitylink.markets import market_of_cn_code


@dataclass(frozen=True, slots=True)
class CodeHit:
    """A code found in text: ``[start, end)`` is the code itself, brackets excluded."""

    start: int
    end: int
    surface: str
    secid: str
    explicit: bool  # an exchange prefix/suffix or a 代码 label says it is a code
    in_brackets: bool


_CN_PREFIXED = regex.compile(r"(?<![A-Za-z0-9])(?:(?i:(SH|SZ|BJ))(\d{6})|(\d{6})\.(?i:(SH|SZ|BJ|SS)))(?![A-Za-z0-9])")
_HK = regex.compile(r"(?<![A-Za-z0-9.])(\d{4,5})\.(?i:HK)(?![A-Za-z0-9])")
_US_SUFFIX = regex.compile(r"(?<![A-Za-z0-9.])([A-Z]{1,5})\.(O|OQ|N|A)(?![A-Za-z0-9])")
# Every pattern runs in linear time on any text: repeats are bounded or possessive (``*+``
# gives back nothing, so ``代码`` + 80,000 wide spaces is one scan, not 80,000^2 / 2 tries;
# whitespace is never followed by more whitespace in a pattern, so the matches are the same).
# tests/test_linear_time.py times each on adversarial inputs.
_LABELLED = regex.compile(r"(?:股票|证券|公司|A股|H股|港股)?代码\s*+(?:[:：]\s*+)?(\d{6}|\d{5})(?![0-9])")
_BRACKETED = regex.compile(r"[(\[【]\s*+(\d{6}|\d{5})\s*+[)\]】]")
_TICKER_BRACKETED = regex.compile(r"[(\[]\s*+([A-Z]{2,5})\s*+[)\]]")
_US_BRACKETED = regex.compile(r"[(\[]\s*+(?:NASDAQ|NYSE|AMEX|纳斯达克|纽交所)\s*+[:：]\s*+([A-Z]{1,5})\s*+[)\]]")

# What each pattern cannot do without: a scan for these skips most patterns in most articles,
# and so does a look for the literal characters a pattern needs (``.H`` or ``.h`` of ``.HK``: no
# other character matches H case-insensitively) before its scan.
_FOUR_DIGITS = regex.compile(r"\d{4}")
_FIVE_DIGITS = regex.compile(r"\d{5}")
_UPPER = regex.compile(r"[A-Z]")
_US_EXCHANGES = ("NASDAQ", "NYSE", "AMEX", "纳斯达克", "纽交所")  # one of them is in _US_BRACKETED

_CN_MARKET = {"SH": 1, "SS": 1, "SZ": 0, "BJ": 0}
_US_MARKET = {"O": 105, "OQ": 105, "N": 106, "A": 107}


def find_codes(text: str, known: Callable[[str], bool]) -> list[CodeHit]:
    """Every code in ``text``, sorted by offset; ``known(secid)`` says whether a secid exists.

    Codes whose shape names the market (``600597.SH``, ``00700.HK``, ``INTC.O``)
    are returned even when ``known`` does not know them; bare numbers only when
    it does, so a number in brackets that is no listed code stays a number.
    """
    hits: dict[int, CodeHit] = {}
    four = _FOUR_DIGITS.search(text)
    upper = _UPPER.search(text) is not None
    if not four and not upper:
        return []
    five = bool(four) and _FIVE_DIGITS.search(text, four.start()) is not None
    bracket = "(" in text or "[" in text

    def add(hit: CodeHit) -> None:
        if hit.start not in hits:
            hits[hit.start] = hit

    for m in _CN_PREFIXED.finditer(text) if five else ():
        code = m.group(2) or m.group(3)
        exch = (m.group(1) or m.group(4)).upper()
        add(CodeHit(m.start(), m.end(), m.group(0), f"{_CN_MARKET[exch]}.{code}", True,
                    _bracketed(text, m.start(), m.end())))
    for m in _HK.finditer(text) if four and (".H" in text or ".h" in text) else ():
        add(CodeHit(m.start(), m.end(), m.group(0), f"116.{int(m.group(1)):05d}", True,
                    _bracketed(text, m.start(), m.end())))
    for m in _US_SUFFIX.finditer(text) if upper and (".O" in text or ".N" in text or ".A" in text) else ():
        ticker, suffix = m.group(1), m.group(2)
        secid = _us_secid(ticker, _US_MARKET[suffix], known)
        add(CodeHit(m.start(), m.end(), m.group(0), secid, True, _bracketed(text, m.start(), m.end())))
    for m in _US_BRACKETED.finditer(text) if upper and bracket and any(w in text for w in _US_EXCHANGES) else ():
        ticker = m.group(1)
        secid = _us_secid(ticker, 105 if ("NASDAQ" in m.group(0) or "纳斯达克" in m.group(0)) else 106, known)
        add(CodeHit(m.start(1), m.end(1), ticker, secid, True, True))
    # 阿里巴巴(BABA): only tickers the dictionary knows
    for m in _TICKER_BRACKETED.finditer(text) if upper and bracket else ():
        ticker_secid = next((f"{mk}.{m.group(1)}" for mk in (105, 106, 107) if known(f"{mk}.{m.group(1)}")), None)
        if ticker_secid:
            add(CodeHit(m.start(1), m.end(1), m.group(1), ticker_secid, False, True))
    for m in _LABELLED.finditer(text) if five and "代码" in text else ():
        bare = _bare_secid(m.group(1), known)
        if bare:
            add(CodeHit(m.start(1), m.end(1), m.group(1), bare, True, _bracketed(text, m.start(), m.end())))
    for m in _BRACKETED.finditer(text) if five and (bracket or "【" in text) else ():
        bare = _bare_secid(m.group(1), known)
        if bare:
            add(CodeHit(m.start(1), m.end(1), m.group(1), bare, False, True))
    return [hits[k] for k in sorted(hits)]


def _bare_secid(digits: str, known: Callable[[str], bool]) -> str | None:
    if len(digits) == 6:
        market = market_of_cn_code(digits)
        if market is not None and known(f"{market}.{digits}"):
            return f"{market}.{digits}"
        return None
    secid = f"116.{digits}"
    return secid if known(secid) else None


def _us_secid(ticker: str, market: int, known: Callable[[str], bool]) -> str:
    # Reuters-style suffixes are sometimes off (a NYSE stock written .O); the
    # dictionary knows the listing, so prefer the secid it has.
    for m in (market, 105, 106, 107):
        if known(f"{m}.{ticker}"):
            return f"{m}.{ticker}"
    return f"{market}.{ticker}"


def _bracketed(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return before in "([【" and after in ")]】"
