"""Resolution: which security one name at one place means, if any, and how sure that is.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``models``, ``knowledge/`` and other ``link/`` modules.

``resolve`` runs these steps in order; each is a function of its own:

1. ``in_force``: the aliases valid at the article's date (a former name only when no
   security bears it now);
2. ``narrow_by_evidence``: a code right after the name, a listing named by the words around
   it, or a security named elsewhere in the article narrows the aliases;
   ``pick_by_listing`` ranks what is left (``rank_alias``), a Hong Kong secondary listing
   or a line not yet known listed after the company's other listings (``later_listing``);
   ``support_for`` says what in the article speaks for the choice;
3. ``require_evidence``: boards need a board word (or support), common words and weak
   short names a cue (or support);
4. ``VETOES`` (``vetoes.py``): uses of a company name that are not the stock (a theme,
   inside another organisation's name, a product, a commodity, an exchange as a venue),
   for stocks the article does not otherwise support;
5. segmentation must agree the name is a word (asked last: it is the costly check);
6. ``confidence``: the scorer (``score.py``) maps the signals the evidence names (alias
   type, ambiguity and what decided it, support, cue, weak or former name) to a calibrated
   probability.

Steps 3 to 5 only reject, so they are asked most often decisive and cheapest first: most
candidates of a short news item are weak names that no cue licenses (step 3).

    >>> rank_alias(Alias("腾讯", "116.00700", "short_form", False, None, None, "x"), "stock", "HK", "HK")
    (0, False, 0, 5, '116.00700')
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from entitylink.knowledge import listings
from entitylink.knowledge.aliases import ALIAS_TYPES, UNKNOWN
from entitylink.knowledge.derived import LOAD_PREFIX
from entitylink.knowledge.dictionary import Alias, Dictionary
from entitylink.link import boards, cues, score
from entitylink.link.candidates import Candidate
from entitylink.link.codes import CodeHit
from entitylink.link.context import ArticleContext, is_weak
from entitylink.link.inside_names import registered_name_end
from entitylink.link.vetoes import not_the_security, own_names
from entitylink.models import Mention, Method

# The exchanges a listing cue (港股, 美股, A股) points to.
LISTING_EXCHANGES = {"HK": ("HK",), "US": ("US",), "A": ("SH", "SZ", "BJ")}
KIND_PRIORITY = {"stock": 0, "index": 1, "fund": 2, "board": 3, "bond": 4, "future": 5}
_A_SHARE = LISTING_EXCHANGES["A"]
_OUT_OF_FORCE = ("out_of_force",)
_MARKET_RANK = {"SH": 1, "SZ": 1, "BJ": 1, "HK": 2, "US": 3}  # A shares before Hong Kong before US


@dataclass(slots=True)
class Choice:
    """The alias chosen for a name, and what the choice rests on."""

    best: Alias
    ambiguity: int  # how many securities the name may mean here
    local: str | None  # the listing the words around the name point to (港股 -> HK)
    listing: str | None  # that, else the market the whole article is about
    support: str | None  # what else in the article names the chosen security
    former: bool  # a name out of force at the article's date, read as its security's: no one bears it in force
    evidence: Sequence[str]  # read only once chosen


def resolve(c: Candidate, ctx: ArticleContext, code: CodeHit | None, dictionary: Dictionary) -> Mention | None:
    """The mention a candidate name makes, or None when it names no security here.

    ``code`` is a code written in brackets right after the name, if any.
    """
    found = in_force(c, ctx.date, dictionary)
    if found is None:
        return None
    aliases, former = found
    choice = choose(c, aliases, former, ctx, code, dictionary)
    best = choice.best
    sec = dictionary.security(best.secid)
    if sec is None:
        return None
    if choice.support is None and unsupported(c, ctx, best, sec.kind):
        return None
    weak = best.common_word or is_weak(best)
    needs = weak or choice.former  # a name out of force needs evidence like a weak one
    required = require_evidence(c, ctx, sec.kind, choice, needs) if needs or sec.kind == "board" else ()
    if required is None:
        return None
    own = lambda: own_names(dictionary, sec.secid)  # noqa: E731
    if choice.support != "adjacent_code" and not_the_security(  # 小鹏P5, 五粮液集团, 在港交所上市 ...
            ctx.text, c, sec.kind, sec.name, own, choice.support is not None, sec.exchange in _A_SHARE, ctx.cuts):
        return None
    registered = registered_name_end(ctx.text, c.end, c.name, own) if sec.kind == "stock" else None
    if registered is not None:  # 贵州茅台酒股份有限公司: the company's registered name is the mention
        c = replace(c, end=registered)
    elif not ctx.whole_word(c):
        return None  # 长城汽车站, 中国平安银行业务: a real word crosses the name
    method: Method = "dictionary" if best.alias_type == "name" else "alias"
    evidence = (f"alias:{best.alias_type}", "registered_name" if registered else "segmentation", *choice.evidence,
                *required, *unnamed_signals(choice, required, weak))
    return ctx.mention(
        c.start, c.end, secid=sec.secid, code=sec.code,
        market=sec.market, exchange=sec.exchange, kind=sec.kind, name=sec.name,
        method=method, confidence=ctx.scores.confidence(method, sec.kind, evidence), evidence=evidence,
    )


def unsupported(c: Candidate, ctx: ArticleContext, best: Alias, kind: str) -> bool:
    """Whether the name at ``c``, read as ``best`` of a security of ``kind`` that nothing else
    in the article names, lacks what it needs, known before any cue is looked for:

    - a short name of a type that links only with support (劝业 of *ST劝业);
    - a board in an article without any word a board cue holds (``boards.speaks_of_boards``)
      whose name does not end in its own board word: a board needs a board word or support
      (``require_evidence``), and most short items name sectors in passing.
    """
    if len(best.text) <= 2 and ALIAS_TYPES.get(best.alias_type, UNKNOWN).support_if_short:
        return True
    return kind == "board" and not ctx.speaks_of_boards and boards.own_board_word(ctx.text, c.start, c.end) is None


# -- 1. which names hold at the article's date ---------------------------------------------


def in_force(c: Candidate, date: _dt.date | None = None,
             dictionary: Dictionary | None = None) -> tuple[Sequence[Alias], bool] | None:
    """The aliases of the name to choose among, and whether they are out of force.

    A name in force at the article's date wins (an undated article counts every name, and
    the ranking prefers the current ones). The dates are observed bounds, so a name out of
    force is not dropped: it is used when no security bears the name in force and it means
    one security, and then only with evidence, like a weak name (``resolve``): 智慧能源 in a
    2025 article is 远东股份's 2016-2020 name only when a stock cue, tag or code says so.
    A security not yet listed at ``date`` (``Dictionary.first_valid``) is never the fallback.
    """
    if c.current:
        return c.current, False
    aliases = c.aliases
    if date is not None and dictionary is not None:
        aliases = tuple(a for a in aliases if not ((f := dictionary.first_valid(a.secid)) and date < f))
    if not aliases or len({a.secid for a in aliases}) > 1:
        return None
    return aliases, True


# -- 2. which security: evidence, then listing, then rank ----------------------------------


def choose(c: Candidate, aliases: Sequence[Alias], former: bool, ctx: ArticleContext, code: CodeHit | None,
           dictionary: Dictionary) -> Choice:
    """The alias the article's evidence and listing words choose among ``aliases``."""
    if code is None and len(aliases) == 1:  # the usual case: one name of one security, no code after it
        best = aliases[0]
        support = ctx.evidence_for(best.secid, c.start)
        return Choice(best, 1, None, None, support, former, _OUT_OF_FORCE if former else ())
    secids = {a.secid for a in aliases}
    if code is not None and code.secid not in secids:
        other = other_listing(c.name, aliases, code.secid, dictionary)
        if other is not None:  # 比亚迪(01211.HK): the code names the listing the text speaks of
            aliases, secids = [*aliases, other], secids | {other.secid}
    # which market the text points to only matters when the name has several
    local = listing = None
    if len(secids) > 1:
        named = ctx.listings_named
        local = cues.listing_cue(ctx.text, c.start, c.end, named) if named else None
        listing = local or ctx.listing
    known = {s: w for s in secids if (w := ctx.evidence_for(s, c.start))}
    evidence = ["out_of_force"] if former else []
    chosen: Sequence[Alias] = aliases
    if code is not None or local or known:  # evidence to narrow by
        chosen, why = narrow_by_evidence(aliases, secids, code, local, known, dictionary)
        if why:
            evidence.append(why)
    if len(chosen) == 1:
        best, gave_way = chosen[0], None
    else:
        best, gave_way = pick_by_listing(chosen, listing, dictionary, ctx.date, ctx.names.listings)
    if len(secids) > 1:
        evidence.append(f"ambiguous:{len(secids)}")
        if listing:
            evidence.append(("listing:" if local else "article_listing:") + listing)
        elif gave_way:
            evidence.append(gave_way)  # 京东集团 with no market word: the US line, HK's being secondary
    return Choice(best, len(secids), local, listing, support_for(best, code, known), former, evidence)


