"""The scorer: one place that turns the signals of a decision into its ``confidence``.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
only ``knowledge/`` (the alias-type table).

Every linking decision names the signals it rests on in the mention's ``evidence``
(``alias:short_form``, ``ambiguous:2``, ``listing:HK``, ``article:tag``, ``cue:股价``,
``common_word``, ``former_name``, ``code:explicit``, ``short_form_of:光明乳业`` …). The scorer
reads only those names (and the method, kind and flags), so a confidence never rests on
a signal the evidence does not show. ``features`` turns them into a handful of binary
features; ``confidence`` is a logistic model over them,

    confidence = sigmoid(BIAS + sum of WEIGHTS[f] for the active features f + SHIFT)

rounded to three decimals. A publisher's tag is the publisher's own decision: 1.0.

**What the number means.** ``WEIGHTS`` and ``BIAS`` are fitted by ``scripts/fit_scorer.py``
on weak labels: the CLS and 10jqka 7x24 items of the first 40 flash days, where a linked
equity counts as right when the publisher listed it (noisy: publishers leave out companies
the text names, so these labels understate precision). ``SHIFT`` then sets the level on
the dev gold (one number, fitted by maximum likelihood: the weak labels give the ranking,
the gold where it sits), so that a confidence of p means: of the mentions at about p,
about p are right (measured on the dev gold; on the trap suite, adversarial by design,
fewer are). The fit keeps the
signs that make the scorer monotone: a support or a cue never lowers a confidence,
ambiguity, a weak or common-word name and a former name never raise it. Reliability
tables (dev gold, traps, held-out flash days) are printed by the script and by
``entitylink evaluate``.

Decisions do not read the calibrated number: a step that needs "named with confidence"
(propagation of short forms) asks ``sure``, the fixed rule that decided it before.

    >>> confidence("tag", "stock", ("tag",))
    1.0
    >>> a = confidence("alias", "stock", ("alias:short_form", "segmentation", "common_word", "cue:股价"))
    >>> b = confidence("alias", "stock", ("alias:short_form", "segmentation", "common_word", "cue:股价", "article:tag"))
    >>> 0 < a <= b < 1
    True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from entitylink.knowledge.aliases import ALIAS_TYPES, UNKNOWN

__all__ = ["BIAS", "FEATURES", "SHIFT", "WEIGHTS", "Memo", "confidence", "features", "logit", "sure"]

# Alias types in groups that behave alike (a type too rare to fit alone shares its group's weight).
ALIAS_GROUPS = {
    "name": "name", "full_name": "full", "extended_name": "full", "hk_base": "full", "raw_name": "full",
    "status_stripped": "derived", "full_name_short": "derived", "english": "english", "ticker": "ticker",
    "short_form": "short_form", "board_base": "board_base", "former": "former", "old_code": "old_code",
}

# feature -> (sign the fit must keep: +1 never lowers, -1 never raises, 0 free; what it is)
FEATURES: dict[str, tuple[int, str]] = {
    "code:explicit": (0, "a code written with its exchange (600597.SH, 股票代码：600597)"),
    "code:bracketed": (0, "a bare code in brackets after a name"),
    "unknown_security": (-1, "a code of a known shape the dictionary lacks"),
    "abbreviation": (0, "an abbreviation of the security of the code right after it (银娱(0027.HK))"),
    "propagated": (0, "a later short form of a company named before (光明乳业 … 光明)"),
    "alias:name": (0, "the current short name"),
    "alias:full": (0, "a full, extended or Hong Kong base name"),
    "alias:derived": (0, "a name derived from the full name or without ST/-W markers"),
    "alias:english": (0, "an English name"),
    "alias:ticker": (0, "a US ticker"),
    "alias:short_form": (0, "a curated short form (茅台)"),
    "alias:board_base": (0, "a board's name without 概念/板块"),
    "alias:former": (0, "a former name"),
    "alias:old_code": (0, "a Beijing stock's old code"),
    "alias:unknown": (0, "an alias type no table lists"),
    "ambiguous": (-1, "the name may mean several securities"),
    "undecided": (-1, "ambiguous, and nothing at the name decides (no code, listing word or support)"),
    "article_listing": (1, "undecided, but the article's market chose"),
    "listing_word": (1, "a listing word at the name chose (港股, H股, 美股)"),
    "common_word": (-1, "the name is an ordinary word (美的, 长城)"),
    "short_alias": (-1, "a short name of a loosely derived type (瑞德)"),
    "former_name": (-1, "a name no security bears now, read as its former holder's"),
    "support:adjacent_code": (1, "the code right after the name"),
    "support:tag": (1, "a publisher's tag of the security elsewhere in the article"),
    "support:code": (1, "a code of the security elsewhere in the article"),
    "support:name": (1, "an unambiguous name of the security elsewhere in the article"),
    "cue": (1, "a stock, index or board word around the name (股价, 指数, 板块)"),
    "enumeration": (1, "listed among other companies' names"),
    "board": (0, "a sector board"),
    "index": (0, "an index"),
}

# Fitted by scripts/fit_scorer.py (see the module docstring); plain floats, no numpy at run time.
BIAS = 1.415
WEIGHTS: dict[str, float] = {
    'alias:derived': -0.657,
    'alias:english': -1.84,
    'alias:former': 0.346,
    'alias:full': -0.708,
    'alias:name': 0.096,
    'alias:short_form': -0.75,
    'alias:ticker': -0.555,
    'ambiguous': -0.042,
    'code:bracketed': 0.595,
    'code:explicit': 2.948,
    'common_word': -0.605,
    'cue': 0.002,
    'former_name': -1.019,
    'propagated': 1.841,
    'support:adjacent_code': 2.915,
    'support:code': 3.1,
    'support:name': 1.113,
    'unknown_security': -0.267,
}
SHIFT = 1.421


def features(method: str, kind: str, evidence: Iterable[str], flags: Iterable[str] = ()) -> tuple[str, ...]:
    """The binary features (names of ``FEATURES``) the evidence of a decision shows.

    >>> features("alias", "stock", ("alias:short_form", "segmentation", "ambiguous:2", "listing:HK"))
    ('alias:short_form', 'ambiguous', 'listing_word')
    """
    ev = tuple(evidence)
    out = _method_features(method, ev, tuple(flags))
    ambiguous, listing_word, decided = _evidence_features(method, ev, out)
    if ambiguous:
        out.add("ambiguous")
        if listing_word:
            out.add("listing_word")
        elif not decided:
            out.add("undecided")
    if "undecided" not in out:
        out.discard("article_listing")
    if kind in ("board", "index"):
        out.add(kind)
    return tuple(sorted(out))


def _method_features(method: str, ev: tuple[str, ...], flags: tuple[str, ...]) -> set[str]:
    """The features of how the mention was found (a code, a propagated short form...)."""
    out: set[str] = set()
    if method == "code":
        out.add("code:explicit" if "code:explicit" in ev else "code:bracketed")
        if "unknown_security" in flags:
            out.add("unknown_security")
    elif method == "propagated":
        out.add("propagated")
    elif "abbreviation" in ev:
        out.add("abbreviation")
    return out


_PLAIN = {"common_word": "common_word", "short_alias": "short_alias", "former_name": "former_name",
          "enumeration_of_names": "enumeration"}


def _evidence_features(method: str, ev: tuple[str, ...], out: set[str]) -> tuple[bool, bool, bool]:
    """Add the features the evidence items name to ``out``; returns (ambiguous, a listing
    word decided it, support decided it)."""
    ambiguous = listing_word = decided = False
    for item in ev:
        head, _, rest = item.partition(":")
        if head == "alias" and method in ("dictionary", "alias"):
            out.add("alias:" + ALIAS_GROUPS.get(rest, "unknown"))
        elif head == "ambiguous":
            ambiguous = True
        elif head == "listing":
            listing_word = True
        elif head == "article_listing":
            out.add("article_listing")
        elif item in _PLAIN:
            out.add(_PLAIN[item])
        elif item == "adjacent_code" and method != "code":
            out.add("support:adjacent_code")
            decided = True
        elif head == "disambiguated" or head == "article":
            what = item.rsplit(":", 1)[-1]
            out.add({"tag": "support:tag", "code": "support:code"}.get(what, "support:name"))
            decided = True
        elif head == "cue":
            out.add("cue")
    return ambiguous, listing_word, decided


def logit(feats: Iterable[str]) -> float:
    """The calibrated log-odds of a feature set."""
    return BIAS + sum(WEIGHTS.get(f, 0.0) for f in feats) + SHIFT


def confidence(method: str, kind: str, evidence: Sequence[str], flags: Sequence[str] = ()) -> float:
    """The calibrated probability that a mention with this evidence is right, in [0, 1] to
    three decimals; a publisher's tag is 1.0."""
    if method == "tag":
        return 1.0
    z = logit(features(method, kind, evidence, flags))
    p = 1.0 / (1.0 + math.exp(-z)) if z > -40 else 0.0
    return round(min(1.0, max(0.0, p)), 3)


