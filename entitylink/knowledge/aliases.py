"""What each alias type of the dictionary means: one table, read by the dictionary and the linker.

A room of ``knowledge/``: imports only the standard library. The dictionary
(``knowledge/dictionary.py``) accepts exactly the types of ``ALIAS_TYPES`` in a CSV;
the linker (``link/resolve.py``) reads how far each type is trusted. How each type
is built from the reference data is in ``dictionaries/README.md``.

    >>> ALIAS_TYPES["name"].confidence, ALIAS_TYPES["former"].sure
    (0.95, False)
    >>> alias_type("no_such_type") is UNKNOWN
    True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ALIAS_TYPES", "UNKNOWN", "AliasType", "alias_type"]


@dataclass(frozen=True, slots=True)
class AliasType:
    """How the linker treats the names of one alias type."""

    priority: int
    """Rank among the securities one name may mean, smaller first (after kind, end date and
    market): a current name (0) before a full or extended name (1), before derived, English,
    curated short, former names and old codes."""
    confidence: float
    """The confidence of a mention found by a name of this type, before the deductions for
    ambiguity, weak names and former names."""
    sure: bool
    """A name of this type that means one security, is no common word and is a whole word is
    evidence for that security elsewhere in the article (``article:unambiguous_name``)."""
    weak_if_short: bool
    """A name of this type of at most two characters is derived too loosely to link without
    evidence (瑞德 in 瑞德西韦, 比特 in 比特币): it needs a cue, like a common word."""
    meaning: str
    """What the names of this type are (one line; the build rules are in ``dictionaries/README.md``)."""
    support_if_short: bool = False
    """A name of this type of at most two characters links only where the article names its
    security otherwise (a tag, a code, an unambiguous name): a cue is not enough. The
    two-character core of a status-marked name (劝业 of *ST劝业, 交投 of *ST交投) is rarely how
    text names the company and is often an ordinary word next to a stock word (A股交投清淡)."""


ALIAS_TYPES: dict[str, AliasType] = {
    "name": AliasType(0, 0.95, True, False, "the current short name"),
    "full_name": AliasType(1, 0.95, True, False, "the company's full registered name (SZSE 公司全称)"),
    "extended_name": AliasType(1, 0.93, True, False, "SSE's extended short name (扩位简称)"),
    "raw_name": AliasType(1, 0.93, False, True, "a Hong Kong RMB counter's name, for the HKD line"),
    "status_stripped": AliasType(2, 0.9, True, True, "the name without ST/*ST/PT prefixes and -W/-U/退 suffixes",
                                 support_if_short=True),
    "status_form": AliasType(2, 0.9, True, False, "a name with its status mark swapped (ST劝业 for *ST劝业), derived"),
    "full_name_short": AliasType(3, 0.85, True, True, "the full name without 股份有限公司 etc. and place"),
    "hk_base": AliasType(3, 0.92, True, False, "a Hong Kong name without -W/-S/-SW/-R … suffixes"),
    "english": AliasType(4, 0.88, True, True, "an English name, full or trimmed of Co., Ltd. etc."),
    "ticker": AliasType(4, 0.8, False, False, "a US ticker of two or more letters"),
    "short_form": AliasType(5, 0.85, False, False, "a curated short form (茅台 for 贵州茅台)"),
    "board_base": AliasType(5, 0.85, False, False, "a board's name without 概念/板块/行业"),
    "former": AliasType(6, 0.8, False, True, "a name used before a rename, dated by valid_to"),
    "old_code": AliasType(7, 0.8, False, False, "a Beijing stock's code before the 920xxx recode"),
}

UNKNOWN = AliasType(9, 0.8, False, False, "a type no table lists (a dictionary built without validation)")
"""What a type outside ``ALIAS_TYPES`` gets: last in rank, the default confidence, never sure or weak."""


def alias_type(name: str) -> AliasType:
    """The table's row for an alias type, ``UNKNOWN`` for any other."""
    return ALIAS_TYPES.get(name, UNKNOWN)