_SHARE_CLASS_WORDS = ("股份", "控股", "集团", "H股", "股份有限公司")


def other_listing(name: str, aliases: Sequence[Alias], secid: str, dictionary: Dictionary) -> Alias | None:
    """The name as an alias of ``secid`` when that is another listing of the company the name
    means: a stock whose own name is the name with a share-class word (比亚迪 and 比亚迪股份, the
    H share), next to which the text writes its code. A code of another company (平安(600000)),
    or of a subsidiary whose name goes on (比亚迪电子), is no such listing.

    >>> d = Dictionary.default()
    >>> other_listing("比亚迪", d.lookup("比亚迪"), "116.01211", d).secid
    '116.01211'
    >>> [other_listing("比亚迪", d.lookup("比亚迪"), s, d) for s in ("1.600000", "116.00285")]
    [None, None]
    """
    sec = dictionary.security(secid)
    if sec is None or sec.kind != "stock" or len(name) < 2 or not sec.name.startswith(name):
        return None
    if sec.name[len(name):] not in _SHARE_CLASS_WORDS:
        return None
    if not aliases or any((s := dictionary.security(a.secid)) is None or s.kind != "stock" for a in aliases):
        return None
    first = aliases[0]
    return Alias(name, secid, first.alias_type, first.common_word, None, None, LOAD_PREFIX + "other_listing")