def sure(method: str, evidence: Sequence[str], flags: Sequence[str] = ()) -> bool:
    """Whether a decision is sure enough to license later short forms of its company: the
    fixed rule the linker used before the scorer (a tag, a known code, an abbreviation, or a
    name whose alias type's confidence (``aliases.py``) less 0.15 for an ambiguity nothing
    here decides (0.05 when the article's market does), 0.1 for a weak name and 0.1 for a
    former name stays at least 0.8). A decision rule: it never moves with a refit.

    >>> sure("alias", ("alias:short_form", "segmentation")), sure("alias", ("alias:former", "former_name"))
    (True, False)
    """
    if method == "tag" or method == "propagated":
        return True  # propagated mentions come after the short forms are chosen
    if method == "code":
        return "unknown_security" not in flags
    if "abbreviation" in evidence:
        return True
    alias = next((e[6:] for e in evidence if e.startswith("alias:")), "")
    value = ALIAS_TYPES.get(alias, UNKNOWN).confidence
    feats = features(method, "", evidence, flags)
    if "undecided" in feats:
        value -= 0.05 if "article_listing" in feats else 0.15
    if "common_word" in feats or "short_alias" in feats:
        value -= 0.1
    if "former_name" in feats:
        value -= 0.1
    return round(max(0.05, value), 3) >= 0.8


