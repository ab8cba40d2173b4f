"""The securities a publisher attached to a news item, as Eastmoney secids.

Three 7x24 feeds attach their own list of securities to each item, each in its
own shape. The functions here turn one record (a ``dict`` as read from a JSONL
line) into a :class:`PublisherList`: ``entries``, a list of ``(secid, name)``
pairs (``name`` is the publisher's name for the security, or ``None`` when it
gives none), and ``skipped``, the listed codes that could not be read, each
with the reason. An unknown shape is skipped and counted, never raised.

Shapes read:

- **Eastmoney** (``source == "eastmoney"``): ``raw.stockList``, secids in
  Eastmoney's own ``market.code`` form (``"0.300561"``, ``"116.01810"``,
  ``"90.BK1161"``); no names.
- **CLS** (``source == "cls"``): ``raw.stock_list[]`` objects with ``StockID``
  (``"sh600519"``, ``"sz399006"``, ``"920576.BJ"``) and ``name``.
- **10jqka** (``source == "ths"``): ``raw.stock[]`` objects with ``name``,
  ``stockCode`` and ``stockMarket``, 10jqka's market number (see
  :data:`THS_MARKETS`): Hong Kong codes are written ``HK0700``, US stocks by
  ticker.
- **Generic** (:func:`from_codes`): a record field holding a list whose items
  are code strings or ``{"code": ..., "name": ...}`` objects (``secid``/``StockID``/
  ``stockCode``/``symbol`` are read as the code too). A code is any form
  :func:`secid_of_code` reads: a secid (``"1.600519"``), an exchange prefix
  (``"sh600519"``, ``"HK0700"``), an exchange suffix (``"600519.SH"``,
  ``"00700.HK"``, ``"920576.BJ"``, ``"AAPL.O"``, ``"BABA.N"``), an exchange
  word (``"NASDAQ:AAPL"``), a board code (``"BK0922"``) or a bare six-digit
  A-share code (``"600519"``, market from its shape). A US ticker with no
  exchange (``"AAPL"``, ``"AAPL.US"``) is skipped unless ``us_market`` is given.

:func:`market_group` sorts a secid into the groups a comparison reports:
``A`` (Shanghai, Shenzhen and Beijing shares, A and B), ``HK``, ``US``,
``index``, and the rest (``fund``, ``bond``, ``board``, ``future``,
``other``). The code-shape readers (:func:`secid_of_code`, :func:`market_group`,
:func:`us_key`, :func:`strip_name_suffix`) live in :mod:`entitylink.tools.security_codes`
and are re-exported here.

Imports: only :mod:`entitylink.markets` and :mod:`entitylink.tools.security_codes`.

    >>> from_cls({"raw": {"stock_list": [{"StockID": "sh600519", "name": "贵州茅台"}]}}).entries
    [('1.600519', '贵州茅台')]
    >>> secid_of_code("HK0700"), secid_of_code("BABA.N"), secid_of_code("920576.BJ")
    ('116.00700', '106.BABA', '0.920576')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from entitylink.markets import MARKETS
from entitylink.tools.security_codes import (
    _HK_PREFIX,
    _SIX,
    _TICKER,
    EQUITY_GROUPS,
    _cn,
    _hk,
    _valid,
    market_group,
    secid_of_code,
    strip_name_suffix,
    us_key,
)

__all__ = [
    "EQUITY_GROUPS",
    "PublisherList",
    "THS_MARKETS",
    "from_cls",
    "from_codes",
    "from_eastmoney",
    "from_record",
    "from_ths",
    "market_group",
    "names_in",
    "secid_of_code",
    "strip_name_suffix",
    "us_key",
]

Entry = tuple[str, "str | None"]

#: 10jqka's ``stockMarket`` numbers -> Eastmoney market id (``None``: not a
#: security we map). Read off the flash corpus: 17/20/21/22 Shanghai (shares,
#: funds, delisting board, ST), 33/34/36/37 Shenzhen (shares, B shares, funds,
#: delisting board), 151 Beijing (920xxx), 177/178 Hong Kong (main board, GEM),
#: 185/186 NASDAQ, 169 NYSE, 170 NYSE American; 145 is the NEEQ (新三板, not an
#: exchange listing) and 65/66/67/129 futures (SHFE, DCE, CZCE, CFFEX).
THS_MARKETS: dict[str, int | None] = {
    "17": 1, "20": 1, "21": 1, "22": 1,
    "33": 0, "34": 0, "36": 0, "37": 0, "151": 0,
    "177": 116, "178": 116,
    "185": 105, "186": 105, "169": 106, "170": 107,
    "145": None, "65": None, "66": None, "67": None, "129": None,
}
_THS_SKIP_REASON = {"145": "NEEQ (not listed)", "65": "future", "66": "future", "67": "future",
                    "129": "future"}


@dataclass
class PublisherList:
    """The securities one record's publisher listed, and what could not be read.

    ``entries`` keeps the publisher's order, without repeats of a secid;
    ``skipped`` holds ``(code as given, reason)``; ``shape`` names the shape read
    (``eastmoney``, ``cls``, ``ths``, ``generic``) or is ``None`` when none was.
    """

    entries: list[Entry] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    shape: str | None = None

    def add(self, secid: str, name: str | None) -> None:
        if all(secid != s for s, _ in self.entries):
            self.entries.append((secid, name or None))

    @property
    def secids(self) -> list[str]:
        return [s for s, _ in self.entries]




def _raw(record: Mapping[str, Any]) -> Mapping[str, Any]:
    raw = record.get("raw") if isinstance(record, Mapping) else None
    return raw if isinstance(raw, Mapping) else {}


def _items(value: Any, out: PublisherList, what: str) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    out.skipped.append((repr(value)[:40], f"{what} is not a list"))
    return []


def _name(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def from_eastmoney(record: Mapping[str, Any]) -> PublisherList:
    """``raw.stockList`` of an Eastmoney 7x24 record (secids; no names).

    Secids of markets :mod:`entitylink.markets` does not know (150 funds, 153 US
    OTC, 176/177 Tokyo/Seoul, 201, 999, 1007 ...) are skipped with the reason.

    >>> r = from_eastmoney({"raw": {"stockList": ["0.300561", "90.BK1161", "999.526176"]}})
    >>> r.entries, r.skipped
    ([('0.300561', None), ('90.BK1161', None)], [('999.526176', 'unknown market 999')])
    """
    out = PublisherList(shape="eastmoney")
    for item in _items(_raw(record).get("stockList"), out, "stockList"):
        if not isinstance(item, str):
            out.skipped.append((repr(item)[:40], "not a string"))
            continue
        secid = _valid(item)
        if secid:
            out.add(secid, None)
        else:
            market = item.split(".", 1)[0]
            known = market.isdigit() and int(market) in MARKETS
            out.skipped.append((item, "bad code" if known else f"unknown market {market}"))
    return out


def from_cls(record: Mapping[str, Any]) -> PublisherList:
    """``raw.stock_list[]`` of a CLS telegraph: ``StockID`` (``sh600519``, ``920576.BJ``) and ``name``.

    >>> from_cls({"raw": {"stock_list": [{"StockID": "920576.BJ", "name": "x"}, {"name": "y"}]}}).skipped
    [('', 'no StockID')]
    """
    out = PublisherList(shape="cls")
    for item in _items(_raw(record).get("stock_list"), out, "stock_list"):
        if not isinstance(item, Mapping):
            out.skipped.append((repr(item)[:40], "not an object"))
            continue
        code = item.get("StockID")
        if not isinstance(code, str) or not code.strip():
            out.skipped.append(("", "no StockID"))
            continue
        secid = secid_of_code(code)
        if secid:
            out.add(secid, _name(item.get("name")))
        else:
            out.skipped.append((code, "unknown code"))
    return out


def from_ths(record: Mapping[str, Any]) -> PublisherList:
    """``raw.stock[]`` of a 10jqka 7x24 item: ``stockCode`` read by ``stockMarket`` (:data:`THS_MARKETS`).

    >>> r = from_ths({"raw": {"stock": [{"name": "腾讯控股", "stockCode": "HK0700", "stockMarket": "177"},
    ...                                 {"name": "阿里巴巴", "stockCode": "BABA", "stockMarket": "169"},
    ...                                 {"name": "沪金", "stockCode": "au9999", "stockMarket": "65"}]}})
    >>> r.entries, r.skipped
    ([('116.00700', '腾讯控股'), ('106.BABA', '阿里巴巴')], [('au9999', 'future')])
    """
    out = PublisherList(shape="ths")
    for item in _items(_raw(record).get("stock"), out, "stock"):
        if not isinstance(item, Mapping):
            out.skipped.append((repr(item)[:40], "not an object"))
            continue
        code, mk = item.get("stockCode"), str(item.get("stockMarket", "")).strip()
        if not isinstance(code, str) or not code.strip():
            out.skipped.append(("", "no stockCode"))
            continue
        code = code.strip()
        if mk not in THS_MARKETS:
            out.skipped.append((code, f"unknown stockMarket {mk or '(none)'}"))
            continue
        market = THS_MARKETS[mk]
        if market is None:
            out.skipped.append((code, _THS_SKIP_REASON.get(mk, "not mapped")))
            continue
        if market in (0, 1):
            secid = _cn(code, market) if _SIX.fullmatch(code) else None
        elif market == 116:
            m = _HK_PREFIX.fullmatch(code)
            secid = _hk(m.group(1)) if m else (_hk(code) if code.isdigit() else None)
        else:
            secid = _valid(f"{market}.{code.upper()}") if _TICKER.fullmatch(code.upper()) else None
        if secid:
            out.add(secid, _name(item.get("name")))
        else:
            out.skipped.append((code, f"bad code for stockMarket {mk}"))
    return out


_CODE_KEYS = ("code", "secid", "StockID", "stockCode", "symbol")


def from_codes(record: Mapping[str, Any], field_name: str = "stocks", *,
               us_market: int | None = None) -> PublisherList:
    """A record field (``record[field_name]``; a dotted path such as ``raw.codes`` reaches inside)
    holding codes as strings or ``{"code": ..., "name": ...}`` objects; see :func:`secid_of_code`.

    An object with an empty code is skipped (reason ``no code``), as is a code not read.

    >>> r = from_codes({"stocks": ["600519.SH", {"code": "00700.HK", "name": "腾讯"}, {"code": "", "name": "z"}]})
    >>> r.entries, r.skipped
    ([('1.600519', None), ('116.00700', '腾讯')], [('', 'no code')])
    """
    out = PublisherList(shape="generic")
    value: Any = record
    for key in field_name.split("."):
        value = value.get(key) if isinstance(value, Mapping) else None
    for item in _items(value, out, field_name):
        name = None
        if isinstance(item, Mapping):
            code = next((item[k] for k in _CODE_KEYS if isinstance(item.get(k), str) and item[k].strip()), None)
            name = _name(item.get("name"))
            if code is None:
                out.skipped.append(("", "no code"))
                continue
        elif isinstance(item, str):
            code = item
        else:
            out.skipped.append((repr(item)[:40], "not a code or object"))
            continue
        secid = secid_of_code(code, us_market=us_market)
        if secid:
            out.add(secid, name)
        else:
            out.skipped.append((code, "unknown code"))
    return out


_READERS: dict[str, Callable[[Mapping[str, Any]], PublisherList]] = {
    "eastmoney": from_eastmoney,
    "cls": from_cls,
    "ths": from_ths,
}


def from_record(record: Mapping[str, Any], *, field_name: str | None = None) -> PublisherList:
    """The list of a record, read by its ``source`` (``eastmoney``, ``cls``, ``ths``).

    Without a known ``source`` the shape is guessed from ``raw`` (``stockList``,
    ``stock_list``, ``stock``), else ``field_name`` is read generically; a record
    matching none gives an empty list with ``shape=None`` and one skipped entry.

    >>> from_record({"source": "x", "raw": {"stockList": ["1.600519"]}}).entries
    [('1.600519', None)]
    >>> from_record({"id": 1}).skipped
    [('', 'no publisher list')]
    """
    if not isinstance(record, Mapping):
        return PublisherList(skipped=[(repr(record)[:40], "record is not an object")])
    reader = _READERS.get(str(record.get("source", "")))
    if reader:
        return reader(record)
    raw = _raw(record)
    for key, fn in (("stockList", from_eastmoney), ("stock_list", from_cls), ("stock", from_ths)):
        if key in raw:
            return fn(record)
    if field_name is not None:
        return from_codes(record, field_name)
    return PublisherList(skipped=[("", "no publisher list")])


def names_in(entries: Iterable[Entry]) -> dict[str, str]:
    """``secid -> name`` of the entries that carry a name."""
    return {s: n for s, n in entries if n}