def narrow_by_evidence(aliases: Sequence[Alias], secids: set[str], code: CodeHit | None, local: str | None,
                       known: dict[str, str], dictionary: Dictionary) -> tuple[Sequence[Alias], str | None]:
    """The aliases the article's own evidence leaves, and the evidence that says so.

    Those of the code written right after the name; all of them when the words right
    here (港股, H股, 美股) name a listing one of them has, since they outweigh an earlier
    mention of the company's other listing (比亚迪 … 比亚迪股份港股); those of securities
    the article names elsewhere (``known``); else all.
    """
    if code is not None and code.secid in secids:
        return [a for a in aliases if a.secid == code.secid], "adjacent_code"
    if local and any(_exchange(dictionary, a.secid) in LISTING_EXCHANGES[local] for a in aliases):
        return aliases, None
    if known:
        chosen = [a for a in aliases if a.secid in known]
        return chosen, ("disambiguated:" + known[chosen[0].secid] if len(secids) > 1 else None)
    return aliases, None


def pick_by_listing(aliases: Sequence[Alias], listing: str | None, dictionary: Dictionary,
                    date: _dt.date | None = None, memo: dict | None = None) -> tuple[Alias, str | None]:
    """The best-ranked alias (``rank_alias``), the market ``listing`` names first; a line
    that ``later_listing`` puts after the company's other listings after them. Also the
    reason a line gave way (``gave_way:secondary``), when one did and another was chosen.
    ``memo`` keeps ``later_listing``'s facts of each line (``NameMemo.listings``)."""
    ranks = []
    for alias in aliases:
        sec = dictionary.security(alias.secid)
        kind, exchange = (sec.kind, sec.exchange) if sec else ("", "")
        later = later_listing(dictionary, alias.secid, exchange, date, memo) if len(aliases) > 1 else None
        ranks.append((rank_alias(alias, kind, listing, exchange, later is not None),
                      rank_alias(alias, kind, listing, exchange), later))
    best = min(range(len(aliases)), key=lambda k: ranks[k][0])
    plain = min(range(len(aliases)), key=lambda k: ranks[k][1])  # the choice without later_listing
    changed = aliases[plain].secid != aliases[best].secid
    return aliases[best], (f"gave_way:{ranks[plain][2]}" if changed else None)


def later_listing(dictionary: Dictionary, secid: str, exchange: str, date: _dt.date | None,
                  memo: dict | None = None) -> str | None:
    """Why a line gives way to the company's other listings when the text names no market,
    or None (``knowledge/listings.py`` reads both facts from the line's own rows):

    - ``secondary``: a Hong Kong secondary listing (``-S``/``-SW`` in an HKEX name, now or
      before: 京东集团-SW, 网易's NTES-S, Alibaba's BABA-SW until 2024): the company is
      known by its home listing, the US one for a Chinese ADR;
    - ``not_yet_listed``: a Hong Kong line not yet known to be listed at the article's
      date: the lists bound its start and the first list showing it comes after the date
      (知乎 in 2021, listed in Hong Kong in 2022), while the other listing surely trades.

    >>> d = Dictionary.default()
    >>> later_listing(d, "116.09618", "HK", None), later_listing(d, "116.00700", "HK", None)
    ('secondary', None)

    Both facts are the line's own, the same for every article: ``memo`` (secid -> the two)
    keeps them.
    """
    if exchange != "HK":
        return None
    facts = memo.get(secid) if memo is not None else None
    if facts is None:
        own = dictionary.aliases_of(secid)
        facts = (listings.secondary_listing(own), listings.first_seen(own))
        if memo is not None:
            memo[secid] = facts
    secondary, seen = facts
    if secondary:
        return "secondary"
    return "not_yet_listed" if seen is not None and date is not None and date < seen else None