# How many distinct decisions a ``Memo`` remembers (evidence sets repeat: a few hundred in news).
MEMO_SIZE = 4096


class Memo:
    """``confidence`` and ``sure`` remembered per set of arguments, up to ``MEMO_SIZE`` each:
    both are pure functions of them, so one per Linker is shared by its articles (and threads:
    a race computes the same value twice).

    >>> memo = Memo(); memo.confidence("tag", "stock", ("tag",)), memo.sure("tag", ("tag",))
    (1.0, True)
    """

    __slots__ = ("_confidence", "_sure")

    def __init__(self) -> None:
        self._confidence: dict[tuple, float] = {}
        self._sure: dict[tuple, bool] = {}

    def confidence(self, method: str, kind: str, evidence: Sequence[str], flags: Sequence[str] = ()) -> float:
        """``confidence(method, kind, evidence, flags)``, remembered."""
        key = (method, kind, tuple(evidence), tuple(flags))
        value = self._confidence.get(key)
        if value is None:
            value = confidence(method, kind, evidence, flags)
            if len(self._confidence) < MEMO_SIZE:
                self._confidence[key] = value
        return value

    def sure(self, method: str, evidence: Sequence[str], flags: Sequence[str] = ()) -> bool:
        """``sure(method, evidence, flags)``, remembered."""
        key = (method, tuple(evidence), tuple(flags))
        value = self._sure.get(key)
        if value is None:
            value = sure(method, evidence, flags)
            if len(self._sure) < MEMO_SIZE:
                self._sure[key] = value
        return value