def rank_alias(alias: Alias, kind: str, listing: str | None, exchange: str, later: bool = False) -> tuple:
    """Sort key among the securities one name may mean; smaller is better.

    Stocks before boards; a name still in use before one with an end date
    (a Beijing stock's old code line); the market the text points to (港股 ->
    HK), else A shares before Hong Kong before US, a ``later`` line (``later_listing``)
    after them all; then the alias type's priority.
    """
    market_rank = _MARKET_RANK.get(exchange, 4)
    if listing == exchange or (listing == "A" and market_rank == 1):
        market_rank = 0
    elif later:
        market_rank += 3
    ended = alias.valid_to is not None  # a name that has an end date loses to one still in use
    priority = ALIAS_TYPES.get(alias.alias_type, UNKNOWN).priority
    return (KIND_PRIORITY.get(kind, 9), ended, market_rank, priority, alias.secid)


def support_for(best: Alias, code: CodeHit | None, known: dict[str, str]) -> str | None:
    """What else in the article names the chosen security: the code right after the name,
    else a tag, code or unambiguous name elsewhere; None when nothing does."""
    if code is not None and code.secid == best.secid:
        return "adjacent_code"
    return known.get(best.secid)


def _exchange(dictionary: Dictionary, secid: str) -> str:
    sec = dictionary.security(secid)
    return sec.exchange if sec else ""


# -- 4. names that link only with evidence --------------------------------------------------


def require_evidence(c: Candidate, ctx: ArticleContext, kind: str, choice: Choice,
                     weak: bool) -> list[str] | None:
    """The evidence a name needs beyond itself, or None when it lacks it: a board needs a
    board word (煤炭板块, 煤炭、储能等板块) or support, and not another market's word before it
    (港股半导体板块); a common word or weak short name needs support or a cue. Others need
    nothing (an empty list)."""
    text, support = ctx.text, choice.support
    if kind == "board":
        if cues.foreign_market_before(text, c.start):
            return None  # 港股半导体板块: another market's sector, not an Eastmoney board
        if boards.business_segment(text, c.start, c.end):
            return None  # 公司新能源板块: a company's segment
        cue = boards.market_board_words(text, c.start, c.end)  # 煤炭板块, 板块方面，X、Y…, 酿酒行业涨
        if cue:
            return ["cue:" + cue]
        if choice.best.common_word:
            return None  # a tag on an ordinary word elsewhere licenses no bare one
        return [support] if support else None
    if not weak:
        return []
    why = support if support is not None else cue_for(c, ctx, kind)
    if why is None:
        return None
    if choice.best.common_word or is_weak(choice.best):
        return ["common_word" if choice.best.common_word else "short_alias", why]
    return [why]  # a name out of force: ``out_of_force`` is in the choice's evidence


def cue_for(c: Candidate, ctx: ArticleContext, kind: str) -> str | None:
    """A cue around the name for a security of ``kind``: a market word after an index,
    a stock word for a stock (or an enumeration of other names), or None."""
    text = ctx.text
    if kind == "index":
        cue = cues.index_cue(text, c.start, c.end)
    else:
        cue = cues.stock_cue(text, c.start, c.end) or cues.list_stock_cue(text, c.start, c.end)
    if cue:
        return "cue:" + cue
    if kind == "stock" and cues.listed_with_names(text, c.start, c.end, ctx.item_starts, ctx.item_ends):
        return "enumeration_of_names"
    return None


# -- 6. how sure -----------------------------------------------------------------------------


def unnamed_signals(choice: Choice, required: Sequence[str], weak: bool) -> tuple[str, ...]:
    """The signals of the decision no evidence item names yet: the support for the choice
    (``support_for``) and a board's weak or common-word name. The scorer reads only the
    evidence, so every signal it weighs is named there."""
    out: tuple[str, ...] = ()
    support = choice.support
    if support is not None and support not in required and support not in choice.evidence \
            and "disambiguated:" + support not in choice.evidence:
        out += (support,)
    if weak and not any(r in ("common_word", "short_alias") for r in required):
        out += ("common_word" if choice.best.common_word else "short_alias",)
    return out


def confidence(method: str, kind: str, evidence: Sequence[str]) -> float:
    """How sure the decision is: the scorer's calibrated probability (``score.py``) of the
    signals the evidence names."""
    return score.confidence(method, kind, evidence)
